/**
 * Stage 9 (gen and build), deploy config: keeps the project's `cloudbaserc.json` (the CloudBase
 * CLI's config, read by `tcb fn deploy`) in step with the contracts, and optionally mirrors the
 * deployable folders where WeChat DevTools looks for cloud functions.
 *
 * In `cloudbaserc.json` cloudfn owns, for each function of the contracts, only the keys `name`,
 * `dir`, `handler`, `runtime`, `timeout` and `installDependency` of that function's entry; every
 * other key, and every entry of a function the contracts do not declare, is left as it is.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { IrFunction } from '../ir.js';
import { isObject } from '../util/schema-walk.js';
import { subfolders } from '../util/subfolders.js';
import { BUILT_MARKER, DEPLOY_DIR } from './bundle.js';
import { functionAssets } from './assets.js';
import { writeAtomic, writeChanged } from './write.js';
import { t } from '../i18n/messages.js';

export const CLOUDBASERC = 'cloudbaserc.json';

/** The files the CloudBase CLI takes its config from, in the order it looks for them (an object `cloudbase` in package.json comes first). */
const CLI_CONFIGS = ['cloudbaserc', CLOUDBASERC, 'cloudbaserc.yaml', 'cloudbaserc.yml', 'cloudbaserc.js', 'cloudbase.config.js'];

/** What the deploy stage wrote and removed, what it has to say, and how many files it keeps in step. */
export interface DeployResult {
  written: string[];
  removed: string[];
  warnings: string[];
  kept: number;
}

/** True when `file` is one cloudfn built: an index.js under its banner, or a package.json it described. */
function builtByCloudfn(file: string): boolean {
  try {
    const text = readFileSync(file, 'utf8');
    if (path.basename(file) === 'index.js') return text.startsWith(`// ${BUILT_MARKER} `);
    const description = (JSON.parse(text) as { description?: unknown }).description;
    return typeof description === 'string' && description.startsWith(`${BUILT_MARKER}: `);
  } catch {
    return false;
  }
}

/**
 * What cloudfn built for a Node function the contracts no longer declare (removed, or now PHP): its
 * deployable folder (cloudfn's own, as long as its index.js carries the banner) and, under the WeChat
 * DevTools root, the index.js and package.json it copied there. Everything else stays: the
 * implementation, and any file of yours in the DevTools folder. The absolute paths removed.
 */
function pruneBuilt(config: ResolvedConfig, nodeNames: ReadonlySet<string>, devtoolsRoot: string | undefined): string[] {
  const removed: string[] = [];
  for (const name of subfolders(config.functionsDir)) {
    if (nodeNames.has(name) || name.startsWith('_')) continue;
    const dist = path.join(config.functionsDir, name, DEPLOY_DIR);
    if (!builtByCloudfn(path.join(dist, 'index.js'))) continue;
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory());
    removed.push(...files.map((e) => path.join(e.parentPath, e.name)));
    rmSync(dist, { recursive: true, force: true });
  }
  if (devtoolsRoot !== undefined) {
    for (const name of subfolders(devtoolsRoot)) {
      if (nodeNames.has(name)) continue;
      const dir = path.join(devtoolsRoot, name);
      if (!builtByCloudfn(path.join(dir, 'index.js'))) continue;
      for (const file of ['index.js', 'package.json']) {
        const abs = path.join(dir, file);
        if (!builtByCloudfn(abs)) continue;
        rmSync(abs, { force: true });
        removed.push(abs);
      }
      try {
        rmdirSync(dir); // only when nothing of yours is left in it
      } catch {
        // Not empty: it stays.
      }
    }
  }
  return removed.sort();
}

/** The config the CloudBase CLI reads in the project (as shown to the user), or undefined when it has none. */
function cliConfigOf(rootDir: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { cloudbase?: unknown };
    if (isObject(pkg.cloudbase)) return 'package.json ("cloudbase")';
  } catch {
    // No package.json, or not one tcb could read either.
  }
  return CLI_CONFIGS.find((f) => existsSync(path.join(rootDir, f)));
}

/** What the deploy stage needs of a function. */
export type DeployedFunction = Pick<IrFunction, 'name' | 'runtime' | 'timeoutSeconds'>;

/** Runtimes used when the config names none: the CloudBase CLI's default Node runtime, and its newest PHP. */
export const DEFAULT_RUNTIMES = { nodejs: 'Nodejs18.15', php: 'Php8.0' } as const;

export interface DeployOptions {
  /** Keep cloudbaserc.json in step (default true). */
  cloudbaserc: boolean;
  /** `runtime` written for Node and PHP functions. */
  runtime: { nodejs: string; php: string };
  /** Folder (relative to the project) to mirror each deployable folder into, for WeChat DevTools. */
  devtoolsRoot: string | undefined;
}

export function deployOptions(config: ResolvedConfig): DeployOptions {
  const d = config.deploy;
  return {
    cloudbaserc: d.cloudbaserc !== false,
    runtime: { nodejs: d.nodejsRuntime ?? DEFAULT_RUNTIMES.nodejs, php: d.phpRuntime ?? DEFAULT_RUNTIMES.php },
    devtoolsRoot: d.devtoolsRoot,
  };
}

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

/** The folder a function is deployed from, relative to the project root. */
export function deployableDir(config: ResolvedConfig, fn: DeployedFunction): string {
  const dir = path.join(config.functionsDir, fn.name);
  return posix(path.relative(config.rootDir, fn.runtime === 'php' ? dir : path.join(dir, DEPLOY_DIR)));
}

/** The text of cloudbaserc.json with cloudfn's keys set for every function; `existing` is the file's text, if any. */
export function cloudbasercText(config: ResolvedConfig, functions: readonly DeployedFunction[], existing: string | undefined, needsInstall: (fn: DeployedFunction) => boolean): string {
  let data: Record<string, unknown> = {};
  if (existing !== undefined) {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (!isObject(parsed)) throw new Error('not an object');
      data = parsed;
    } catch (e) {
      throw new UsageError(t('deploy.cannotUpdate', { file: CLOUDBASERC, detail: (e as Error).message }));
    }
  }
  const options = deployOptions(config);
  const entries: unknown[] = Array.isArray(data['functions']) ? [...(data['functions'] as unknown[])] : [];
  for (const fn of functions) {
    const owned = {
      name: fn.name,
      dir: deployableDir(config, fn),
      handler: fn.runtime === 'php' ? 'index.main_handler' : 'index.main',
      runtime: fn.runtime === 'php' ? options.runtime.php : options.runtime.nodejs,
      timeout: fn.timeoutSeconds,
      installDependency: needsInstall(fn),
    };
    const at = entries.findIndex((e) => isObject(e) && e['name'] === fn.name);
    if (at < 0) entries.push(owned);
    else entries[at] = { ...(entries[at] as Record<string, unknown>), ...owned };
  }
  const out = data;
  out['functions'] = entries;
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * Updates cloudbaserc.json and the WeChat DevTools folders after the deployable folders are built;
 * the project-relative paths it wrote.
 */
export async function updateDeployConfig(config: ResolvedConfig, functions: readonly DeployedFunction[]): Promise<DeployResult> {
  const options = deployOptions(config);
  const files: { absPath: string; contents: string }[] = [];
  const copied: string[] = [];
  const deployedFile = (fn: DeployedFunction, name: string): string => path.join(config.rootDir, deployableDir(config, fn), name);
  // A Node function needs the platform to install what its bundle leaves out (wx-server-sdk, …).
  const needsInstall = (fn: DeployedFunction): boolean => {
    if (fn.runtime === 'php') return false;
    try {
      const pkg = JSON.parse(readFileSync(deployedFile(fn, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      return Object.keys(pkg.dependencies ?? {}).length > 0;
    } catch {
      return false;
    }
  };
  const warnings: string[] = [];
  // Only the config tcb reads is worth keeping in step: a cloudbaserc.json made beside another
  // config would take over from it (or, after package.json's or cloudbaserc's, never be read).
  const cliConfig = options.cloudbaserc ? cliConfigOf(config.rootDir) : undefined;
  if (cliConfig !== undefined && cliConfig !== CLOUDBASERC) warnings.push(t('deploy.otherConfig', { file: cliConfig }));
  else if (options.cloudbaserc) {
    const file = path.join(config.rootDir, CLOUDBASERC);
    if (existsSync(file) && !statSync(file).isFile()) throw new UsageError(t('deploy.cannotUpdate', { file: CLOUDBASERC, detail: t('deploy.isFolder') }));
    files.push({ absPath: file, contents: cloudbasercText(config, functions, existsSync(file) ? readFileSync(file, 'utf8') : undefined, needsInstall) });
  }
  if (options.devtoolsRoot !== undefined) {
    // WeChat DevTools deploys every sub-folder of its cloudfunctionRoot: only deployable folders go there.
    const root = path.resolve(config.rootDir, options.devtoolsRoot);
    for (const fn of functions.filter((f) => f.runtime === 'nodejs')) {
      for (const name of ['index.js', 'package.json']) {
        const from = deployedFile(fn, name);
        if (existsSync(from)) files.push({ absPath: path.join(root, fn.name, name), contents: readFileSync(from, 'utf8') });
      }
      // The function's assets too (possibly binary: copied as bytes).
      for (const rel of functionAssets(path.join(config.functionsDir, fn.name))) {
        const from = readFileSync(deployedFile(fn, rel));
        const to = path.join(root, fn.name, rel);
        if (existsSync(to) && readFileSync(to).equals(from)) continue;
        writeAtomic(to, from);
        copied.push(to);
      }
    }
  }
  const kept = (warnings.length === 0 && options.cloudbaserc ? 1 : 0) + (options.devtoolsRoot === undefined ? 0 : 2 * functions.filter((f) => f.runtime === 'nodejs').length);
  const relative = (f: string): string => posix(path.relative(config.rootDir, f));
  const nodeNames = new Set(functions.filter((f) => f.runtime === 'nodejs').map((f) => f.name));
  const removed = pruneBuilt(config, nodeNames, options.devtoolsRoot === undefined ? undefined : path.resolve(config.rootDir, options.devtoolsRoot));
  return { written: [...(await writeChanged(files)), ...copied].map(relative), removed: removed.map(relative), warnings, kept };
}
