// FLOOR: a hand-written handler doing only key check, parse, ajv-standalone input and output validation, stringify.
import { validateInput, validateOutput } from './floor-validators.cjs';

const HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const reply = (statusCode, body) => ({ statusCode, headers: HEADERS, body: JSON.stringify(body), isBase64Encoded: false });

export async function main(event) {
  if (event.headers['x-wx-service-key'] !== process.env.CLOUDFN_SERVICE_KEY) return reply(401, { error: { code: 'UNAUTHORIZED' } });
  let input;
  try {
    input = JSON.parse(event.body);
  } catch {
    return reply(400, { error: { code: 'INVALID_JSON' } });
  }
  if (!validateInput(input)) return reply(400, { error: { code: 'INVALID_INPUT', issues: validateInput.errors } });
  const output = { orderId: 'ord_0123456789', status: input.payment === 'cash_on_delivery' ? 'confirmed' : 'pending_payment', lines: input.items.length, createdAt: '2026-11-24T12:00:00Z' };
  if (!validateOutput(output)) return reply(500, { error: { code: 'INVALID_OUTPUT' } });
  return reply(200, output);
}
