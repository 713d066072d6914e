/** Mock mode's example matching (templates/node-handler/mock-examples.ts) behind a real handler. */
import { afterEach, expect, test, vi } from 'vitest';
import { exampleAnswer, holds } from '../../templates/node-handler/mock-examples.js';
import { createMain, type Validator } from '../../templates/node-handler/runtime.js';
import { decode, httpEvent, SERVICE_KEY } from '../helpers/events.js';

afterEach(() => vi.unstubAllEnvs());

test('an input holds an example when each member the example lists is equal; arrays match item for item and length', () => {
  const example = { id: 'a', lines: [{ sku: 'X', qty: 1 }], note: null };
  expect(holds({ id: 'a', lines: [{ sku: 'X', qty: 1, extra: true }], note: null, filledDefault: 3 }, example)).toBe(true);
  expect(holds({ id: 'a', lines: [{ sku: 'X', qty: 1 }, { sku: 'Y', qty: 1 }], note: null }, example)).toBe(false);
  expect(holds({ id: 'a', lines: [{ sku: 'X', qty: 2 }], note: null }, example)).toBe(false);
  expect(holds({ id: 'a', lines: [{ sku: 'X', qty: 1 }] }, example)).toBe(false);
  expect(holds({ lines: { 0: { sku: 'X', qty: 1 } }, id: 'a', note: null }, example)).toBe(false);
  expect(holds([], {})).toBe(false);
  // Only the input's own members count: an inherited one is not "listed".
  expect(holds(Object.create({ id: 'a' }) as object, { id: 'a' })).toBe(false);
  expect(holds({ any: 1 }, {})).toBe(true);
});

test('behind a handler, the first example held answers (its output, or its declared error with the contract status); other inputs fall through', async () => {
  vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
  const accept: Validator = () => true;
  const examples = [
    { input: { id: 'gone', lines: [1] }, error: { code: 'GONE', data: { id: 'gone' } } },
    { input: { id: 'gone' }, output: { found: false } },
    { input: { id: 'known' }, output: { found: true } },
  ];
  const main = createMain<any, any>({
    name: 'probe',
    errors: { GONE: { status: 410 } },
    validateInput: accept,
    validateOutput: accept,
    impl: async (input) => exampleAnswer(examples, input) ?? { fallthrough: true },
  });
  const call = async (body: unknown) => decode(await main(httpEvent(body)));
  expect(await call({ id: 'gone', lines: [1] })).toMatchObject({ status: 410, body: { error: { code: 'GONE', data: { id: 'gone' } } } });
  expect(await call({ id: 'gone', lines: [2] })).toMatchObject({ status: 200, body: { found: false } });
  expect(await call({ id: 'known', more: 1 })).toMatchObject({ status: 200, body: { found: true } });
  expect(await call({ id: 'other' })).toMatchObject({ status: 200, body: { fallthrough: true } });
});
