// FLOOR + checks: FLOOR written by hand with the request checks the generated handler makes, each
// the plain way: service key required and compared in constant time (node:crypto), IP allowlist
// read per request, method, size and content type, header names in any case, prototype keys
// removed (as secure-json-parse does), ajv's own-member checks (ownProperties), input and output
// validated. It answers the question FLOOR cannot: what the same checks cost when written by hand.
import { timingSafeEqual } from 'node:crypto';
import { validateInput, validateOutput } from './floor-checked-validators.cjs';

const HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const MAX_BODY = 6 * 1024 * 1024;
const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;
const reply = (statusCode, body) => ({ statusCode, headers: HEADERS, body: JSON.stringify(body), isBase64Encoded: false });
const fail = (statusCode, code) => reply(statusCode, { error: { code } });

function header(headers, name) {
  if (typeof headers[name] === 'string') return headers[name];
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name && typeof headers[k] === 'string') return headers[k];
  return undefined;
}

function sameSecret(given, expected) {
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(expected);
  // Compared at the expected length whatever the given one, so the time tells nothing of it.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

function stripProtoKeys(value) {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Object.hasOwn(node, '__proto__')) delete node.__proto__;
    if (Object.hasOwn(node, 'constructor') && node.constructor && typeof node.constructor === 'object' && Object.hasOwn(node.constructor, 'prototype')) delete node.constructor;
    for (const k in node) stack.push(node[k]);
  }
}

export async function main(event) {
  const headers = event.headers ?? {};
  const expected = process.env.CLOUDFN_SERVICE_KEY;
  if (!expected) return fail(500, 'SERVICE_KEY_NOT_CONFIGURED');
  const allow = process.env.CLOUDFN_ALLOW_IPS;
  if (allow && !allow.split(',').map((s) => s.trim()).includes(event.requestContext?.sourceIp)) return fail(403, 'IP_NOT_ALLOWED');
  if (!sameSecret(header(headers, 'x-wx-service-key'), expected)) return fail(401, 'UNAUTHORIZED');
  if (event.httpMethod !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED');
  const body = typeof event.body === 'string' ? event.body : '';
  if (Buffer.byteLength(body) > MAX_BODY) return fail(413, 'PAYLOAD_TOO_LARGE');
  if (!JSON_TYPE.test(header(headers, 'content-type') ?? '')) return fail(415, 'UNSUPPORTED_MEDIA_TYPE');
  let input;
  try {
    input = JSON.parse(body);
  } catch {
    return fail(400, 'INVALID_JSON');
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return fail(400, 'BAD_REQUEST');
  if (body.includes('__proto__') || body.includes('constructor') || body.includes('\\u')) stripProtoKeys(input);
  if (!validateInput(input)) return reply(400, { error: { code: 'INVALID_INPUT', issues: validateInput.errors } });
  const output = { orderId: 'ord_0123456789', status: input.payment === 'cash_on_delivery' ? 'confirmed' : 'pending_payment', lines: input.items.length, createdAt: '2026-11-24T12:00:00Z' };
  if (!validateOutput(output)) return fail(500, 'INVALID_OUTPUT');
  return reply(200, output);
}
