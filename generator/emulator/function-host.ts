/**
 * Runs cloud functions for the emulator: a module file in a worker thread with
 * the function's own environment (so a timed-out or crashed function is cut
 * off and the gateway stays healthy), or an in-process `main` for tests.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { MEMORY_LIMIT_MB } from './types.js';

export type Outcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'threw'; message: string }
  | { kind: 'unserializable'; message: string }
  | { kind: 'timeout' }
  | { kind: 'memory' }
  | { kind: 'crashed'; message: string };

export interface FunctionHost {
  /**
   * Runs one call. `callEnv` holds the per-call environment variables the platform sets (what
   * `getWXContext()` reads); an in-process `main` shares this process's environment and does not get them.
   */
  invoke(event: unknown, context: Record<string, unknown>, timeoutMs: number, callEnv?: Record<string, string>): Promise<Outcome>;
  close(): Promise<void>;
}

type Main = (event: unknown, context: unknown) => unknown;

/** A `main` called in this process. A timeout answers, but cannot stop a function stuck in a loop. */
export function inProcessHost(main: Main): FunctionHost {
  return {
    invoke(event, context, timeoutMs) {
      return new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
        Promise.resolve()
          .then(() => main(structuredClone(event), context))
          .then(
            (value) => {
              // As the platform's runtime serializes a return value (and as a worker does here).
              let json: string | undefined;
              try {
                json = JSON.stringify(value);
              } catch (e) {
                resolve({ kind: 'unserializable', message: e instanceof Error ? e.message : String(e) });
                return;
              }
              resolve({ kind: 'ok', value: json === undefined ? undefined : JSON.parse(json) });
            },
            (e: unknown) => resolve({ kind: 'threw', message: e instanceof Error ? e.message : String(e) }),
          )
          .finally(() => clearTimeout(timer));
      });
    },
    async close() {},
  };
}

interface Pending {
  resolve: (o: Outcome) => void;
  timer: NodeJS.Timeout;
  /** The instance running the call: a dying instance fails only its own calls. */
  worker: Worker;
}

/**
 * Instances of one function the emulator runs side by side. The platform runs one call per instance
 * at a time and starts another instance for a concurrent call, up to 1,000, and holds calls beyond
 * that; here calls beyond this many wait for an instance (a local emulator is not for load tests).
 */
export const MAX_INSTANCES = 8;

/** How long an instance beyond the first stays warm without a call; the platform reclaims idle ones too. */
export const IDLE_MS = 60_000;

/**
 * A module exporting `main`, run in worker threads, one call per instance at a time (a concurrent
 * call gets an instance of its own, up to MAX_INSTANCES, then waits for one); an instance is
 * replaced after a timeout or crash, and that ends only its own call; instances beyond the first
 * go after `idleMs` without a call. `onStray` hears of a failure no call was waiting on: an exception
 * thrown (or a rejection left unhandled) after the function answered, which ends its instance on
 * the platform too and shows only in its logs.
 */
export function workerHost(file: string, env: Record<string, string>, exportName = 'main', onStray?: (message: string) => void, idleMs = IDLE_MS): FunctionHost {
  const workerFile = path.join(packageRoot(), 'templates/emulator/worker.cjs');
  /** The live instances; idle ones wait for the next call, as the platform keeps them warm. */
  let instances: Worker[] = [];
  let loadError: string | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** Instances this host stopped itself, or whose end is already told: their exit says nothing new. */
  const ended = new WeakSet<Worker>();

  /** When each instance's last call ended (none while it runs one). */
  const idleSince = new Map<Worker, number>();
  const waiting = (w: Worker): boolean => [...pending.values()].some((p) => p.worker === w);
  const drop = (w: Worker): void => {
    instances = instances.filter((x) => x !== w);
    idleSince.delete(w);
  };
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = (): void => {
    const now = Date.now();
    for (const w of instances.slice(1)) {
      const since = idleSince.get(w);
      if (since === undefined || waiting(w) || now - since < idleMs) continue;
      ended.add(w);
      drop(w);
      void w.terminate();
    }
    if (instances.length <= 1 && sweeper) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  /** Calls waiting for an instance (all MAX_INSTANCES busy), first come first served. */
  const queue: { run: (w: Worker) => void; resolve: (o: Outcome) => void }[] = [];
  /** An idle instance, else a new one while there are fewer than MAX_INSTANCES. */
  const freeInstance = (): Worker | undefined => {
    const idle = instances.find((w) => !waiting(w));
    if (idle) return idle;
    if (instances.length < MAX_INSTANCES) {
      const w = start();
      instances.push(w);
      if (instances.length > 1 && !sweeper) {
        // It never keeps the process alive.
        sweeper = setInterval(sweep, Math.min(Math.max(idleMs / 4, 25), 5000));
        sweeper.unref();
      }
      return w;
    }
    return undefined;
  };
  /** Gives waiting calls the instances that are free now (a call runs at once: its instance is then busy). */
  const serveQueue = (): void => {
    for (let w = queue.length > 0 ? freeInstance() : undefined; w && queue.length > 0; w = queue.length > 0 ? freeInstance() : undefined) queue.shift()!.run(w);
  };
  const failAll = (outcome: Outcome, of?: Worker): void => {
    for (const [id, p] of pending) {
      if (of && p.worker !== of) continue;
      clearTimeout(p.timer);
      p.resolve(outcome);
      pending.delete(id);
    }
  };

  const start = (): Worker => {
    // Held to the memory the context says it has: a function that needs more fails here as on the platform.
    const w = new Worker(workerFile, { workerData: { file, exportName }, env, stdout: false, stderr: false, resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB } });
    loadError = undefined;
    w.on('message', (msg: { type: string; id?: number; ok?: boolean; json?: string; message?: string; unserializable?: boolean }) => {
      if (msg.type === 'load-error') {
        loadError = msg.message ?? 'the function failed to load';
        failAll({ kind: 'crashed', message: loadError }, w);
        serveQueue();
        return;
      }
      if (msg.type !== 'result' || msg.id === undefined) return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (!waiting(w)) idleSince.set(w, Date.now());
      serveQueue();
      if (msg.ok) p.resolve({ kind: 'ok', value: msg.json === undefined ? undefined : JSON.parse(msg.json) });
      else if (msg.unserializable) p.resolve({ kind: 'unserializable', message: msg.message ?? '' });
      else p.resolve({ kind: 'threw', message: msg.message ?? '' });
    });
    w.on('error', (e) => {
      drop(w);
      const memory = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (!waiting(w)) onStray?.(memory ? `ran out of its ${MEMORY_LIMIT_MB} MB of memory` : e.message);
      ended.add(w);
      failAll(memory ? { kind: 'memory' } : { kind: 'crashed', message: e.message }, w);
      serveQueue();
    });
    w.on('exit', (code) => {
      drop(w);
      if (!ended.has(w) && !waiting(w)) onStray?.(`its instance exited with code ${code}`);
      ended.add(w);
      failAll({ kind: 'crashed', message: `the function's instance exited with code ${code}` }, w);
      serveQueue();
    });
    return w;
  };

  return {
    invoke(event, context, timeoutMs, callEnv = {}) {
      if (loadError && instances.length > 0) return Promise.resolve({ kind: 'crashed', message: loadError });
      return new Promise<Outcome>((resolve) => {
        // Its time runs from when an instance takes it, as the platform counts a call's duration.
        const run = (w: Worker): void => {
          // Waited while the module failed to load: it fails the same way.
          if (loadError) return resolve({ kind: 'crashed', message: loadError });
          idleSince.delete(w);
          const id = nextId++;
          const timer = setTimeout(() => {
            pending.delete(id);
            resolve({ kind: 'timeout' });
            // Cut the instance off, as the platform does; the next call starts a fresh one.
            drop(w);
            ended.add(w);
            void w.terminate();
            serveQueue();
          }, timeoutMs);
          pending.set(id, { resolve, timer, worker: w });
          w.postMessage({ type: 'invoke', id, event, context, env: callEnv });
        };
        const w = queue.length === 0 ? freeInstance() : undefined;
        if (w) run(w);
        else queue.push({ run, resolve });
      });
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
      const all = instances;
      instances = [];
      failAll({ kind: 'crashed', message: 'the emulator is shutting down' });
      for (const waiter of queue.splice(0)) waiter.resolve({ kind: 'crashed', message: 'the emulator is shutting down' });
      for (const w of all) ended.add(w);
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
