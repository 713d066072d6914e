/** The WeChat server API's cloud-call path, through raw HTTP. */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { ERRCODE } from '../../generator/emulator/wechat-errcodes.js';
import { fixtureFiles } from '../helpers/emulator-fixtures.js';

let emu: Emulator;
beforeAll(async () => {
  const files = fixtureFiles();
  emu = await startEmulator({ appId: 'wx1234567890abcdef', appSecret: 'app-secret-xyz', env: 'prod-1a2b', tokenTtlSeconds: 300, functions: [{ name: 'moody', file: files['moody.cjs']!, timeoutSeconds: 10 }, { name: 'echo', file: files['echo.cjs']! }] });
});
afterAll(() => emu.close());

const token = async (query: string) => (await fetch(`${emu.url}/cgi-bin/token?${query}`)).json() as Promise<any>;
const goodQuery = () => `grant_type=client_credential&appid=${emu.appId}&secret=${emu.appSecret}`;
const invoke = async (query: string, body: string | undefined = '{"mode":"fine"}', method = 'POST') =>
  (await fetch(`${emu.url}/tcb/invokecloudfunction?${query}`, { method, ...(method === 'POST' ? { body } : {}) })).json() as Promise<any>;

describe('cgi-bin/token', () => {
  test('issues a token with expires_in', async () => {
    const r = await token(goodQuery());
    expect(r.expires_in).toBe(300);
    expect(r.access_token).toMatch(/^[\w-]{32}$/);
  });
  test.each([
    ['wrong appid', 'grant_type=client_credential&appid=wxnope&secret=app-secret-xyz', ERRCODE.INVALID_APPID],
    ['wrong secret', 'grant_type=client_credential&appid=wx1234567890abcdef&secret=nope', ERRCODE.INVALID_CREDENTIAL],
    ['wrong grant_type', 'grant_type=password&appid=wx1234567890abcdef&secret=app-secret-xyz', ERRCODE.INVALID_GRANT_TYPE],
  ])('%s', async (_n, query, errcode) => {
    const r = await token(query);
    expect(r.errcode).toBe(errcode);
    expect(JSON.stringify(r)).not.toContain('app-secret-xyz');
  });
  test('a new token leaves the previous one valid (5-minute overlap)', async () => {
    const first = (await token(goodQuery())).access_token;
    await token(goodQuery());
    expect((await invoke(`access_token=${first}&env=prod-1a2b&name=moody`)).errcode).toBe(0);
  });
  test('a token superseded by a newer cgi-bin/token call answers 40001 once the 5-minute overlap has passed; one that ran out answers 42001', async () => {
    const first = (await token(goodQuery())).access_token;
    const second = (await token(goodQuery())).access_token;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60 * 1000 + 1000 });
    try {
      expect((await invoke(`access_token=${first}&env=prod-1a2b&name=moody`)).errcode).toBe(ERRCODE.INVALID_CREDENTIAL);
      // The newer one has lived its 300 s TTL too by now: expired, not superseded.
      expect((await invoke(`access_token=${second}&env=prod-1a2b&name=moody`)).errcode).toBe(ERRCODE.TOKEN_EXPIRED);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('cgi-bin/stable_token', () => {
  const stable = async (body: object) => (await fetch(`${emu.url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<any>;
  test('returns the same token while valid; force_refresh issues a new one', async () => {
    const creds = { grant_type: 'client_credential', appid: emu.appId, secret: emu.appSecret };
    const a = await stable(creds);
    const b = await stable(creds);
    expect(b.access_token).toBe(a.access_token);
    const c = await stable({ ...creds, force_refresh: true });
    expect(c.access_token).not.toBe(a.access_token);
    expect((await stable({ ...creds, secret: 'x' })).errcode).toBe(ERRCODE.INVALID_CREDENTIAL);
  });
});

describe('tcb/invokecloudfunction', () => {
  test('calls the function with the flat event and answers resp_data as a JSON string', async () => {
    const t = (await token(goodQuery())).access_token;
    const r = await invoke(`access_token=${t}&env=prod-1a2b&name=moody`, '{"mode":"direct"}');
    expect(r).toEqual({ errcode: 0, errmsg: 'ok', resp_data: '{"ok":true,"mode":"direct"}' });
    expect(JSON.parse(r.resp_data)).toEqual({ ok: true, mode: 'direct' });
  });

  test.each([
    ['no token', 'env=prod-1a2b&name=moody', ERRCODE.TOKEN_MISSING],
    ['an unknown token', 'access_token=forged&env=prod-1a2b&name=moody', ERRCODE.INVALID_TOKEN],
  ] as const)('%s', async (_n, query, errcode) => {
    expect((await invoke(query)).errcode).toBe(errcode);
  });

  test('errcodes for env, name, method, body and function failures', async () => {
    const t = (await token(goodQuery())).access_token;
    // The documented cloud-development numbers, written out: -501001 and -501003 mean other things.
    expect(await invoke(`access_token=${t}&env=other&name=moody`)).toMatchObject({ errcode: -501000, errmsg: 'env other not found' });
    expect(await invoke(`access_token=${t}&env=prod-1a2b&name=ghost`)).toMatchObject({ errcode: -501000, errmsg: 'function ghost not found in env prod-1a2b' });
    expect((await invoke(`access_token=${t}&env=prod-1a2b`)).errcode).toBe(ERRCODE.MISSING_PARAMETER);
    expect((await invoke(`access_token=${t}&env=prod-1a2b&name=moody`, undefined, 'GET')).errcode).toBe(ERRCODE.WRONG_METHOD);
    expect((await invoke(`access_token=${t}&env=prod-1a2b&name=moody`, '')).errcode).toBe(ERRCODE.EMPTY_BODY);
    expect((await invoke(`access_token=${t}&env=prod-1a2b&name=moody`, '{oops')).errcode).toBe(ERRCODE.BAD_JSON);
    const failed = await invoke(`access_token=${t}&env=prod-1a2b&name=moody`, '{"mode":"throw"}');
    expect(failed.errcode).toBe(-504002);
    expect(JSON.stringify(failed)).not.toContain('hunter2');
  });

  test("the invoked function sees the caller's appId as event.userInfo, set by the platform", async () => {
    const t = (await token(goodQuery())).access_token;
    const r = await invoke(`access_token=${t}&env=prod-1a2b&name=echo`, '{"a":1,"userInfo":{"appId":"forged"}}');
    expect(r.errcode).toBe(0);
    const { event } = JSON.parse(r.resp_data as string) as { event: Record<string, unknown> };
    expect(event).toEqual({ a: 1, userInfo: { appId: 'wx1234567890abcdef' } });
  });

  test('the invoke API cuts a function off at 5 s', async () => {
    const t = (await token(goodQuery())).access_token;
    const started = Date.now();
    const r = await invoke(`access_token=${t}&env=prod-1a2b&name=moody`, '{"mode":"spin"}');
    expect(r.errcode).toBe(-501002);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect((await invoke(`access_token=${t}&env=prod-1a2b&name=moody`)).errcode).toBe(0);
  });

  test('expired tokens (admin endpoint) answer 42001 until a new token is fetched', async () => {
    const t = (await token(goodQuery())).access_token;
    const admin = await fetch(`${emu.url}/__cloudfn/expire-tokens`, { method: 'POST' });
    expect(admin.status).toBe(200);
    expect((await invoke(`access_token=${t}&env=prod-1a2b&name=moody`)).errcode).toBe(ERRCODE.TOKEN_EXPIRED);
    const fresh = (await token(goodQuery())).access_token;
    expect((await invoke(`access_token=${fresh}&env=prod-1a2b&name=moody`)).errcode).toBe(0);
    const stats = (await (await fetch(`${emu.url}/__cloudfn/stats`)).json()) as any;
    expect(stats.tokenRequests).toBeGreaterThan(5);
  });
});
