/**
 * Precompiles each function's validators with ajv standalone code, then
 * rewrites ajv's runtime `require`s to the inlined validate-runtime, so the
 * function needs no npm package and compiles no schema at cold start.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { _ } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ContractError } from '../../errors.js';
import type { Ir, IrFunction, IrSchema } from '../../ir.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const standalone = standaloneCode as unknown as (ajv: Ajv2020, refs: Record<string, string>) => string;

/** Runtime helpers ajv references, and the names the inlined runtime exports for them. */
const RUNTIME_REQUIRES: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': 'ucs2length',
  'require("ajv/dist/runtime/equal").default': 'equal',
};

/** The self-contained schema of one part: its own keywords plus the definitions it reaches. */
export function bundledSchema(ir: Ir, part: IrSchema, id: string): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (const name of part.uses) defs[name] = ir.definitions.find((d) => d.name === name)!.schema;
  const base = typeof part.schema === 'boolean' ? (part.schema ? {} : { not: {} }) : part.schema;
  return { $id: id, ...base, ...(part.uses.length ? { $defs: defs } : {}) };
}

/** ESM source exporting `validateInput`, `validateOutput` and `validateErrorData`. */
export function validatorsModule(ir: Ir, fn: IrFunction, runtimeImport: string): string {
  const ajv = new Ajv2020({
    allErrors: true,
    // Shared definitions become one function each instead of being inlined at every use, and
    // messages are built by the runtime from keyword and params: both keep the function small.
    inlineRefs: false,
    messages: false,
    // Unknown keywords and formats are errors (strictSchema); open tuples and schemas without
    // "type" are legitimate in contracts, so those strict checks stay off.
    strict: true,
    strictTuples: false,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    unicodeRegExp: true,
    code: { source: true, esm: true, formats: _`formats` },
  });
  addFormats(ajv);
  const refs: Record<string, string> = {};
  const add = (exportName: string, part: IrSchema, id: string): void => {
    ajv.addSchema(bundledSchema(ir, part, id));
    refs[exportName] = id;
  };
  const withData = fn.errors.filter((e) => e.data);
  let code: string;
  try {
    add('validateInput', fn.input, `cloudfn:${fn.name}/input`);
    add('validateOutput', fn.output, `cloudfn:${fn.name}/output`);
    for (const e of withData) add(`validateError_${e.code}`, e.data!, `cloudfn:${fn.name}/errors/${e.code}`);
    code = standalone(ajv, refs).replace(/^"use strict";\n?/, '');
  } catch (e) {
    throw new ContractError([{ code: 'validator-compile', file: fn.source, path: [], message: `cannot compile the validators: ${(e as Error).message}; simplify or correct the schema` }]);
  }
  for (const [from, to] of Object.entries(RUNTIME_REQUIRES)) code = code.split(from).join(to);
  code = code.replace(/\/\*# sourceURL=[^*]*\*\/;?/g, '');
  if (code.includes('require(')) {
    throw new Error(`cloudfn: ajv emitted a runtime require that is not inlined: ${/require\([^)]*\)/.exec(code)?.[0]}`);
  }
  const errorMap = `export const validateErrorData = { ${withData.map((e) => `${e.code}: validateError_${e.code}`).join(', ')} };\n`;
  return `import { equal, formats, ucs2length } from '${runtimeImport}';\n${code}\n${errorMap}`;
}
