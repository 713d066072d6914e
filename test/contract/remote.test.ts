/**
 * The generated contract tests of examples/shop run against a deployed environment: here
 * `cloudfn serve` started as a separate process stands in for the remote. Only idempotent
 * functions get valid inputs unless CLOUDFN_TEST_ALL=1; both remote transports work.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildShop, SHOP_DIR } from '../helpers/built-shop.js';
import { CLI, REPO_ROOT } from '../helpers/cli.js';

let url: string;
const log = { text: '' };
let serve: ReturnType<typeof spawn>;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-remote-'));

beforeAll(async () => {
  await buildShop();
  serve = spawn(process.execPath, [CLI, 'serve', '--built', '--port', '0'], { cwd: SHOP_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  serve.stdout!.on('data', (d: Buffer) => (log.text += d.toString()));
  serve.stderr!.on('data', (d: Buffer) => (log.text += d.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /cloudfn serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(log.text);
    if (m) {
      url = m[1]!;
      break;
    }
    if (Date.now() > deadline) throw new Error(`serve did not start:\n${log.text}`);
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => {
  serve.kill('SIGINT');
  await new Promise((r) => serve.on('exit', r));
  rmSync(tmp, { recursive: true, force: true });
});

interface Report {
  success: boolean;
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
}

/**
 * Runs the example's generated tests in a vitest process of their own, with `env`. Asynchronously:
 * this process must keep reading serve's log meanwhile, or serve would block on a full pipe.
 */
async function runGeneratedTests(env: Record<string, string>, name: string): Promise<Report> {
  const out = path.join(tmp, `${name}.json`);
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'examples/shop/generated/tests', '--reporter=json', `--outputFile=${out}`], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  // The last log lines of serve may still be on their way.
  await new Promise((r) => setTimeout(r, 200));
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

const results = (report: Report) => report.testResults.flatMap((f) => f.assertionResults);
const requests = (pattern: RegExp): number => log.text.split('\n').filter((l) => pattern.test(l)).length;

test('over the HTTP trigger: idempotent functions get every case; the others only invalid inputs (refused before their code runs)', async () => {
  const before = log.text.length;
  const report = await runGeneratedTests({ CLOUDFN_TEST_TARGET: url, CLOUDFN_TEST_SERVICE_KEY: 'local-dev-service-key' }, 'http');
  const all = results(report);
  expect(all.filter((t) => t.status === 'failed').map((t) => t.fullName)).toEqual([]);
  expect(report.success).toBe(true);
  // submitOrder is not idempotent: its valid cases are skipped, with the reason in the title.
  const submit = all.filter((t) => t.fullName.startsWith('submitOrder valid inputs'));
  expect(submit.length).toBeGreaterThan(0);
  expect(submit.every((t) => t.status === 'skipped' && t.fullName.includes('not idempotent'))).toBe(true);
  const ping = all.filter((t) => t.fullName.startsWith('ping valid inputs'));
  expect(ping.length).toBeGreaterThan(0);
  expect(ping.every((t) => t.status === 'passed')).toBe(true);
  // Declared errors need a failing implementation: not run remotely.
  expect(all.some((t) => t.fullName.startsWith('getOrder declared errors'))).toBe(false);
  // What reached the "remote": ping answered 200s, getOrder its declared 404; submitOrder only ever refused input.
  const seen = log.text.slice(before);
  expect(seen).toMatch(/^POST \/ping ping 200 /m);
  expect(seen).toMatch(/^POST \/orders\/get getOrder 404 /m);
  expect(seen).not.toMatch(/^POST \/orders\/submit submitOrder 200 /m);
  expect(seen).toMatch(/^POST \/orders\/submit submitOrder 400 /m);
});

test('CLOUDFN_TEST_ALL=1 calls every function; the HTTP API transport works the same way', async () => {
  const before = log.text.length;
  const report = await runGeneratedTests({ CLOUDFN_TEST_API_ENV: 'shop-dev', CLOUDFN_TEST_API_KEY: 'local-dev-api-key', CLOUDFN_TEST_API_BASE_URL: url, CLOUDFN_TEST_ALL: '1' }, 'api');
  const all = results(report);
  expect(all.filter((t) => t.status === 'failed').map((t) => t.fullName)).toEqual([]);
  expect(all.filter((t) => t.fullName.startsWith('submitOrder valid inputs')).every((t) => t.status === 'passed')).toBe(true);
  expect(requests(/^POST \/v1\/functions\/submitOrder submitOrder 200 /)).toBeGreaterThan(0);
  expect(log.text.slice(before)).not.toMatch(/^POST \/orders\//m);
});

test('a target without its key is a clear error, not a silent local run', async () => {
  const report = await runGeneratedTests({ CLOUDFN_TEST_TARGET: url }, 'nokey');
  expect(report.success).toBe(false);
  expect(JSON.stringify(report)).toContain('CLOUDFN_TEST_TARGET is set: set CLOUDFN_TEST_SERVICE_KEY');
});
