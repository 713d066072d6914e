/**
 * Runs PHP cloud functions for the emulator with the local `php` binary: one
 * process per call (a fresh instance, as the platform's PHP runtime gives),
 * at most a few at a time, killed when the function's time is up. What the
 * function prints goes to the emulator's log, never into the answer; so do
 * PHP's diagnostics, every one (deprecations too, which php.ini often hides),
 * so that a deprecation shows locally, before a later PHP on the platform
 * removes what it names.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { MEMORY_LIMIT_MB } from './types.js';
import type { FunctionHost, Outcome } from './function-host.js';

/** Concurrent PHP processes per function; further calls wait their turn. */
const MAX_PROCESSES = 8;

export interface PhpFunction {
  /** The function's folder (index.php, contract.php, cloudfn/, impl.php). */
  dir: string;
  env: Record<string, string>;
  /** Replace the implementation by one throwing this declared error (contract tests). */
  failure?: { code: string; data?: unknown } | undefined;
  /** The PHP binary. Default `php` on PATH. */
  binary?: string | undefined;
  log?: ((line: string) => void) | undefined;
}

export function phpHost(fn: PhpFunction): FunctionHost {
  const runner = path.join(packageRoot(), 'templates/emulator/php-runner.php');
  const running = new Set<() => void>();
  const queue: (() => void)[] = [];
  let closed = false;

  const invokeNow = (event: unknown, context: unknown, timeoutMs: number, callEnv: Record<string, string>): Promise<Outcome> =>
    new Promise<Outcome>((resolve) => {
      const child = spawn(fn.binary ?? 'php', ['-d', 'display_errors=stderr', '-d', 'log_errors=0', '-d', 'error_reporting=-1', '-d', `memory_limit=${MEMORY_LIMIT_MB}M`, runner, fn.dir], {
        env: { PATH: process.env['PATH'] ?? '', ...fn.env, ...callEnv },
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      let done = false;
      const finish = (outcome: Outcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        running.delete(kill);
        resolve(outcome);
      };
      const kill = (): void => {
        child.kill('SIGKILL');
        finish({ kind: 'crashed', message: 'the emulator is shutting down' });
      };
      running.add(kill);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish({ kind: 'timeout' });
      }, timeoutMs);
      let outOfMemory = false;
      const forward = (stream: NodeJS.ReadableStream | null): void => {
        stream?.on('data', (d: Buffer) => {
          const text = d.toString('utf8');
          // PHP's own fatal error at memory_limit.
          if (/Allowed memory size of \d+ bytes exhausted/.test(text)) outOfMemory = true;
          fn.log?.(`[php ${path.basename(fn.dir)}] ${text.trimEnd()}`);
        });
      };
      forward(child.stdout);
      forward(child.stderr);
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => chunks.push(d));
      child.on('error', (e) => finish({ kind: 'crashed', message: `cannot start php: ${e.message}` }));
      child.on('close', (code) => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (!text) return finish(outOfMemory ? { kind: 'memory' } : { kind: 'crashed', message: `php exited with code ${code} without an answer` });
        try {
          const answer = JSON.parse(text) as { ok: boolean; value?: unknown; message?: string };
          finish(answer.ok ? { kind: 'ok', value: answer.value } : { kind: 'threw', message: answer.message ?? '' });
        } catch {
          finish({ kind: 'crashed', message: 'the function answered something that is not JSON' });
        }
      });
      child.stdin!.end(JSON.stringify({ event, context, ...(fn.failure ? { failure: fn.failure } : {}) }));
    });

  return {
    invoke(event, context, timeoutMs, callEnv = {}) {
      if (closed) return Promise.resolve({ kind: 'crashed', message: 'the emulator is shutting down' });
      return new Promise<Outcome>((resolve) => {
        const start = (): void => {
          void invokeNow(event, context, timeoutMs, callEnv).then((o) => {
            resolve(o);
            queue.shift()?.();
          });
        };
        if (running.size < MAX_PROCESSES) start();
        else queue.push(start);
      });
    },
    async close() {
      closed = true;
      queue.length = 0;
      for (const kill of [...running]) kill();
    },
  };
}
