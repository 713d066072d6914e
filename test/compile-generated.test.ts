/** Every generated TypeScript file passes the real `tsc` under strict + exactOptionalPropertyTypes. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

test('generated types compile with zero diagnostics', () => {
  const files = [...tsFiles(path.join(REPO_ROOT, 'examples/shop/generated')), ...tsFiles(path.join(REPO_ROOT, 'test/golden'))];
  expect(files.length).toBeGreaterThan(1);
  const tsc = path.join(REPO_ROOT, 'node_modules/.bin/tsc');
  const args = ['--ignoreConfig', '--noEmit', '--strict', '--exactOptionalPropertyTypes', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'nodenext', '--skipLibCheck', ...files];
  const r = spawnSync(tsc, args, { encoding: 'utf8', timeout: 120_000 });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});
