/**
 * Types printed directly in the house style are exactly what ts-morph + prettier give, for the
 * example, the golden case, the benchmark's contracts and a spread of shapes made to stress the
 * line-breaking rules; and the shapes the direct printer does not take still come out right.
 */
import path from 'node:path';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { expect, test } from 'vitest';
import { writeSyntheticProject } from '../../bench/fixtures.mjs';
import { resolveConfig } from '../../generator/config.js';
import type { Ir } from '../../generator/ir.js';
import { compile } from '../../generator/pipeline.js';
import { HOUSE_STYLE } from '../../generator/stages/format.js';
import { declareType, functionStatements, houseDefinitions, houseFunctionTypes } from '../../generator/targets/ts-types/emit.js';
import { renderTsFile } from '../../generator/targets/ts/source-file.js';
import { SHOP_DIR } from '../helpers/built-shop.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const pretty = (text: string) => prettier.format(text, { ...HOUSE_STYLE, parser: 'typescript' });

async function compareAll(ir: Ir): Promise<{ direct: number; fallback: string[] }> {
  let direct = 0;
  const fallback: string[] = [];
  const defs = houseDefinitions(ir);
  if (ir.definitions.length) {
    const expected = await pretty(renderTsFile('t.ts', '', ir.definitions.map((d) => declareType(d.name, d.type, d.type.description ? undefined : `Shared definition from ${d.source.file}${d.source.pointer ? `#${d.source.pointer}` : ''}.`))));
    if (defs === undefined) fallback.push('definitions');
    else {
      expect(`${defs}\n`, 'definitions').toBe(expected);
      direct++;
    }
  }
  for (const fn of ir.functions) {
    const text = houseFunctionTypes(fn);
    if (text === undefined) {
      fallback.push(fn.name);
      continue;
    }
    expect(`${text}\n`, fn.name).toBe(await pretty(renderTsFile('t.ts', '', functionStatements(fn))));
    direct++;
  }
  return { direct, fallback };
}

test.each([
  ['examples/shop', SHOP_DIR],
  ['golden kitchen-sink', path.join(REPO_ROOT, 'test/golden/kitchen-sink/input')],
])('%s: printed directly, the same text as ts-morph + prettier', async (_name, dir) => {
  const { fallback } = await compareAll(compile(resolveConfig({}, dir)));
  expect(fallback).toEqual([]);
});

test('the benchmark contracts: every function printed directly', async () => {
  const dir = tempProject({});
  writeSyntheticProject(dir, 3);
  const { direct, fallback } = await compareAll(compile(resolveConfig({}, dir)));
  expect(fallback).toEqual([]);
  expect(direct).toBe(4);
});

/** Random schemas built to cross the 80-column line in every position the printer lays out. */
const word = fc.constantFrom('a', 'id', 'name', 'quantityOrdered', 'aVeryLongPropertyNameIndeed', 'another_rather_long_property_name_here', 'a b', "it's", 'x"y');
const text = fc.constantFrom('Short.', 'Two\nlines', 'Ends a comment */ early', '含中文的说明', 'Trailing space ', 'Blank\n\nline');
const leaf = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.constant({ type: 'integer', minimum: 1 }),
  fc.constant({ type: 'number' }),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: ['string', 'null'] }),
  fc.constant({ type: 'null' }),
  fc.constant({ const: 'fixed' }),
  fc.constant({ type: 'string', enum: ['a', 'b'] }),
  fc.constant({ type: 'string', enum: ['pending_payment', 'payment_confirmed', 'shipped_to_customer', 'delivered_and_signed', 'cancelled'] }),
  fc.constant({ enum: [1, 2.5, true, null, 'mixed'] }),
  fc.constant({ type: 'string', format: 'date-time', description: 'When.' }),
  fc.constant({ type: 'string', enum: ['待付款的订单状态', '已经发货的订单状态', '已经签收的订单状态', '已取消'] }),
);
const { schema } = fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.uniqueArray(fc.tuple(word, tie('schema'), fc.boolean()), { minLength: 1, maxLength: 4, selector: (x) => x[0] }).map((props) => ({
      type: 'object',
      properties: Object.fromEntries(props.map(([k, s]) => [k, s])),
      required: props.filter(([, , r]) => r).map(([k]) => k),
      additionalProperties: false,
    })),
    tie('schema').map((items) => ({ type: 'array', items })),
    fc.array(tie('schema'), { minLength: 2, maxLength: 4 }).map((anyOf) => ({ anyOf })),
    fc.tuple(tie('schema'), fc.constantFrom(true, false)).map(([s, nullable]) => (nullable ? { anyOf: [s, { type: 'null' }] } : { oneOf: [s, { type: 'null' }] })),
    tie('schema').map((additionalProperties) => ({ type: 'object', additionalProperties })),
    fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((prefixItems) => ({ type: 'array', prefixItems, minItems: 1, items: false })),
    fc.tuple(tie('schema'), tie('schema')).map(([a, b]) => ({ allOf: [a, b] })),
    fc.tuple(tie('schema'), text).map(([s, description]) => ({ ...s, description })),
  ),
}));

test('random shapes: printed directly where the printer can, identical to ts-morph + prettier', async () => {
  const samples = fc.sample(fc.tuple(schema, schema), { numRuns: Number(process.env["DECL_RUNS"] ?? 150), seed: Number(process.env["DECL_SEED"] ?? 20261126) });
  const files: Record<string, object> = { 'cloudfn.config.json': {} };
  samples.forEach(([input, output], i) => {
    files[`schemas/f${i}.fn.json`] = contract({ name: `f${i}`, input: { type: 'object', properties: { value: input } }, output: { type: 'object', properties: { value: output }, required: ['value'] } });
  });
  const ir = compile(resolveConfig({}, tempProject(files)));
  const { direct, fallback } = await compareAll(ir);
  // Most shapes are within reach (the rest, mostly \`allOf\` of unions, fall back to ts-morph + prettier).
  expect(direct).toBeGreaterThan(ir.functions.length * 0.45);
  expect(direct + fallback.length).toBe(ir.functions.length);
});
