/** The HTTP trigger, driven through raw HTTP (node's fetch) on 127.0.0.1. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { fixtureFiles } from '../helpers/emulator-fixtures.js';

const KEY = 'gateway-key-abcdef0123456789';
let emu: Emulator;
const lines: string[] = [];

beforeAll(async () => {
  const files = fixtureFiles();
  emu = await startEmulator({
    serviceKey: KEY,
    log: (l) => lines.push(l),
    functions: [
      { name: 'echo', file: files['echo.cjs']!, env: { GREETING: 'hello from echo' } },
      { name: 'echo-plain', httpPath: '/plain/echo', file: files['echo.cjs']! },
      { name: 'moody', file: files['moody.cjs']!, timeoutSeconds: 1 },
      // The same module with room to run out of memory: V8 takes 0.6-1.2 s to get there on a slow 2-core VM.
      { name: 'hungry', file: files['moody.cjs']!, timeoutSeconds: 10 },
      { name: 'off', file: files['echo.cjs']!, http: false },
      { name: 'stateful', file: files['stateful.cjs']! },
    ],
  });
});
afterAll(() => emu.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${emu.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': KEY, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('routing and the integration request', () => {
  test('builds the event the platform builds', async () => {
    const res = await post('/echo?a=1&b=two', { name: 'php-client' }, { 'X-Custom': 'Yes' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const requestId = res.headers.get('x-request-id');
    const { event, context, env } = (await res.json()) as any;
    expect(event).toMatchObject({
      path: '/echo',
      httpMethod: 'POST',
      queryStringParameters: { a: '1', b: 'two' },
      body: '{"name":"php-client"}',
      isBase64Encoded: false,
      requestContext: { requestId, envId: 'cloudfn-local', sourceIp: '127.0.0.1' },
    });
    // PLATFORM.md: "requestContext": { "requestId": "cdbb9632…", …, "appId": 123456789, "uin": 123456789 }
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof event.requestContext.appId).toBe('number');
    expect(typeof event.requestContext.uin).toBe('number');
    expect(event.headers['x-custom']).toBe('Yes');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.multiValueHeaders['x-custom']).toEqual(['Yes']);
    expect(event.name).toBeUndefined();
    expect(context).toMatchObject({ request_id: requestId, function_name: 'echo' });
    // The documented context fields, each present.
    for (const field of ['function_version', 'namespace', 'memory_limit_in_mb', 'time_limit_in_ms', 'environment', 'tencentcloud_region', 'tencentcloud_appid', 'tencentcloud_uin']) {
      expect(context, field).toHaveProperty(field);
    }
    expect(context.time_limit_in_ms).toBe(60_000);
    expect(JSON.parse(context.environment)).toMatchObject({ SCF_NAMESPACE: context.namespace });
    expect(env).toBe('hello from echo');
  });

  test('each function has its own environment', async () => {
    const res = await post('/plain/echo', {});
    expect(((await res.json()) as any).env).toBeNull();
  });

  test('a binary body arrives Base64-encoded', async () => {
    const res = await post('/echo', '\u0000\u0001binary', { 'content-type': 'application/octet-stream' });
    const { event } = (await res.json()) as any;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64').toString()).toBe('\u0000\u0001binary');
  });

  test('paths match by prefix, longest first, whole segments; the function sees the full path', async () => {
    const under = (await (await post('/plain/echo/v2/items?x=1', {})).json()) as { event: { path: string } };
    expect(under.event.path).toBe('/plain/echo/v2/items');
    // `/plain/echo/…` goes to echo-plain (the longer prefix), `/echo/…` to echo.
    const both = await Promise.all(['/plain/echo/x', '/echo/x'].map(async (p) => ((await (await post(p, {})).json()) as { env: { name?: string }; event: { path: string } }).event.path));
    expect(both).toEqual(['/plain/echo/x', '/echo/x']);
    expect(lines.some((l) => /^POST \/plain\/echo\/x echo-plain 200 /.test(l))).toBe(true);
    expect(lines.some((l) => /^POST \/echo\/x echo 200 /.test(l))).toBe(true);
    // Not a whole segment: no route.
    expect((await post('/echoes', {})).status).toBe(404);
  });

  test.each([
    ['an unknown path', '/nope'],
    ['a function whose trigger is switched off', '/off'],
    ['a path under a switched-off trigger', '/off/more'],
  ])('404 for %s', async (_n, path) => {
    const res = await post(path, {});
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await res.json()).toMatchObject({ code: 'INVALID_PATH' });
  });

  test.each([
    ['missing', {}],
    ['wrong', { 'x-wx-service-key': 'my-env-id' }],
  ])('401 for a %s X-WX-SERVICE-KEY', async (_n, headers) => {
    const res = await fetch(`${emu.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'UNAUTHORIZED', requestId: res.headers.get('x-request-id') });
    expect(text).not.toContain(KEY);
  });
});

describe('what a function returns', () => {
  test.each([
    ['a plain object', 'ok', 200, 'application/json; charset=utf-8', '{"ok":true,"mode":"ok"}'],
    ['a string', 'text', 200, 'text/plain; charset=utf-8', 'plain text'],
    ['an integration response (charset appended to text types)', 'html', 201, 'text/html; charset=utf-8', '<p>hi</p>'],
  ])('%s', async (_n, mode, status, type, body) => {
    const res = await post('/moody', { mode });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toBe(body);
  });

  test('a return value is serialized as the platform does: JSON.stringify (toJSON, Buffer, URL; functions left out)', async () => {
    const serialized = await post('/moody', { mode: 'serialize' });
    expect(await serialized.json()).toEqual({ at: 'custom', buf: { type: 'Buffer', data: [104, 105] }, url: 'https://example.com/a', when: '1970-01-01T00:00:00.000Z' });
    const withFunction = await post('/moody', { mode: 'function' });
    expect([withFunction.status, await withFunction.json()]).toEqual([200, { kept: 1 }]);
  });

  test('multiValueHeaders and array-valued headers become repeated headers (Set-Cookie kept apart)', async () => {
    const res = await fetch(`${emu.url}/moody`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json', 'x-wx-service-key': KEY }, body: JSON.stringify({ mode: 'cookies' }) });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/next');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(res.headers.get('x-tags')).toBe('a, b');
  });

  test('a Base64 integration response is decoded', async () => {
    const res = await post('/moody', { mode: 'binary' });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });
});

describe('one call per instance at a time, as on the platform', () => {
  test('concurrent calls run in instances of their own, more calls than instances wait for one: module state is per call', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const answers = await Promise.all(ids.map(async (id) => (await post('/stateful', { id })).json()));
    expect(answers).toEqual(ids.map((id) => ({ id })));
  });

  test('a call stuck past its timeout is cut off alone: a call beside it is answered, at once', async () => {
    const stuck = post('/moody', { mode: 'spin' });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const beside = await post('/moody', { mode: 'fine' });
    expect([beside.status, await beside.json(), Date.now() - started < 800]).toEqual([200, { ok: true, mode: 'fine' }, true]);
    expect((await stuck).status).toBe(502);
  });
});

describe('a function that fails after it answered', () => {
  test('the caller has its answer; the log says what the platform\'s would, once; the next call gets a fresh instance', async () => {
    const res = await post('/moody', { mode: 'late' });
    expect([res.status, await res.json()]).toEqual([200, { answered: true }]);
    for (let i = 0; i < 200 && !lines.some((l) => l.includes('a late failure')); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.filter((l) => l.includes('late failure'))).toEqual(['  moody failed after it answered: a late failure (its instance is replaced, as on the platform)']);
    const next = await post('/moody', { mode: 'fine' });
    expect([next.status, await next.json()]).toEqual([200, { ok: true, mode: 'fine' }]);
  });
});

describe('502 and the gateway stays healthy', () => {
  test.each([
    ['throws', 'throw', 'FUNCTION_INVOCATION_FAILED'],
    ['crashes its process', 'exit', 'FUNCTION_INVOCATION_FAILED'],
    ['returns something unserializable (BigInt)', 'bigint', 'FUNCTION_INVOCATION_FAILED'],
    ['returns an invalid integration response', 'bad-status', 'FUNCTION_INVOCATION_FAILED'],
    ['runs past its timeout (busy loop)', 'spin', 'FUNCTION_TIME_LIMIT_EXCEEDED'],
    ['runs past its timeout (waiting)', 'sleep', 'FUNCTION_TIME_LIMIT_EXCEEDED'],
    ['uses more than the 256 MB the context says it has', 'hog', 'FUNCTION_MEMORY_LIMIT_EXCEEDED'],
  ])('a function that %s, then a healthy call', async (_n, mode, code) => {
    const started = Date.now();
    const res = await post(mode === 'hog' ? '/hungry' : '/moody', { mode });
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code, requestId: res.headers.get('x-request-id') });
    expect(text).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(4000);
    const healthy = await post('/moody', { mode: 'fine' });
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true, mode: 'fine' });
  });
});

test('one log line per request: method, path, function, status, ms, request id', () => {
  expect(lines.some((l) => /^POST \/echo echo 200 [\d.]+ms [0-9a-f]{32}$/.test(l))).toBe(true);
  expect(lines.some((l) => /^POST \/nope - 404 [\d.]+ms [0-9a-f]{32}$/.test(l))).toBe(true);
});

test("a 502 logs its reason on the emulator's console (the caller still learns nothing more)", () => {
  expect(lines.some((l) => /^ {2}[0-9a-f]{32} moody threw: db password=hunter2$/.test(l))).toBe(true);
  expect(lines.some((l) => /^ {2}[0-9a-f]{32} moody cut off after 1 s$/.test(l))).toBe(true);
  expect(lines.some((l) => /^ {2}[0-9a-f]{32} moody returned a value JSON cannot hold: .*BigInt/.test(l))).toBe(true);
  expect(lines.some((l) => /^ {2}[0-9a-f]{32} hungry ran out of its 256 MB of memory$/.test(l))).toBe(true);
  // A failure during a call (the exit, the memory) or an instance the emulator cut off is that call's, not a late one.
  expect(lines.filter((l) => l.includes('after it answered') && !l.includes('a late failure'))).toEqual([]);
});

test('a caller that hangs up before its body arrives is one log line (499, the reason), no stack trace; the next call is served', async () => {
  const before = lines.length;
  const { port } = new URL(emu.url);
  await new Promise<void>((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-WX-SERVICE-KEY: ${KEY}\r\nContent-Length: 100\r\n\r\n{"na`);
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('close', () => resolve());
  });
  for (let i = 0; i < 50 && !lines.slice(before).some((l) => l.startsWith('POST /echo')); i++) await new Promise((r) => setTimeout(r, 20));
  const logged = lines.slice(before);
  expect(logged.find((l) => l.startsWith('POST /echo'))).toMatch(/^POST \/echo - 499 [\d.]+ms [0-9a-f]{32}$/);
  expect(logged.some((l) => /^ {2}[0-9a-f]{32} - the caller closed the connection before its request arrived$/.test(l))).toBe(true);
  expect(logged.join('\n')).not.toMatch(/\n\s+at |emulator error/);
  expect((await post('/echo', { name: 'after' })).status).toBe(200);
});

test('403 for a caller outside the IP whitelist; allowed when listed', async () => {
  const files = fixtureFiles();
  const closed = await startEmulator({ allowIps: ['10.0.0.0/8', '2001:db8::/32'], functions: [{ name: 'echo', file: files['echo.cjs']! }] });
  const open = await startEmulator({ allowIps: ['127.0.0.0/8'], functions: [{ name: 'echo', file: files['echo.cjs']! }] });
  try {
    const denied = await fetch(`${closed.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'IP_NOT_ALLOWED' });
    const allowed = await fetch(`${open.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(allowed.status).toBe(200);
  } finally {
    await closed.close();
    await open.close();
  }
});

describe('access-service authentication, CORS and the caller IP (PLATFORM.md, "Authentication at the HTTP access service")', () => {
  let gw: Emulator;
  const API_KEY = 'access-api-key-123';
  beforeAll(async () => {
    const files = fixtureFiles();
    gw = await startEmulator({
      serviceKey: KEY,
      gatewayAuth: 'bearer',
      apiKeys: [API_KEY],
      corsOrigins: ['https://shop.example.com'],
      functions: [
        { name: 'echo', file: files['echo.cjs']! },
        { name: 'open', file: files['echo.cjs']!, gatewayAuth: 'none' },
        { name: 'keyed', file: files['echo.cjs']!, gatewayAuth: 'service-key' },
      ],
    });
  });
  afterAll(() => gw.close());
  const hit = (p: string, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${gw.url}${p}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'POST' ? { body: '{}' } : {}) });

  test.each([
    ['no credentials: MISSING_CREDENTIALS', {}, 401, 'MISSING_CREDENTIALS'],
    ['a wrong Bearer token: INVALID_CREDENTIALS', { authorization: 'Bearer nope' }, 401, 'INVALID_CREDENTIALS'],
    ['the service key alone is not identity authentication', { 'x-wx-service-key': KEY }, 401, 'MISSING_CREDENTIALS'],
  ])('identity authentication on: %s', async (_n, headers, status, code) => {
    const res = await hit('/echo', headers);
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code });
    expect(text).not.toContain(API_KEY);
  });

  test('identity authentication on: Authorization: Bearer, or the older x-cloudbase-credentials, gets through', async () => {
    expect((await hit('/echo', { authorization: `Bearer ${API_KEY}` })).status).toBe(200);
    expect((await hit('/echo', { 'x-cloudbase-credentials': API_KEY })).status).toBe(200);
  });

  test('per path: off (the platform default) and the service-key mode', async () => {
    expect((await hit('/open')).status).toBe(200);
    expect((await hit('/keyed', { authorization: `Bearer ${API_KEY}` })).status).toBe(401);
    expect((await hit('/keyed', { 'x-wx-service-key': KEY })).status).toBe(200);
  });

  test('CORS: a preflight from a listed origin is answered 204 without credentials', async () => {
    const res = await hit('/echo', { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' }, 'OPTIONS');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  test('CORS: the actual response carries the origin; another origin is refused at preflight', async () => {
    const ok = await hit('/echo', { origin: 'https://shop.example.com', authorization: `Bearer ${API_KEY}` });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const other = await hit('/echo', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('X-Forwarded-For is trusted only when the emulator is told it sits behind a proxy', async () => {
    const files = fixtureFiles();
    const fn = { name: 'echo', file: files['echo.cjs']! };
    const plain = await startEmulator({ allowIps: ['10.0.0.0/8'], functions: [fn] });
    const proxied = await startEmulator({ allowIps: ['10.0.0.0/8'], trustForwardedFor: true, functions: [fn] });
    try {
      const xff = { 'content-type': 'application/json', 'x-forwarded-for': '10.9.8.7, 127.0.0.1' };
      expect((await fetch(`${plain.url}/echo`, { method: 'POST', headers: xff, body: '{}' })).status).toBe(403);
      const res = await fetch(`${proxied.url}/echo`, { method: 'POST', headers: xff, body: '{}' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { event: { requestContext: { sourceIp: string } } }).event.requestContext.sourceIp).toBe('10.9.8.7');
      const forged = await fetch(`${proxied.url}/echo`, { method: 'POST', headers: { ...xff, 'x-forwarded-for': 'not-an-ip' }, body: '{}' });
      expect(forged.status).toBe(403);
    } finally {
      await plain.close();
      await proxied.close();
    }
  });
});
