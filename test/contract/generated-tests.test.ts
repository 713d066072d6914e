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
  // vitest's -t picks a function's suite out of the one file by its describe name.
  const run = (name: string) => vitest(['generated/tests/cloudfn.contract.test.ts', '-t', `^${name} `]);
  const broken = run('ping');
  expect(broken.status).not.toBe(0);
  const out = broken.stdout + broken.stderr;
  expect(out).toContain("the implementation's output does not match the contract");
  expect(out).toMatch(/"path":"\/serverTime","message":"is required"/);
  const intact = run('getOrder');
  expect(intact.stdout + intact.stderr).toMatch(/Tests\s+\d+ passed/);
  expect(intact.status).toBe(0);
});

test('an example compared as a subset passes with a timestamp in the answer; compared exactly, it fails', () => {
  const { copy, vitest } = shopCopy();
  const run = () => vitest(['--reporter', 'verbose', 'generated/tests/cloudfn.contract.test.ts', '-t', '^ping ']);
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

test('in mock mode the contract\'s own examples get their answers, so the generated contract tests pass before any function is written', () => {
  const { copy, vitest } = shopCopy();
  // getOrder's example is a declared error (ORDER_NOT_FOUND with data), ping's a subset answer.
  expect(cloudfn(['gen', '--mock'], copy).status).toBe(0);
  const run = vitest(['--reporter', 'verbose']);
  const out = run.stdout + run.stderr;
  expect(out).toMatch(/example: missing order/);
  expect(out).toMatch(/example: the echo comes back/);
  expect(out, out.slice(-3000)).toMatch(/Tests\s+\d+ passed/);
  expect(run.status).toBe(0);
});

test('every function\'s contract tests run from the one file with vitest\'s defaults; a broken implementation fails its own tests there and no other function\'s', () => {
  const { copy, vitest } = shopCopy();
  const run = () => vitest(['--reporter', 'verbose']);
  const all = run();
  const out = all.stdout + all.stderr;
  expect(out).toMatch(/Test Files\s+1 passed \(1\)/);
  // Each of the example's seven functions ran its suite, PHP functions among them.
  for (const name of ['getOrder', 'getOrderPhp', 'listCategories', 'ping', 'submitOrder', 'submitOrderPhp', 'user-login']) expect(out).toContain(`${name} > valid inputs give contract-valid answers`);
  expect(all.status).toBe(0);
  // The same broken implementation as above fails ping's tests, and only those.
  dropServerTime(copy);
  const broken = run();
  const failed = [...(broken.stdout + broken.stderr).matchAll(/^\s*× (.+?)(?: \d+ms)?$/gm)].map((m) => m[1]!);
  expect(failed.length).toBeGreaterThan(0);
  expect(failed.filter((t) => !t.startsWith('generated/tests/cloudfn.contract.test.ts > ping > '))).toEqual([]);
  expect(broken.status).not.toBe(0);
}, 300_000);

test('a function that takes any object (no invalid input to send) and declares no errors: its suite passes with what it has, not failed as empty', () => {
  const { copy, vitest } = shopCopy();
  writeFileSync(path.join(copy, 'schemas/anything.fn.json'), JSON.stringify({ name: 'anything', input: { type: 'object' }, output: { type: 'object' } }));
  expect(cloudfn(['gen', '--quiet'], copy).status).toBe(0);
  writeFileSync(path.join(copy, 'functions/anything/impl.ts'), "import type { CallContext, Input, Output } from './contract.js';\nexport default async function anything(input: Input, ctx: CallContext): Promise<Output> {\n  void ctx;\n  return input;\n}\n");
  const r = vitest(['--reporter', 'verbose', 'generated/tests/cloudfn.contract.test.ts', '-t', '^anything ']);
  const out = r.stdout + r.stderr;
  expect(out).toMatch(/anything > valid inputs give contract-valid answers > sample 0/);
  expect(out).not.toMatch(/No test found/);
  expect(r.status, out.slice(-2000)).toBe(0);
});

test("with the handler's service key in a variable of the project's own naming, the declared-error tests build their failing handler with it too", () => {
  const { copy, vitest } = shopCopy();
  const configPath = path.join(copy, 'cloudfn.config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { targets: Record<string, Record<string, unknown>> };
  config.targets['handler'] = { serviceKeyEnv: 'SHOP_SERVICE_KEY' };
  writeFileSync(configPath, JSON.stringify(config));
  expect(cloudfn(['gen', '--quiet'], copy).status).toBe(0);
  const r = vitest(['--reporter', 'verbose', 'generated/tests/cloudfn.contract.test.ts', '-t', 'declared errors']);
  const out = r.stdout + r.stderr;
  expect(out).toMatch(/submitOrder > declared errors reach the client typed > OUT_OF_STOCK/);
  expect(out).not.toMatch(/SERVICE_KEY_NOT_CONFIGURED/);
  expect(r.status, out.slice(-2000)).toBe(0);
});

test('a function that takes signed requests only: its contract tests sign what they send (client and raw posts alike) and pass', () => {
  const { copy, vitest } = shopCopy();
  const contractPath = path.join(copy, 'schemas/ping.fn.json');
  writeFileSync(contractPath, JSON.stringify({ ...(JSON.parse(readFileSync(contractPath, 'utf8')) as object), signing: 'hmac-sha256' }));
  expect(cloudfn(['gen', '--quiet'], copy).status).toBe(0);
  const r = vitest(['--reporter', 'verbose', 'generated/tests/cloudfn.contract.test.ts', '-t', '^ping ']);
  const out = r.stdout + r.stderr;
  // Before, the client refused to send unsigned (SIGNING_SECRET_MISSING) and the raw posts met 500 and 401.
  expect(out).toMatch(/ping > invalid inputs are refused on both sides > \/echo: wrong type/);
  expect(out).not.toMatch(/SIGNING_SECRET_MISSING|SIGNING_SECRET_NOT_CONFIGURED|SIGNATURE_REQUIRED/);
  expect(r.status, out.slice(-2000)).toBe(0);
});
