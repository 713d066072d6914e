/**
 * A large project's validators compile, and its contract-test data is computed, on two threads:
 * the worker's results are the same text the main thread writes when it does everything alone
 * (here: the pipeline run from the sources, which never starts the worker).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { writeSyntheticProject } from '../../bench/fixtures.mjs';
import { resolveConfig } from '../../generator/config.js';
import { generate } from '../../generator/pipeline.js';
import { WRITER_FROM } from '../../generator/stages/write.js';
import { cloudfn } from '../helpers/cli.js';

test('50 functions: the worker threads ran, and every file (each validator module and contract-test data file among them) is byte-identical to a one-thread run', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-parallel-'));
  writeSyntheticProject(dir, 50);
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  const gen = cloudfn(['gen', '--verbose'], dir);
  expect(gen.status, gen.stderr).toBe(0);
  expect(gen.stderr).toMatch(/^ {2}validators +\d/m);
  // No cache: the one-thread run compiles every module itself.
  rmSync(path.join(dir, 'node_modules/.cache'), { recursive: true, force: true });
  const all = await generate(resolveConfig({}, dir));
  const files = all.filter((f) => /\/validators\/fn\d+\.ts$|\/tests\/fn\d+\.contract-data\.ts$/.test(f.absPath));
  expect(files).toHaveLength(100);
  // Every file, the ones the writer thread wrote among them (there are enough for it to start).
  expect(all.length).toBeGreaterThanOrEqual(WRITER_FROM);
  for (const f of all) expect(readFileSync(f.absPath, 'utf8'), f.absPath).toBe(f.contents);
}, 120_000);
