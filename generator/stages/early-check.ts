/**
 * The type-check session of `cloudfn check`, started before the command's modules load (only
 * Node built-ins here). The command takes it if it checks the same project, and stops it otherwise.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { nativeWanted } from './which-compiler.js';

interface Early {
  rootDir: string;
  worker: Worker;
}

let early: Early | undefined;

/** The project folder `check` will use: the folder of --config, or of the nearest cloudfn.config.json. */
function projectOf(args: readonly string[], cwd: string): string | undefined {
  // The last --config counts (the CLI takes the last of an option given twice).
  let at = -1;
  args.forEach((a, i) => {
    if (a === '--config' || a.startsWith('--config=')) at = i;
  });
  if (at >= 0) {
    const value = args[at]!.includes('=') ? args[at]!.slice(args[at]!.indexOf('=') + 1) : args[at + 1];
    return value ? path.dirname(path.resolve(cwd, value)) : undefined;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'cloudfn.config.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * For `check` (not `--no-impl`, not `--help`), starts the JavaScript compiler loading on a worker
 * thread; not when TypeScript 7 will check (its own process, ready in milliseconds).
 */
export function startEarlyCheck(args: readonly string[], cwd: string): void {
  if (args.find((a) => !a.startsWith('-')) !== 'check' || args.some((a) => a === '--no-impl' || a === '--no-impl=true' || a === '--impl=false' || a === '--help' || a === '-h')) return;
  const rootDir = projectOf(args, cwd);
  const script = new URL('./impl-check-worker.js', import.meta.url);
  if (!rootDir || !existsSync(script) || nativeWanted(rootDir)) return;
  try {
    const worker = new Worker(script, { workerData: { rootDir } });
    // It never keeps the process alive, and a failure to start only means checking on this thread.
    worker.unref();
    worker.on('error', () => undefined);
    early = { rootDir, worker };
  } catch {
    early = undefined;
  }
}

/** The worker started for `rootDir`, handed over once; any other is stopped. */
export function takeEarlyCheck(rootDir: string): Worker | undefined {
  const taken = early;
  early = undefined;
  if (!taken) return undefined;
  if (taken.rootDir === rootDir) return taken.worker;
  void taken.worker.terminate();
  return undefined;
}
