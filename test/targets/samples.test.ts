/** Contract-test samples are chosen for coverage: fewer values, every branch still exercised. */
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { validSamples } from '../../generator/targets/contract-tests/samples.js';
import { contract, tempProject } from '../helpers/temp-project.js';

test('each enum value, both booleans, null, and each optional member present and absent appear among the samples', () => {
  const dir = tempProject({
    'cloudfn.config.json': {},
    'schemas/f.fn.json': contract({
      name: 'f',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'flag'],
        properties: { kind: { enum: ['a', 'b', 'c'] }, flag: { type: 'boolean' }, note: { type: ['string', 'null'] }, tags: { type: 'array', items: { type: 'string' } } },
      },
    }),
  });
  const ir = compile(resolveConfig({}, dir));
  const samples = validSamples(ir, ir.functions[0]!.input, 'f:input', 20) as Record<string, unknown>[];
  expect(samples.length).toBeLessThan(20);
  expect(new Set(samples.map((s) => s['kind']))).toEqual(new Set(['a', 'b', 'c']));
  expect(new Set(samples.map((s) => s['flag']))).toEqual(new Set([true, false]));
  expect(samples.some((s) => s['note'] === null) && samples.some((s) => typeof s['note'] === 'string') && samples.some((s) => !('note' in s))).toBe(true);
  expect(samples.some((s) => 'tags' in s) && samples.some((s) => !('tags' in s))).toBe(true);
  // Deterministic: the same seed gives the same values.
  const again = compile(resolveConfig({}, dir));
  expect(validSamples(again, again.functions[0]!.input, 'f:input', 20)).toEqual(samples);
});

test('the samples are few: each exercises something no other sample does', () => {
  const dir = tempProject({
    'cloudfn.config.json': {},
    'schemas/g.fn.json': contract({
      name: 'g',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: {
          kind: { enum: ['a', 'b', 'c', 'd'] },
          flag: { type: 'boolean' },
          note: { type: ['string', 'null'] },
          tags: { type: 'array', items: { type: 'string' } },
          size: { type: 'integer' },
        },
      },
    }),
  });
  const ir = compile(resolveConfig({}, dir));
  const samples = validSamples(ir, ir.functions[0]!.input, 'g:input', 20) as Record<string, unknown>[];
  // What a sample exercises, written out for this schema: each member's value or state.
  const state = (v: unknown): string => (v === undefined ? 'absent' : v === null ? 'null' : Array.isArray(v) ? (v.length ? 'list' : '[]') : typeof v === 'boolean' ? String(v) : typeof v);
  const exercised = (s: Record<string, unknown>): string[] => [`kind=${String(s['kind'])}`, ...['flag', 'note', 'tags', 'size'].map((k) => `${k}:${state(s[k])}`)];
  const all = new Set(samples.flatMap(exercised));
  expect(all.size).toBeGreaterThanOrEqual(4 + 3 + 3 + 3 + 2);
  for (const [i, s] of samples.entries()) {
    const others = new Set(samples.filter((_x, j) => j !== i).flatMap(exercised));
    expect(exercised(s).some((x) => !others.has(x)), `sample ${i} adds nothing: ${JSON.stringify(s)}`).toBe(true);
  }
});

test('limits far beyond a test value (minLength, minItems, maxLength of 1e9 and more) generate: small test data, no hang, no crash', async () => {
  const { runGen } = await import('../../generator/pipeline.js');
  const { readFileSync } = await import('node:fs');
  const dir = tempProject({
    'cloudfn.config.json': {},
    'schemas/big.fn.json': contract({
      name: 'big',
      input: {
        type: 'object',
        properties: {
          long: { type: 'string', minLength: 1_000_000_000 },
          many: { type: 'array', minItems: 1_000_000_000, items: { type: 'integer' } },
          capped: { type: 'string', maxLength: 1e20 },
          fine: { type: 'string', maxLength: 8 },
        },
      },
    }),
  });
  await runGen(resolveConfig({}, dir));
  const data = readFileSync(`${dir}/generated/tests/big.contract-data.ts`, 'utf8');
  expect(data.length).toBeLessThan(20_000);
  expect(data).toContain('"/fine","over maxLength 8"');
  expect(data).not.toContain('over maxLength 100000000000000000000');
}, 60_000);
