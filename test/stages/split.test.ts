/** Large files are formatted declaration by declaration: the result is what prettier gives for the whole file. */
import path from 'node:path';
import * as prettier from 'prettier';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { format, HOUSE_STYLE } from '../../generator/stages/format.js';
import { splitTopLevel } from '../../generator/stages/split.js';
import { TARGETS } from '../../generator/targets/registry.js';
import { tempProject } from '../helpers/temp-project.js';
// The benchmark's seeded contracts: enough of them make types.ts and client.ts large.
import { writeSyntheticProject } from '../../bench/fixtures.mjs';

test('splits only between top-level declarations, never inside brackets, strings or comments', () => {
  const text = [
    "import { a } from 'a';",
    '',
    'export interface A {',
    '  x: string;',
    '',
    '  /** inside */',
    '  y: number;',
    '}',
    '',
    "/** doc with a '{' */",
    "export const s = '\\n\\nexport const not = 1;';",
    '',
    '/*',
    '',
    'export const alsoNot = 2;',
    '*/',
    'export type B = A;',
    '',
  ].join('\n');
  expect(splitTopLevel(text)).toEqual([
    "import { a } from 'a';\n",
    'export interface A {\n  x: string;\n\n  /** inside */\n  y: number;\n}\n',
    // A plain block comment does not start a declaration: it stays with the one before.
    "/** doc with a '{' */\nexport const s = '\\n\\nexport const not = 1;';\n\n/*\n\nexport const alsoNot = 2;\n*/\nexport type B = A;\n",
  ]);
  expect(splitTopLevel('export const a = {\n')).toBeUndefined();
});

test('types.ts and client.ts of 60 contracts: formatted in pieces, byte for byte what prettier prints', async () => {
  const dir = tempProject({});
  writeSyntheticProject(dir, 60);
  const config = resolveConfig({}, dir);
  const ir = compile(config);
  const files = TARGETS.flatMap((t) => t.emit(ir, { schemasDir: 'schemas', roots: { out: 'generated', functions: 'functions' }, targetOptions: {} })).filter((f) => f.path === 'types.ts' || f.path === 'client.ts');
  expect(files.map((f) => f.contents.length).every((n) => n > 32 * 1024)).toBe(true);
  const formatted = await format(files, path.join(dir));
  for (const [i, f] of formatted.entries()) expect(f.contents, f.path).toBe(await prettier.format(files[i]!.contents, { ...HOUSE_STYLE, parser: 'typescript' }));
});
