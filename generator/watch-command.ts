/**
 * `cloudfn gen --watch`: generates, then regenerates on every change of a contract, of a file a
 * contract `$ref`s, or of the config, debounced. A broken contract prints its errors and waits for
 * the fix; Ctrl-C stops.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { resolveConfig, type ConfigFlags, type ResolvedConfig } from './config.js';
import { CloudFnToolError } from './errors.js';
import { contractSources, runGen } from './pipeline.js';
import { t } from './i18n/messages.js';
import { watchTree } from './util/watch-tree.js';

const DEBOUNCE_MS = 80;

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

export async function watchGen(flags: ConfigFlags, first: ResolvedConfig, options: { verbose: boolean }, out: (line: string) => void): Promise<void> {
  let config = first;
  const rel = (abs: string): string => posix(path.relative(config.rootDir, abs)) || '.';
  const clock = (): string => new Date().toTimeString().slice(0, 8);
  let watchers: { close(): void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>();
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const on = (abs: string, folder = false): void => {
    // Editors' temporary files and anything that is not JSON or YAML are not contracts (a folder
    // that went away took its contracts with it).
    if (!folder && (!/\.(?:json|ya?ml)$/i.test(abs) || path.basename(abs).startsWith('.'))) return;
    changed.add(abs);
    clearTimeout(timer);
    timer = setTimeout(() => void (running = running.then(regenerate)), DEBOUNCE_MS);
  };
  // The contracts folder is watched for the whole session (re-creating a watcher could miss a save).
  let schemasWatcher: { close(): void } | undefined;
  const outside = new Map<string, { watcher: FSWatcher; names: Set<string> }>();

  /** Watches the contracts folder, and the config file and each $ref'd file outside it (their folders). */
  const rewatch = (sources: readonly string[]): void => {
    schemasWatcher ??= watchTree(config.schemasDir, on);
    const inSchemas = (f: string): boolean => !path.relative(config.schemasDir, f).startsWith('..');
    const wanted = new Map<string, Set<string>>();
    for (const f of [...sources.filter((x) => !inSchemas(x)), ...(config.configFile ? [config.configFile] : [])]) {
      const names = wanted.get(path.dirname(f)) ?? new Set<string>();
      names.add(path.basename(f));
      wanted.set(path.dirname(f), names);
    }
    for (const [dir, entry] of outside) {
      if (!wanted.has(dir)) {
        entry.watcher.close();
        outside.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const entry = outside.get(dir);
      if (entry) entry.names = names;
      else {
        const record = { names, watcher: watch(dir, (_e, file) => file && record.names.has(file.toString()) && on(path.join(dir, file.toString()))) };
        outside.set(dir, record);
      }
    }
    watchers = [...(schemasWatcher ? [schemasWatcher] : []), ...[...outside.values()].map((e) => e.watcher)];
  };

  /** The files outside the contracts folder watched now. */
  const watchedOutside = (): string[] => [...outside].flatMap(([dir, entry]) => [...entry.names].map((name) => path.join(dir, name)));

  /**
   * Runs gen, then watches what it read before saying so: a save made as soon as the line shows is
   * seen. After a failure the files watched before stay watched (a broken contract may reference
   * them still), with those the contracts reach as far as they load.
   */
  const generate = async (): Promise<void> => {
    const started = performance.now();
    try {
      const result = await runGen(config);
      rewatch(result.outside);
      const ms = (performance.now() - started).toFixed(0);
      out(t('watch.done', { time: clock(), written: result.written.length, removed: result.removed.length, ms }));
      if (options.verbose) for (const f of result.written) out(t('watch.wrote', { file: f }));
      for (const f of result.removed) out(t('watch.removed', { file: f }));
      for (const w of result.warnings) out(t('watch.warning', { text: w }));
    } catch (e) {
      if (!(e instanceof CloudFnToolError)) throw e;
      rewatch([...watchedOutside(), ...sourcesNow()]);
      out(t('watch.failed', { time: clock() }));
      for (const line of e.message.split('\n')) out(`  ${line}`);
    }
  };

  /** The files the contracts are read from, read again (after a failed run: as far as they load). */
  const sourcesNow = (): string[] => {
    try {
      return contractSources(config);
    } catch {
      return [];
    }
  };

  async function regenerate(): Promise<void> {
    if (stopped) return;
    const files = [...changed].map(rel).sort();
    changed = new Set();
    out(t('watch.changed', { time: clock(), files: files.join(', ') }));
    if (config.configFile && files.includes(rel(config.configFile))) {
      try {
        config = resolveConfig(flags);
      } catch (e) {
        out(t('watch.brokenConfig', { detail: e instanceof Error ? e.message : String(e) }));
      }
    }
    await generate();
  }

  out(t('watch.start', { what: `${rel(config.schemasDir)}/${config.configFile ? `${t('watch.and')}${rel(config.configFile)}` : ''}` }));
  // Watching before the first run: a save made while it runs, or just as it prints, is not missed;
  // the run it starts waits for this one (two runs at once could leave the older one's files last).
  rewatch(sourcesNow());
  running = generate();
  await running;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      stopped = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      clearTimeout(timer);
      for (const w of watchers) w.close();
      void running.then(() => {
        out(t('watch.stopped'));
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
