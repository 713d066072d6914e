/** The handler runtime on its own (templates/node-handler/runtime.ts), with stand-in validators. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { secretMatches, stripProtoKeys } from '../../templates/node-handler/request-checks.js';
import { createMain, DeclaredFailure, failWith, type Validator } from '../../templates/node-handler/runtime.js';
import { ipAllowed, isIPv4, isIPv6, parseAllowList } from '../../templates/node-handler/ip-allow.js';
import { decode, httpEvent, SERVICE_KEY } from '../helpers/events.js';

const accept: Validator = () => true;

function handler(impl: (input: any, ctx: any) => unknown, validateOutput: Validator = accept) {
  return createMain<any, any>({ name: 'probe', errors: { GONE: { status: 410, message: 'Gone for good' } }, validateInput: accept, validateOutput, impl: async (i, c) => impl(i, c) });
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('prototype safety', () => {
  test('__proto__ and constructor.prototype never reach an object prototype, even through \\u escapes', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    let seen: any;
    const main = handler((input) => {
      seen = input;
      return { ok: true };
    });
    const body = '{"a":{"\\u005f_proto__":{"polluted":1}},"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}},"keep":{"constructor":"fine"}}';
    expect(decode(await main(httpEvent(body))).status).toBe(200);
    expect(Object.getPrototypeOf(seen)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(seen.a)).toBe(Object.prototype);
    expect(Object.keys(seen).sort()).toEqual(['a', 'keep']);
    expect(Object.keys(seen.a)).toEqual([]);
    expect(seen.keep).toEqual({ constructor: 'fine' });
    expect(({} as any).polluted).toBeUndefined();
  });

  test('stripProtoKeys leaves ordinary data alone', () => {
    const data = { list: [{ x: 1 }], nested: { y: 'constructor' } };
    stripProtoKeys(data);
    expect(data).toEqual({ list: [{ x: 1 }], nested: { y: 'constructor' } });
  });
});

describe('malformed events (any JSON the platform or a direct caller can send)', () => {
  const JSON_VALUES = [null, 0, 12345, true, '', 'x', [], ['POST'], {}, { a: 1 }];
  /** The HTTP event with `field` set to `value` (`headers.x` sets one header). */
  const withField = (field: string, value: unknown): Record<string, unknown> => {
    const event = httpEvent({ echo: 'x' });
    const [top, inner] = field.split('.') as [string, string | undefined];
    if (inner === undefined) event[top] = value;
    else event[top] = { ...(event[top] as object), [inner]: value };
    return event;
  };
  const fields = ['httpMethod', 'headers', 'body', 'isBase64Encoded', 'requestContext', 'headers.x-wx-service-key', 'headers.content-type', 'requestContext.sourceIp', 'requestContext.requestId'];

  test.each(fields)('%s of every JSON type: an answer (a status and a JSON body), never a rejected promise', async (field) => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    vi.stubEnv('CLOUDFN_ALLOW_IPS', '203.0.113.0/24');
    const main = handler((input, ctx) => ({ echo: input.echo, requestId: ctx.requestId }));
    for (const value of JSON_VALUES) {
      const r = (await main(withField(field, value), {}).catch((e: Error) => `rejected: ${e.message}`)) as any;
      expect(typeof r, `${field} = ${JSON.stringify(value)}: ${String(r)}`).toBe('object');
      const status = r.statusCode ?? 200;
      expect([200, 400, 401, 403, 405, 415], `${field} = ${JSON.stringify(value)}`).toContain(status);
      expect(JSON.stringify(r)).not.toContain(SERVICE_KEY);
    }
  });

  test('a service key header that is not a string is no key (401); the context request id is a string or undefined', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    const main = handler((_input, ctx) => ({ requestId: ctx.requestId ?? null }));
    for (const value of [12345, [SERVICE_KEY], { key: SERVICE_KEY }, null, true]) {
      expect(decode(await main(withField('headers.x-wx-service-key', value))).status).toBe(401);
    }
    expect(decode(await main(withField('requestContext.requestId', 42))).body).toEqual({ requestId: null });
  });
});

describe('input nested deeper than the validator can follow', () => {
  // A recursive schema's validator recurses once per level, as ajv's code does.
  const walk = (v: any): boolean => !v || typeof v !== 'object' || !Array.isArray(v.kids) || v.kids.every(walk);
  const deep = (depth: number) => `${'{"kids":['.repeat(depth)}{}${']}'.repeat(depth)}`;

  test('is refused as invalid input (400), over HTTP and in a direct call, never a rejected main', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    const main = createMain<any, any>({ name: 'tree', errors: {}, validateInput: walk, validateOutput: accept, impl: async () => ({ ok: true }) });
    expect(decode(await main(httpEvent(deep(10)))).status).toBe(200);
    const refused = { error: { code: 'INVALID_INPUT', message: 'the input is nested too deeply to check', issues: [{ path: '/', message: 'is nested too deeply' }] } };
    const http = await main(httpEvent(deep(200_000))).catch((e: Error) => `rejected: ${e.message}`);
    expect(typeof http, String(http)).toBe('object');
    expect(decode(http)).toMatchObject({ status: 400, body: refused });
    const direct = await main(JSON.parse(deep(200_000)), {}).catch((e: Error) => `rejected: ${e.message}`);
    expect(direct).toEqual(refused);
  });
});

describe('secretMatches', () => {
  test.each([
    ['equal', 'abc', 'abc', true],
    ['different', 'abd', 'abc', false],
    ['prefix', 'ab', 'abc', false],
    ['longer', 'abcd', 'abc', false],
    ['missing', undefined, 'abc', false],
  ] as const)('%s', (_n, given, expected, want) => {
    expect(secretMatches(given, expected)).toBe(want);
  });
});

describe('errors', () => {
  test('a declared failure keeps its own message, or takes the declared one', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    const withMessage = handler(() => {
      throw new DeclaredFailure('GONE', undefined, 'Removed on Monday');
    });
    expect(decode(await withMessage(httpEvent({}))).body).toEqual({ error: { code: 'GONE', message: 'Removed on Monday' } });
    const fail = failWith<{ GONE: undefined }>();
    const plain = handler(() => {
      throw fail('GONE');
    });
    expect(decode(await plain(httpEvent({})))).toMatchObject({ status: 410, body: { error: { code: 'GONE', message: 'Gone for good' } } });
  });

  test('an undeclared failure code is an internal error, logged, not sent', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const main = handler(() => {
      throw new DeclaredFailure('SURPRISE', { secret: 'x' });
    });
    const r = decode(await main(httpEvent({})));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: { code: 'INTERNAL', id: 'req-0001' } });
    expect(log).toHaveBeenCalledOnce();
  });

  test('the service key env var name is configurable', async () => {
    vi.stubEnv('MY_KEY', 'other-key');
    const main = createMain<any, any>({ name: 'p', errors: {}, validateInput: accept, validateOutput: accept, impl: () => ({}), options: { serviceKeyEnv: 'MY_KEY' } });
    expect(decode(await main(httpEvent({}, { key: 'other-key' }))).status).toBe(200);
    expect(decode(await main(httpEvent({}))).status).toBe(401);
  });
});

describe('IP address parsing (no node:net)', () => {
  test.each([
    ['203.0.113.7', true, false],
    ['256.1.1.1', false, false],
    ['::1', false, true],
    ['2001:db8::1', false, true],
    ['2001:db8:0:0:0:0:0:1', false, true],
    ['::ffff:203.0.113.7', false, true],
    ['2001:db8::1::2', false, false],
    ['2001:db8:0:0:0:0:0:0:1', false, false],
    ['12345::1', false, false],
    ['not-an-ip', false, false],
  ])('%s', (ip, v4, v6) => {
    expect(isIPv4(ip)).toBe(v4);
    expect(isIPv6(ip)).toBe(v6);
  });

  test('CIDR membership', () => {
    const list = parseAllowList('10.0.0.0/8, 192.0.2.1, 2001:db8::/32, garbage, 10.0.0.0/99');
    expect(ipAllowed(list, '10.255.0.1')).toBe(true);
    expect(ipAllowed(list, '11.0.0.1')).toBe(false);
    expect(ipAllowed(list, '192.0.2.1')).toBe(true);
    expect(ipAllowed(list, '192.0.2.2')).toBe(false);
    expect(ipAllowed(list, '2001:db8:ffff::1')).toBe(true);
    expect(ipAllowed(list, '2001:db9::1')).toBe(false);
    expect(ipAllowed(list, '::ffff:10.1.2.3')).toBe(true);
  });
});

describe("the caller on a direct call reaches ctx, as getWXContext() gives it", () => {
  const seen = (): { main: ReturnType<typeof handler>; ctx: () => any } => {
    let ctx: any;
    const main = handler((_i, c) => {
      ctx = c;
      return { ok: true };
    });
    return { main, ctx: () => ctx };
  };

  test("from the event's userInfo (mini program calls), which is not part of the input", async () => {
    const { main, ctx } = seen();
    await main({ a: 1, userInfo: { appId: 'wx1', openId: 'o-1', unionId: 'u-1' } });
    expect(ctx()).toMatchObject({ shape: 'direct', appId: 'wx1', openId: 'o-1', unionId: 'u-1' });
  });

  test('from the per-call variables the platform sets (WX_OPENID, WX_APPID, WX_UNIONID, TCB_SOURCE)', async () => {
    vi.stubEnv('WX_OPENID', 'o-env');
    vi.stubEnv('WX_APPID', 'wx-env');
    vi.stubEnv('WX_UNIONID', 'u-env');
    vi.stubEnv('TCB_SOURCE', 'wx_client');
    const { main, ctx } = seen();
    await main({ a: 1 });
    expect(ctx()).toMatchObject({ openId: 'o-env', appId: 'wx-env', unionId: 'u-env', source: 'wx_client' });
  });

  test('never over HTTP: a header or variable cannot claim a user there', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    vi.stubEnv('WX_OPENID', 'o-env');
    const { main, ctx } = seen();
    await main(httpEvent({ userInfo: { openId: 'forged' } }));
    expect(ctx()).toMatchObject({ shape: 'http', openId: undefined, appId: undefined, unionId: undefined, source: undefined });
  });
});
