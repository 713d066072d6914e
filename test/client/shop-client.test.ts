/** The generated client of examples/shop against the emulator over real HTTP, all three transports. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  createClient, FunctionNotFoundError, GatewayError, InvalidInputError, InvalidOutputError, IpNotAllowedError, isGetOrderFailure, isSubmitOrderFailure,
  TriggerNotEnabledError, UnauthorizedError, WeChatApiError, type ClientOptions,
} from '../../examples/shop/generated/client.js';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { buildShop } from '../helpers/built-shop.js';
import { REPO_ROOT } from '../helpers/cli.js';

const SHOP = path.join(REPO_ROOT, 'examples/shop');
const KEY = 'local-dev-service-key';
const API_KEY = 'local-dev-api-key';
const ADDRESS = { recipient: '王小明', phone: '13800138000', province: '广东省', city: '深圳市', street: '科技园路 1 号' };
const ORDER = { customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', items: [{ sku: 'TEA-0001', quantity: 2 }], shipTo: ADDRESS, payment: 'wechat_pay' as const };

let emu: Emulator;
beforeAll(async () => {
  await buildShop();
  emu = await startEmulator({ projectDir: SHOP, built: true });
});
afterAll(() => emu.close());

const transports = (): [string, ClientOptions][] => [
  ['HTTP trigger', { http: { baseUrl: emu.url, serviceKey: KEY } }],
  ['HTTP API', { api: { envId: emu.env, apiKey: API_KEY, baseUrl: emu.url } }],
  ['cloud call', { cloud: { appId: emu.appId, appSecret: emu.appSecret, env: emu.env, apiBaseUrl: emu.url } }],
];

/** Every message, string form and hook line a user could log. */
function everythingPrinted(e: unknown): string {
  const err = e as Error;
  return [err.message, String(err), JSON.stringify(err), err.stack ?? '', JSON.stringify((err as { cause?: unknown }).cause ?? null)].join('\n');
}

describe.each([0, 1, 2])('every function succeeds (%#: HTTP trigger, HTTP API, cloud call)', (i) => {
  test('all five functions', async () => {
    const client = createClient(transports()[i]![1]);
    expect(await client.ping({ echo: 'hi' })).toMatchObject({ pong: true, echo: 'hi' });
    const order = await client.submitOrder(ORDER);
    expect(order).toMatchObject({ status: 'pending_payment', total: { amount: 7600, currency: 'CNY' } });
    expect((await client.getOrder({ orderId: 'ord_demo000001' })).payment).toEqual({ method: 'wechat_pay', transactionId: '4200001234202611010000000001' });
    expect((await client.listCategories({ maxDepth: 1 })).categories.map((c) => c.id)).toEqual(['tea', 'ware']);
    expect((await client.userLogin({ code: 'new-user-code-1' })).user).toMatchObject({ nickname: null, isNew: true });
  });

  test('declared errors arrive typed, with their data', async () => {
    const client = createClient(transports()[i]![1]);
    const e = await client.submitOrder({ ...ORDER, items: [{ sku: 'SOLD-OUT', quantity: 1 }] }).catch((x: unknown) => x);
    expect(isSubmitOrderFailure(e)).toBe(true);
    if (!isSubmitOrderFailure(e)) return;
    expect(e.code).toBe('OUT_OF_STOCK');
    expect(e.status).toBe(409);
    if (e.code === 'OUT_OF_STOCK') expect(e.data).toEqual({ sku: 'SOLD-OUT', available: 0 });
    const missing = await client.getOrder({ orderId: 'ord_0000000000' }).catch((x: unknown) => x);
    expect(isGetOrderFailure(missing) && missing.data.orderId).toBe('ord_0000000000');
  });
});

describe('failures: class, code and hint', () => {
  test("a declared error whose data breaks the contract is InvalidOutputError, as the PHP client has it (unless validateOutput is off)", async () => {
    // A server that is not the generated handler (which checks error data before sending).
    const answer = (data: unknown) => async () => new Response(JSON.stringify({ error: { code: 'OUT_OF_STOCK', message: 'Not enough stock', data } }), { status: 409, headers: { 'content-type': 'application/json' } });
    const http = { baseUrl: 'http://127.0.0.1:9', serviceKey: KEY };
    const e = await createClient({ http, fetch: answer({ sku: 7 }) }).submitOrder(ORDER).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidOutputError);
    expect((e as InvalidOutputError).message).toBe('the data of OUT_OF_STOCK does not match the contract: /error/data/available is required; /error/data/sku must be string');
    expect((e as InvalidOutputError).issues).toEqual([
      { path: '/error/data/available', message: 'is required' },
      { path: '/error/data/sku', message: 'must be string' },
    ]);
    const good = await createClient({ http, fetch: answer({ sku: 'SOLD-OUT', available: 0 }) }).submitOrder(ORDER).catch((x: unknown) => x);
    expect(isSubmitOrderFailure(good) && good.data).toEqual({ sku: 'SOLD-OUT', available: 0 });
    const unchecked = await createClient({ http, fetch: answer({ sku: 7 }), validateOutput: false }).submitOrder(ORDER).catch((x: unknown) => x);
    expect(isSubmitOrderFailure(unchecked) && unchecked.data).toEqual({ sku: 7 });
  });

  test('invalid input is refused before sending, with JSON pointers', async () => {
    const before = emu.stats().requests;
    const sent: string[] = [];
    const client = createClient({ http: { baseUrl: emu.url, serviceKey: KEY }, onRequest: (r) => sent.push(r.url) });
    const e = await client.submitOrder({ ...ORDER, items: [{ sku: 'TEA-0001', quantity: 0 }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).issues).toEqual([{ path: '/items/0/quantity', message: 'must be >= 1' }]);
    expect(sent).toEqual([]);
    expect(emu.stats().requests).toBe(before);
  });

  test('404: trigger not enabled', async () => {
    const e = await createClient({ http: { baseUrl: `${emu.url}/not-mounted`, serviceKey: KEY } }).ping({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TriggerNotEnabledError);
    expect(e).toMatchObject({ status: 404, code: 'INVALID_PATH', functionName: 'ping', hint: 'enable the HTTP trigger (HTTP access service) for this path and publish the function' });
    expect((e as TriggerNotEnabledError).requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('401: wrong service key, never echoed', async () => {
    const wrong = 'sk-live-do-not-print-me';
    const e = await createClient({ http: { baseUrl: emu.url, serviceKey: wrong } }).ping({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnauthorizedError);
    expect(e).toMatchObject({ status: 401, code: 'UNAUTHORIZED', hint: 'send the service key from the HTTP access service security settings, not the env id or the AppID' });
    expect(everythingPrinted(e)).not.toContain(wrong);
  });

  test('403: this server is not on the whitelist', async () => {
    const closed = await startEmulator({ projectDir: SHOP, built: true, allowIps: ['10.0.0.0/8'] });
    try {
      const e = await createClient({ http: { baseUrl: closed.url, serviceKey: KEY } }).ping({}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(IpNotAllowedError);
      expect(e).toMatchObject({ status: 403, hint: "add this server's public IP to the security whitelist" });
    } finally {
      await closed.close();
    }
  });

  test('WeChat API errcodes: wrong AppSecret, wrong env; secrets never printed', async () => {
    const secret = 'wrong-app-secret-zzz';
    const bad = await createClient({ cloud: { appId: emu.appId, appSecret: secret, env: emu.env, apiBaseUrl: emu.url } }).ping({}).catch((x: unknown) => x);
    expect(bad).toBeInstanceOf(WeChatApiError);
    expect(bad).toMatchObject({ errcode: 40001, code: 'WECHAT_40001', hint: 'check the AppSecret (reset it in the WeChat console if it leaked)' });
    expect(everythingPrinted(bad)).not.toContain(secret);
    const tokens: string[] = [];
    const wrongEnv = await createClient({ cloud: { appId: emu.appId, appSecret: emu.appSecret, env: 'nope', apiBaseUrl: emu.url }, onRequest: (r) => tokens.push(r.url) }).ping({}).catch((x: unknown) => x);
    expect(wrongEnv).toMatchObject({ errcode: -501000, hint: 'check the env id, the function name, and that the function is deployed in this env' });
    expect(tokens[0]).toContain('access_token=***');
    expect(everythingPrinted(wrongEnv)).not.toContain(emu.appSecret);
  });

  test('a token answer of the wrong shape is a WeChatApiError (never "could not reach"), and a bad expires_in does not make every call fetch a token', async () => {
    const cases: [string, string | RegExp | undefined][] = [
      ['null', 'WECHAT_-1'],
      ['{"errcode":40013,"errmsg":5}', 'WECHAT_40013'],
      ['{"errcode":"x"}', 'WECHAT_-1'],
      ['{"access_token":5,"expires_in":7200}', 'WECHAT_-1'],
      ['{"access_token":"t","expires_in":"x"}', undefined],
      ['{"access_token":"t","expires_in":-5}', undefined],
    ];
    for (const [tokenBody, code] of cases) {
      let tokenRequests = 0;
      const fetch = async (url: string | URL | Request) => {
        if (String(url).includes('/cgi-bin/token')) {
          tokenRequests++;
          return new Response(tokenBody, { status: 200, headers: { 'content-type': 'application/json' } });
        }
        return new Response(JSON.stringify({ errcode: 0, errmsg: 'ok', resp_data: JSON.stringify({ pong: true, serverTime: '2026-01-01T00:00:00.000Z' }) }), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const client = createClient({ cloud: { appId: 'wx1', appSecret: 's', env: 'e', apiBaseUrl: 'http://127.0.0.1:9' }, fetch, retry: false });
      const first = await client.ping({}).catch((x: unknown) => x);
      const second = await client.ping({}).catch((x: unknown) => x);
      if (code === undefined) {
        expect([first, second, tokenRequests], tokenBody).toEqual([{ pong: true, serverTime: '2026-01-01T00:00:00.000Z' }, { pong: true, serverTime: '2026-01-01T00:00:00.000Z' }, 1]);
      } else {
        expect(first, tokenBody).toBeInstanceOf(WeChatApiError);
        expect((first as WeChatApiError).code, tokenBody).toBe(code);
      }
    }
  });

  test('an invoke answer without the function\'s answer (no resp_data, or not an object) is WeChatApiError -1, not "errcode 0"', async () => {
    for (const invokeBody of ['null', '[]', '{"errcode":0,"errmsg":"ok"}', '{"errcode":0,"errmsg":"ok","resp_data":5}']) {
      const fetch = async (url: string | URL | Request) =>
        String(url).includes('/cgi-bin/token') ? new Response('{"access_token":"token-0123456789","expires_in":7200}') : new Response(invokeBody, { status: 200, headers: { 'content-type': 'application/json' } });
      const e = await createClient({ cloud: { appId: 'wx1', appSecret: 's', env: 'e', apiBaseUrl: 'http://127.0.0.1:9' }, fetch, retry: false }).ping({}).catch((x: unknown) => x);
      expect(e, invokeBody).toBeInstanceOf(WeChatApiError);
      expect(e, invokeBody).toMatchObject({ errcode: -1, code: 'WECHAT_-1', message: 'the WeChat API answered without resp_data (the function\'s answer)' });
    }
  });

  test('50 concurrent calls with an expired token cause exactly one token request', async () => {
    const client = createClient({ cloud: { appId: emu.appId, appSecret: emu.appSecret, env: emu.env, apiBaseUrl: emu.url } });
    await client.ping({});
    const before = emu.stats().tokenRequests;
    emu.expireTokens();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.ping({ echo: String(i) })));
    expect(results.map((r) => r.echo)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(emu.stats().tokenRequests - before).toBe(1);
  });

  test('a shared token store and stable_token: two clients, one token', async () => {
    let stored: { token: string; expiresAt: number } | undefined;
    const tokenStore = { get: () => stored, set: (t: { token: string; expiresAt: number }) => void (stored = t) };
    const options = { cloud: { appId: emu.appId, appSecret: emu.appSecret, env: emu.env, apiBaseUrl: emu.url, useStableToken: true, tokenStore } };
    const before = emu.stats().tokenRequests;
    await createClient(options).ping({});
    await createClient(options).ping({});
    expect(emu.stats().tokenRequests - before).toBe(1);
  });

  test('getAccessToken instead of appId/appSecret', async () => {
    const t = ((await (await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=${emu.appId}&secret=${emu.appSecret}`)).json()) as { access_token: string }).access_token;
    const client = createClient({ cloud: { env: emu.env, apiBaseUrl: emu.url, getAccessToken: async () => t } });
    expect(await client.ping({})).toMatchObject({ pong: true });
  });

  test('hooks see each call, with the request id and no secrets', async () => {
    const seen: string[] = [];
    const client = createClient({ http: { baseUrl: emu.url, serviceKey: KEY }, onResponse: (r) => seen.push(JSON.stringify(r)) });
    await client.ping({});
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]!)).toMatchObject({ functionName: 'ping', transport: 'http', status: 200, attempt: 1 });
    expect(seen[0]).not.toContain(KEY);
  });

  test('502 is a GatewayError with its hint', async () => {
    const down = await startEmulator({ functions: [{ name: 'ping', main: () => {
      throw new Error('crashed');
    } }] });
    try {
      const e = await createClient({ http: { baseUrl: down.url, serviceKey: KEY }, retry: false }).ping({}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(GatewayError);
      expect(e).toMatchObject({ status: 502, hint: 'the function is not published, crashed or timed out; check its logs with the request id' });
    } finally {
      await down.close();
    }
  });
});

describe('the CloudBase HTTP API transport: every documented failure and its hint', () => {
  const api = (extra: Record<string, unknown> = {}, url = emu.url): ClientOptions => ({ api: { envId: emu.env, apiKey: API_KEY, baseUrl: url, ...extra }, retry: false });

  test('it POSTs /v1/functions/{name} with the Bearer token; the hooks never show the key', async () => {
    const seen: string[] = [];
    const client = createClient({ ...api(), onRequest: (r) => seen.push(JSON.stringify(r)), onResponse: (r) => seen.push(JSON.stringify(r)) });
    await client.submitOrder(ORDER);
    expect(JSON.parse(seen[0]!)).toMatchObject({ transport: 'api', url: `${emu.url}/v1/functions/submitOrder` });
    expect(JSON.parse(seen[1]!)).toMatchObject({ status: 200, requestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(seen.join('\n')).not.toContain(API_KEY);
  });

  test.each([
    ['a wrong API key', { apiKey: 'sk-wrong-api-key-do-not-print' }, 'INVALID_CREDENTIALS'],
    ['an empty token from getAccessToken', { apiKey: undefined, getAccessToken: async () => '' }, 'MISSING_CREDENTIALS'],
  ])('401 %s: UnauthorizedError, "pass an API key" hint, the token never printed', async (_n, extra, code) => {
    const e = await createClient(api(extra)).ping({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnauthorizedError);
    expect(e).toMatchObject({ status: 401, code, hint: "HTTP API authentication: pass an API key from the console's API Key page" });
    expect(everythingPrinted(e)).not.toContain('sk-wrong-api-key-do-not-print');
  });

  test('getAccessToken is asked again once after a 401, and the call then succeeds', async () => {
    const handed = ['expired-user-token', API_KEY];
    let asked = 0;
    const client = createClient(api({ apiKey: undefined, getAccessToken: async () => handed[Math.min(asked++, 1)]! }));
    expect(await client.ping({ echo: 'again' })).toMatchObject({ echo: 'again' });
    expect(asked).toBe(2);
  });

  test('404 FUNCTION_NOT_FOUND: a function this env does not have', async () => {
    const partial = await startEmulator({ apiKeys: [API_KEY], functions: [{ name: 'getOrder', main: () => ({}) }] });
    try {
      const e = await createClient(api({}, partial.url)).ping({}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(FunctionNotFoundError);
      expect(e).toMatchObject({ status: 404, code: 'FUNCTION_NOT_FOUND', hint: 'check the envId and the function name, and that the function is deployed in this env' });
    } finally {
      await partial.close();
    }
  });

  test('404 FUNCTION_QUALIFIER_NOT_FOUND: a version that does not exist', async () => {
    const e = await createClient(api({ qualifier: '7' })).ping({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FunctionNotFoundError);
    expect(e).toMatchObject({ code: 'FUNCTION_QUALIFIER_NOT_FOUND', hint: 'no such version: check the qualifier, or leave it out to call the released version' });
    expect(await createClient(api({ qualifier: '$LATEST' })).ping({})).toMatchObject({ pong: true });
  });

  test('the handler refusing input arrives as InvalidInputError with its pointers (validation off in the client)', async () => {
    const e = await createClient({ ...api(), validateInput: false }).submitOrder({ ...ORDER, items: [{ sku: 'TEA-0001', quantity: 0 }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).issues).toEqual([{ path: '/items/0/quantity', message: 'must be >= 1' }]);
  });

  test.each([
    ['throws', 502, 'FUNCTION_INVOCATION_FAILED', 'the function is not published, crashed or timed out; check its logs with the request id', () => {
      throw new Error('db down');
    }],
    ['runs past its timeout', 504, 'FUNCTION_TIME_LIMIT_EXCEEDED', "the function did not answer in time; raise the contract's timeoutSeconds or the call's timeoutMs", () => new Promise((r) => setTimeout(r, 3000))],
  ])('a function that %s: GatewayError %i %s', async (_n, status, code, hint, main) => {
    const down = await startEmulator({ apiKeys: [API_KEY], functions: [{ name: 'ping', main, timeoutSeconds: 1 }] });
    try {
      const e = await createClient(api({}, down.url)).ping({}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(GatewayError);
      expect(e).toMatchObject({ status, code, hint });
    } finally {
      await down.close();
    }
  });

  test('a string value (text/plain) is checked against the contract like any other', async () => {
    const texty = await startEmulator({ apiKeys: [API_KEY], functions: [{ name: 'ping', main: () => 'pong' }] });
    try {
      const e = await createClient(api({}, texty.url)).ping({}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidOutputError);
      expect((e as InvalidOutputError).issues).toEqual([{ path: '/', message: 'must be object' }]);
    } finally {
      await texty.close();
    }
  });

  test('options: envId and exactly one of apiKey or getAccessToken', () => {
    expect(() => createClient({ api: { envId: 'e' } })).toThrow('`api` needs envId, and one of apiKey or getAccessToken');
    expect(() => createClient({ api: { envId: 'e', apiKey: 'k' }, http: { baseUrl: 'x', serviceKey: 'y' } })).toThrow('give exactly one of `http`, `api` or `cloud`');
  });

  test('without baseUrl it calls https://<envId>.api.tcloudbasegateway.com', async () => {
    const urls: string[] = [];
    const fake: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ pong: true, serverTime: '2026-11-26T00:00:00Z' }), { headers: { 'content-type': 'application/json' } });
    };
    await createClient({ api: { envId: 'shop-1a2b', apiKey: API_KEY }, fetch: fake }).ping({});
    expect(urls).toEqual(['https://shop-1a2b.api.tcloudbasegateway.com/v1/functions/ping']);
  });
});

test('HTTP trigger with the access service identity authentication on: bearerToken is sent; without it, the bearer hint', async () => {
  const guarded = await startEmulator({ projectDir: SHOP, built: true, gatewayAuth: 'bearer', apiKeys: [API_KEY] });
  try {
    const e = await createClient({ http: { baseUrl: guarded.url, serviceKey: KEY } }).ping({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnauthorizedError);
    expect(e).toMatchObject({ status: 401, code: 'MISSING_CREDENTIALS', hint: "identity authentication is on for this path: pass bearerToken, an API key from the console's API Key page" });
    expect(await createClient({ http: { baseUrl: guarded.url, serviceKey: KEY, bearerToken: API_KEY } }).ping({ echo: 'b' })).toMatchObject({ echo: 'b' });
  } finally {
    await guarded.close();
  }
});

test('a token superseded by another server (40001 after the 5-minute overlap) is refreshed once, and the call succeeds', async () => {
  const sent: string[] = [];
  const client = createClient({ cloud: { appId: emu.appId, appSecret: emu.appSecret, env: emu.env, apiBaseUrl: emu.url }, onRequest: (r) => sent.push(r.url) });
  await client.ping({});
  // Another server of the same app fetches a token of its own: ours is superseded.
  await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=${emu.appId}&secret=${emu.appSecret}`);
  const before = emu.stats().tokenRequests;
  sent.length = 0;
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 6 * 60 * 1000 });
  try {
    expect(await client.ping({ echo: 'after' })).toMatchObject({ echo: 'after' });
    // The rejected call, then the same call with the fresh token.
    expect(sent.filter((u) => u.includes('/tcb/invokecloudfunction'))).toHaveLength(2);
    expect(emu.stats().tokenRequests - before).toBe(1);
  } finally {
    vi.useRealTimers();
  }
});
