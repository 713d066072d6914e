/**
 * The whole pipeline, in order: load → validate → normalize → build IR →
 * emit (every target) → format → compare with disk → write.
 * Each stage is one module exporting one verb; only load and write do I/O.
 */
import path from 'node:path';
import type { ResolvedConfig } from './config.js';
import { ContractError, sortDiagnostics, type Diagnostic } from './errors.js';
import type { Ir } from './ir.js';
import { buildIr } from './stages/build-ir.js';
import { format } from './stages/format.js';
import { load } from './stages/load.js';
import { normalize } from './stages/normalize.js';
import { validate } from './stages/validate.js';
import { bundle } from './stages/bundle.js';
import { compare, driftReport, plan, write, writeIfChanged, type FileStatus, type PlannedFile } from './stages/write.js';
import { TARGETS } from './targets/registry.js';

export type Timings = { stage: string; ms: number }[];

function timed<T>(timings: Timings, stage: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  timings.push({ stage, ms: performance.now() - start });
  return result;
}

/** Load through build-IR; throws ContractError with every problem found. */
export function compile(config: ResolvedConfig, timings: Timings = []): Ir {
  const diagnostics: Diagnostic[] = [];
  const loaded = timed(timings, 'load', () => load(config.rootDir, config.schemasDir));
  diagnostics.push(...loaded.diagnostics);
  const validated = timed(timings, 'validate', () => validate(loaded));
  diagnostics.push(...validated.diagnostics);
  const normalized = timed(timings, 'normalize', () => normalize(validated.project));
  diagnostics.push(...normalized.diagnostics);
  const built = timed(timings, 'build-ir', () => buildIr(normalized.project));
  diagnostics.push(...built.diagnostics);
  if (diagnostics.length > 0) throw new ContractError(sortDiagnostics(diagnostics));
  return built.ir;
}

/** Every file the targets produce for this project, formatted and placed. */
export async function generate(config: ResolvedConfig, timings: Timings = []): Promise<PlannedFile[]> {
  return (await generateWithIr(config, timings)).files;
}

async function generateWithIr(config: ResolvedConfig, timings: Timings): Promise<{ ir: Ir; files: PlannedFile[] }> {
  const ir = compile(config, timings);
  const schemasDir = path.relative(config.rootDir, config.schemasDir).split(path.sep).join('/') || '.';
  const rel = (abs: string): string => path.relative(config.rootDir, abs).split(path.sep).join('/') || '.';
  const roots = { out: rel(config.outDir), functions: rel(config.functionsDir) };
  const emitted = timed(timings, 'emit', () => TARGETS.flatMap((t) => t.emit(ir, { schemasDir, roots, targetOptions: config.targets })));
  const start = performance.now();
  const formatted = await format(emitted, config.rootDir);
  timings.push({ stage: 'format', ms: performance.now() - start });
  return { ir, files: plan(formatted, { out: config.outDir, functions: config.functionsDir }, config.rootDir) };
}

function statusOf(config: ResolvedConfig, files: PlannedFile[], timings: Timings): FileStatus[] {
  return timed(timings, 'compare', () => compare(files, [config.outDir, config.functionsDir], config.rootDir));
}

/** `cloudfn gen`: writes what changed, then rebuilds each function's deployable folder. */
export async function runGen(config: ResolvedConfig, timings: Timings = []): Promise<{ written: string[]; removed: string[]; total: number }> {
  const { ir, files } = await generateWithIr(config, timings);
  const statuses = statusOf(config, files, timings);
  const result = timed(timings, 'write', () => write(statuses));
  const start = performance.now();
  const built = await bundle(ir, config.functionsDir, config.rootDir);
  timings.push({ stage: 'bundle', ms: performance.now() - start });
  for (const file of built) {
    if (writeIfChanged(file.absPath, file.contents)) result.written.push(path.relative(config.rootDir, file.absPath).split(path.sep).join('/'));
  }
  return { ...result, total: files.length + built.length };
}

/** `cloudfn build`: rebuilds only the deployable `dist/` folders from the sources on disk. */
export async function runBuild(config: ResolvedConfig, timings: Timings = []): Promise<{ written: string[]; total: number }> {
  const ir = compile(config, timings);
  const start = performance.now();
  const built = await bundle(ir, config.functionsDir, config.rootDir);
  timings.push({ stage: 'bundle', ms: performance.now() - start });
  const written = built.filter((f) => writeIfChanged(f.absPath, f.contents)).map((f) => path.relative(config.rootDir, f.absPath).split(path.sep).join('/'));
  return { written, total: built.length };
}

/** `cloudfn check`: the drift report, or undefined when in sync. Writes nothing. */
export async function runCheck(config: ResolvedConfig, timings: Timings = []): Promise<string | undefined> {
  const files = await generate(config, timings);
  return driftReport(statusOf(config, files, timings));
}
