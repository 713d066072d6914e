/** Every generated TypeScript file passes the real `tsc` under strict + exactOptionalPropertyTypes. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

const TSC = path.join(REPO_ROOT, 'node_modules/.bin/tsc');
const STRICT = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'nodenext', '--skipLibCheck', '--types', 'node'];

function tsc(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(TSC, args, { encoding: 'utf8', timeout: 120_000, cwd: REPO_ROOT });
  return { status: r.status, output: r.stdout + r.stderr };
}

test('the example project (generated types, handlers and the user implementations) compiles', () => {
  const r = tsc(['-p', 'examples/shop/tsconfig.json']);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
});

test('type-level tests: wrong inputs do not compile, errors narrow by code', () => {
  const r = tsc(['-p', 'test/types/tsconfig.json']);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
});

test('every golden tree compiles with zero diagnostics', () => {
  const files = readdirSync(path.join(REPO_ROOT, 'test/golden'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
  expect(files.length).toBeGreaterThan(3);
  const r = tsc(['--ignoreConfig', ...STRICT, ...files]);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
});

test('a compile error in generated code would be caught', () => {
  const r = tsc(['--ignoreConfig', ...STRICT, path.join(REPO_ROOT, 'test/fixtures/does-not-compile.ts')]);
  expect(r.status).not.toBe(0);
  expect(r.output).toContain('TS2322');
});
