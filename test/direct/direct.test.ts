/**
 * The direct-call wrappers against an in-process stand-in of each SDK object, modelled on the
 * platform's documented result and failure shapes. Each stand-in calls the real generated handler
 * of examples/shop with the flat event, as the platform does for callFunction.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { BusinessError, CallFunctionError, createCloudFns, InvalidInputError, isGetOrderFailure, isSubmitOrderFailure, isUserLoginFailure, type CallFunctionSdk } from '../../examples/shop/generated/direct.js';
import { validators } from '../../examples/shop/generated/direct-validators.js';
import { miniProgramFns } from '../../examples/shop/generated/miniprogram/cloudfn.js';
import { REPO_ROOT } from '../helpers/cli.js';

const SHOP = path.join(REPO_ROOT, 'examples/shop');
type Main = (event: unknown, context: unknown) => Promise<unknown>;
const mains = new Map<string, Main>();
const ADDRESS = { recipient: '王小明', phone: '13800138000', province: '广东省', city: '深圳市', street: '科技园路 1 号' };
const ORDER = { customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', items: [{ sku: 'TEA-0001', quantity: 2 }], shipTo: ADDRESS, payment: 'wechat_pay' as const };

beforeAll(async () => {
  vi.stubEnv('CLOUDFN_SERVICE_KEY', 'not-used-by-direct-calls');
  for (const name of ['ping', 'submitOrder', 'getOrder', 'listCategories', 'user-login']) {
    mains.set(name, ((await import(path.join(SHOP, `functions/${name}/index.ts`))) as { main: Main }).main);
  }
});
afterEach(() => vi.restoreAllMocks());

let seq = 0;
/** Runs the real handler as the platform runs a direct call; `broken` makes a platform failure. */
async function runFunction(name: string, data: unknown, userInfo?: Record<string, string>): Promise<{ ok: true; result: unknown; requestId: string } | { ok: false; kind: 'not-found' | 'failed'; requestId: string }> {
  const requestId = `req-${++seq}`;
  const main = mains.get(name);
  if (!main || name === 'ping' && (data as { echo?: string }).echo === 'crash') return { ok: false, kind: main ? 'failed' : 'not-found', requestId };
  const event = userInfo ? { ...(data as object), userInfo } : data;
  vi.spyOn(console, 'error').mockImplementation(() => {});
  // The platform serializes the value as JSON.
  return { ok: true, result: JSON.parse(JSON.stringify(await main(event, { request_id: requestId }))), requestId };
}

/** wx.cloud in a mini program: `{ errMsg, result, requestID }`; failures reject `{ errCode, errMsg }`. */
const wxCloud = (calls: string[] = []): CallFunctionSdk => ({
  async callFunction({ name, data }) {
    calls.push(name);
    const r = await runFunction(name, data, { appId: 'wx00000000cloudfn', openId: 'o-mini-program-user' });
    if (r.ok) return { errMsg: 'cloud.callFunction:ok', result: r.result, requestID: r.requestId };
    throw r.kind === 'not-found'
      ? { errCode: -501000, errMsg: 'cloud.callFunction:fail -501000 | errMsg: FunctionName parameter could not be found.' }
      : { errCode: -504002, errMsg: 'cloud.callFunction:fail -504002 functions execute fail' };
  },
});
/** cloud from wx-server-sdk: the same shape as wx.cloud (a cloud function calling another). */
const wxServerSdk = (): CallFunctionSdk => ({
  async callFunction({ name, data }) {
    const r = await runFunction(name, data);
    if (r.ok) return { result: r.result, requestID: r.requestId, errMsg: 'cloud.callFunction:ok' };
    throw Object.assign(new Error(`errCode: ${r.kind === 'failed' ? -504002 : -501000}`), { errCode: r.kind === 'failed' ? -504002 : -501000, errMsg: `cloud.callFunction:fail ${r.kind === 'failed' ? -504002 : -501000}` });
  },
});
/** app from @cloudbase/js-sdk (web): `{ result, requestId }`; a failure comes back as `{ code, message, requestId }`. */
const jsSdkApp = (): CallFunctionSdk => ({
  async callFunction({ name, data }) {
    const r = await runFunction(name, data);
    if (r.ok) return { result: r.result, requestId: r.requestId };
    return { code: r.kind === 'failed' ? 'FUNCTIONS_EXECUTE_FAIL' : 'FUNCTION_NOT_FOUND', message: `${name} failed`, requestId: r.requestId };
  },
});
/** app from @cloudbase/node-sdk: `{ result, requestId }`; failures thrown as `{ code: "FUNCTIONS_EXECUTE_FAIL", message, requestId }`. */
const nodeSdkApp = (): CallFunctionSdk => ({
  async callFunction({ name, data }) {
    const r = await runFunction(name, data);
    if (r.ok) return { result: r.result, requestId: r.requestId };
    throw Object.assign(new Error(`${name} failed`), { code: r.kind === 'failed' ? 'FUNCTIONS_EXECUTE_FAIL' : 'FUNCTION_NOT_FOUND', requestId: r.requestId });
  },
});

describe.each([
  ['mini program (wx.cloud, the global wx)', 'wx'],
  ['web (@cloudbase/js-sdk app)', 'js'],
  ['cloud to cloud (wx-server-sdk cloud)', 'wxs'],
  ['cloud to cloud (@cloudbase/node-sdk app)', 'node'],
])('%s', (_label, kind) => {
  const make = (options = {}) => {
    if (kind === 'wx') {
      (globalThis as { wx?: unknown }).wx = { cloud: wxCloud() };
      return miniProgramFns(options);
    }
    return createCloudFns(kind === 'js' ? jsSdkApp() : kind === 'wxs' ? wxServerSdk() : nodeSdkApp(), options);
  };

  test('success: typed outputs', async () => {
    const fns = make();
    expect(await fns.ping({ echo: 'hi' })).toMatchObject({ pong: true, echo: 'hi' });
    expect(await fns.submitOrder(ORDER)).toMatchObject({ status: 'pending_payment', total: { amount: 7600, currency: 'CNY' } });
    expect((await fns.listCategories({ maxDepth: 1 })).categories.map((c) => c.id)).toEqual(['tea', 'ware']);
  });

  test('invalid input: the function refuses it, with JSON pointers (validation off)', async () => {
    const e = await make().submitOrder({ ...ORDER, items: [{ sku: 'TEA-0001', quantity: 0 }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).issues).toEqual([{ path: '/items/0/quantity', message: 'must be >= 1' }]);
  });

  test('each declared error arrives typed, with its data', async () => {
    const soldOut = await make().submitOrder({ ...ORDER, items: [{ sku: 'SOLD-OUT', quantity: 1 }] }).catch((x: unknown) => x);
    expect(soldOut).toBeInstanceOf(BusinessError);
    expect(isSubmitOrderFailure(soldOut) && soldOut.code === 'OUT_OF_STOCK' && soldOut.data).toEqual({ sku: 'SOLD-OUT', available: 0 });
    expect(soldOut).toMatchObject({ status: 409, functionName: 'submitOrder' });
    const coupon = await make().submitOrder({ ...ORDER, coupon: 'SPRING2020' }).catch((x: unknown) => x);
    expect(isSubmitOrderFailure(coupon) && coupon.code).toBe('COUPON_INVALID');
    const missing = await make().getOrder({ orderId: 'ord_0000000000' }).catch((x: unknown) => x);
    expect(isGetOrderFailure(missing) && missing.data).toEqual({ orderId: 'ord_0000000000' });
    const login = await make().userLogin({ code: 'invalid-code-1' }).catch((x: unknown) => x);
    expect(isUserLoginFailure(login) && [login.code, login.status]).toEqual(['INVALID_CODE', 400]);
  });

  test('a platform failure is a CallFunctionError with the SDK code and a hint', async () => {
    const e = await make().ping({ echo: 'crash' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CallFunctionError);
    expect((e as CallFunctionError).hint).toBe('the function threw or crashed; its logs in the console say why');
    expect((e as CallFunctionError).code).toMatch(/^(WX_-504002|FUNCTIONS_EXECUTE_FAIL)$/);
  });
});

test('with validators, invalid input is refused before calling', async () => {
  const calls: string[] = [];
  const fns = createCloudFns(wxCloud(calls), { validators });
  const e = await fns.submitOrder({ ...ORDER, items: [{ sku: 'TEA-0001', quantity: 0 }] }).catch((x: unknown) => x);
  expect(e).toMatchObject({ code: 'INVALID_INPUT', message: 'the input does not match the contract; nothing was sent: /items/0/quantity must be >= 1', issues: [{ path: '/items/0/quantity', message: 'must be >= 1' }] });
  expect(calls).toEqual([]);
  expect(await fns.ping({})).toMatchObject({ pong: true });
});

test('a function the environment does not have', async () => {
  const fns = createCloudFns(nodeSdkApp());
  mains.delete('listCategories');
  const e = await fns.listCategories({}).catch((x: unknown) => x);
  expect(e).toMatchObject({ code: 'FUNCTION_NOT_FOUND', hint: 'check the function name and that it is deployed in this environment' });
});

test('the plain-JS build (miniprogram/js/cloudfn.js) works the same with the global wx', async () => {
  // Loaded as a mini program loads a .js file: CommonJS (the repository's "type": "module" does not apply there).
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', readFileSync(path.join(SHOP, 'generated/miniprogram/js/cloudfn.js'), 'utf8'))(module, module.exports, () => {
    throw new Error('the plain-JS build requires nothing');
  });
  const js = module.exports as unknown as typeof import('../../examples/shop/generated/miniprogram/js/cloudfn.js');
  (globalThis as { wx?: unknown }).wx = { cloud: wxCloud() };
  const fns = js.miniProgramFns();
  expect(await fns.ping({ echo: 'js' })).toMatchObject({ pong: true, echo: 'js' });
  const e = await fns.submitOrder({ ...ORDER, items: [{ sku: 'SOLD-OUT', quantity: 1 }] }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(js.BusinessError);
  expect(js.isSubmitOrderFailure(e) && e.data).toEqual({ sku: 'SOLD-OUT', available: 0 });
});

test('the mini program wrapper of the example, bundled, minified and gzipped, stays under 6 KB without validation', async () => {
  const { miniProgramSizes } = await import('../../bench/miniprogram.mjs');
  const sizes = await miniProgramSizes();
  expect(sizes.plain.gzip).toBeLessThan(6 * 1024);
  // The validators are left out unless asked for.
  expect(sizes.validated.gzip).toBeGreaterThan(sizes.plain.gzip);
});

test('the prebuilt runtime of the plain-JS wrapper is current with its TypeScript templates', async () => {
  const { buildRuntime, RUNTIME_DTS, RUNTIME_JS } = await import('../../generator/targets/direct/miniprogram-runtime.js');
  const built = await buildRuntime();
  const fix = 'out of date: run `npm run build && node scripts/build-miniprogram-runtime.mjs`';
  expect(readFileSync(path.join(REPO_ROOT, 'templates', RUNTIME_JS), 'utf8'), fix).toBe(built.js);
  expect(readFileSync(path.join(REPO_ROOT, 'templates', RUNTIME_DTS), 'utf8'), fix).toBe(built.dts);
});
