/** Runs the built `cloudfn` CLI as a user would, in a child process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'dist/generator/cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** English unless a test asks otherwise (`env` overrides the locale variables), whatever the machine's locale. */
export function cloudfn(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const locale = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  // Room for NODE_DEBUG's output, which newer Node versions make larger than spawnSync's 1 MB default.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...locale, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
