/**
 * The OpenAPI document admits exactly what the contracts admit: random contracts (every keyword
 * the validators implement, nested, with shared definitions, a recursive one among them), random
 * JSON values, and ajv answers the same for each function's input, output and declared error data
 * whether it reads the contract or the document's `components/schemas`. A tool generating a client
 * or a mock server from the document must not refuse a valid call nor accept an invalid one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { openApiDocument } from '../../generator/targets/openapi/document.js';
import { tsTypeNames } from '../../generator/targets/ts-types/emit.js';
import { DEFS, json, schema } from '../helpers/random-schemas.js';
import { tempProject } from '../helpers/temp-project.js';

/** Definitions named as the document's own schemas (the handler's and the platform's error bodies). */
const CLASHING = {
  HandlerError: { type: 'integer', minimum: 1 },
  PlatformError: { type: 'array', items: { type: 'string' } },
};

test('ajv gives the same answer on each value from the contract and from the OpenAPI document', () => {
  const runs = Number(process.env.SOUND_SCHEMAS ?? 40);
  const random = JSON.parse(JSON.stringify(fc.sample(fc.tuple(schema, schema, schema, fc.array(json, { minLength: 25, maxLength: 25 })), { numRuns: runs, seed: Number(process.env.SEED ?? 20261127) }))) as [unknown, unknown, unknown, unknown[]][];
  const defs = { ...DEFS, ...CLASHING };
  const clashing = { type: 'object', properties: { h: { $ref: '#/$defs/HandlerError' }, p: { $ref: '#/$defs/PlatformError' } } };
  const cases: [unknown, unknown, unknown, unknown[]][] = [[clashing, clashing, clashing, [{ h: 1 }, { h: 0 }, { h: 'x' }, { p: ['a'] }, { p: 'a' }, { p: [1] }, { error: { code: 'X' } }]], ...random];
  const wrap = (s: unknown): Record<string, unknown> => ({ type: 'object', additionalProperties: false, properties: { v: s } });
  const files: Record<string, object> = {};
  cases.forEach(([input, output, data], i) => {
    files[`schemas/f${i}.fn.json`] = { name: `f${i}`, $defs: defs, input: wrap(input), output: wrap(output), errors: { BAD: { status: 409, data: wrap(data) } } };
  });
  const dir = tempProject(files);
  mkdirSync(path.join(dir, 'generated'), { recursive: true });
  writeFileSync(path.join(dir, 'cloudfn.config.json'), '{}');
  const ir = compile(resolveConfig({}, dir));
  const doc = openApiDocument(ir, { transport: 'http', title: 't', version: '1', generatedBy: 'test' });
  const fromDoc = new Ajv2020({ strict: false, validateFormats: false });
  fromDoc.addSchema({ $id: 'doc', components: doc['components'], paths: doc['paths'] });
  const byName = new Map(ir.functions.map((f) => [f.name, f]));

  const disagreements: string[] = [];
  let compared = 0;
  let admitted = 0;
  cases.forEach(([input, output, data, values], i) => {
    const fn = byName.get(`f${i}`)!;
    const names = tsTypeNames(fn);
    const pointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
    const errorData = `doc#/paths/${pointer(fn.httpPath)}/post/responses/409/content/application~1json/schema/properties/error/properties/data`;
    const parts: [string, unknown, object][] = [
      ['input', input, { $ref: `doc#/components/schemas/${names.input}` }],
      ['output', output, { $ref: `doc#/components/schemas/${names.output}` }],
      ['error data', data, { $ref: errorData }],
    ];
    for (const [part, s, docSchema] of parts) {
      const contract = new Ajv2020({ strict: false, validateFormats: false }).compile({ $defs: defs, ...wrap(s) });
      const documented = fromDoc.compile(docSchema);
      for (const v of values) {
        const value = { v };
        compared++;
        const expected = contract(value);
        if (expected) admitted++;
        if (documented(value) !== expected) disagreements.push(`f${i} ${part}: contract says ${expected} of ${JSON.stringify(value)}\n  schema ${JSON.stringify(s)}`);
      }
    }
  });
  expect(disagreements.slice(0, 5).join('\n')).toBe('');
  expect(compared).toBeGreaterThan(runs * 60);
  expect(admitted).toBeGreaterThan(runs * 5);
}, 60_000);
