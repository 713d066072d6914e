/**
 * `targets.handler.trustForwardedFor`: behind a proxy of the user's own, the Node and the PHP
 * handlers take the caller IP from the first `X-Forwarded-For` hop, and fail closed on anything
 * that is not an IP. Without the option the header is never read (the parity test covers that).
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { decode, httpEvent, SERVICE_KEY } from '../helpers/events.js';
import { nodePhpPair, type NodePhpPair } from '../helpers/node-php-pair.js';

const contract = (name: string, runtime: string): Record<string, unknown> => ({
  name,
  runtime,
  input: { type: 'object' },
  output: { type: 'object', additionalProperties: false, required: ['ip'], properties: { ip: { type: ['string', 'null'] } } },
});

let pair: NodePhpPair;
const env = { CLOUDFN_SERVICE_KEY: SERVICE_KEY, CLOUDFN_ALLOW_IPS: '198.51.100.0/24' };

beforeAll(async () => {
  pair = await nodePhpPair({
    stem: 'ip',
    contract,
    handler: { trustForwardedFor: true },
    env,
    impls: {
      'functions/ip-node/impl.ts': `import type { CallContext, Input, Output } from './contract.js';\nexport default async function ip(_input: Input, ctx: CallContext): Promise<Output> {\n  return { ip: ctx.sourceIp ?? null };\n}\n`,
      'functions/ip-php/impl.php': `<?php\n\ndeclare(strict_types=1);\n\nreturn static function (array $input, array $context): array {\n    return ['ip' => $context['sourceIp']];\n};\n`,
    },
  });
});
afterAll(async () => {
  await pair.php.close();
  vi.unstubAllEnvs();
});

async function both(headers: Record<string, string>, sourceIp = '203.0.113.7'): Promise<unknown[]> {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const event = httpEvent({}, { headers, sourceIp });
  const node = decode(await pair.node(structuredClone(event), {}));
  const outcome = await pair.php.invoke(event, {}, 10_000);
  return [{ status: node.status, body: node.body }, (({ status, body }) => ({ status, body }))(decode((outcome as { value: unknown }).value))];
}

test.each([
  ['the first hop is on the allowlist', { 'x-forwarded-for': '198.51.100.9, 10.0.0.1' }, 200, { ip: '198.51.100.9' }],
  ['the first hop is not (a later one is)', { 'x-forwarded-for': '203.0.113.50, 198.51.100.9' }, 403, { error: { code: 'IP_NOT_ALLOWED' } }],
  ['the first hop is not an IP: fail closed', { 'x-forwarded-for': 'unknown, 198.51.100.9' }, 403, { error: { code: 'IP_NOT_ALLOWED' } }],
  ['no header: the platform sourceIp', {}, 403, { error: { code: 'IP_NOT_ALLOWED' } }],
])('%s (Node and PHP alike)', async (_n, headers, status, body) => {
  const [node, php] = await both(headers);
  expect(node).toEqual({ status, body: expect.objectContaining(body) });
  expect(php).toEqual(node);
});

test('no header and an allowed platform sourceIp: that IP', async () => {
  const [node, php] = await both({}, '198.51.100.20');
  expect(node).toEqual({ status: 200, body: { ip: '198.51.100.20' } });
  expect(php).toEqual(node);
});
