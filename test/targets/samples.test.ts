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
