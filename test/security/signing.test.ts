/**
 * Signed requests (`"signing": "hmac-sha256"`): the TypeScript and PHP clients sign timestamp,
 * nonce and body; the Node and PHP handlers verify in constant time, refuse a tampered body, an
 * old timestamp and a replay, and fail closed without a secret. Against the emulator over HTTP.
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { runGen } from '../../generator/pipeline.js';
import { php } from '../helpers/php.js';
import { tempProject } from '../helpers/temp-project.js';

const KEY = 'signing-service-key';
const SECRET = 'shared-signing-secret-0123456789';
const io = { input: { type: 'object', properties: { n: { type: 'integer' } } }, output: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } };
let dir: string;
let emu: Emulator;
let unconfigured: Emulator;

beforeAll(async () => {
  dir = tempProject({
    'cloudfn.config.json': { signing: 'hmac-sha256', serve: { serviceKey: KEY, functions: { echo: { env: { CLOUDFN_SIGNING_SECRET: SECRET } }, 'echo-php': { env: { CLOUDFN_SIGNING_SECRET: SECRET } } } } },
    'schemas/echo.fn.json': { name: 'echo', ...io },
    'schemas/echo-php.fn.json': { name: 'echo-php', runtime: 'php', ...io },
    'schemas/open.fn.json': { name: 'open', signing: 'none', ...io },
  });
  await runGen(resolveConfig({}, dir));
  const impl = `import type { CallContext, Input, Output } from './contract.js';\nexport default async function f(input: Input, ctx: CallContext): Promise<Output> {\n  void ctx;\n  return { n: input.n ?? 0 };\n}\n`;
  writeFileSync(path.join(dir, 'functions/echo/impl.ts'), impl);
  writeFileSync(path.join(dir, 'functions/open/impl.ts'), impl);
  writeFileSync(path.join(dir, 'functions/echo-php/impl.php'), `<?php\n\ndeclare(strict_types=1);\n\nreturn static function (array $input, array $context): array {\n    return ['n' => $input['n'] ?? 0];\n};\n`);
  emu = await startEmulator({ projectDir: dir });
  const config = resolveConfig({}, dir);
  unconfigured = await startEmulator({ config: { ...config, serve: { ...config.serve, functions: {} } } });
});
afterAll(async () => {
  await emu.close();
  await unconfigured.close();
});

function signed(body: string, opts: { secret?: string; timestamp?: number; nonce?: string } = {}): Record<string, string> {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? Math.random().toString(36).slice(2);
  const signature = createHmac('sha256', opts.secret ?? SECRET).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-wx-service-key': KEY, 'x-cloudfn-timestamp': timestamp, 'x-cloudfn-nonce': nonce, 'x-cloudfn-signature': signature };
}
const post = async (url: string, p: string, body: string, headers: Record<string, string>) => {
  const res = await fetch(`${url}${p}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as { n?: number; error?: { code: string } } };
};

describe.each([
  ['the Node handler', '/echo'],
  ['the PHP handler', '/echo-php'],
])('%s', (_label, p) => {
  test('a good signature is accepted', async () => {
    const body = '{"n":7}';
    expect(await post(emu.url, p, body, signed(body))).toEqual({ status: 200, body: { n: 7 } });
  });

  test.each([
    ['no signature headers', () => ({ 'content-type': 'application/json', 'x-wx-service-key': KEY }), '{"n":1}', 'SIGNATURE_REQUIRED'],
    ['a tampered body', () => signed('{"n":1}'), '{"n":1000}', 'BAD_SIGNATURE'],
    ['the wrong secret', () => signed('{"n":1}', { secret: 'not-the-secret' }), '{"n":1}', 'BAD_SIGNATURE'],
    ['a timestamp 10 minutes old', () => signed('{"n":1}', { timestamp: Math.floor(Date.now() / 1000) - 600 }), '{"n":1}', 'SIGNATURE_EXPIRED'],
  ])('%s: 401', async (_n, headers, body, code) => {
    expect(await post(emu.url, p, body, headers())).toEqual({ status: 401, body: { error: expect.objectContaining({ code }) } });
  });

  test('a replay is refused', async () => {
    const body = '{"n":2}';
    const headers = signed(body, { nonce: `replay-${p}` });
    expect((await post(emu.url, p, body, headers)).status).toBe(200);
    // The PHP emulator runs each call in a fresh process: its nonces live in one instance only, as on the platform.
    if (p === '/echo') expect(await post(emu.url, p, body, headers)).toEqual({ status: 401, body: { error: expect.objectContaining({ code: 'REPLAYED' }) } });
  });

  test('fails closed when the function has no secret', async () => {
    const body = '{"n":3}';
    expect(await post(unconfigured.url, p, body, signed(body))).toEqual({ status: 500, body: { error: expect.objectContaining({ code: 'SIGNING_SECRET_NOT_CONFIGURED' }) } });
  });
});

test('a contract can opt out of the project-wide signing', async () => {
  expect(await post(emu.url, '/open', '{"n":4}', { 'content-type': 'application/json', 'x-wx-service-key': KEY })).toEqual({ status: 200, body: { n: 4 } });
});

test('the TypeScript client signs; without the secret it refuses to send', async () => {
  const generated = (await import(path.join(dir, 'generated/client.ts'))) as { createClient: (o: unknown) => Record<string, (i: unknown) => Promise<unknown>>; UnauthorizedError: abstract new (...args: never[]) => unknown };
  const { createClient, UnauthorizedError } = generated;
  const good = createClient({ http: { baseUrl: emu.url, serviceKey: KEY, signingSecret: SECRET } });
  expect(await good['echo']!({ n: 5 })).toEqual({ n: 5 });
  expect(await good['echoPhp']!({ n: 6 })).toEqual({ n: 6 });
  const wrong = await createClient({ http: { baseUrl: emu.url, serviceKey: KEY, signingSecret: 'nope' } })['echo']!({ n: 1 }).catch((e: unknown) => e);
  expect(wrong).toBeInstanceOf(UnauthorizedError);
  expect(wrong).toMatchObject({ code: 'BAD_SIGNATURE', hint: "sign requests with the function's signing secret (http.signingSecret) and keep this server's clock in sync" });
  const before = emu.stats().requests;
  const missing = await createClient({ http: { baseUrl: emu.url, serviceKey: KEY } })['echo']!({ n: 1 }).catch((e: unknown) => e);
  expect(missing).toMatchObject({ code: 'SIGNING_SECRET_MISSING', message: 'echo takes signed requests only; nothing was sent' });
  expect(emu.stats().requests).toBe(before);
});

test('the PHP client signs', async () => {
  const script = path.join(dir, 'call.php');
  writeFileSync(
    script,
    `<?php
declare(strict_types=1);
spl_autoload_register(static function (string $class): void {
    $prefix = 'CloudFn\\\\Generated\\\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {
        require __DIR__ . '/generated/php/src/' . str_replace('\\\\', '/', substr($class, strlen($prefix))) . '.php';
    }
});
$out = [];
foreach (['${SECRET}', 'wrong-secret'] as $secret) {
    $client = new CloudFn\\Generated\\Client(['http' => ['baseUrl' => $argv[1], 'serviceKey' => '${KEY}', 'signingSecret' => $secret]]);
    try {
        $out[] = $client->echo(CloudFn\\Generated\\Model\\EchoInput::fromArray(['n' => 9]))->toArray();
    } catch (CloudFn\\Generated\\Exception\\CloudFnException $e) {
        $out[] = ['code' => $e->getCode(), 'hint' => $e->getHint()];
    }
}
echo json_encode($out);
`,
  );
  const r = await php([script, emu.url]);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([{ n: 9 }, { code: 'BAD_SIGNATURE', hint: "sign requests with the function's signing secret (http.signingSecret) and keep this server's clock in sync" }]);
});
