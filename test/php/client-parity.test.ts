/**
 * The PHP client against the TypeScript client, answer for answer: a server on 127.0.0.1 answers
 * each call with a status, content type and body (a gateway's, a function's, or neither), and both
 * clients of examples/shop must end the same way: the same value, or the same failure (class, code,
 * status, hint, message, issues, request id).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createClient, type ClientOptions } from '../../examples/shop/generated/client.js';
import { buildShop } from '../helpers/built-shop.js';
import { phpJson } from '../helpers/php.js';

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
  requestId: string | undefined;
}

let answer: Answer = { status: 200, type: 'application/json', body: '{}', requestId: undefined };
let server: Server;
let base = '';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-client-parity-'));

beforeAll(async () => {
  await buildShop();
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // The WeChat server API: a token, then the invoke answer, whose resp_data is the answer's body.
      if (req.url!.startsWith('/cgi-bin/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token":"token-0123456789","expires_in":7200}');
        return;
      }
      if (req.url!.startsWith('/tcb/invokecloudfunction')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(answer.status >= 200 && answer.status < 300 ? JSON.stringify({ errcode: 0, errmsg: 'ok', resp_data: answer.body }) : JSON.stringify({ errcode: answer.status === 429 ? 45011 : -1, errmsg: 'busy' }));
        return;
      }
      const headers: Record<string, string> = {};
      if (answer.type !== undefined) headers['content-type'] = answer.type;
      if (answer.requestId !== undefined) headers['x-request-id'] = answer.requestId;
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

const PONG = { pong: true, echo: 'x', serverTime: '2026-11-27T12:00:00Z' };
const bodies: string[] = [
  JSON.stringify(PONG),
  JSON.stringify({ ...PONG, pong: false }),
  JSON.stringify({ pong: true }),
  '{"error":{"code":"UNAUTHORIZED","message":"wrong key"}}',
  '{"error":{"code":"INVALID_INPUT","message":"the input does not match the contract","issues":[{"path":"/echo","message":"must be string"}]}}',
  '{"error":{"code":"INTERNAL","id":"req-9"}}',
  '{"error":{"code":"NOPE","message":"an undeclared code"}}',
  '{"error":{"code":"OUT_OF_STOCK","message":"Not enough stock","data":{"sku":"SOLD-OUT","available":0}}}',
  '{"error":{"code":"OUT_OF_STOCK","message":"Not enough stock","data":{"sku":7}}}',
  '{"error":{"code":"OUT_OF_STOCK","message":"Not enough stock","data":{"sku":"SOLD-OUT","available":-1}}}',
  '{"error":{"code":"OUT_OF_STOCK","message":"Not enough stock"}}',
  '{"error":{"code":"COUPON_INVALID"}}',
  '{"error":{"code":"COUPON_INVALID","data":[]}}',
  '{"error":"plain text error"}',
  '{"code":"FUNCTION_INVOCATION_FAILED","message":"crashed","requestId":"abc"}',
  '{"code":"FUNCTION_TIME_LIMIT_EXCEEDED","message":"timed out"}',
  '{"errcode":-1,"errmsg":"system error"}',
  '<html><body>502 Bad Gateway</body></html>',
  '',
  'null',
  '[]',
  '{}',
  '{"pong":',
  '"text"',
];
const answers = fc.record({
  status: fc.constantFrom(200, 200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 502, 503, 504, 418),
  type: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/html', 'text/plain', undefined),
  body: fc.constantFrom(...bodies),
  requestId: fc.constantFrom(undefined, 'rid-123'),
});

type Outcome = Record<string, unknown>;
const ORDER = {
  customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11',
  items: [{ sku: 'TEA-0001', quantity: 1 }],
  shipTo: { recipient: '王小明', phone: '13800138000', province: '广东省', city: '深圳市', street: '科技园路 1 号' },
  payment: 'wechat_pay' as const,
};

/** What the TypeScript client ends with, in the terms the PHP fixture prints. */
async function tsOutcome(call: 'ping' | 'submit', options: ClientOptions): Promise<Outcome> {
  const client = createClient({ ...options, retry: false });
  try {
    if (call === 'submit') return { ok: await client.submitOrder(ORDER) };
    const { pong, echo, serverTime } = await client.ping({ echo: 'x' });
    // In the order of the PHP model's members.
    return { ok: { pong, serverTime, echo } };
  } catch (e) {
    const err = e as Record<string, unknown> & Error;
    // A declared error is the function's exception class in PHP (SubmitOrderException extends BusinessException).
    const cls = err.constructor.name.replace(/Error$/, '');
    return { class: cls, message: err.message, code: err['code'], status: err['status'], hint: err['hint'], requestId: err['requestId'], ...('issues' in err ? { issues: err['issues'] } : {}) };
  }
}

async function phpOutcome(call: 'ping' | 'submit', options: Record<string, unknown>): Promise<Outcome> {
  // The WeChat API's token in a file of this test's own (the default file is per machine user).
  const cloud = options['cloud'] as Record<string, unknown> | undefined;
  const php = cloud ? { ...options, cloud: { ...cloud, tokenStorePath: path.join(scratch, 'token.json') } } : options;
  const r = await phpJson<Outcome>('shop-client.php', [call, JSON.stringify({ ...php, retry: false })]);
  if ('ok' in r) return { ok: r['ok'] };
  const { class: cls, message, code, status, hint, requestId, issues } = r;
  const name = String(cls) === 'SubmitOrderException' ? 'Business' : String(cls).replace(/Exception$/, '');
  return { class: name, message, code, status: status ?? undefined, hint: hint ?? undefined, requestId: requestId ?? undefined, ...(issues !== undefined ? { issues } : {}) };
}

describe.each([
  ['HTTP trigger', () => ({ http: { baseUrl: base, serviceKey: 'k' } })],
  ['HTTP API', () => ({ api: { envId: 'env-1', apiKey: 'api-key', baseUrl: base } })],
  ['WeChat API', () => ({ cloud: { appId: 'wx1', appSecret: 'secret', env: 'env-1', apiBaseUrl: base } })],
])('%s', (_label, options) => {
  test('every body as a 200 JSON answer, then random statuses, types and bodies: both clients end the same way', async () => {
    const every = bodies.map((body): Answer => ({ status: 200, type: 'application/json', body, requestId: undefined }));
    const random = fc.sample(answers, { numRuns: Number(process.env.RANDOM_ANSWERS ?? 24), seed: Number(process.env.SEED ?? 20261127) });
    const differ: string[] = [];
    for (const [i, a] of [...every, ...random].entries()) {
      answer = a;
      // A function without declared errors and one with them, in turn.
      const call = i % 2 === 0 ? 'ping' : 'submit';
      const ts = JSON.parse(JSON.stringify(await tsOutcome(call, options() as ClientOptions))) as Outcome;
      const php = await phpOutcome(call, options());
      if (JSON.stringify(ts) !== JSON.stringify(php)) differ.push(`${call} ${JSON.stringify(a)}\n  ts  ${JSON.stringify(ts)}\n  php ${JSON.stringify(php)}`);
    }
    expect(differ.join('\n')).toBe('');
  }, 300_000);
});
