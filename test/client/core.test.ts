/** The client engine on its own: retries only where allowed, timeouts, odd bodies, invalid output. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { ClientCore, type FunctionSpec } from '../../templates/ts-client/client-core.js';
import { CloudFnError, GatewayError, InvalidOutputError, NetworkError, TimeoutError, WeChatApiError } from '../../templates/ts-client/client-errors.js';
import type { Validator } from '../../templates/shared/validate-runtime.js';

const accept: Validator = () => true;
const spec = (name: string, idempotent: boolean, validateOutput: Validator = accept): FunctionSpec => ({ name, path: `/${name}`, timeoutSeconds: 5, idempotent, errors: {}, validateInput: accept, validateOutput });

let emu: Emulator;
const calls: Record<string, number> = {};
/** Fails with a crash (502) on the first two calls, then answers. */
const flaky = (name: string) => () => {
  calls[name] = (calls[name] ?? 0) + 1;
  if (calls[name]! <= 2) throw new Error('cold start failed');
  return { ok: true };
};
beforeAll(async () => {
  emu = await startEmulator({
    functions: [
      { name: 'flakyIdem', main: flaky('flakyIdem') },
      { name: 'flakyOnce', main: flaky('flakyOnce') },
      { name: 'slow', main: () => new Promise((r) => setTimeout(() => r({ ok: true }), 2000)) },
      { name: 'wrong', main: () => ({ ok: 'yes' }) },
    ],
  });
});
afterAll(() => emu.close());

const http = () => ({ baseUrl: emu.url, serviceKey: 'k' });

describe('retries', () => {
  test('an idempotent function is retried after 502 and succeeds', async () => {
    const attempts: number[] = [];
    const core = new ClientCore({ http: http(), retry: { retries: 2, baseDelayMs: 1 }, onRequest: (r) => attempts.push(r.attempt) });
    expect(await core.call(spec('flakyIdem', true), {})).toEqual({ ok: true });
    expect(attempts).toEqual([1, 2, 3]);
    expect(calls['flakyIdem']).toBe(3);
  });

  test('a non-idempotent function is never retried', async () => {
    const core = new ClientCore({ http: http(), retry: { retries: 2, baseDelayMs: 1 } });
    await expect(core.call(spec('flakyOnce', false), {})).rejects.toBeInstanceOf(GatewayError);
    expect(calls['flakyOnce']).toBe(1);
  });

  test('network errors: retried only when idempotent, and the error names only the origin', async () => {
    const closed = 'http://127.0.0.1:9';
    for (const [idempotent, want] of [[true, [1, 2, 3]], [false, [1]]] as const) {
      const attempts: number[] = [];
      const core = new ClientCore({ http: { baseUrl: closed, serviceKey: 'secret-key-xyz' }, retry: { retries: 2, baseDelayMs: 1 }, onRequest: (r) => attempts.push(r.attempt) });
      const e = await core.call(spec('x', idempotent), {}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NetworkError);
      expect((e as NetworkError).message).toBe('could not reach http://127.0.0.1:9');
      expect(String(e)).not.toContain('secret-key-xyz');
      expect(attempts).toEqual(want);
    }
  });

  test('errcode -1 (system busy) is retried with backoff; 45011 is not', async () => {
    let n = 0;
    const fakeFetch = async (url: string): Promise<Response> => {
      if (url.includes('/cgi-bin/token')) return Response.json({ access_token: 't', expires_in: 7200 });
      n++;
      return Response.json(n === 1 ? { errcode: -1, errmsg: 'system busy' } : { errcode: 0, errmsg: 'ok', resp_data: '{"ok":true}' });
    };
    const core = new ClientCore({ cloud: { appId: 'a', appSecret: 's', env: 'e', apiBaseUrl: 'http://api.local' }, fetch: fakeFetch, retry: { baseDelayMs: 1 } });
    expect(await core.call(spec('x', false), {})).toEqual({ ok: true });
    expect(n).toBe(2);
    let m = 0;
    const quota = async (url: string): Promise<Response> => (url.includes('/cgi-bin/token') ? Response.json({ access_token: 't', expires_in: 7200 }) : (m++, Response.json({ errcode: 45011, errmsg: 'api minute-quota reach limit' })));
    const e = await new ClientCore({ cloud: { appId: 'a', appSecret: 's', env: 'e', apiBaseUrl: 'http://api.local' }, fetch: quota }).call(spec('x', true), {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeChatApiError);
    expect(m).toBe(1);
  });
});

test('a call past its timeout is a TimeoutError', async () => {
  const core = new ClientCore({ http: http(), retry: false });
  const started = Date.now();
  const e = await core.call(spec('slow', true), {}, { timeoutMs: 200 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(TimeoutError);
  expect(Date.now() - started).toBeLessThan(1500);
});

test('a caller abort is not a timeout', async () => {
  const core = new ClientCore({ http: http(), retry: false });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const e = await core.call(spec('slow', true), {}, { signal: controller.signal }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(CloudFnError);
  expect((e as CloudFnError).code).toBe('ABORTED');
});

test('output that breaks the contract is an InvalidOutputError with pointers', async () => {
  const strict: Validator = Object.assign((d: unknown) => typeof (d as { ok: unknown }).ok === 'boolean', { errors: [{ instancePath: '/ok', keyword: 'type', params: { type: 'boolean' } }] });
  const e = await new ClientCore({ http: http() }).call(spec('wrong', true, strict), {}).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InvalidOutputError);
  expect((e as InvalidOutputError).issues).toEqual([{ path: '/ok', message: 'must be boolean' }]);
});

test.each([
  ['an HTML error page', 500, '<html>oops</html>', 'text/html', 'HTTP_500'],
  ['an empty 502', 502, '', 'text/plain', 'GATEWAY'],
  ['a JSON array', 418, '[1]', 'application/json', 'HTTP_418'],
])('%s never crashes the client', async (_n, status, body, type, code) => {
  const fakeFetch = async (): Promise<Response> => new Response(body, { status, headers: { 'content-type': type } });
  const e = await new ClientCore({ http: { baseUrl: 'http://x.local', serviceKey: 'k' }, fetch: fakeFetch, retry: false }).call(spec('x', true), {}).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(CloudFnError);
  expect((e as CloudFnError).code).toBe(code);
  expect((e as CloudFnError).status).toBe(status);
});
