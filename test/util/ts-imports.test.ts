/** `"importExtension": ".ts"`: only module specifiers change, never a string or comment that looks like one. */
import { expect, test } from 'vitest';
import { withTsImportSpecifiers } from '../../generator/util/ts-imports.js';

test('import and re-export statements of every form, on one line or several, minified or not', () => {
  const text = [
    'import { a, type B } from "./a.js";',
    "import type { C } from '../c.js';",
    'import * as d from "./d.js";',
    'import "./side-effect.js";',
    'import {',
    '  e,',
    '  f,',
    '} from "./ef.js";',
    'export * from "./g.js";',
    'export { h } from "./h.js";',
    'export type { I } from "./i.js";',
    'import{missing as g,report as q}from"../_cloudfn/validate-runtime.js";import*as O from"./_defs.js";const N=["a"];',
    'import pkg from "node:fs";',
    'import x from "./data.json";',
    '',
  ].join('\n');
  expect(withTsImportSpecifiers(text)).toBe(
    [
      'import { a, type B } from "./a.ts";',
      "import type { C } from '../c.ts';",
      'import * as d from "./d.ts";',
      'import "./side-effect.ts";',
      'import {',
      '  e,',
      '  f,',
      '} from "./ef.ts";',
      'export * from "./g.ts";',
      'export { h } from "./h.ts";',
      'export type { I } from "./i.ts";',
      'import{missing as g,report as q}from"../_cloudfn/validate-runtime.ts";import*as O from"./_defs.ts";const N=["a"];',
      'import pkg from "node:fs";',
      'import x from "./data.json";',
      '',
    ].join('\n'),
  );
});

test('text from a contract keeps its bytes: strings, data and comments that look like imports', () => {
  const text = [
    'import{wrongType as p}from"../_cloudfn/validate-runtime.js";const N=["from\'./a.js\'","import \\"./b.js\\""];',
    '/**',
    ' * import { x } from "./c.js";',
    ' */',
    '// import "./d.js";',
    'export const data = {',
    '  "examples": ["import e from \'./e.js\'"],',
    '};',
    'export const f = "from \'./f.js\'";',
    'const meta = import.meta.url; const g = "./g.js";',
    '',
  ].join('\n');
  expect(withTsImportSpecifiers(text)).toBe(text.replace('validate-runtime.js', 'validate-runtime.ts'));
});
