/**
 * `unevaluatedProperties: false` beside a combination (oneOf, anyOf, if/then) in the items of an
 * array or the members of a map: ajv 8 kept the members an earlier item's passing branch declared
 * as evaluated for the later items, so the generated validators let through a member the contract
 * forbids; and where no branch passed before a `patternProperties` member, they threw a TypeError
 * (the handler crashed instead of answering 400). generator/targets/node-handler/ajv-fixes.ts.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { tempProject } from '../helpers/temp-project.js';

/** A discriminated union of order lines: kind "a" may carry `x`, kind "b" may carry `y`. */
const line = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: ['a', 'b'] } },
  oneOf: [
    { properties: { kind: { const: 'a' }, x: { type: 'string' } } },
    { properties: { kind: { const: 'b' }, y: { type: 'integer' } } },
  ],
  unevaluatedProperties: false,
};
const dir = tempProject({
  'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions', targets: { 'contract-tests': { enabled: false }, direct: { enabled: false }, 'php-client': { enabled: false } } },
  'schemas/lines.fn.json': {
    name: 'lines',
    input: { type: 'object', properties: { lines: { type: 'array', items: line }, byId: { type: 'object', additionalProperties: line } } },
    output: { type: 'object' },
  },
  'schemas/pattern.fn.json': {
    name: 'pattern',
    input: {
      type: 'object',
      patternProperties: { '^p': { type: 'integer' } },
      anyOf: [{ properties: { a: {} }, required: ['a'] }, { properties: { b: {} }, required: ['b'] }],
      unevaluatedProperties: false,
    },
    output: { type: 'object' },
  },
});

type Validator = ((v: unknown) => boolean) & { errors?: { instancePath: string; keyword: string; params: Record<string, unknown> }[] | null };
const issues = (v: Validator) => (v.errors ?? []).map((e) => `${e.keyword} ${e.instancePath}${e.params['unevaluatedProperty'] ? `/${String(e.params['unevaluatedProperty'])}` : ''}`);

test('a member no passing branch declares is refused in every item, whatever the items before it were', async () => {
  await runGen(resolveConfig({}, dir));
  const { validateInput } = (await import(path.join(dir, 'generated/validators/lines.ts'))) as { validateInput: Validator };
  expect(validateInput({ lines: [{ kind: 'a', x: 's' }, { kind: 'b', y: 1 }] })).toBe(true);
  // x belongs to kind "a" only: refused on the kind "b" line, also after a kind "a" line.
  for (const lines of [[{ kind: 'b', x: 's' }], [{ kind: 'a', x: 's' }, { kind: 'b', x: 's' }]]) {
    expect(validateInput({ lines }), JSON.stringify(lines)).toBe(false);
    expect(issues(validateInput)).toEqual([`unevaluatedProperties /lines/${lines.length - 1}/x`]);
  }
  expect(validateInput({ byId: { first: { kind: 'a', x: 's' }, second: { kind: 'b', x: 's' } } })).toBe(false);
  expect(issues(validateInput)).toEqual(['unevaluatedProperties /byId/second/x']);
});

test('no branch passing before a patternProperties member: issues, not a TypeError', async () => {
  await runGen(resolveConfig({}, dir));
  const { validateInput } = (await import(path.join(dir, 'generated/validators/pattern.ts'))) as { validateInput: Validator };
  expect(validateInput({ a: 1, p1: 2 })).toBe(true);
  expect(validateInput({ p1: 2 })).toBe(false);
  expect(issues(validateInput)).toEqual(['required ', 'required ', 'anyOf ']);
});
