/**
 * The types file rendered with ts-morph piece by piece (and memoized per function) is the text of
 * one rendering; printed directly, it is that text as prettier formats it.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { banner } from '../../generator/targets/target.js';
import * as prettier from 'prettier';
import { HOUSE_STYLE } from '../../generator/stages/format.js';
import { declareType, functionStatements, renderedTypesFile, typesFile } from '../../generator/targets/ts-types/emit.js';
import { renderTsFile } from '../../generator/targets/ts/source-file.js';
import { SHOP_DIR } from '../helpers/built-shop.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const NO_DEFS = tempProject({ 'cloudfn.config.json': {}, 'schemas/a.fn.json': contract({ name: 'a' }), 'schemas/b.fn.json': contract({ name: 'b' }) });

test.each([
  ['examples/shop', SHOP_DIR],
  ['golden kitchen-sink', path.join(REPO_ROOT, 'test/golden/kitchen-sink/input')],
  ['no shared definitions', NO_DEFS],
])('%s', async (_name, dir) => {
  const ir = compile(resolveConfig({}, dir));
  const memo = new Map<string, string>();
  const through = (key: string, compute: () => string): string => memo.get(key) ?? (memo.set(key, compute()), memo.get(key)!);
  const defs = ir.definitions.map((d) => declareType(d.name, d.type, d.type.description ? undefined : `Shared definition from ${d.source.file}${d.source.pointer ? `#${d.source.pointer}` : ''}.`));
  const whole = renderTsFile('types.ts', banner('the contracts in schemas/'), [...defs, ...ir.functions.flatMap(functionStatements)]);
  const options = { schemasDir: 'schemas', roots: { out: 'generated', functions: 'functions' }, targetOptions: {}, memo: { through } };
  const from = banner('the contracts in schemas/');
  expect(renderedTypesFile(ir, options, 'types.ts', from)).toBe(whole);
  // A second IR of the same project takes every piece from the memo: the same text again.
  expect(renderedTypesFile(compile(resolveConfig({}, dir)), options, 'types.ts', from)).toBe(whole);
  const direct = typesFile(ir, options, 'types.ts');
  expect(direct.format).toBe('house');
  expect(direct.contents).toBe(await prettier.format(whole, { ...HOUSE_STYLE, parser: 'typescript' }));
});
