/**
 * A generated project end to end: the scaffold answers 501, a user's impl.ts
 * survives `cloudfn gen` byte for byte, and the deployable folder runs with
 * plain `node`, copied away from any node_modules.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'acorn';
import { afterAll, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runCheckAll, runGen } from '../../generator/pipeline.js';
import { buildShop, SHOP_DIR } from '../helpers/built-shop.js';
import { SERVICE_KEY } from '../helpers/events.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const away: string[] = [];
afterAll(() => away.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Copies functions/<name>/dist to a folder with no node_modules above it and calls main there. */
function callDeployed(project: string, name: string, event: unknown): { result: any; stderr: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-deploy-'));
  away.push(dir);
  cpSync(path.join(project, 'functions', name, 'dist'), dir, { recursive: true });
  const script = `require('./index.js').main(${JSON.stringify(event)}, { request_id: 'req-42' }).then((r) => process.stdout.write(JSON.stringify(r)))`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env['PATH'] ?? '', CLOUDFN_SERVICE_KEY: SERVICE_KEY } });
  expect(r.status, r.stderr).toBe(0);
  return { result: JSON.parse(r.stdout), stderr: r.stderr };
}

const http = (body: unknown) => ({ httpMethod: 'POST', path: '/ping', headers: { 'content-type': 'application/json', 'x-wx-service-key': SERVICE_KEY }, body: JSON.stringify(body), isBase64Encoded: false });

test('scaffold → 501; user impl survives gen; crashes and bad output never leak', async () => {
  const project = tempProject({ 'schemas/ping.fn.json': contract({ errors: { GONE: { status: 410 } } }) });
  const config = resolveConfig({}, project);
  await runGen(config);
  const implPath = path.join(project, 'functions/ping/impl.ts');

  expect(callDeployed(project, 'ping', http({})).result.statusCode).toBe(501);
  expect(JSON.parse(callDeployed(project, 'ping', http({})).result.body)).toEqual({ error: { code: 'NOT_IMPLEMENTED', message: 'ping is not implemented yet' } });

  const crashing = `import type { CallContext, Input, Output } from './contract.js';
export default async function ping(input: Input, ctx: CallContext): Promise<Output> {
  if (input.echo === 'bad-output') return { pong: 'yes' } as unknown as Output;
  throw new Error('db password=hunter2 refused');
}
`;
  writeFileSync(implPath, crashing);
  const mtime = statSync(implPath).mtimeMs;
  await runGen(config);
  expect(readFileSync(implPath, 'utf8')).toBe(crashing);
  expect(statSync(implPath).mtimeMs).toBe(mtime);

  const crash = callDeployed(project, 'ping', http({}));
  expect(crash.result.statusCode).toBe(500);
  expect(JSON.parse(crash.result.body)).toEqual({ error: { code: 'INTERNAL', id: 'req-42' } });
  expect(crash.result.body).not.toContain('hunter2');
  expect(crash.stderr).toContain('[cloudfn] ping INTERNAL id=req-42');
  expect(crash.stderr).toContain('hunter2');

  const bad = callDeployed(project, 'ping', http({ echo: 'bad-output' }));
  expect(bad.result.statusCode).toBe(500);
  expect(JSON.parse(bad.result.body)).toEqual({ error: { code: 'INVALID_OUTPUT', id: 'req-42' } });
  expect(bad.stderr).toContain('"path":"/pong"');

  const pkg = JSON.parse(readFileSync(path.join(project, 'functions/ping/dist/package.json'), 'utf8'));
  expect(pkg).toMatchObject({ name: 'ping', main: 'index.js', dependencies: {} });
});

test('the example functions deploy within 40 KB each', async () => {
  await buildShop();
  const root = path.join(SHOP_DIR, 'functions');
  for (const name of ['getOrder', 'listCategories', 'ping', 'submitOrder', 'user-login']) {
    const size = ['index.js', 'package.json'].reduce((n, f) => n + statSync(path.join(root, name, 'dist', f)).size, 0);
    expect(size, name).toBeLessThanOrEqual(40 * 1024);
  }
});

test('a deployable file is the same whether its function is built with the others or alone', async () => {
  const project = tempProject({ 'schemas/a.fn.json': contract({ name: 'a' }), 'schemas/b.fn.json': contract({ name: 'b' }), 'node_modules/.keep': '' });
  const config = resolveConfig({}, project);
  await runGen(config);
  const together = readFileSync(path.join(project, 'functions/a/dist/index.js'), 'utf8');
  rmSync(path.join(project, 'functions/a/dist'), { recursive: true });
  const { written } = await runGen(config);
  expect(written).toEqual(['functions/a/dist/index.js', 'functions/a/dist/package.json']);
  expect(readFileSync(path.join(project, 'functions/a/dist/index.js'), 'utf8')).toBe(together);
  expect(together.startsWith('// Built by cloudfn from functions/a; deploy this folder as the cloud function "a".')).toBe(true);
});

test('an implementation that does not build: the error names the function and the line', async () => {
  const project = tempProject({ 'schemas/a.fn.json': contract({ name: 'a' }), 'schemas/b.fn.json': contract({ name: 'b' }) });
  const config = resolveConfig({}, project);
  await runGen(config);
  writeFileSync(path.join(project, 'functions/b/impl.ts'), 'export default async function b( {\n');
  rmSync(path.join(project, 'functions/b/dist'), { recursive: true });
  await expect(runGen(config)).rejects.toThrow(/cannot build the deployable folder of "b":\nfunctions\/b\/impl\.ts:2:1 Expected identifier but found end of file$/);
});

test('a bundle that fails leaves every generated file written, the PHP files (written while esbuild builds) included', async () => {
  const project = tempProject({ 'schemas/a.fn.json': contract({ name: 'a' }), 'schemas/b.fn.json': contract({ name: 'b' }) });
  const config = resolveConfig({}, project);
  await runGen(config);
  writeFileSync(path.join(project, 'functions/b/impl.ts'), 'export default async function b( {\n');
  const changed = contract({ name: 'a', input: { type: 'object', properties: { echo: { type: 'string' }, count: { type: 'integer' } } } });
  writeFileSync(path.join(project, 'schemas/a.fn.json'), JSON.stringify(changed));
  await expect(runGen(config)).rejects.toThrow(/cannot build the deployable folder of "b"/);
  expect(readFileSync(path.join(project, 'generated/php/src/Model/AInput.php'), 'utf8')).toContain("'count' => ['int', false]");
  const { drift } = await runCheckAll(config, [], { impl: false });
  expect(drift.map((d) => `${d.state} ${d.file.displayPath}`)).toEqual([]);
});

test('the deployable bundles are plain ES2022, which Node 16 (the oldest runtime CloudBase offers) parses', async () => {
  await buildShop();
  const bundles = readdirSync(path.join(SHOP_DIR, 'functions'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
    .map((e) => path.join(SHOP_DIR, 'functions', e.name, 'dist/index.js'))
    .filter((f) => existsSync(f));
  expect(bundles.length).toBeGreaterThan(3);
  for (const file of bundles) expect(() => parse(readFileSync(file, 'utf8'), { ecmaVersion: 2022, sourceType: 'script' }), file).not.toThrow();
  // The check can fail: newer syntax is refused.
  expect(() => parse('#!/usr/bin/env node\nx', { ecmaVersion: 2022, sourceType: 'script' })).toThrow();
});

test('deploy.sourceMap: the deployable folder carries a map, and a crash trace names the impl.ts line; off again, the map is gone', async () => {
  const project = tempProject({ 'cloudfn.config.json': { deploy: { sourceMap: true } }, 'schemas/ping.fn.json': contract() });
  const config = resolveConfig({}, project);
  const first = await runGen(config);
  // The summary counts what it wrote: the map files and cloudbaserc.json included.
  expect(first.written.length).toBe(first.total);
  writeFileSync(
    path.join(project, 'functions/ping/impl.ts'),
    `import type { CallContext, Input, Output } from './contract.js';\nexport default async function ping(input: Input, ctx: CallContext): Promise<Output> {\n  void input;\n  void ctx;\n  throw new Error('boom in impl');\n}\n`,
  );
  await runGen(config);
  expect(readdirSync(path.join(project, 'functions/ping/dist')).sort()).toEqual(['index.js', 'main.js', 'main.js.map', 'package.json']);
  const { result, stderr } = callDeployed(project, 'ping', http({}));
  expect(result.statusCode).toBe(500);
  expect(stderr).toMatch(/Error: boom in impl\n\s+at .*functions\/ping\/impl\.ts:5:9\)/);
  writeFileSync(path.join(project, 'cloudfn.config.json'), '{}');
  await runGen(resolveConfig({}, project));
  expect(readdirSync(path.join(project, 'functions/ping/dist')).sort()).toEqual(['index.js', 'package.json']);
});
