/**
 * A cloud function named `then` (or `toJSON`, `toString`, `valueOf`: members JavaScript calls by
 * itself) gave the TypeScript client and the direct wrapper a method of that name. A client with a
 * `then` method is taken for a promise: returned from an async function (a DI container's async
 * factory, `await import(…)` of a module exporting it), it called the cloud function with the
 * promise's resolve and reject as input, never settled, and left an unhandled rejection. Such a
 * function's method is `thenFunction`; PHP, with no such protocol, keeps `then()`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { cloudfn } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const within = <T>(ms: number, promise: Promise<T>): Promise<T | 'never settled'> => Promise.race([promise, new Promise<'never settled'>((resolve) => setTimeout(() => resolve('never settled'), ms).unref())]);

test('functions named then and valueOf: the callers are plain objects that an async function can return; their methods are thenFunction and valueOfFunction', async () => {
  const dir = tempProject({
    'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions', targets: { 'contract-tests': { enabled: false }, direct: { miniprogramJs: true } } },
    'schemas/then.fn.json': contract({ name: 'then' }),
    'schemas/value-of.fn.json': contract({ name: 'value-of' }),
  });
  await runGen(resolveConfig({}, dir));
  const rejections: unknown[] = [];
  const onRejection = (e: unknown): number => rejections.push(e);
  process.on('unhandledRejection', onRejection);
  try {
    const { createClient } = (await import(path.join(dir, 'generated/client.ts'))) as { createClient: (o: unknown) => Record<string, unknown> };
    const client = createClient({ http: { baseUrl: 'http://127.0.0.1:9', serviceKey: 'k' }, retry: false });
    expect(await within(2000, (async () => client)())).toBe(client);
    expect([typeof client['thenFunction'], typeof client['valueOfFunction'], 'then' in client, 'valueOf' in client && Object.hasOwn(client, 'valueOf')]).toEqual(['function', 'function', false, false]);

    const calls: unknown[] = [];
    const sdk = { callFunction: (o: unknown) => (calls.push(o), Promise.resolve({ result: { pong: true }, requestId: 'r' })) };
    const { createCloudFns } = (await import(path.join(dir, 'generated/direct.ts'))) as { createCloudFns: (sdk: unknown) => Record<string, (input: unknown) => Promise<unknown>> };
    const fns = createCloudFns(sdk);
    expect(await within(2000, (async () => fns)())).toBe(fns);
    expect(calls).toEqual([]);
    expect(await fns['thenFunction']!({})).toEqual({ pong: true });
    expect(calls).toEqual([{ name: 'then', data: {} }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rejections).toEqual([]);
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  // The mini program's declarations and PHP say the same.
  expect(readFileSync(path.join(dir, 'generated/miniprogram/js/cloudfn.d.ts'), 'utf8')).toMatch(/^ {2}thenFunction\(input: ThenInput\): Promise<ThenOutput>;$/m);
  expect(readFileSync(path.join(dir, 'generated/php/src/Client.php'), 'utf8')).toContain('public function then(ThenInput $input');
});

test('a function named then-function then clashes with then: refused, naming both', () => {
  const dir = tempProject({
    'schemas/then.fn.json': contract({ name: 'then' }),
    'schemas/then-function.fn.json': contract({ name: 'then-function', http: { path: '/tf' } }),
  });
  const r = cloudfn(['gen'], dir);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/function name "then(-function)?" and "then(-function)?" .* both become the identifier thenFunction/);
});
