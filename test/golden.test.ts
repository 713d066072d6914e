/**
 * Golden trees: test/golden/<case>/input is a project; expected/<root>/<path> holds
 * one file per generated file. `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`
 * rewrites them; review the diff before committing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../generator/config.js';
import { generate } from '../generator/pipeline.js';
import { REPO_ROOT } from './helpers/cli.js';

const GOLDEN = path.join(REPO_ROOT, 'test/golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('golden output', () => {
  for (const name of readdirSync(GOLDEN).sort()) {
    test(name, async () => {
      const input = path.join(GOLDEN, name, 'input');
      const expectedDir = path.join(GOLDEN, name, 'expected');
      const files = await generate(resolveConfig({}, input));
      const actual = new Map(files.map((f) => [`${f.root}/${f.path}`, f.contents]));
      if (update) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [rel, contents] of actual) {
          mkdirSync(path.dirname(path.join(expectedDir, rel)), { recursive: true });
          writeFileSync(path.join(expectedDir, rel), contents);
        }
      }
      expect([...actual.keys()].sort()).toEqual(listFiles(expectedDir));
      for (const [rel, contents] of actual) {
        expect(contents, rel).toBe(readFileSync(path.join(expectedDir, rel), 'utf8'));
      }
    });
  }
});

test('output is byte-for-byte deterministic across runs', async () => {
  const config = resolveConfig({}, path.join(REPO_ROOT, 'examples/shop'));
  const first = await generate(config);
  const second = await generate(config);
  expect(second.map((f) => f.contents)).toEqual(first.map((f) => f.contents));
  for (const f of first) {
    expect(f.contents.endsWith('\n')).toBe(true);
    expect(f.contents).not.toContain('\r');
  }
});
