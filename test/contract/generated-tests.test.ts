/**
 * The generated contract tests catch a real disagreement: an implementation that
 * drops a required output field fails its contract test, naming the field.
 * Mock mode serves schema-valid samples before the function exists.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startEmulator } from '../../generator/emulator/server.js';
import { cloudfn, REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const copies: string[] = [];
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A copy of examples/shop at the same depth (so its relative imports of dist/ and node_modules
 * resolve) with, as in a user's project, its own vitest config that includes the generated tests;
 * `vitest(args)` runs vitest there.
 */
function shopCopy(): { copy: string; vitest: (args: string[]) => SpawnSyncReturns<string> } {
  const copy = mkdtempSync(path.join(REPO_ROOT, 'examples', 'tmp-shop-'));
  copies.push(copy);
  cpSync(path.join(REPO_ROOT, 'examples/shop'), copy, { recursive: true });
  writeFileSync(path.join(copy, 'vitest.config.mjs'), "export default { test: { include: ['generated/tests/*.contract.test.ts'] } };\n");
  const vitest = (args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', path.join(copy, 'vitest.config.mjs'), '--root', copy, ...args], { cwd: copy, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { copy, vitest };
}

/** ping's implementation without the required `serverTime` in its output. */
function dropServerTime(copy: string): void {
  const implPath = path.join(copy, 'functions/ping/impl.ts');
  writeFileSync(implPath, readFileSync(implPath, 'utf8').replace(', serverTime: new Date().toISOString()', ''));
}

test('dropping a required output field makes the contract test fail, naming the field', () => {
  const { copy, vitest } = shopCopy();
  dropServerTime(copy);
  const run = (file: string) => vitest([file]);
  const broken = run('generated/tests/ping.contract.test.ts');
  expect(broken.status).not.toBe(0);
  const out = broken.stdout + broken.stderr;
  expect(out).toContain("the implementation's output does not match the contract");
  expect(out).toMatch(/"path":"\/serverTime","message":"is required"/);
  const intact = run('generated/tests/getOrder.contract.test.ts');
  expect(intact.stdout + intact.stderr).toMatch(/Tests\s+\d+ passed/);
  expect(intact.status).toBe(0);
});

test('an example compared as a subset passes with a timestamp in the answer; compared exactly, it fails', () => {
  const { copy, vitest } = shopCopy();
  const run = () => vitest(['--reporter', 'verbose', 'generated/tests/ping.contract.test.ts']);
  const subset = run();
  expect(subset.stdout + subset.stderr).toMatch(/example: the echo comes back/);
  expect(subset.status).toBe(0);
  const contractPath = path.join(copy, 'schemas/ping.fn.json');
  writeFileSync(contractPath, readFileSync(contractPath, 'utf8').replace(', "match": "subset"', ''));
  expect(cloudfn(['gen'], copy).status).toBe(0);
  const exact = run();
  expect(exact.status).not.toBe(0);
  expect(exact.stdout + exact.stderr).toMatch(/serverTime/);
});

test('mock mode: gen --mock serves schema-valid samples before the function is written', async () => {
  const dir = tempProject({
    'cloudfn.config.json': { serve: { serviceKey: 'k' } },
    'schemas/quote.fn.json': contract({
      name: 'quote',
      output: { type: 'object', additionalProperties: false, required: ['price', 'currency'], properties: { price: { type: 'integer', minimum: 1 }, currency: { enum: ['CNY', 'USD'] } } },
    }),
  });
  expect(cloudfn(['gen'], dir).status).toBe(0);
  // Out of mock mode there is no mock.ts to keep in sync.
  expect(existsSync(path.join(dir, 'functions/quote/mock.ts'))).toBe(false);
  expect(cloudfn(['gen', '--mock'], dir).status).toBe(0);
  expect(readFileSync(path.join(dir, 'functions/quote/index.ts'), 'utf8')).toContain('import impl from "./mock.js";');
  const emu = await startEmulator({ projectDir: dir });
  try {
    const res = await fetch(`${emu.url}/quote`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'k' }, body: '{}' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { price: number; currency: string };
    expect(body.price).toBeGreaterThanOrEqual(1);
    expect(['CNY', 'USD']).toContain(body.currency);
  } finally {
    await emu.close();
  }
  expect(cloudfn(['check', '--mock'], dir).status).toBe(0);
  expect(cloudfn(['gen'], dir).status).toBe(0);
  expect(readFileSync(path.join(dir, 'functions/quote/index.ts'), 'utf8')).toContain('import impl from "./impl.js";');
  expect(existsSync(path.join(dir, 'functions/quote/mock.ts'))).toBe(false);
});

test('every contract test of the example passes in one shared module graph (vitest --no-isolate, the README\'s advice for many functions), and a broken one still fails there', () => {
  const { copy, vitest } = shopCopy();
  const run = () => vitest(['--no-isolate']);
  const all = run();
  expect(all.stdout + all.stderr).toMatch(/Test Files\s+7 passed \(7\)/);
  expect(all.status).toBe(0);
  // Sharing modules does not hide a failure: the same broken implementation as above fails its file.
  dropServerTime(copy);
  const broken = run();
  expect(broken.stdout + broken.stderr).toMatch(/Test Files\s+1 failed \| 6 passed \(7\)/);
  expect(broken.status).not.toBe(0);
}, 300_000);
