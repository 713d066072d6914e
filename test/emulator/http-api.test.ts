/**
 * The CloudBase HTTP API's function path, `POST /v1/functions/{name}` (PLATFORM.md, "Three ways in",
 * 3), driven through raw HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { fixtureFiles } from '../helpers/emulator-fixtures.js';

const API_KEY = 'api-key-0123456789abcdef';
let emu: Emulator;
const lines: string[] = [];

beforeAll(async () => {
  const files = fixtureFiles();
  emu = await startEmulator({
    apiKeys: ['another-key', API_KEY],
    serviceKey: 'not-used-here',
    log: (l) => lines.push(l),
    functions: [
      { name: 'echo', file: files['echo.cjs']!, http: false },
      { name: 'moody', file: files['moody.cjs']!, timeoutSeconds: 1 },
      // The same module with room to run out of memory: V8 takes 0.6-1.2 s to get there on a slow 2-core VM.
      { name: 'hungry', file: files['moody.cjs']!, timeoutSeconds: 10 },
    ],
  });
});
afterAll(() => emu.close());

const invoke = (name: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
  fetch(`${emu.url}/v1/functions/${name}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers },
    ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

describe('POST https://{envId}.api.tcloudbasegateway.com/v1/functions/{name} with Authorization: Bearer <API key>', () => {
  test('the body must be a JSON object and reaches the function as the flat event (no HTTP trigger needed)', async () => {
    const res = await invoke('echo', { name: 'php-client', n: 1 });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { event, context } = (await res.json()) as { event: unknown; context: Record<string, unknown> };
    expect(event).toEqual({ name: 'php-client', n: 1 });
    expect(context).toMatchObject({ request_id: res.headers.get('x-request-id'), function_name: 'echo', namespace: 'cloudfn-local' });
  });

  test('200 returns the function value as application/json, or text/plain for a string', async () => {
    const text = await invoke('moody', { mode: 'text' });
    expect([text.status, text.headers.get('content-type'), await text.text()]).toEqual([200, 'text/plain; charset=utf-8', 'plain text']);
    const obj = await invoke('moody', { mode: 'ok' });
    expect(await obj.json()).toEqual({ ok: true, mode: 'ok' });
  });

  test('an integration response is not interpreted: it is the value', async () => {
    const res = await invoke('moody', { mode: 'html' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ statusCode: 201, headers: { 'Content-Type': 'text/html' }, body: '<p>hi</p>' });
  });

  test('every response has X-Request-Id; errors are {code, message, requestId}', async () => {
    for (const res of [await invoke('echo', {}), await invoke('nope', {}), await invoke('echo', {}, { authorization: '' })]) {
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      const body = (await res.json()) as Record<string, unknown>;
      if (res.status !== 200) expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId']);
      if (res.status !== 200) expect(body['requestId']).toBe(id);
    }
  });
});

describe('documented errors (statuses other than 400 emulated)', () => {
  test.each([
    ['no Authorization header', { authorization: '' }, 'MISSING_CREDENTIALS'],
    ['a Basic header', { authorization: `Basic ${API_KEY}` }, 'MISSING_CREDENTIALS'],
    ['a wrong key', { authorization: 'Bearer wrong-key' }, 'INVALID_CREDENTIALS'],
    ['the X-WX-SERVICE-KEY of the trigger instead', { authorization: '', 'x-wx-service-key': 'not-used-here' }, 'MISSING_CREDENTIALS'],
  ])('401 for %s, the token never echoed', async (_n, headers, code) => {
    const res = await invoke('echo', {}, headers);
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code });
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain('wrong-key');
  });

  test('fail closed: with no API key configured every call is refused', async () => {
    const files = fixtureFiles();
    const closed = await startEmulator({ functions: [{ name: 'echo', file: files['echo.cjs']! }] });
    try {
      const res = await fetch(`${closed.url}/v1/functions/echo`, { method: 'POST', headers: { authorization: 'Bearer anything' }, body: '{}' });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: expect.stringContaining('serve.apiKeys') });
    } finally {
      await closed.close();
    }
  });

  test.each([
    ['an unknown function', 'nope'],
    ['a name the documented pattern refuses', '1bad'],
    ['a name with a slash', 'echo%2Fx'],
  ])('404 FUNCTION_NOT_FOUND for %s', async (_n, name) => {
    const res = await invoke(name, {});
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  });

  test('X-Qualifier: $LATEST is served, another version is FUNCTION_QUALIFIER_NOT_FOUND', async () => {
    expect((await invoke('echo', {}, { 'x-qualifier': '$LATEST' })).status).toBe(200);
    const res = await invoke('echo', {}, { 'x-qualifier': '3' });
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([404, 'FUNCTION_QUALIFIER_NOT_FOUND']);
  });

  test.each([
    ['an array', '[1,2]'],
    ['a string', '"hi"'],
    ['null', 'null'],
    ['not JSON', '{"a":'],
    ['empty', ''],
  ])('400 FUNCTION_PARAM_INVALID ("bad http request body") for %s', async (_n, body) => {
    const res = await invoke('echo', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'FUNCTION_PARAM_INVALID', message: expect.stringContaining('bad http request body') });
  });

  test('webfn=true asks for an HTTP function; these are event functions', async () => {
    const res = await fetch(`${emu.url}/v1/functions/echo?webfn=true`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` }, body: '{}' });
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, 'FUNCTION_PARAM_INVALID']);
  });

  test('405 for a GET', async () => {
    expect((await invoke('echo', undefined, {}, 'GET')).status).toBe(405);
  });

  test.each([
    ['throws', 'throw', 502, 'FUNCTION_INVOCATION_FAILED'],
    ['crashes', 'exit', 502, 'FUNCTION_INVOCATION_FAILED'],
    ['runs past its timeout', 'sleep', 504, 'FUNCTION_TIME_LIMIT_EXCEEDED'],
    ['uses more memory than it has', 'hog', 502, 'FUNCTION_MEMORY_LIMIT_EXCEEDED'],
  ])('a function that %s (mode %s): %i %s, no detail to the caller, the reason on the console', async (_n, mode, status, code) => {
    const fn = mode === 'hog' ? 'hungry' : 'moody';
    const res = await invoke(fn, { mode });
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code });
    expect(text).not.toContain('hunter2');
    const id = res.headers.get('x-request-id')!;
    expect(lines.some((l) => l.startsWith(`POST /v1/functions/${fn} ${fn} ${status} `) && l.endsWith(id))).toBe(true);
    expect(lines.some((l) => l.startsWith(`  ${id} ${fn} `))).toBe(true);
  });
});
