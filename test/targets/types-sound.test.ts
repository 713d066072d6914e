/**
 * The generated types admit every value the contract admits: random schemas (every keyword the
 * validators implement, nested), random JSON values, and each value ajv accepts is written as a
 * typed constant of the function's Input; real `tsc --strict` must accept the generated code and
 * every constant. An implementation reads its input through these types, so a type narrower than
 * the schema is a crash waiting (`point[0]` typed number, `[]` accepted by the handler).
 *
 * Each value goes through `value<T>(v: T): T`, so it keeps its literal types but is not a fresh
 * object literal: cloudfn types an object whose additionalProperties is left open with its named
 * members only (so that a misspelt member in an object literal is caught), and a value the contract
 * admits may carry others (an all-optional such type given only others is left out below). And the random schemas state `type: "object"` beside object keywords: a
 * schema with `properties` or `required` but no type is typed as an object (as other generators
 * do), though it lets any non-object through.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { DEFS, json, schema } from '../helpers/random-schemas.js';

/** Shapes whose types were narrower than the schema once, with values the schema admits. */
const FIXED: [Record<string, unknown>, unknown[]][] = [
  // Named optional members beside typed extra ones: `a?: string` must fit the index signature.
  [{ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }, [{}, { a: 'x', b: 'y' }]],
  // prefixItems alone: fewer items, and more of any kind.
  [{ type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }] }, [[], [1], [1, 'a', true, null]]],
  [{ type: 'array', prefixItems: [{ type: 'number' }], unevaluatedItems: false }, [[], [1]]],
  [{ type: 'array', prefixItems: [{ enum: ['a', 'b'] }, { type: ['string', 'null'] }], items: false }, [[], ['a'], ['b', null]]],
  // Members a pattern does not match are not the pattern's type, unless additionalProperties says so.
  [{ type: 'object', patternProperties: { '^x-': { type: 'string' } }, properties: { main: { type: 'string' } } }, [{ main: 'm', 'x-a': 'v', other: 3 }]],
  [{ type: 'object', patternProperties: { '^x-': { type: 'integer' } }, additionalProperties: false }, [{ 'x-a': 1 }, {}]],
  // unevaluatedProperties: false sees the members allOf (or oneOf, if/then...) evaluates: they are not extra.
  [{ type: 'object', allOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'integer' } } }], unevaluatedProperties: false }, [{}, { a: 'x', b: 1 }]],
  [{ type: 'object', properties: { id: { type: 'string' } }, oneOf: [{ properties: { k: { const: 1 } }, required: ['k'] }, { properties: { j: { const: 2 } }, required: ['j'] }], unevaluatedProperties: false }, [{ k: 1 }, { id: 'x', j: 2 }]],
];

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

test('every value a random contract admits type-checks against its generated Input, and the generated types compile', async () => {
  const random = JSON.parse(JSON.stringify(fc.sample(fc.tuple(schema, fc.array(json, { minLength: 30, maxLength: 30 })), { numRuns: Number(process.env.SOUND_SCHEMAS ?? 80), seed: Number(process.env.SEED ?? 20261127) }))) as [Record<string, unknown>, unknown[]][];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-types-sound-'));
  scratch.push(dir);
  mkdirSync(path.join(dir, 'schemas'));
  const constants: string[] = [];
  const cases: { schema: unknown; value: unknown }[] = [];
  const names: string[] = [];
  [...FIXED, ...random].forEach(([s, values], i) => {
    const input = { type: 'object', additionalProperties: false, required: ['v'], properties: { v: s } };
    const validate = new Ajv2020({ strict: false }).compile({ $defs: DEFS, ...input });
    const admitted = values.map((v) => ({ v })).filter((x) => validate(x)).slice(0, 4);
    if (admitted.length === 0) return;
    writeFileSync(path.join(dir, `schemas/f${i}.fn.json`), JSON.stringify({ name: `f${i}`, $defs: DEFS, input, output: { type: 'object' } }));
    names.push(`F${i}Input`);
    for (const x of admitted) {
      constants.push(`export const c${cases.length}: F${i}Input = value(${JSON.stringify(x)});`);
      cases.push({ schema: s, value: x.v });
    }
  });
  // Each fixed shape has values the schema admits.
  expect(names.slice(0, FIXED.length)).toEqual(FIXED.map((_, i) => `F${i}Input`));
  writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify({ schemas: 'schemas', out: 'generated', functions: 'functions', targets: { 'php-client': { enabled: false }, 'contract-tests': { enabled: false }, direct: { enabled: false } } }));
  await runGen(resolveConfig({}, dir));
  // One constant per line, after the import and the helper: line n + 3 is cases[n].
  writeFileSync(path.join(dir, 'check.ts'), `import type { ${names.join(', ')} } from './generated/types.js';\ndeclare function value<T>(v: T): T;\n${constants.join('\n')}\n`);
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', target: 'es2022', skipLibCheck: false }, files: ['check.ts'] }));
  const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: dir, encoding: 'utf8' });
  // Each error with the lines that elaborate it. One is left out: an object typed with its named members
  // only, all optional, given a value with none of them ("no properties in common", TypeScript's check
  // for such weak types), for the reason above.
  const blocks = tsc.stdout.split(/\n(?=\S)/).filter((b) => /^\S+\(\d+,\d+\): error/.test(b));
  const errors = blocks.filter((b) => !b.includes('has no properties in common with type')).map((b) => b.split('\n')[0]!);
  const explained = errors.map((e) => {
    const line = /^check\.ts\((\d+),/.exec(e)?.[1];
    const c = line === undefined ? undefined : cases[Number(line) - 3];
    return c ? `${e}\n  schema ${JSON.stringify(c.schema)}\n  value ${JSON.stringify(c.value)}` : e;
  });
  expect(explained.join('\n')).toBe('');
  expect(cases.length).toBeGreaterThan(150);
}, 120_000);
