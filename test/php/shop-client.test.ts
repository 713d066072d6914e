/** The generated PHP client of examples/shop, run by real `php` against the emulator over real HTTP. */
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { buildShop, SHOP_DIR } from '../helpers/built-shop.js';
import { phpJson } from '../helpers/php.js';

const KEY = 'local-dev-service-key';
const API_KEY = 'local-dev-api-key';

type Result = Record<string, any>;

let emu: Emulator;
beforeAll(async () => {
  await buildShop();
  emu = await startEmulator({ projectDir: SHOP_DIR, built: true });
});
afterAll(() => emu.close());

const http = (baseUrl = emu.url, serviceKey = KEY) => ({ http: { baseUrl, serviceKey } });
const api = (extra: Record<string, unknown> = {}, baseUrl = emu.url) => ({ api: { envId: emu.env, apiKey: API_KEY, baseUrl, ...extra }, retry: false });
const cloud = (extra: Record<string, unknown> = {}) => ({ cloud: { appId: emu.appId, appSecret: emu.appSecret, env: emu.env, apiBaseUrl: emu.url, tokenStore: undefined, ...extra } });
const run = (scenario: string, options: unknown): Promise<Result> => phpJson<Result>('shop-client.php', [scenario, JSON.stringify(options)]);

/** Everything a PHP app could print or log about an exception. */
const printed = (r: Result): string => [r['message'], r['string'], r['trace'], JSON.stringify(r['requests'])].join('\n');

describe.each([
  ['HTTP trigger', () => http()],
  ['HTTP API', () => api()],
  ['WeChat API', () => cloud({ tokenStorePath: path.join(os.tmpdir(), `cloudfn-php-${process.pid}-all.json`) })],
])('%s', (_label, options) => {
  test('every function answers with its typed model', async () => {
    const r = await run('all', options());
    expect(r['ping']).toMatchObject({ pong: true, echo: 'hi' });
    expect(r['submitOrder']).toMatchObject({ status: 'pending_payment', total: { amount: 7600, currency: 'CNY' } });
    expect(r['paymentClass']).toBe('CloudFn\\Generated\\Model\\GetOrderOutputPaymentWechatPay');
    expect(r['transactionId']).toBe('4200001234202611010000000001');
    expect(r['categories'].categories.map((c: { id: string }) => c.id)).toEqual(['tea', 'ware']);
    expect(r['userLogin'].user).toEqual({ openId: expect.any(String), nickname: null, isNew: true });
    expect(r['raw']).toMatchObject({ pong: true, echo: 'raw' });
  });

  test('declared errors arrive as the function exception, with an enum code and typed data', async () => {
    const r = await run('declared', options());
    expect(r['soldOut']).toMatchObject({
      class: 'SubmitOrderException', code: 'OUT_OF_STOCK', status: 409, isOutOfStock: true,
      dataClass: 'CloudFn\\Generated\\Model\\SubmitOrderOutOfStockData', data: { sku: 'SOLD-OUT', available: 0 },
    });
    expect(r['notFound']).toMatchObject({ class: 'GetOrderException', code: 'ORDER_NOT_FOUND', data: { orderId: 'ord_0000000000' } });
  });
});

describe('failures: class, code and hint, as the TypeScript client gives them', () => {
  test('invalid input is refused in PHP with JSON pointers, and nothing is sent', async () => {
    const before = emu.stats().requests;
    const r = await run('invalid-input', http());
    expect(r).toMatchObject({ class: 'InvalidInputException', code: 'INVALID_INPUT', issues: [{ path: '/items/0/quantity', message: 'must be >= 1' }] });
    expect(r['requests']).toEqual([]);
    expect(emu.stats().requests).toBe(before);
  });

  test('text that is not UTF-8 (GBK from an older database) is refused with its pointer and the fix, nothing sent; with validation off, as input JSON cannot carry', async () => {
    const before = emu.stats().requests;
    const checked = await run('gbk-input', http());
    expect(checked).toMatchObject({ class: 'InvalidInputException', code: 'INVALID_INPUT', issues: [{ path: '/echo', message: "is not UTF-8 text; convert it first, e.g. mb_convert_encoding($text, 'UTF-8', 'GBK')" }] });
    const unchecked = await run('gbk-input', { ...http(), validateInput: false });
    expect(unchecked).toMatchObject({ class: 'InvalidInputException', code: 'INVALID_INPUT', message: 'the input cannot be written as JSON (Malformed UTF-8 characters, possibly incorrectly encoded); nothing was sent' });
    expect([checked['requests'], unchecked['requests']]).toEqual([[], []]);
    expect(emu.stats().requests).toBe(before);
  });

  test('404: trigger not enabled', async () => {
    const r = await run('ping', http(`${emu.url}/not-mounted`));
    expect(r).toMatchObject({ class: 'TriggerNotEnabledException', status: 404, code: 'INVALID_PATH', functionName: 'ping', hint: 'enable the HTTP trigger (HTTP access service) for this path and publish the function' });
    expect(r['requestId']).toMatch(/^[0-9a-f]{32}$/);
  });

  test('401: a wrong service key is never printed, not even in a trace', async () => {
    const wrong = 'sk-live-do-not-print-me';
    const r = await run('ping', http(emu.url, wrong));
    expect(r).toMatchObject({ class: 'UnauthorizedException', status: 401, code: 'UNAUTHORIZED', hint: 'send the service key from the HTTP access service security settings, not the env id or the AppID' });
    expect(printed(r)).not.toContain(wrong);
  });

  test('403: this server is not on the whitelist', async () => {
    const closed = await startEmulator({ projectDir: SHOP_DIR, built: true, allowIps: ['10.0.0.0/8'] });
    try {
      expect(await run('ping', http(closed.url))).toMatchObject({ class: 'IpNotAllowedException', status: 403, hint: "add this server's public IP to the security whitelist" });
    } finally {
      await closed.close();
    }
  });

  test('502 from a crashed function, and an answer that breaks the contract', async () => {
    const odd = await startEmulator({
      functions: [
        { name: 'ping', main: () => ({ pong: 'yes', serverTime: 'now' }) },
        { name: 'submitOrder', httpPath: '/orders/submit', main: () => { throw new Error('crashed'); } },
      ],
    });
    try {
      const bad = await run('ping', http(odd.url, 'k'));
      expect(bad).toMatchObject({ class: 'InvalidOutputException', code: 'INVALID_OUTPUT', hint: 'caller and function disagree on the contract: regenerate and redeploy both' });
      expect(bad['issues']).toEqual([{ path: '/pong', message: 'must be true' }, { path: '/serverTime', message: 'must be a valid date-time' }]);
      const crashed = await run('submit', { ...http(odd.url, 'k'), retry: false });
      expect(crashed).toMatchObject({ class: 'GatewayException', status: 502, hint: 'the function is not published, crashed or timed out; check its logs with the request id' });
    } finally {
      await odd.close();
    }
  });

  test('network failure names only the origin', async () => {
    const r = await run('ping', { ...http('http://127.0.0.1:9', 'secret-key-xyz'), retry: false });
    expect(r).toMatchObject({ class: 'NetworkException', code: 'NETWORK', hint: 'check the base URL and that this server can reach it' });
    expect(r['message']).toContain('could not reach http://127.0.0.1:9');
    expect(printed(r)).not.toContain('secret-key-xyz');
  });

  test("an invoke answer without the function's answer (no resp_data) is WeChatApiException -1, not errcode 0", async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url!.startsWith('/cgi-bin/token') ? '{"access_token":"token-0123456789","expires_in":7200}' : '{"errcode":0,"errmsg":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const r = await run('ping', { cloud: { appId: 'wx1', appSecret: 's', env: 'e', apiBaseUrl: `http://127.0.0.1:${port}` }, retry: false });
      expect(r).toMatchObject({ class: 'WeChatApiException', errcode: -1, code: 'WECHAT_-1', message: "the WeChat API answered without resp_data (the function's answer)" });
    } finally {
      server.close();
    }
  });

  test('a 200 answer of JSON null breaks the contract (as in TypeScript); an answer that is not JSON says so', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/ping' ? 'null' : '{"pong":');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const nullAnswer = await run('ping', { ...http(`http://127.0.0.1:${port}`, 'k'), retry: false });
      expect(nullAnswer).toMatchObject({ class: 'InvalidOutputException', code: 'INVALID_OUTPUT', message: 'the answer does not match the contract: / must be object', hint: 'caller and function disagree on the contract: regenerate and redeploy both' });
      expect(nullAnswer['issues']).toEqual([{ path: '/', message: 'must be object' }]);
      const cut = await run('submit', { ...http(`http://127.0.0.1:${port}`, 'k'), retry: false });
      expect(cut).toMatchObject({ class: 'InvalidOutputException', code: 'INVALID_OUTPUT', message: 'the answer is not JSON', issues: [] });
    } finally {
      server.close();
    }
  });

  test('WeChat API errcodes: wrong AppSecret, wrong env; secrets and tokens never printed', async () => {
    const secret = 'wrong-app-secret-zzz';
    const bad = await run('ping', cloud({ appSecret: secret, tokenStorePath: path.join(os.tmpdir(), `cloudfn-php-${process.pid}-bad.json`) }));
    expect(bad).toMatchObject({ class: 'WeChatApiException', errcode: 40001, code: 'WECHAT_40001', hint: 'check the AppSecret (reset it in the WeChat console if it leaked)' });
    expect(printed(bad)).not.toContain(secret);
    const wrongEnv = await run('ping', cloud({ env: 'nope', tokenStorePath: path.join(os.tmpdir(), `cloudfn-php-${process.pid}-env.json`) }));
    expect(wrongEnv).toMatchObject({ class: 'WeChatApiException', errcode: -501000, hint: 'check the env id, the function name, and that the function is deployed in this env' });
    expect(wrongEnv['requests'][0].url).toContain('access_token=***');
    expect(printed(wrongEnv)).not.toContain(emu.appSecret);
  });
});

describe('the CloudBase HTTP API transport: failures and hints, as the TypeScript client gives them', () => {
  test('it POSTs /v1/functions/{name}; a wrong API key is UnauthorizedException with its hint and never printed', async () => {
    const wrong = 'sk-wrong-api-key-do-not-print';
    const r = await run('ping', api({ apiKey: wrong }));
    expect(r).toMatchObject({ class: 'UnauthorizedException', status: 401, code: 'INVALID_CREDENTIALS', hint: "HTTP API authentication: pass an API key from the console's API Key page" });
    expect(r['requests'][0]).toMatchObject({ transport: 'api', url: `${emu.url}/v1/functions/ping` });
    expect(printed(r)).not.toContain(wrong);
  });

  test('getAccessToken is asked again once after a 401', async () => {
    const r = await run('ping', api({ apiKey: undefined, tokens: ['expired-user-token', API_KEY] }));
    expect(r['ok']).toMatchObject({ pong: true });
    expect(r['asked']).toBe(2);
  });

  test('404: no such function, no such version', async () => {
    const partial = await startEmulator({ apiKeys: [API_KEY], functions: [{ name: 'getOrder', main: () => ({}) }] });
    try {
      expect(await run('ping', api({}, partial.url))).toMatchObject({ class: 'FunctionNotFoundException', status: 404, code: 'FUNCTION_NOT_FOUND', hint: 'check the envId and the function name, and that the function is deployed in this env' });
    } finally {
      await partial.close();
    }
    expect(await run('ping', api({ qualifier: '7' }))).toMatchObject({ class: 'FunctionNotFoundException', code: 'FUNCTION_QUALIFIER_NOT_FOUND', hint: 'no such version: check the qualifier, or leave it out to call the released version' });
  });

  test('the handler refusing input arrives as InvalidInputException (validation off in the client)', async () => {
    const r = await run('invalid-input', { ...api(), validateInput: false });
    expect(r).toMatchObject({ class: 'InvalidInputException', code: 'INVALID_INPUT', issues: [{ path: '/items/0/quantity', message: 'must be >= 1' }] });
  });

  test('502 FUNCTION_INVOCATION_FAILED and 504 FUNCTION_TIME_LIMIT_EXCEEDED are GatewayExceptions', async () => {
    const down = await startEmulator({
      apiKeys: [API_KEY],
      functions: [
        { name: 'ping', timeoutSeconds: 1, main: () => new Promise((r) => setTimeout(r, 3000)) },
        { name: 'submitOrder', main: () => { throw new Error('db down'); } },
      ],
    });
    try {
      expect(await run('submit', api({}, down.url))).toMatchObject({ class: 'GatewayException', status: 502, code: 'FUNCTION_INVOCATION_FAILED', hint: 'the function is not published, crashed or timed out; check its logs with the request id' });
      expect(await run('ping', api({}, down.url))).toMatchObject({ class: 'GatewayException', status: 504, code: 'FUNCTION_TIME_LIMIT_EXCEEDED', hint: "the function did not answer in time; raise the contract's timeoutSeconds or the call's timeoutMs" });
    } finally {
      await down.close();
    }
  });
});

test('HTTP trigger with identity authentication on: bearerToken is sent; without it, the bearer hint', async () => {
  const guarded = await startEmulator({ projectDir: SHOP_DIR, built: true, gatewayAuth: 'bearer', apiKeys: [API_KEY] });
  try {
    expect(await run('ping', http(guarded.url))).toMatchObject({ class: 'UnauthorizedException', status: 401, code: 'MISSING_CREDENTIALS', hint: "identity authentication is on for this path: pass bearerToken, an API key from the console's API Key page" });
    const ok = await run('ping', { http: { baseUrl: guarded.url, serviceKey: KEY, bearerToken: API_KEY } });
    expect(ok['ok']).toMatchObject({ pong: true });
  } finally {
    await guarded.close();
  }
});

describe('time limits', () => {
  let slow: Emulator;
  beforeAll(async () => {
    slow = await startEmulator({ functions: [{ name: 'ping', main: () => new Promise((r) => setTimeout(() => r({ pong: true, serverTime: 'x' }), 3000)) }] });
  });
  afterAll(() => slow.close());

  test('a call past its timeoutMs is a TimeoutException', async () => {
    const r = await run('ping', { ...http(slow.url, 'k'), call: { timeoutMs: 300 }, retry: false });
    expect(r).toMatchObject({ class: 'TimeoutException', hint: "the function did not answer in time; raise the contract's timeoutSeconds or the call's timeoutMs" });
  });
});

describe('the file token store', () => {
  test('a token file other users can read (so not one the store wrote: it writes 0600) is not trusted: no call goes out with its token', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-php-tokens-'));
    try {
      const file = path.join(dir, 'token.json');
      writeFileSync(file, JSON.stringify({ token: 'planted-token', expiresAt: Date.now() + 3_600_000 }));
      chmodSync(file, 0o644);
      const before = emu.stats();
      expect((await run('ping', cloud({ tokenStorePath: file })))['ok']).toMatchObject({ pong: true });
      const after = emu.stats();
      // One token request and one call: not a call with the planted token, refused, first.
      expect([after.tokenRequests - before.tokenRequests, after.requests - before.requests]).toEqual([1, 2]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).not.toContain('planted-token');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the default token file is named with the app secret, so another user of the machine cannot name it in advance', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-php-tmp-'));
    try {
      // The name a local user could compute from public values alone (app id, API base).
      const guessable = `cloudfn-token-${createHash('sha1').update(`${emu.appId}\n${emu.url}`).digest('hex').slice(0, 16)}.json`;
      const r = await phpJson<Result>('shop-client.php', ['ping', JSON.stringify(cloud())], { TMPDIR: dir });
      expect(r['ok']).toMatchObject({ pong: true });
      const files = readdirSync(dir).filter((f) => f.startsWith('cloudfn-token-') && f.endsWith('.json'));
      expect(files).toHaveLength(1);
      expect(files[0]).not.toBe(guessable);
      expect(files[0]).not.toContain(emu.appSecret);
      expect(statSync(path.join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('20 concurrent PHP processes after an expiry fetch exactly one token', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-php-tokens-'));
    try {
      const options = cloud({ tokenStorePath: path.join(dir, 'token.json') });
      expect((await run('ping', options))['ok']).toMatchObject({ pong: true });
      const before = emu.stats().tokenRequests;
      emu.expireTokens();
      const results = await Promise.all(Array.from({ length: 20 }, () => run('ping', options)));
      expect(results.map((r) => r['ok']?.pong)).toEqual(Array.from({ length: 20 }, () => true));
      expect(emu.stats().tokenRequests - before).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
