/**
 * Mock mode (`targets.handler.mock`) for Node and PHP functions alike: the contract's examples get
 * their answers (an output, a subset output laid over a sample, a declared error), other inputs the
 * generated samples in turn. The PHP side runs in real php through the emulator's PHP host.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { decode, httpEvent, SERVICE_KEY } from '../helpers/events.js';
import { nodePhpPair, type NodePhpPair } from '../helpers/node-php-pair.js';

const contract = (name: string, runtime: string): Record<string, unknown> => ({
  name,
  runtime,
  input: { type: 'object', properties: { id: { type: 'string' }, lines: { type: 'array', items: { type: 'object', properties: { qty: { type: 'number' } } } }, page: { type: 'integer', default: 1 } } },
  output: { type: 'object', additionalProperties: false, required: ['found', 'at'], properties: { found: { type: 'boolean' }, at: { type: 'string', format: 'date-time' }, tags: { type: 'object' } } },
  errors: { GONE: { status: 410, data: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } }, LOCKED: { status: 423 } },
  examples: [
    { name: 'known', input: { id: 'known' }, output: { found: true }, match: 'subset' },
    { name: 'exact', input: { id: 'exact' }, output: { found: false, at: '2026-01-01T00:00:00Z', tags: {} } },
    { name: 'gone', input: { id: 'gone' }, error: { code: 'GONE', data: { id: 'gone' } } },
    { name: 'gone without data', input: { id: 'gone2' }, error: { code: 'GONE' } },
    { name: 'locked lines', input: { id: 'known', lines: [{ qty: 1 }] }, error: { code: 'LOCKED' } },
    { name: 'no answer named', input: { id: 'plain' } },
  ],
});

let pair: NodePhpPair;

beforeAll(async () => {
  pair = await nodePhpPair({ stem: 'm', contract, handler: { mock: true }, env: { CLOUDFN_SERVICE_KEY: SERVICE_KEY } });
});
afterAll(async () => {
  await pair.php.close();
  vi.unstubAllEnvs();
});

async function both(input: unknown): Promise<{ status: number; body: any }[]> {
  vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
  const event = httpEvent(input);
  const node = decode(await pair.node(structuredClone(event), {}));
  const outcome = await pair.php.invoke(event, {}, 10_000);
  const phpAnswer = decode((outcome as { value: unknown }).value);
  return [node, phpAnswer].map(({ status, body }) => ({ status, body }));
}

test('index.php runs mock.php in mock mode, and mock.php is checked PHP', () => {
  expect(readFileSync(path.join(pair.dir, 'functions/m-php/index.php'), 'utf8')).toContain("require __DIR__ . '/mock.php';");
  expect(readFileSync(path.join(pair.dir, 'functions/m-php/mock.php'), 'utf8')).toContain('return Mock::of(');
});

test.each([
  ['a subset output is laid over a sample', { id: 'known', page: 3 }, 200, { found: true }],
  ['an exact output, an empty object kept an object', { id: 'exact' }, 200, { found: false, at: '2026-01-01T00:00:00Z', tags: {} }],
  ['a declared error with its data', { id: 'gone' }, 410, { error: { code: 'GONE', data: { id: 'gone' } } }],
  ['a declared error whose example gives no data gets sample data', { id: 'gone2' }, 410, { error: { code: 'GONE' } }],
  ['the more specific example first', { id: 'known', lines: [{ qty: 1 }] }, 423, { error: { code: 'LOCKED' } }],
  ['a number written 1.0 holds the example\'s 1', { id: 'known', lines: [{ qty: 1.0 }] }, 423, { error: { code: 'LOCKED' } }],
  ['an array of another length does not hold it', { id: 'known', lines: [{ qty: 1 }, { qty: 1 }] }, 200, { found: true }],
])('%s, from Node and PHP alike', async (_what, input, status, body) => {
  const [node, phpAnswer] = await both(input);
  expect(node).toMatchObject({ status, body });
  expect(phpAnswer).toMatchObject({ status, body });
  if (status === 410) expect(typeof phpAnswer!.body.error.data.id).toBe('string');
  // The rest of an answer comes from the function's own samples (seeded by its name): valid, not equal.
  if (status === 200) for (const a of [node, phpAnswer]) expect(a!.body.at).toMatch(/^\d{4}-\d\d-\d\dT/);
});

test('any other input gets the samples in turn (PHP: in turn within one php process; the emulator starts one per call)', async () => {
  const answers: { status: number; body: any }[][] = [];
  for (let i = 0; i < 4; i++) answers.push(await both({ id: 'plain' }));
  const bodies = (side: number): string[] => answers.map((a) => a[side]!).map((a) => (expect(a.status).toBe(200), JSON.stringify(a.body)));
  expect(new Set(bodies(0)).size, bodies(0).join('\n')).toBeGreaterThan(1);
  expect(new Set(bodies(1)).size).toBe(1);
  for (const b of [...bodies(0), ...bodies(1)]) expect(JSON.parse(b)).toMatchObject({ found: expect.any(Boolean), at: expect.any(String) });
});
