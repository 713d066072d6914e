/**
 * The whole pipeline, in order: load → validate → normalize → build IR →
 * emit (every target) → format → compare with disk → write → bundle.
 * Each stage is one module exporting one verb; only load, write and bundle
 * do I/O. When the inputs and the output are exactly those of the last run
 * (stages/fingerprint.ts), `gen` and `check` skip straight to the end.
 * Heavy stages (the targets, prettier, esbuild) are imported when first needed.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from './config.js';
import { ContractError, sortDiagnostics, type Diagnostic } from './errors.js';
import type { Ir, IrFunction } from './ir.js';
import type { EmittedFile } from './targets/target.js';
import { withTsImportSpecifiers } from './util/ts-imports.js';
import { buildIr } from './stages/build-ir.js';
import { checkDefaults } from './stages/defaults-check.js';
import { declaredDefaults } from './util/input-defaults.js';
import { cacheDir, Memo, sha256 } from './stages/cache.js';
import { fingerprint, readManifest, stillInSync, type RunManifest } from './stages/fingerprint.js';
import { load } from './stages/load.js';
import { normalize } from './stages/normalize.js';
import { validate } from './stages/validate.js';
import type { DeployedFunction, DeployResult } from './stages/deploy.js';
import type { ImplIssue } from './stages/impl-check.js';
import { compare, driftReport, plan, write, writeChanged, Writers, type FileStatus, type PlannedFile } from './stages/write.js';
import { t } from './i18n/messages.js';

export type Timings = { stage: string; ms: number }[];

function timed<T>(timings: Timings, stage: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  timings.push({ stage, ms: performance.now() - start });
  return result;
}

async function timedAsync<T>(timings: Timings, stage: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  timings.push({ stage, ms: performance.now() - start });
  return result;
}

interface Compiled {
  ir: Ir;
  /** Every document the contracts read (absolute paths). */
  sources: string[];
}

function compileWithSources(config: ResolvedConfig, timings: Timings): Compiled {
  const diagnostics: Diagnostic[] = [];
  const loaded = timed(timings, 'load', () => load(config.rootDir, config.schemasDir));
  diagnostics.push(...loaded.diagnostics);
  const validated = timed(timings, 'validate', () => {
    const memo = Memo.open(cacheDir(config.rootDir), 'redos');
    const result = validate(loaded, memo);
    memo.save();
    return result;
  });
  diagnostics.push(...validated.diagnostics);
  const normalized = timed(timings, 'normalize', () => normalize(validated.project));
  diagnostics.push(...normalized.diagnostics);
  const built = timed(timings, 'build-ir', () => buildIr(normalized.project));
  diagnostics.push(...built.diagnostics);
  if (diagnostics.length === 0) {
    const declared = declaredDefaults(built.ir);
    if (declared.length > 0) diagnostics.push(...timed(timings, 'defaults', () => checkDefaults(built.ir, declared, loaded.documents)));
  }
  if (diagnostics.length > 0) throw new ContractError(sortDiagnostics(diagnostics));
  let ir = built.ir;
  if (config.signing === 'hmac-sha256') {
    // The project's default, unless a contract says "signing": "none" for itself.
    const own = new Map(loaded.contracts.map((d) => [d.file, (d.data as { signing?: string }).signing]));
    ir = { ...ir, functions: ir.functions.map((f) => (own.get(f.source) === 'none' ? f : { ...f, signing: 'hmac-sha256' as const })) };
  }
  return { ir, sources: [...loaded.documents.keys()] };
}

/** Load through build-IR; throws ContractError with every problem found. */
export function compile(config: ResolvedConfig, timings: Timings = []): Ir {
  return compileWithSources(config, timings).ir;
}

/** Every document the contracts read now (absolute paths): the contracts and the files they `$ref`. */
export function contractSources(config: ResolvedConfig): string[] {
  return compileWithSources(config, []).sources;
}

/** Every file the targets produce for this project, formatted and placed. */
export async function generate(config: ResolvedConfig, timings: Timings = []): Promise<PlannedFile[]> {
  return (await generateWithIr(config, timings)).files;
}

async function generateWithIr(config: ResolvedConfig, timings: Timings): Promise<Compiled & { files: PlannedFile[] }> {
  const compiled = compileWithSources(config, timings);
  const { ir } = compiled;
  const [{ TARGETS }, { format }] = await Promise.all([import('./targets/registry.js'), import('./stages/format.js')]);
  const schemasDir = path.relative(config.rootDir, config.schemasDir).split(path.sep).join('/') || '.';
  const rel = (abs: string): string => path.relative(config.rootDir, abs).split(path.sep).join('/') || '.';
  const roots = { out: rel(config.outDir), functions: rel(config.functionsDir) };
  const dir = cacheDir(config.rootDir);
  const memo = Memo.open(dir, 'emit');
  const emitOf = (t: (typeof TARGETS)[number]): EmittedFile[] => t.emit(ir, { schemasDir, roots, targetOptions: config.targets, memo });
  // In a large project the validators (and the contract-test data they check) are computed on two
  // threads before the targets that read them emit; the other targets emit meanwhile.
  const early = new Map<number, EmittedFile[]>();
  const start = performance.now();
  const meanwhile = (): void => {
    TARGETS.forEach((t, i) => {
      if (!t.readsValidators) early.set(i, emitOf(t));
    });
  };
  const parallel = await (await import('./stages/precompile.js')).precompile(ir, memo, config.targets, meanwhile);
  // With the worker, `validators` is the time on two threads (the early targets included).
  const before = performance.now() - start;
  if (parallel) timings.push({ stage: 'validators', ms: before });
  const rest = performance.now();
  const emitted = TARGETS.flatMap((t, i) => early.get(i) ?? emitOf(t));
  timings.push({ stage: 'emit', ms: performance.now() - rest + (parallel ? 0 : before) });
  const formatMemo = Memo.open(dir, 'format');
  const formatted = await timedAsync(timings, 'format', () => format(emitted, config.rootDir, formatMemo));
  memo.save();
  formatMemo.save();
  // After formatting, which reads the validators' runtime import as the targets write it.
  const placed = config.importExtension === '.ts' ? formatted.map(withTsImports) : formatted;
  return { ...compiled, files: plan(placed, { out: config.outDir, functions: config.functionsDir }, config.rootDir) };
}

/**
 * A TypeScript file with `"importExtension": ".ts"`: its relative imports name the `.ts` files
 * themselves, as Node's own TypeScript support (type stripping) needs. Declaration files stand
 * beside JavaScript and keep theirs.
 */
function withTsImports(file: EmittedFile): EmittedFile {
  if (!file.path.endsWith('.ts') || file.path.endsWith('.d.ts')) return file;
  return { ...file, contents: withTsImportSpecifiers(file.contents) };
}

function statusOf(config: ResolvedConfig, files: PlannedFile[], timings: Timings): FileStatus[] {
  return timed(timings, 'compare', () => compare(files, [config.outDir, config.functionsDir], config.rootDir));
}

/** What this run leaves on disk, for the next run's fast path. */
function manifestOf(config: ResolvedConfig, compiled: Compiled, files: readonly PlannedFile[]): RunManifest {
  const inSchemas = (f: string): boolean => !path.relative(config.schemasDir, f).startsWith('..');
  const outside = compiled.sources.filter((f) => !inSchemas(f)).sort();
  return {
    fingerprint: fingerprint(config, outside),
    outside,
    files: Object.fromEntries(files.map((f) => [f.absPath, f.ownership === 'scaffold' ? '' : sha256(f.contents)])),
    nodeFunctions: nodeFunctions(compiled.ir.functions),
    deployed: compiled.ir.functions.map((f) => ({ name: f.name, runtime: f.runtime, timeoutSeconds: f.timeoutSeconds })),
  };
}

function nodeFunctions(functions: readonly IrFunction[]): string[] {
  return functions.filter((f) => f.runtime === 'nodejs').map((f) => f.name);
}

/**
 * The inputs' fingerprint before a run reads them, and a test, run once the output is written, that
 * they are still as they were: a contract saved while the run read the old one must not be recorded
 * as what the output was made from (the next run would take the fast path and keep stale output).
 */
function inputsUnchanged(config: ResolvedConfig, last: RunManifest | undefined): () => boolean {
  const outside = last?.outside ?? [];
  const before = fingerprint(config, outside);
  return () => fingerprint(config, outside) === before;
}

/** Functions from which a run collects its garbage between writing and bundling (a full GC costs ~0.1 s). */
const COLLECT_FROM = 300;

/** Functions bundled in one esbuild run: the shared runtime is parsed once per batch. */
const BUNDLE_BATCH = 100;

async function bundleStage(config: ResolvedConfig, functions: readonly string[], timings: Timings): Promise<string[]> {
  return timedAsync(timings, 'bundle', async () => {
    const { bundle } = await import('./stages/bundle.js');
    const memo = Memo.open(cacheDir(config.rootDir), 'bundle');
    // A batch at a time, each written before the next is built: esbuild and this process then hold
    // one batch's syntax trees and bundles, not every function's (at 1,000 functions, ~850 MB).
    const written: string[] = [];
    for (let i = 0; i < functions.length; i += BUNDLE_BATCH) {
      const built = await bundle(functions.slice(i, i + BUNDLE_BATCH), config.functionsDir, config.rootDir, memo, { sourceMap: config.deploy.sourceMap === true });
      written.push(...(await writeChanged(built)));
    }
    memo.save();
    // Files the code reads at run time go beside index.js, where __dirname points once deployed.
    const { syncAssets } = await import('./stages/assets.js');
    for (const name of functions) written.push(...syncAssets(path.join(config.functionsDir, name)));
    return written.map((absPath) => path.relative(config.rootDir, absPath).split(path.sep).join('/'));
  });
}

/** `cloudfn gen`: writes what changed, then rebuilds each function's deployable folder. */
export async function runGen(config: ResolvedConfig, timings: Timings = []): Promise<{ written: string[]; removed: string[]; total: number; warnings: string[]; outside: string[] }> {
  const runMemo = Memo.open(cacheDir(config.rootDir), 'run');
  const last = readManifest(runMemo);
  if (timed(timings, 'fingerprint', () => stillInSync(config, last))) {
    // No contract changed, but an implementation may have: its bundle, and what the deploy stage
    // derives from the bundles (installDependency, the WeChat DevTools copies), are brought up to date.
    const written = await bundleStage(config, last!.nodeFunctions, timings);
    const deployed = await deployStage(config, last!.deployed, timings);
    written.push(...deployed.written);
    const removed = deployed.removed;
    // What a full run would say again: an implementation left without its function, the project's settings.
    const warnings = orphanedImplementations(config, last!.deployed, []);
    const { moduleSyntaxWarning, tsImportsWarning } = await import('./stages/project-fit.js');
    for (const fit of [moduleSyntaxWarning(config.rootDir), tsImportsWarning(config.rootDir, config.importExtension)]) if (fit) warnings.push(fit);
    warnings.push(...deployed.warnings);
    const total = Object.keys(last!.files).length + builtFileCount(config, last!.nodeFunctions.length) + deployed.kept;
    return { written, removed, total, warnings, outside: last!.outside };
  }
  // The files' texts are let go once written: the bundle stage then reuses that memory.
  const unchanged = inputsUnchanged(config, last);
  const { result, functions: all, fileCount, deferred, writers, manifest, outside } = await generateAndWrite(config, timings, runMemo, unchanged);
  const functions = nodeFunctions(all);
  // Most of a large run's heap is garbage now: collected here, the bundle stage reuses it.
  if (all.length >= COLLECT_FROM) (await import('./util/gc.js')).collectGarbage();
  // esbuild builds in its own process while this one writes the PHP files, which no bundle reads.
  const bundling = bundleStage(config, functions, timings);
  bundling.catch(() => {}); // awaited below, once the writes are done
  try {
    await timedAsync(timings, 'write (PHP, during bundle)', () => writers.write(deferred));
  } finally {
    await writers.close();
  }
  // Only now is the project as the manifest says: a run stopped before keeps the last one's.
  manifest();
  result.written.push(...(await bundling));
  const warnings = orphanedImplementations(config, all, result.written);
  const { moduleSyntaxWarning, tsImportsWarning } = await import('./stages/project-fit.js');
  for (const fit of [moduleSyntaxWarning(config.rootDir), tsImportsWarning(config.rootDir, config.importExtension)]) if (fit) warnings.push(fit);
  const deployed = await deployStage(config, all, timings);
  result.written.push(...deployed.written);
  result.removed.push(...deployed.removed);
  warnings.push(...deployed.warnings);
  return { ...result, total: fileCount + builtFileCount(config, functions.length) + deployed.kept, warnings, outside };
}

async function generateAndWrite(
  config: ResolvedConfig,
  timings: Timings,
  runMemo: Memo,
  unchanged: () => boolean,
): Promise<{ result: { written: string[]; removed: string[] }; functions: IrFunction[]; fileCount: number; deferred: PlannedFile[]; writers: Writers; manifest: () => void; outside: string[] }> {
  const compiled = await generateWithIr(config, timings);
  const statuses = statusOf(config, compiled.files, timings);
  // A second thread writes part of the files when there are many (see Writers); it is handed the PHP
  // files while esbuild builds, and stopped then (runGen).
  const writers = await Writers.start(statuses.filter((s) => s.state === 'missing' || s.state === 'stale').length);
  let done;
  try {
    done = await timedAsync(timings, 'write', () => write(statuses, (f) => f.absPath.endsWith('.php'), writers, [config.outDir, config.functionsDir, config.rootDir]));
  } catch (e) {
    await writers.close();
    throw e;
  }
  const { deferred, ...result } = done;
  const made = manifestOf(config, compiled, compiled.files);
  const run = JSON.stringify(made);
  const manifest = (): void => {
    if (!unchanged()) return;
    runMemo.set('run', run);
    runMemo.save();
  };
  // Copies: what the targets cached per function (weakly, by the IR's own objects) goes with the IR.
  return { result, functions: compiled.ir.functions.map((f) => ({ ...f })), fileCount: compiled.files.length, deferred, writers, manifest, outside: made.outside };
}

/**
 * A user's implementation whose function is gone from the contracts (most often: the contract's
 * `name` was changed): said plainly, with the move to make when a new function appeared alongside.
 */
function orphanedImplementations(config: ResolvedConfig, functions: readonly DeployedFunction[], written: readonly string[]): string[] {
  if (!existsSync(config.functionsDir)) return [];
  const names = new Set(functions.map((f) => f.name));
  const rel = (abs: string): string => path.relative(config.rootDir, abs).split(path.sep).join('/');
  const fresh = functions.filter((f) => written.some((w) => w === rel(path.join(config.functionsDir, f.name, f.runtime === 'php' ? 'impl.php' : 'impl.ts'))));
  const out: string[] = [];
  for (const entry of readdirSync(config.functionsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || names.has(entry.name) || entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
    for (const file of ['impl.ts', 'impl.php']) {
      const impl = path.join(config.functionsDir, entry.name, file);
      if (!existsSync(impl)) continue;
      const target = fresh.length === 1 ? rel(path.join(config.functionsDir, fresh[0]!.name, file)) : undefined;
      out.push(
        target
          ? t('warn.renamed', { impl: rel(impl), target, old: entry.name, name: fresh[0]!.name })
          : t('warn.orphan', { impl: rel(impl), old: entry.name }),
      );
    }
  }
  return out;
}

/** Files of the deployable folders: index.js and package.json, and main.js with its map when maps are on. */
function builtFileCount(config: ResolvedConfig, nodeFunctionCount: number): number {
  return nodeFunctionCount * (config.deploy.sourceMap === true ? 4 : 2);
}

async function deployStage(config: ResolvedConfig, functions: readonly DeployedFunction[], timings: Timings): Promise<DeployResult> {
  return timedAsync(timings, 'deploy', async () => (await import('./stages/deploy.js')).updateDeployConfig(config, functions));
}

/** `cloudfn build`: rebuilds only the deployable `dist/` folders from the sources on disk. */
export async function runBuild(config: ResolvedConfig, timings: Timings = []): Promise<{ written: string[]; total: number; warnings: string[] }> {
  const ir = compile(config, timings);
  const functions = nodeFunctions(ir.functions);
  const written = await bundleStage(config, functions, timings);
  const deployed = await deployStage(config, ir.functions, timings);
  written.push(...deployed.written);
  return { written, total: builtFileCount(config, functions.length) + deployed.kept, warnings: deployed.warnings };
}

export interface CheckResult {
  /** Generated files that are missing, stale, extra, or blocked by a file cloudfn did not write. */
  drift: FileStatus[];
  /** The text report of `drift` (with diffs), or undefined when in sync. */
  report: string | undefined;
  /** Type errors in the implementations against the current contract types. */
  impl: ImplIssue[];
  /** What checked them (TypeScript, php), when there were any to check. */
  compiler: string | undefined;
  /** What check could not do (PHP implementations without php on PATH). */
  warnings: string[];
}

/** `cloudfn check`: generated-file drift and implementation drift. Writes nothing in the project. */
export async function runCheckAll(config: ResolvedConfig, timings: Timings = [], options: { impl?: boolean } = {}): Promise<CheckResult> {
  const { checkImplementations, prepareCheck } = await import('./stages/impl-check.js');
  // The compiler loads on another thread meanwhile (stopped if the last check's answer still stands).
  const prepared = options.impl !== false ? await prepareCheck(config.rootDir) : undefined;
  try {
    return await checkAll(config, timings, options, async (functions, generated) => {
      const ts = await checkImplementations(config, functions, generated, prepared);
      // The PHP implementations, parsed by php itself.
      const { checkPhpImplementations } = await import('./stages/php-check.js');
      const php = checkPhpImplementations(config, functions);
      const issues = [...ts.issues, ...php.issues].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
      return { issues, compiler: [ts.compiler, php.checker].filter((c) => c !== undefined).join('; ') || undefined, warnings: [...ts.warnings, ...php.warnings] };
    });
  } finally {
    await prepared?.dispose();
  }
}

async function checkAll(
  config: ResolvedConfig,
  timings: Timings,
  options: { impl?: boolean },
  checkImplementations: (functions: readonly IrFunction[], generated: ReadonlyMap<string, string>) => Promise<{ issues: ImplIssue[]; compiler: string | undefined; warnings: string[] }>,
): Promise<CheckResult> {
  const runMemo = Memo.open(cacheDir(config.rootDir), 'run');
  const last = readManifest(runMemo);
  if (timed(timings, 'fingerprint', () => stillInSync(config, last))) {
    // In sync: the generated files on disk are what gen would write.
    const ir = compile(config, timings);
    const impl = options.impl === false ? { issues: [], compiler: undefined, warnings: [] } : await timedAsync(timings, 'impl', () => checkImplementations(ir.functions, new Map()));
    return { drift: [], report: undefined, impl: impl.issues, compiler: impl.compiler, warnings: impl.warnings };
  }
  const unchanged = inputsUnchanged(config, last);
  const compiled = await generateWithIr(config, timings);
  const statuses = statusOf(config, compiled.files, timings);
  const report = driftReport(statuses);
  if (report === undefined && unchanged()) {
    runMemo.set('run', JSON.stringify(manifestOf(config, compiled, compiled.files)));
    runMemo.save();
  }
  const generated = new Map(compiled.files.filter((f) => f.ownership === 'generated').map((f) => [f.absPath, f.contents]));
  const impl = options.impl === false ? { issues: [], compiler: undefined, warnings: [] } : await timedAsync(timings, 'impl', () => checkImplementations(compiled.ir.functions, generated));
  return { drift: statuses.filter((st) => st.state !== 'unchanged'), report, impl: impl.issues, compiler: impl.compiler, warnings: impl.warnings };
}

/** `cloudfn check`: the drift report, or undefined when in sync. Writes nothing in the project. */
export async function runCheck(config: ResolvedConfig, timings: Timings = []): Promise<string | undefined> {
  const runMemo = Memo.open(cacheDir(config.rootDir), 'run');
  const last = readManifest(runMemo);
  if (timed(timings, 'fingerprint', () => stillInSync(config, last))) return undefined;
  const unchanged = inputsUnchanged(config, last);
  const compiled = await generateWithIr(config, timings);
  const statuses = statusOf(config, compiled.files, timings);
  const report = driftReport(statuses);
  if (report === undefined && unchanged()) {
    runMemo.set('run', JSON.stringify(manifestOf(config, compiled, compiled.files)));
    runMemo.save();
  }
  return report;
}
