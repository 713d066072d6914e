/**
 * The PHP models read every value the contract admits, and the client sends it as the contract
 * admits it: random schemas as functions' input and output, random JSON values, and each value
 * ajv accepts goes through the generated model (`fromArray`, `toArray`, twice) in real `php`, and
 * through what the client does before sending (its objects restored as \stdClass, checked). None
 * may be refused; what comes back is the value, but for what PHP arrays cannot tell apart (`{}` may
 * come back as `[]`), members the contract does not name included; and what would be sent is valid
 * for ajv. Out of reach (other seeds can meet it): an empty object whose type is stated only in an
 * `if` condition (nothing restores it before the condition is tested).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { phpJson } from '../helpers/php.js';
import { DEFS, json, schema } from '../helpers/random-schemas.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Shapes a model once failed on, with values the schema admits. */
const FIXED: [Record<string, unknown>, unknown[]][] = [
  // A member that can only be null: PHP 8.1 has no standalone null type for a readonly property.
  [{ type: 'null' }, [null]],
  [{ type: 'object', properties: { n: { type: 'null' } } }, [{}, { n: null }]],
  [{ type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }] }, [[], [1], [1, 'a', true]]],
  // Objects and lists among an enum's or a const's values (the model's file did not parse).
  [{ enum: [{ a: 1 }, [1], 'x'] }, [{ a: 1 }, [1], 'x']],
  [{ const: { a: [1, 2] } }, [{ a: [1, 2] }]],
  // Members an open object's contract does not name: once dropped (and minProperties counts them).
  [{ type: 'object', properties: { a: { type: 'integer' } }, minProperties: 2 }, [{ a: 1, b: 'x' }, { c: [1], d: { e: null } }]],
  // Members named as the Members trait's own properties.
  [{ type: 'object', properties: { extraMembers: { type: 'integer' }, explicitNulls: { type: 'string' } } }, [{ extraMembers: 1, explicitNulls: 'x', other: true }]],
  // An empty object sent as [] where the schema's type is stated under if/then/else, a pattern, or a branch.
  [{ if: { type: 'string' }, then: { minLength: 1 }, else: { type: 'object' } }, [{}, 'x']],
  [{ type: 'object', patternProperties: { '^x-': { type: 'object' } } }, [{ 'x-a': {} }]],
  [{ oneOf: [{ type: 'boolean' }, { type: 'object', maxProperties: 0 }] }, [{}]],
  // ... and an empty list kept where only a list fits, though one branch alone would take an object.
  [{ oneOf: [{}, { if: { type: 'object' }, then: { additionalProperties: false }, else: { type: 'boolean' } }] }, [[]]],
];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-models-sound-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `got` is `value`, but an empty list may stand for an empty object. */
function within(got: unknown, value: unknown): boolean {
  const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (Array.isArray(got) && got.length === 0 && isObject(value)) return Object.keys(value).length === 0;
  if (Array.isArray(got)) return Array.isArray(value) && got.length === value.length && got.every((g, i) => within(g, value[i]));
  if (isObject(got)) return isObject(value) && Object.keys(got).length === Object.keys(value).length && Object.entries(got).every(([k, g]) => k in value && within(g, value[k]));
  return Object.is(got, value) || got === value;
}

test.each([['8.1'], ['7.4']])('PHP %s models read every value a random contract admits', async (phpVersion) => {
  const random = JSON.parse(JSON.stringify(fc.sample(fc.tuple(schema, fc.array(json, { minLength: 30, maxLength: 30 })), { numRuns: Number(process.env.SOUND_SCHEMAS ?? 50), seed: Number(process.env.SEED ?? 20261127) }))) as [Record<string, unknown>, unknown[]][];
  const dir = path.join(scratch, phpVersion);
  mkdirSync(path.join(dir, 'schemas'), { recursive: true });
  const cases: { class: string; value: unknown; schema: unknown }[] = [];
  [...FIXED, ...random].forEach(([s, values], i) => {
    const output = { type: 'object', additionalProperties: false, required: ['v'], properties: { v: s } };
    const validate = addFormats(new Ajv2020({ strict: false })).compile({ $defs: DEFS, ...output });
    const admitted = values.map((v) => ({ v })).filter((x) => validate(x)).slice(0, 4);
    if (admitted.length === 0) return;
    writeFileSync(path.join(dir, `schemas/f${i}.fn.json`), JSON.stringify({ name: `f${i}`, $defs: DEFS, input: output, output }));
    for (const x of admitted) cases.push({ class: `F${i}Output`, value: x, schema: s });
  });
  expect(new Set(cases.map((c) => c.class)).size).toBeGreaterThan(FIXED.length + 20);
  const targets = { 'contract-tests': { enabled: false }, direct: { enabled: false }, 'php-client': { phpVersion } };
  writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify({ schemas: 'schemas', out: 'generated', functions: 'functions', targets }));
  await runGen(resolveConfig({}, dir));
  // Every model class is used: named in another file of the package (a definition that joined a
  // union once had its members' classes written twice, one copy used by nothing).
  const src = path.join(dir, 'generated/php/src');
  const texts = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.php')).map((f) => [f, readFileSync(path.join(src, f), 'utf8')] as const);
  const unused = texts
    .filter(([f]) => f.startsWith(`Model${path.sep}`))
    .map(([f]) => path.basename(f, '.php'))
    .filter((name) => !texts.some(([f, t]) => path.basename(f, '.php') !== name && new RegExp(`\\b${name}\\b`).test(t)));
  expect(unused).toEqual([]);
  const file = path.join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(cases.map((c) => ({ class: c.class, value: c.value }))));
  const results = await phpJson<{ json?: string; error?: string }[]>('inspect.php', ['round-trip', file], { CLOUDFN_PHP_PACKAGE: path.join(dir, 'generated/php') });
  writeFileSync(file, JSON.stringify(cases.map((c) => ({ class: c.class.replace(/Output$/, 'Input'), contract: c.class.replace(/Output$/, 'Contract'), value: c.value }))));
  const sent = await phpJson<{ json?: string; issues?: unknown[]; error?: string }[]>('inspect.php', ['send', file], { CLOUDFN_PHP_PACKAGE: path.join(dir, 'generated/php') });
  const bad = results.flatMap((r, i) => {
    const c = cases[i]!;
    const what = `\n  schema ${JSON.stringify(c.schema)}\n  value ${JSON.stringify(c.value)}`;
    const s = sent[i]!;
    const wrapper = { type: 'object', additionalProperties: false, required: ['v'], properties: { v: c.schema } };
    if (r.error !== undefined) return [`${c.class} refused it: ${r.error}${what}`];
    if (!within(JSON.parse(r.json!), c.value)) return [`${c.class} gave back ${r.json}${what}`];
    if (s.error !== undefined || s.issues!.length > 0) return [`the client refused it: ${s.error ?? JSON.stringify(s.issues)}${what}`];
    return addFormats(new Ajv2020({ strict: false })).validate({ $defs: DEFS, ...wrapper }, JSON.parse(s.json!)) ? [] : [`the client would send ${s.json}, which the contract refuses${what}`];
  });
  expect(bad.join('\n')).toBe('');
}, 120_000);
