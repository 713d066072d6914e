/**
 * `cloudfn diff` misses no change that breaks callers: random schemas (test/helpers/random-schemas)
 * changed by one random edit somewhere inside, compiled as `gen` compiles them, as both a function's
 * input and its output. When some random value the old contract accepted the new one refuses (an
 * input narrowed), or the new one accepts a value the old refused (an output widened), the report
 * must hold a change that breaks callers. One leniency is the rules' own: an optional member added
 * to an object that allowed any member is compatible (nobody sent it), so that edit is made on
 * closed objects only.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { diffContracts } from '../../generator/diff/rules.js';
import { compile } from '../../generator/pipeline.js';
import { DEFS, json, schema } from '../helpers/random-schemas.js';
import { tempProject } from '../helpers/temp-project.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
type S = Record<string, unknown>;
type Slot = [Record<string | number, unknown>, string | number];

/** Every place in a schema that holds a subschema. */
function slots(s: unknown, out: Slot[] = []): Slot[] {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return out;
  const o = s as S;
  const visit = (holder: Record<string | number, unknown>, key: string | number): void => {
    if (holder[key] && typeof holder[key] === 'object' && !Array.isArray(holder[key])) out.push([holder, key]);
    slots(holder[key], out);
  };
  for (const k of ['items', 'not', 'if', 'then', 'else', 'additionalProperties', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems']) if (k in o) visit(o, k);
  for (const k of ['properties', 'patternProperties', 'dependentSchemas']) if (o[k] && typeof o[k] === 'object') for (const p of Object.keys(o[k] as S)) visit(o[k] as S, p);
  for (const k of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((_x, i) => visit(o[k] as unknown as Record<number, unknown>, i));
  return out;
}

const without = (s: S, ...keys: string[]): S => Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k)));
/** One edit each: a bound, a type, a member, a list of values, a branch, or another schema altogether. */
const EDITS: ((s: S, other: S) => S)[] = [
  (_s, other) => other,
  (s) => ({ ...s, type: s['type'] === 'string' ? 'integer' : 'string' }),
  (s) => without(s, 'type'),
  (s) => ({ ...s, minLength: 1 }), (s) => ({ ...s, maxLength: 1 }), (s) => ({ ...s, minimum: 1 }), (s) => ({ ...s, maximum: 0 }),
  (s) => ({ ...s, maxItems: 0 }), (s) => ({ ...s, minItems: 1 }), (s) => ({ ...s, minProperties: 1 }), (s) => ({ ...s, uniqueItems: true }),
  (s) => ({ ...s, additionalProperties: false }), (s) => without(s, 'additionalProperties'),
  (s) => ({ ...s, required: [...new Set([...((s['required'] as string[] | undefined) ?? []), 'a'])] }), (s) => ({ ...s, required: [] }),
  (s) => (Array.isArray(s['enum']) ? { ...s, enum: (s['enum'] as unknown[]).slice(1) } : { ...s, enum: ['x', 1] }),
  (s) => (Array.isArray(s['enum']) ? { ...s, enum: [...(s['enum'] as unknown[]), 'zz'] } : { ...s, const: 'x' }),
  (s) => without(s, 'const', 'enum'),
  (s) => ({ anyOf: [s, { type: 'null' }] }), (s) => ({ oneOf: [s, { type: 'boolean' }] }), (s) => ({ allOf: [s, { type: 'object' }] }),
  (s) => ({ ...s, properties: Object.fromEntries(Object.entries((s['properties'] as S | undefined) ?? {}).slice(1)) }),
  (s) => (s['additionalProperties'] === false ? { ...s, properties: { ...((s['properties'] as S | undefined) ?? {}), c1: { type: 'integer' } } } : s),
  (s) => (s['items'] && typeof s['items'] === 'object' ? { ...s, items: { type: 'string' } } : { ...s, items: false }),
  (s) => ({ ...s, pattern: '^[a-z]+$' }), (s) => ({ ...s, format: 'date' }), (s) => ({ ...s, multipleOf: 0.5 }), (s) => ({ ...s, type: ['string', 'null'] }),
  (s) => ({ ...s, not: { type: 'string' } }), (s) => ({ ...s, dependentRequired: { a: ['b'] } }), (s) => ({ ...s, contains: { type: 'integer' } }),
];

test('every random edit that refuses a value an input accepted, or lets an output return a value it did not, is reported as breaking callers', () => {
  const samples = JSON.parse(JSON.stringify(fc.sample(fc.tuple(schema, schema, fc.nat(), fc.nat(), fc.array(json, { minLength: 60, maxLength: 60 })), { numRuns: Number(process.env.DIFF_SCHEMAS ?? 100), seed: Number(process.env.SEED ?? 20261127) }))) as [S, S, number, number, unknown[]][];
  const ir = (s: S) => compile(resolveConfig({}, tempProject({ 'schemas/fn.fn.json': { name: 'fn', $defs: DEFS, input: { type: 'object', properties: { v: s } }, output: { type: 'object', properties: { v: s } } } })));
  const missed: string[] = [];
  let breaking = 0;
  for (const [before, other, where, which, values] of samples) {
    let after = structuredClone(before);
    const edit = EDITS[which % EDITS.length]!;
    const spots = slots(after);
    if (spots.length === 0 || where % 3 === 0) after = edit(after, other);
    else {
      const [holder, key] = spots[where % spots.length]!;
      holder[key] = edit(holder[key] as S, other);
    }
    let changes;
    try {
      changes = diffContracts(ir(before), ir(after));
    } catch {
      continue; // An edit that made a contract gen refuses (a required member listed twice).
    }
    const ajv = addFormats(new Ajv2020({ strict: false }));
    const [old, now] = [ajv.compile({ $defs: DEFS, properties: { v: before } }), ajv.compile({ $defs: DEFS, properties: { v: after } })];
    const narrowed = values.find((v) => old({ v }) && !now({ v }));
    const widened = values.find((v) => !old({ v }) && now({ v }));
    if (narrowed === undefined && widened === undefined) continue;
    breaking++;
    if (changes.some((c) => c.severity === 'breaking-callers')) continue;
    missed.push(`${narrowed !== undefined ? `${JSON.stringify(narrowed)} no longer accepted` : `${JSON.stringify(widened)} now returned`}\n  before ${JSON.stringify(before)}\n  after  ${JSON.stringify(after)}\n  report ${JSON.stringify(changes.map((c) => [c.severity, c.pointer, c.reason]))}`);
  }
  expect(missed.join('\n')).toBe('');
  // The edits broke callers often enough for the check to mean something.
  expect(breaking).toBeGreaterThan(10);
}, 120_000);
