/**
 * The generated `main` of the example functions, called with real-shaped events
 * for both shapes, base64, each security failure, each body failure and each error path.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { main as getOrder } from '../../examples/shop/functions/getOrder/index.js';
import { main as ping } from '../../examples/shop/functions/ping/index.js';
import { main as submitOrder } from '../../examples/shop/functions/submitOrder/index.js';
import { main as userLogin } from '../../examples/shop/functions/user-login/index.js';
import { decode, httpEvent, SERVICE_KEY } from '../helpers/events.js';

const ADDRESS = { recipient: '王小明', phone: '13800138000', province: '广东省', city: '深圳市', street: '科技园路 1 号' };
const ORDER = { customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', items: [{ sku: 'TEA-0001', quantity: 2 }], shipTo: ADDRESS, payment: 'wechat_pay' };

beforeEach(() => {
  vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
  vi.stubEnv('CLOUDFN_ALLOW_IPS', '');
  vi.spyOn(console, 'error').mockImplementation(() => {}); // error paths log by design; keep the output quiet
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('both event shapes', () => {
  test('HTTP trigger: integration response with JSON content type', async () => {
    const r = await submitOrder(httpEvent(ORDER, { path: '/orders/submit' }), { request_id: 'ctx-req' });
    const { status, contentType, body } = decode(r);
    expect(status).toBe(200);
    expect(contentType).toBe('application/json; charset=utf-8');
    expect(body).toMatchObject({ status: 'pending_payment', total: { amount: 7600, currency: 'CNY' } });
    expect(body.orderId).toMatch(/^ord_[a-z0-9]{10}$/);
    expect((r as { isBase64Encoded: boolean }).isBase64Encoded).toBe(false);
  });

  test('direct call: the flat object, userInfo stripped, plain output back', async () => {
    const r = await ping({ echo: 'hi', userInfo: { appId: 'wx123', openId: 'o-abc' } }, {});
    expect(r).toMatchObject({ pong: true, echo: 'hi' });
    expect(typeof (r as { serverTime: string }).serverTime).toBe('string');
  });

  test('direct call needs no service key (the platform authenticated it)', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', '');
    expect(await ping({}, {})).toMatchObject({ pong: true });
  });

  test('base64-encoded body is decoded', async () => {
    const { status, body } = decode(await ping(httpEvent({ echo: '你好' }, { base64: true })));
    expect(status).toBe(200);
    expect(body.echo).toBe('你好');
  });
});

describe('security, before parsing', () => {
  test.each([
    ['no service key configured: fail closed', { env: { CLOUDFN_SERVICE_KEY: '' }, opts: {} }, 500, { error: { code: 'SERVICE_KEY_NOT_CONFIGURED', message: 'set the CLOUDFN_SERVICE_KEY environment variable of this function' } }],
    ['missing X-WX-SERVICE-KEY', { env: {}, opts: { key: null } }, 401, { error: { code: 'UNAUTHORIZED' } }],
    ['wrong X-WX-SERVICE-KEY', { env: {}, opts: { key: 'env-id-is-not-the-key' } }, 401, { error: { code: 'UNAUTHORIZED' } }],
    ['caller outside the IPv4 allowlist', { env: { CLOUDFN_ALLOW_IPS: '10.0.0.0/8, 192.0.2.1' }, opts: {} }, 403, { error: { code: 'IP_NOT_ALLOWED' } }],
    ['caller outside the IPv6 allowlist', { env: { CLOUDFN_ALLOW_IPS: '2001:db8::/32' }, opts: { sourceIp: '2001:db9::1' } }, 403, { error: { code: 'IP_NOT_ALLOWED' } }],
    ['GET instead of POST', { env: {}, opts: { method: 'GET' } }, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } }],
  ] as const)('%s', async (_name, { env, opts }, status, body) => {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const r = decode(await ping(httpEvent({}, opts)));
    expect(r.status).toBe(status);
    expect(r.body).toEqual(body);
    expect(JSON.stringify(r.body)).not.toContain(SERVICE_KEY);
  });

  test.each([
    ['an IPv4 CIDR', '203.0.113.0/24', '203.0.113.7'],
    ['an IPv6 CIDR', '10.0.0.1, 2001:db8::/32', '2001:db8:0:1::5'],
    ['an IPv4-mapped IPv6 caller', '203.0.113.7', '::ffff:203.0.113.7'],
  ])('caller inside %s is allowed', async (_name, list, ip) => {
    vi.stubEnv('CLOUDFN_ALLOW_IPS', list);
    expect(decode(await ping(httpEvent({}, { sourceIp: ip }))).status).toBe(200);
  });
});

describe('body', () => {
  test.each([
    ['larger than 6 MB', `{"echo":"${'x'.repeat(6 * 1024 * 1024)}"}`, {}, 413, 'PAYLOAD_TOO_LARGE'],
    ['not JSON content type', '{}', { headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['invalid JSON', '{"echo": "hi",}', {}, 400, 'INVALID_JSON'],
    ['not an object', '[1, 2]', {}, 400, 'BAD_REQUEST'],
  ] as const)('%s', async (_name, body, opts, status, code) => {
    const r = decode(await ping(httpEvent(body, opts)));
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
  });

  test('invalid JSON names the position', async () => {
    const r = decode(await ping(httpEvent('{"echo": "hi",}')));
    expect(r.body.error.message).toBe('the body is not valid JSON (at position 14)');
  });

  test('a truncated body names the position where it ends', async () => {
    const r = decode(await ping(httpEvent('{"echo": ')));
    expect([r.status, r.body.error.code, r.body.error.message]).toEqual([400, 'INVALID_JSON', 'the body is not valid JSON (at position 9)']);
  });

  test('application/json with a charset is accepted', async () => {
    expect(decode(await ping(httpEvent({}, { headers: { 'content-type': 'application/json; charset=utf-8' } }))).status).toBe(200);
  });
});

describe('validation and errors', () => {
  test('invalid input: 400 with issues naming JSON pointers', async () => {
    const bad = { ...ORDER, items: [{ sku: 'TEA-0001', quantity: 0 }, { quantity: 1 }], extra: true };
    const r = decode(await submitOrder(httpEvent(bad)));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_INPUT');
    expect(r.body.error.issues).toEqual([
      { path: '/extra', message: 'is not allowed' },
      { path: '/items/0/quantity', message: 'must be >= 1' },
      { path: '/items/1/sku', message: 'is required' },
    ]);
  });

  test('invalid input on a direct call comes back as the error object', async () => {
    expect(await ping({ echo: 42 }, {})).toEqual({ error: { code: 'INVALID_INPUT', message: 'the input does not match the contract', issues: [{ path: '/echo', message: 'must be string' }] } });
  });

  test('declared business error: its status, code, message and data', async () => {
    const r = decode(await submitOrder(httpEvent({ ...ORDER, items: [{ sku: 'SOLD-OUT', quantity: 1 }] })));
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: { code: 'OUT_OF_STOCK', message: 'Not enough stock', data: { sku: 'SOLD-OUT', available: 0 } } });
  });

  test('declared error without data', async () => {
    const r = decode(await userLogin(httpEvent({ code: 'invalid-code-123' })));
    expect(r).toMatchObject({ status: 400, body: { error: { code: 'INVALID_CODE', message: 'Login code is invalid' } } });
    expect('data' in r.body.error).toBe(false);
  });

  test('declared error on a direct call', async () => {
    expect(await getOrder({ orderId: 'ord_0000000000' }, {})).toEqual({ error: { code: 'ORDER_NOT_FOUND', message: 'ORDER_NOT_FOUND', data: { orderId: 'ord_0000000000' } } });
  });
});
