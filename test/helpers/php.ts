/** Runs real `php` for the PHP tests: bounded in time, JSON out. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

export const PHP_FIXTURES = path.join(REPO_ROOT, 'test/php/fixtures');

export interface PhpRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `php <args>`, with traces that keep their arguments (so a test sees what a log would) and every
 * diagnostic reported, deprecations too (Debian's php.ini hides those), on stderr.
 */
export function php(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<PhpRun> {
  return new Promise((resolve) => {
    const child = execFile(
      'php',
      ['-d', 'zend.exception_ignore_args=0', '-d', 'display_errors=stderr', '-d', 'error_reporting=-1', ...args],
      { env: { ...process.env, ...options.env }, cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** A diagnostic PHP printed (display_errors=stderr): a deprecation, notice or warning. */
export const PHP_DIAGNOSTIC = /(?:Deprecated|Notice|Warning|Strict Standards):/;

/** Runs a fixture script and parses the one JSON object it prints; a diagnostic on the way fails it. */
export async function phpJson<T = Record<string, unknown>>(script: string, args: string[], env?: Record<string, string>): Promise<T> {
  const run = await php([path.join(PHP_FIXTURES, script), ...args], env ? { env } : {});
  if (PHP_DIAGNOSTIC.test(run.stderr)) throw new Error(`php ${script} ${args.join(' ')} printed a diagnostic:\n${run.stderr}`);
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`php ${script} ${args.join(' ')} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
  }
}
