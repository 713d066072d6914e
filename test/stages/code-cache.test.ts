/**
 * The compiled-code cache `check` loads the TypeScript compiler through: a second process loads
 * the module from the entry the first wrote, with the same behaviour; a damaged entry is rejected
 * by V8 and written again, never trusted; small modules, and a run without a cache folder, load as
 * usual. Each load is its own process (V8 would otherwise reuse its in-memory compilation).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-code-cache-'));
const big = path.join(dir, 'big.js');
writeFileSync(big, `'use strict';\nconst padding = ${JSON.stringify('x'.repeat(300_000))};\nexports.answer = (n) => n * 2 + padding.length;\n`);
const small = path.join(dir, 'small.js');
writeFileSync(small, 'exports.answer = (n) => n * 2;\n');
const cacheDir = path.join(dir, 'cache');
const moduleUrl = pathToFileURL(path.join(REPO_ROOT, 'dist/generator/stages/code-cache.js')).href;

/** Loads `file` through a CodeCache in a new process: what it answers for 1, and the cache's counts. */
function load(file: string, cache: string | undefined): { answer: number; stats: { cached: number; compiled: number } } {
  const script = `const { CodeCache } = await import(${JSON.stringify(moduleUrl)});
const cache = new CodeCache(${JSON.stringify(cache)});
const m = cache.require(${JSON.stringify(path.join(dir, 'package.json'))}, ${JSON.stringify(file)});
cache.save();
console.log(JSON.stringify({ answer: m.answer(1), stats: cache.stats }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { answer: number; stats: { cached: number; compiled: number } };
}

test('a module loads the same from its compiled code, and a damaged entry is compiled and written again', () => {
  expect(load(big, cacheDir)).toEqual({ answer: 300_002, stats: { cached: 0, compiled: 1 } });
  const entries = readdirSync(path.join(cacheDir, 'v8'));
  expect(entries).toHaveLength(1);
  expect(load(big, cacheDir)).toEqual({ answer: 300_002, stats: { cached: 1, compiled: 0 } });

  writeFileSync(path.join(cacheDir, 'v8', entries[0]!), 'not compiled code');
  expect(load(big, cacheDir)).toEqual({ answer: 300_002, stats: { cached: 0, compiled: 1 } });
  expect(load(big, cacheDir)).toEqual({ answer: 300_002, stats: { cached: 1, compiled: 0 } });
  expect(readdirSync(path.join(cacheDir, 'v8'))).toEqual(entries);
});

test('a changed module gets a new entry in place of the old; small modules and no cache folder: no entry', () => {
  writeFileSync(big, `'use strict';\nconst padding = ${JSON.stringify('y'.repeat(300_001))};\nexports.answer = (n) => n * 3 + padding.length;\n`);
  expect(load(big, cacheDir)).toEqual({ answer: 300_004, stats: { cached: 0, compiled: 1 } });
  expect(readdirSync(path.join(cacheDir, 'v8'))).toHaveLength(1);
  expect(load(small, cacheDir)).toEqual({ answer: 2, stats: { cached: 0, compiled: 0 } });
  expect(load(big, undefined)).toEqual({ answer: 300_004, stats: { cached: 0, compiled: 0 } });
  expect(readdirSync(path.join(cacheDir, 'v8'))).toHaveLength(1);
});
