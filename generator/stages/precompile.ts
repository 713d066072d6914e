/**
 * The slowest per-function work of a cold `gen` (compiling each function's validators with ajv,
 * then computing its contract-test data with them), spread over this thread and a worker thread in
 * a large project, while this thread also emits the targets that need neither. The targets then
 * find the results compiled (validators) or in the memo (contract-test data): each result is the
 * same text either thread computes, so only the time changes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ir, IrFunction } from '../ir.js';
import { contractData, contractDataKey } from '../targets/contract-tests/emit.js';
import { adoptBody, compileNow, needsCompiling } from '../targets/node-handler/validators.js';
import type { TargetOptions } from '../targets/target.js';
import type { Memo } from './cache.js';

/** Functions at which two threads start to pay for the worker's start (~0.2 s). */
const PARALLEL_FROM = 48;

/** One function's results from the worker: its name, its validators' module body, its contract-test data. */
export type Precompiled = [name: string, body: string | undefined, data: string | undefined];

/** The work for one function, on whichever thread: the body, then the data it makes possible. */
export function precompileOne(ir: Ir, fn: IrFunction, targetOptions: TargetOptions['targetOptions']): Precompiled {
  const body = compileNow(ir, fn);
  let data: string | undefined;
  if (body !== undefined && targetOptions['contract-tests']?.['enabled'] !== false) {
    try {
      data = contractData(ir, fn, targetOptions);
    } catch {
      // Computed again, and reported, by the target.
    }
  }
  return [fn.name, body, data];
}

/**
 * Runs `meanwhile` (the targets that read no validators) and, when enough functions need
 * compiling, compiles them on two threads around it. True when the worker ran.
 */
export async function precompile(ir: Ir, memo: Memo, targetOptions: TargetOptions['targetOptions'], meanwhile: () => void): Promise<boolean> {
  const pending = ir.functions.filter((fn) => needsCompiling(ir, fn, memo));
  const script = new URL('./precompile-worker.js', import.meta.url);
  // Without the worker's compiled file (running from the TypeScript sources) all stays on this thread.
  if (pending.length < PARALLEL_FROM || !existsSync(fileURLToPath(script))) {
    meanwhile();
    return false;
  }
  const { Worker } = await import('node:worker_threads');
  // This thread also emits the other targets (~1.5 ms a function) and the worker starts slower:
  // about half each.
  const split = Math.ceil(pending.length * 0.48);
  const mine = pending.slice(0, split);
  const theirs = pending.slice(split);
  // Only what its functions are compiled from is copied to it.
  const worker = new Worker(script, { workerData: { ir: { ...ir, functions: theirs }, targetOptions } });
  const done = new Promise<Precompiled[]>((resolve) => {
    worker.once('message', (m: Precompiled[]) => resolve(m));
    worker.once('error', () => resolve([]));
    worker.once('exit', () => resolve([]));
  });
  let results: Precompiled[];
  let byName: Map<string, Precompiled>;
  try {
    meanwhile();
    results = mine.map((fn) => precompileOne(ir, fn, targetOptions));
    byName = new Map((await done).map((r) => [r[0], r]));
  } finally {
    // Also when an early target throws (a contract error): no worker is left running.
    await worker.terminate();
  }
  for (const fn of theirs) {
    const [, body, data] = byName.get(fn.name) ?? [fn.name, undefined, undefined];
    if (body !== undefined) adoptBody(fn, body);
    if (data !== undefined) results.push([fn.name, body, data]);
  }
  // Each function's data where the target looks for it (keys from this thread's own IR).
  const byFn = new Map(ir.functions.map((f) => [f.name, f]));
  for (const [name, , data] of results) if (data !== undefined) memo.set(contractDataKey(ir, byFn.get(name)!, targetOptions), data);
  return true;
}
