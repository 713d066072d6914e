/**
 * A shared definition reached only through a keyword the generated types do not show (`else`,
 * `not`): gen refused the contract ("can't resolve reference #/$defs/Named"): the definitions a
 * schema reaches were read from its type only, so its validators, the PHP handler's copy and the
 * cache keys of what is generated for it left such a definition out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { phpHost } from '../../generator/emulator/php-host.js';
import { runGen } from '../../generator/pipeline.js';
import { tempProject } from '../helpers/temp-project.js';

const named = (minLength: number) => ({ type: 'object', required: ['name'], properties: { name: { type: 'string', minLength } } });
const contract = (name: string, runtime: string) => ({
  name,
  runtime,
  $defs: { Named: named(1), Plain: { type: 'string', maxLength: 3 } },
  input: {
    type: 'object',
    properties: {
      v: { if: { type: 'string' }, then: { minLength: 1 }, else: { $ref: '#/$defs/Named' } },
      w: { not: { $ref: '#/$defs/Plain' } },
    },
  },
  output: { type: 'object' },
});
const dir = tempProject({
  'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions', targets: { 'contract-tests': { enabled: false }, direct: { enabled: false } } },
  'schemas/reach.fn.json': contract('reach', 'nodejs'),
  'schemas/reach-php.fn.json': contract('reach-php', 'php'),
});
const host = phpHost({ dir: path.join(dir, 'functions/reach-php'), env: {} });
afterAll(() => host.close());

const CASES: [unknown, boolean][] = [
  [{ v: 'x' }, true],
  [{ v: { name: 'n' } }, true],
  [{ v: {} }, false],
  [{ v: { name: '' } }, false],
  [{ w: 'abcd' }, true],
  [{ w: 'ab' }, false],
];

test('gen accepts it; the Node validators and the PHP handler check through it', async () => {
  await runGen(resolveConfig({}, dir));
  const validators = (await import(path.join(dir, 'generated/validators/reach.ts'))) as { validateInput: (v: unknown) => boolean };
  expect(CASES.map(([input]) => validators.validateInput(input))).toEqual(CASES.map(([, ok]) => ok));
  const answers = [];
  for (const [input] of CASES) {
    const outcome = await host.invoke(input, {}, 10_000);
    const value = (outcome as { value?: { error?: { code: string } } }).value;
    answers.push(value?.error?.code !== 'INVALID_INPUT');
  }
  expect(answers).toEqual(CASES.map(([, ok]) => ok));
});

test('editing the definition changes what the function checks', async () => {
  await runGen(resolveConfig({}, dir));
  const shipped = (): string => ['reach.ts', '_defs.ts'].map((f) => readFileSync(path.join(dir, 'generated/validators', f), 'utf8')).join('\n');
  const before = shipped();
  const file = path.join(dir, 'schemas/reach.fn.json');
  writeFileSync(file, JSON.stringify({ ...contract('reach', 'nodejs'), $defs: { Named: named(7), Plain: { type: 'string', maxLength: 3 } } }));
  await runGen(resolveConfig({}, dir));
  expect(before).not.toMatch(/\b7\b/);
  expect(shipped()).toMatch(/\b7\b/);
});
