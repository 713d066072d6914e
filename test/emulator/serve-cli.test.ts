/** `cloudfn serve` as a user runs it: prints its URL, logs each request, reloads with --watch, stops on SIGINT. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { CLI } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

/** Resolves with the first stdout line matching `pattern`, within a bounded time. */
function waitFor(output: { text: string }, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = (): void => {
      const m = pattern.exec(output.text);
      if (m) resolve(m);
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output.text}`));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

test('serve --watch: URL, one log line per request, reload after an edit, clean SIGINT', async () => {
  const dir = tempProject({
    'cloudfn.config.json': { serve: { serviceKey: 'k-123' } },
    'schemas/ping.fn.json': contract(),
  });
  await runGen(resolveConfig({}, dir));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
  try {
    const [, url] = await waitFor(output, /cloudfn serve: (http:\/\/127\.0\.0\.1:\d+)/);
    await waitFor(output, /watching for changes/);
    const call = () => fetch(`${url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'k-123' }, body: '{}' });
    expect((await call()).status).toBe(501);
    await waitFor(output, /^POST \/ping ping 501 [\d.]+ms [0-9a-f]{32}$/m);

    writeFileSync(
      path.join(dir, 'functions/ping/impl.ts'),
      `import type { CallContext, Input, Output } from './contract.js';\nexport default async function ping(input: Input, ctx: CallContext): Promise<Output> {\n  return { pong: true };\n}\n`,
    );
    await waitFor(output, /reloaded/);
    const res = await call();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pong: true });

    // A contract edit: serve says plainly that the generated handlers are now stale.
    writeFileSync(path.join(dir, 'schemas/ping.fn.json'), JSON.stringify(contract({ description: 'edited' })));
    await waitFor(output, /a contract changed: run `npx cloudfn gen`/);
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
  expect(output.text).toContain('cloudfn serve: stopped');
});

test('serve --watch: an implementation saved by replacing the file (a temporary file renamed over it) reloads every time', async () => {
  const dir = tempProject({ 'cloudfn.config.json': { serve: { serviceKey: 'k-123' } }, 'schemas/ping.fn.json': contract() });
  await runGen(resolveConfig({}, dir));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
  const impl = path.join(dir, 'functions/ping/impl.ts');
  try {
    const [, url] = await waitFor(output, /cloudfn serve: (http:\/\/127\.0\.0\.1:\d+)/);
    await waitFor(output, /watching for changes/);
    for (const [i, pong] of [[1, true], [2, false], [3, true]] as const) {
      const temp = path.join(dir, 'functions/ping/impl.ts.saving');
      writeFileSync(temp, implemented.replace('pong: true', `pong: ${pong}`));
      renameSync(temp, impl);
      await waitFor(output, new RegExp(`(reloaded[^\\n]*\\n[^]*){${i}}`));
      const res = await fetch(`${url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'k-123' }, body: '{}' });
      expect(await res.json()).toEqual({ pong });
    }
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
  }
});

/** Starts `cloudfn serve` in `dir`, runs `body` with its URL and output, then stops it. */
async function serving(dir: string, args: string[], env: Record<string, string>, body: (url: string, output: { text: string }) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...env } });
  const output = { text: '' };
  child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
  try {
    const [, url] = await waitFor(output, /cloudfn serve: (http:\/\/127\.0\.0\.1:\d+)/);
    await body(url!, output);
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
  }
}

const implemented = `import type { CallContext, Input, Output } from './contract.js';\nexport default async function ping(input: Input, ctx: CallContext): Promise<Output> {\n  return { pong: true };\n}\n`;

test('out of the box: no key configured, serve prints a local key and its routes, and calls with it succeed', async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract() });
  await runGen(resolveConfig({}, dir));
  writeFileSync(path.join(dir, 'functions/ping/impl.ts'), implemented);
  await serving(dir, [], {}, async (url, output) => {
    const [, key] = await waitFor(output, /X-WX-SERVICE-KEY: (\S+)\s+\(local default\)/);
    await waitFor(output, new RegExp(`POST ${url.replace(/\./g, '\\.')}/ping\\s+→ ping`));
    await waitFor(output, /cgi-bin\/token\?grant_type=client_credential&appid=\S+&secret=\S+/);
    const res = await fetch(`${url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': key! }, body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pong: true });
    // The HTTP API path with the printed local API key.
    const [, apiKey] = await waitFor(output, /v1\/functions\/<function> with Authorization: Bearer (\S+)\s+\(local default\)/);
    const api = await fetch(`${url}/v1/functions/ping`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey!}` }, body: '{}' });
    expect([api.status, await api.json()]).toEqual([200, { pong: true }]);
  });
});

test('the key exported in the shell is the one the gateway and the functions use', async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract() });
  await runGen(resolveConfig({}, dir));
  writeFileSync(path.join(dir, 'functions/ping/impl.ts'), implemented);
  await serving(dir, [], { CLOUDFN_SERVICE_KEY: 'from-shell' }, async (url, output) => {
    await waitFor(output, /X-WX-SERVICE-KEY: from-shell\s+\(\$CLOUDFN_SERVICE_KEY\)/);
    const call = (key: string) => fetch(`${url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': key }, body: '{}' });
    expect((await call('from-shell')).status).toBe(200);
    expect((await call('cloudfn-local-service-key')).status).toBe(401);
  });
});

test('serve honours --schemas, --functions and --mock', async () => {
  const examples = [{ name: 'refused', input: { echo: 'no' }, error: { code: 'REFUSED' } }];
  const dir = tempProject({ 'cloudfn.config.json': { serve: { serviceKey: 'k' } }, 'contracts/ping.fn.json': contract({ errors: { REFUSED: { status: 409 } }, examples }) });
  await runGen(resolveConfig({ schemas: 'contracts', functions: 'cloud' }, dir));
  // Mock mode was not generated: serve builds the mock, and its example matching, in memory.
  expect(existsSync(path.join(dir, 'cloud/_cloudfn/mock-examples.ts'))).toBe(false);
  await serving(dir, ['--schemas', 'contracts', '--functions', 'cloud', '--mock'], {}, async (url, output) => {
    await waitFor(output, /mock mode/);
    const call = (body: string) => fetch(`${url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'k' }, body });
    const res = await call('{}');
    // The scaffold would answer 501; the mock answers a schema-valid sample.
    expect(res.status).toBe(200);
    expect(typeof ((await res.json()) as { pong: unknown }).pong).toBe('boolean');
    // The contract's example gets its declared error.
    const refused = await call('{"echo":"no"}');
    expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([409, 'REFUSED']);
  });
});

test('serve --mock says which PHP functions it cannot mock, and how to; after gen --mock it mocks them', async () => {
  const examples = [{ name: 'refused', input: { echo: 'no' }, error: { code: 'REFUSED' } }];
  const dir = tempProject({ 'cloudfn.config.json': { serve: { serviceKey: 'k' } }, 'schemas/ping-php.fn.json': contract({ name: 'ping-php', runtime: 'php', errors: { REFUSED: { status: 409 } }, examples }) });
  await runGen(resolveConfig({}, dir));
  const hint = /PHP functions \(ping-php\) run from their folders as generated, with impl\.php: `serve --mock` cannot mock them; run `npx cloudfn gen --mock`/;
  await serving(dir, ['--mock'], {}, async (_url, output) => {
    await waitFor(output, hint);
  });
  await runGen(resolveConfig({ mock: true }, dir));
  await serving(dir, ['--mock'], {}, async (url, output) => {
    await waitFor(output, /HTTP API/);
    expect(output.text).not.toMatch(hint);
    const refused = await fetch(`${url}/ping-php`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'k' }, body: '{"echo":"no"}' });
    expect(refused.status).toBe(409);
  });
});

test('serving beyond this machine needs a key of its own', () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract() });
  const r = spawnSync(process.execPath, [CLI, 'serve', '--host', '0.0.0.0', '--port', '0'], { cwd: dir, encoding: 'utf8', timeout: 20_000, env: { PATH: process.env['PATH'] ?? '' } });
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe('serving on 0.0.0.0 needs a service key of your own: set serve.serviceKey in cloudfn.config.json or export CLOUDFN_SERVICE_KEY (the local default is only used on 127.0.0.1)');
});

test("a crash's stack trace in serve's log names the user's impl.ts line, not a temporary bundle", async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract() });
  await runGen(resolveConfig({}, dir));
  writeFileSync(
    path.join(dir, 'functions/ping/impl.ts'),
    `import type { CallContext, Input, Output } from './contract.js';\nexport default async function ping(input: Input, ctx: CallContext): Promise<Output> {\n  void input;\n  void ctx;\n  throw new Error('boom in impl');\n}\n`,
  );
  await serving(dir, [], {}, async (url, output) => {
    const res = await fetch(`${url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'cloudfn-local-service-key' }, body: '{}' });
    expect(res.status).toBe(500);
    await waitFor(output, /Error: boom in impl\n\s+at .*functions\/ping\/impl\.ts:5:9\)/);
  });
});

test('serve says at start when PHP functions cannot run because there is no php on PATH (and not when there is)', async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract(), 'schemas/pong.fn.json': contract({ name: 'pong', runtime: 'php' }) });
  await runGen(resolveConfig({}, dir));
  const noPhp = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-path-'));
  await serving(dir, [], { PATH: noPhp }, async (_url, output) => {
    await waitFor(output, /^ {2}PHP functions \(pong\) run with the php on PATH, and there is none: install PHP 8 with php-cli, php-curl and php-mbstring; until then they answer 502$/m);
  });
  await serving(dir, [], { PATH: process.env['PATH'] ?? '' }, async (_url, output) => {
    await waitFor(output, /HTTP API/);
    expect(output.text).not.toContain('PHP functions');
  });
});
