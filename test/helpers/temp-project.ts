/** Temporary cloudfn projects on disk for tests, removed after each test file. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (POSIX paths → contents; objects are JSON-encoded) into a new folder. */
export function tempProject(files: Record<string, string | object>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-test-'));
  created.push(dir);
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | object>): void {
  for (const [rel, contents] of Object.entries(files)) {
    const abs = path.join(dir, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, typeof contents === 'string' ? contents : `${JSON.stringify(contents, null, 2)}\n`);
  }
}

/** A minimal valid contract, with overrides. */
export function contract(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'ping',
    input: { type: 'object', properties: { echo: { type: 'string' } } },
    output: { type: 'object', properties: { pong: { type: 'boolean' } }, required: ['pong'] },
    ...overrides,
  };
}

/** A project with its contracts in `contracts/` and its output in `src/gen` (flags and config files are tried on it): two functions. */
export function twoFunctionProject(): string {
  return tempProject({
    'cloudfn.config.json': { schemas: 'contracts', out: 'src/gen' },
    'contracts/ping.fn.json': contract(),
    'contracts/order.fn.json': contract({ name: 'get-order', input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } }),
  });
}
