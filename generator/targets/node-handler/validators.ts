/**
 * Precompiles each function's validators with ajv standalone code, then
 * rewrites ajv's runtime `require`s to the inlined validate-runtime, so the
 * function needs no npm package and compiles no schema at cold start.
 */
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { KeywordCxt } from 'ajv';
import { ContractError } from '../../errors.js';
import type { Ir, IrFunction, IrSchema } from '../../ir.js';
import { memoKey, type Memoizer } from '../target.js';
import { collectErrors, compactErrors, decimalMultiples, dropUnreadContext, inlineSchemaValues, ownKeysWithoutArrays, patternLiterals, plainObjectsFirst, shortReports } from './compact-code.js';
import { evaluateModule, RUNTIME_HELPERS } from './evaluate-module.js';
import { ajvParts } from './ajv-load.js';

/** Runtime helpers ajv references, and the names the inlined runtime exports for them. */
const RUNTIME_REQUIRES: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': 'ucs2length',
  'require("ajv/dist/runtime/equal").default': 'equal',
};

/**
 * The schema with each string's `pattern` and `format` checked only once its `maxLength` holds:
 * `{ maxLength, if: { maxLength }, then: { minLength, pattern, format } }`. ajv (all errors) would
 * otherwise run a pattern over a string already too long, so `maxLength` would not bound the work
 * a request can cause. Errors keep the PHP validator's order (lengths, pattern, format); the `if`
 * itself is not reported (validate-runtime's issuesOf leaves it out).
 */
export function lengthsFirst(schema: unknown): unknown {
  return mapSchemaObjects(schema, (node, out) => {
    const guarded = typeof node['maxLength'] === 'number' && (typeof node['pattern'] === 'string' || typeof node['format'] === 'string') && !('if' in node);
    if (!guarded) return out;
    const then: Record<string, unknown> = {};
    for (const k of ['minLength', 'pattern', 'format']) {
      if (k in out) {
        then[k] = out[k];
        delete out[k];
      }
    }
    return { ...out, if: { maxLength: node['maxLength'] }, then };
  });
}

const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
const SCHEMA_MAPS = new Set(['properties', '$defs', 'patternProperties', 'dependentSchemas']);

/**
 * A copy of the schema with `rewrite(original, copy)` applied to each schema object, innermost
 * first. The values of data keywords (enum, const, default, examples) are data, left as they are;
 * the members of properties-like maps are schemas whatever their names.
 */
function mapSchemaObjects(schema: unknown, rewrite: (node: Record<string, unknown>, out: Record<string, unknown>) => Record<string, unknown>, depth = 0): unknown {
  if (depth > 200 || schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((x) => mapSchemaObjects(x, rewrite, depth + 1));
  const node = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (DATA_KEYWORDS.has(k)) out[k] = v;
    else if (SCHEMA_MAPS.has(k)) out[k] = v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([n, x]) => [n, mapSchemaObjects(x, rewrite, depth + 1)])) : v;
    else out[k] = mapSchemaObjects(v, rewrite, depth + 1);
  }
  return rewrite(node, out);
}

/** A part's schema as an object (with lengths first): `true` is `{}`, `false` is `{ not: {} }`. */
function partObject(schema: IrSchema['schema']): Record<string, unknown> {
  return typeof schema === 'boolean' ? (schema ? {} : { not: {} }) : (lengthsFirst(schema) as Record<string, unknown>);
}

/** The self-contained schema of one part: its own keywords plus the definitions it reaches. */
export function bundledSchema(ir: Ir, part: IrSchema, id: string): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (const name of part.uses) defs[name] = lengthsFirst(ir.definitions.find((d) => d.name === name)!.schema);
  return { $id: id, ...partObject(part.schema), ...(part.uses.length ? { $defs: defs } : {}) };
}

/** One exported validator: its export name, the schema it checks and a unique id. */
export interface ValidatorEntry {
  exportName: string;
  part: IrSchema;
  id: string;
}

function newAjv(): Ajv2020 {
  const { Ajv2020, _, addFormats } = ajvParts();
  const ajv = new Ajv2020({
    allErrors: true,
    // The validate stage has checked every schema already; checking again against the meta-schema
    // would compile that meta-schema once per function (most of the compile time).
    validateSchema: false,
    // Nor are the meta-schemas added to each throw-away instance (a third of a millisecond each).
    meta: false,
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
    // A property named like an Object.prototype member (hasOwnProperty, toString, constructor) is
    // present only when the data has it as its own: never the inherited function.
    ownProperties: true,
    code: { source: true, esm: true, formats: _`formats` },
  });
  addFormats(ajv);
  return ajv;
}

/** The validators of one function: an export name for each schema part (input, output, each error's data). */
function entriesOf(fn: IrFunction): ValidatorEntry[] {
  return [
    { exportName: 'validateInput', part: fn.input, id: `cloudfn:${fn.name}/input` },
    { exportName: 'validateOutput', part: fn.output, id: `cloudfn:${fn.name}/output` },
    ...fn.errors.filter((e) => e.data).map((e) => ({ exportName: `validateError_${e.code}`, part: e.data!, id: `cloudfn:${fn.name}/errors/${e.code}` })),
  ];
}

function compileError(source: string, e: unknown): ContractError {
  return new ContractError([{ code: 'validator-compile', file: source, path: [], message: `cannot compile the validators: ${(e as Error).message}; simplify or correct the schema` }]);
}

const ownerByPart = new WeakMap<Ir, Map<IrSchema, IrFunction>>();
const evaluated = new WeakMap<IrFunction, Record<string, ValidateFunction>>();

/**
 * The validator of one schema part of a function (its input, output or an error's data), for
 * checking values at generation time: the function's own generated module, evaluated in memory, so
 * the values are checked by exactly the code that ships and no ajv instance outlives a function.
 */
export function partValidator(ir: Ir, part: IrSchema): ValidateFunction {
  let owners = ownerByPart.get(ir);
  if (!owners) {
    owners = new Map();
    for (const fn of ir.functions) for (const p of [fn.input, fn.output, ...fn.errors.map((e) => e.data)]) if (p) owners.set(p, fn);
    ownerByPart.set(ir, owners);
  }
  const fn = owners.get(part);
  if (!fn) throw new Error('cloudfn: a schema part that belongs to no function');
  let exports = evaluated.get(fn);
  if (!exports) evaluated.set(fn, (exports = evaluateModule(moduleBody(ir, fn), usesSharedDefinitions(ir, fn) ? evaluatedDefinitions(ir) : {}, DEFS)));
  return exports[entriesOf(fn).find((e) => e.part === part)!.exportName]!;
}

const evaluatedDefs = new WeakMap<Ir, Record<string, ValidateFunction>>();

/** The shared definitions' validators, evaluated once per IR. */
function evaluatedDefinitions(ir: Ir): Record<string, ValidateFunction> {
  let defs = evaluatedDefs.get(ir);
  if (!defs) evaluatedDefs.set(ir, (defs = evaluateModule(definitionsBody(ir), {}, DEFS)));
  return defs;
}

/** ajv's standalone code for `exports` (export name → schema id), post-processed into the shipped form. */
function standaloneBody(ajv: Ajv2020, schemas: Record<string, unknown>[], exports: Record<string, string>, source: string): string {
  // Ajv2020 tracks evaluated properties and dynamic anchors in every validator; schemas that use
  // neither keyword family get the smaller code without that bookkeeping.
  const text = JSON.stringify(schemas);
  const options = ajv.opts as { unevaluated?: boolean; dynamicRef?: boolean };
  if (!UNEVALUATED.test(text)) options.unevaluated = false;
  if (!DYNAMIC.test(text)) options.dynamicRef = false;
  let code: string;
  try {
    for (const schema of schemas) ajv.addSchema(schema);
    code = ajvParts().standalone(ajv, exports).replace(/^"use strict";\n?/, '');
  } catch (e) {
    throw compileError(source, e);
  }
  for (const [from, to] of Object.entries(RUNTIME_REQUIRES)) code = code.split(from).join(to);
  code = code.replace(/\/\*# sourceURL=[^*]*\*\/;?/g, '');
  code = decimalMultiples(ownKeysWithoutArrays(plainObjectsFirst(shortReports(dropUnreadContext(inlineSchemaValues(collectErrors(compactErrors(code))))))));
  if (code.includes('parseInt(res')) throw new Error('cloudfn: ajv tested multipleOf in a way the validator compaction does not know');
  if (code.includes('require(')) {
    throw new Error(`cloudfn: ajv emitted a runtime require that is not inlined: ${/require\([^)]*\)/.exec(code)?.[0]}`);
  }
  return code;
}

const UNEVALUATED = /"unevaluated(Properties|Items)"/;
const DYNAMIC = /"\$(dynamicRef|dynamicAnchor|recursiveRef|recursiveAnchor)"/;

/**
 * The keyword a shared definition's `$ref` becomes in a function's schemas: a call to that
 * definition's validator in `<out>/validators/_defs.ts`, with its errors added as a `$ref`'s are
 * (ajv's own `callRef`), so each definition is compiled and shipped once for all functions.
 */
const DEF_KEYWORD = '$cloudfnDef';
/** The namespace the function modules import `_defs.ts` as. */
const DEFS = 'defs';
const DEF_NAME = /^[A-Z][A-Za-z0-9_]*$/;
const DEF_REF = /^#\/\$defs\/([A-Z][A-Za-z0-9_]*)$/;

const shareable = new WeakMap<Ir, boolean>();

/**
 * True when the project's definitions can be shared: each name is a plain identifier and no
 * definition tracks evaluated members or dynamic anchors (those need their caller's bookkeeping).
 */
function definitionsShareable(ir: Ir): boolean {
  let known = shareable.get(ir);
  if (known === undefined) {
    known = ir.definitions.length > 0 && ir.definitions.every((d) => DEF_NAME.test(d.name)) && !ir.definitions.some((d) => UNEVALUATED.test(JSON.stringify(d.schema)) || DYNAMIC.test(JSON.stringify(d.schema)));
    shareable.set(ir, known);
  }
  return known;
}

/** The definitions a function's schemas reach. */
function usesOf(fn: IrFunction): Set<string> {
  return new Set([fn.input, fn.output, ...fn.errors.map((e) => e.data)].flatMap((p) => p?.uses ?? []));
}

/**
 * True when a function's validators call the shared definitions' module instead of holding their
 * own copies: it uses a definition, and its own schemas track no evaluated members or dynamic
 * anchors. Decided from the function and the definitions only, so a worker decides the same.
 */
export function usesSharedDefinitions(ir: Ir, fn: IrFunction): boolean {
  let shares = sharing.get(fn);
  if (shares === undefined) {
    const uses = usesOf(fn);
    const own = JSON.stringify(entriesOf(fn).map((e) => e.part.schema));
    // Every reference to a definition names one the function uses (and so `_defs.ts` holds).
    const known = [...own.matchAll(/"\$ref":"(#\/\$defs\/[^"]*)"/g)].every((m) => uses.has(DEF_REF.exec(m[1]!)?.[1] ?? ''));
    shares = uses.size > 0 && definitionsShareable(ir) && known && !UNEVALUATED.test(own) && !DYNAMIC.test(own);
    sharing.set(fn, shares);
  }
  return shares;
}

/** Per function, decided once: `usesSharedDefinitions`. */
const sharing = new WeakMap<IrFunction, boolean>();

/**
 * The schema with each `$ref` to a definition replaced by `to(name)`, a keyword and its value
 * (values under enum, const, default and examples are data, left as they are).
 */
function refsRewritten(schema: unknown, to: (name: string) => [string, unknown]): unknown {
  return mapSchemaObjects(schema, (_node, out) => {
    const ref = typeof out['$ref'] === 'string' ? DEF_REF.exec(out['$ref']) : null;
    // In place of the `$ref`, keeping the keywords' order (the order ajv checks them in).
    return ref ? Object.fromEntries(Object.entries(out).map(([k, v]) => (k === '$ref' ? to(ref[1]!) : [k, v]))) : out;
  });
}

/** Teaches an ajv instance the shared-definition keyword: the code calls `defs.<Name>`. */
function addSharedKeyword(ajv: Ajv2020): void {
  const handles = new Map<string, object>();
  ajv.addKeyword({
    keyword: DEF_KEYWORD,
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const name = cxt.schema as string;
      let handle = handles.get(name);
      if (!handle) handles.set(name, (handle = {}));
      const { _, Name, callRef } = ajvParts();
      const v = cxt.gen.scopeValue('func', { ref: handle, code: _`${new Name(DEFS)}.${new Name(definitionExport(name))}` });
      callRef(cxt, v, undefined, false);
    },
  });
}

/**
 * The function's validators as ESM code without its import lines: one throw-away ajv instance
 * compiles every part, and its standalone code is post-processed (runtime requires inlined, error
 * objects compacted).
 */
function compileBody(ir: Ir, fn: IrFunction): string {
  const entries = entriesOf(fn);
  const ajv = newAjv();
  const shared = usesSharedDefinitions(ir, fn);
  if (shared) addSharedKeyword(ajv);
  const schemas = entries.map((e) => (shared ? { $id: e.id, ...(refsRewritten(partObject(e.part.schema), (name) => [DEF_KEYWORD, name]) as Record<string, unknown>) } : bundledSchema(ir, e.part, e.id)));
  const code = standaloneBody(ajv, schemas, Object.fromEntries(entries.map((e) => [e.exportName, e.id])), fn.source);
  const withData = fn.errors.filter((e) => e.data);
  return `${code}\nexport const validateErrorData = { ${withData.map((e) => `${e.code}: validateError_${e.code}`).join(', ')} };\n`;
}

/**
 * The name `_defs.ts` exports a definition's validator by: `validateAddress`. Never the definition's
 * own name, which may be a global the validator code reads (a definition named `Object` or `Array`
 * would be a constant of the module hiding it).
 */
function definitionExport(name: string): string {
  return `validate${name}`;
}

/** The definitions `_defs.ts` holds: each one a function that shares definitions reaches, in the IR's order. */
function sharedDefinitions(ir: Ir): string[] {
  const used = new Set(ir.functions.filter((fn) => usesSharedDefinitions(ir, fn)).flatMap((fn) => [...usesOf(fn)]));
  return ir.definitions.filter((d) => used.has(d.name)).map((d) => d.name);
}

/** The shared definitions' module body: one exported validator per definition, refs between them kept. */
function compileDefinitionsBody(ir: Ir, names: readonly string[]): string {
  const id = (name: string): string => `cloudfn:defs/${name}`;
  // A definition that is `true` or `false` cannot carry an `$id`: it is wrapped, and fails as `false` does.
  const own = (schema: unknown): unknown => (typeof schema === 'boolean' ? { allOf: [schema] } : lengthsFirst(schema));
  const schemas = names.map((name) => ({ $id: id(name), ...(refsRewritten(own(ir.definitions.find((d) => d.name === name)!.schema), (to) => ['$ref', id(to)]) as Record<string, unknown>) }));
  const code = standaloneBody(newAjv(), schemas, Object.fromEntries(names.map((n) => [definitionExport(n), id(n)])), ir.definitions.find((d) => d.name === names[0])?.source.file ?? 'schemas');
  return patternLiterals(code);
}

const bodies = new WeakMap<IrFunction, string>();

/** The module body of a function, compiled once per run (and, with a memo, once per contract change). */
function moduleBody(ir: Ir, fn: IrFunction, memo?: Memoizer): string {
  const known = bodies.get(fn);
  if (known !== undefined && !memo) return known;
  const compile = (): string => known ?? compileBody(ir, fn);
  const body = memo ? memo.through(bodyKey(ir, fn), compile) : compile();
  bodies.set(fn, body);
  return body;
}

const bodyKeys = new WeakMap<IrFunction, string>();

/** The memo key of a function's module body: what it is compiled from (asked twice a run: kept). */
function bodyKey(ir: Ir, fn: IrFunction): string {
  let key = bodyKeys.get(fn);
  if (key === undefined) {
    // What the module is compiled from: the function's schemas, with the definitions they reach
    // (bundledSchema's input, not its output: the same key, without building the bundle).
    const schemaOf = (name: string): unknown => ir.definitions.find((d) => d.name === name)?.schema ?? null;
    const parts = [fn.input, fn.output, ...fn.errors.map((e) => e.data ?? null)].map((p) => (p ? [p.schema, p.uses.map((name) => [name, schemaOf(name)])] : null));
    key = memoKey('validators', fn.name, fn.source, fn.errors.map((e) => e.code), parts, usesSharedDefinitions(ir, fn));
    bodyKeys.set(fn, key);
  }
  return key;
}

/** True when a function's module body is neither compiled in this run nor held by the memo. */
export function needsCompiling(ir: Ir, fn: IrFunction, memo: { get(key: string): string | undefined } | undefined): boolean {
  return !bodies.has(fn) && memo?.get(bodyKey(ir, fn)) === undefined;
}

/**
 * Compiles a function's module body now and keeps it for the targets; undefined when ajv refuses
 * the schemas (the target compiles it again and reports the error, with its position).
 */
export function compileNow(ir: Ir, fn: IrFunction): string | undefined {
  try {
    const body = compileBody(ir, fn);
    bodies.set(fn, body);
    return body;
  } catch {
    return undefined;
  }
}

/** A module body compiled on another thread (the same compiler, the same input: the same text). */
export function adoptBody(fn: IrFunction, body: string): void {
  bodies.set(fn, body);
}

/**
 * A function's validator module: `validateInput`, `validateOutput` and `validateErrorData`.
 * Compiled once per function and run; the handler and the client emit the same module.
 */
export function validatorsModule(ir: Ir, fn: IrFunction, runtimeImport: string, memo?: Memoizer): string {
  const defs = usesSharedDefinitions(ir, fn) ? `import * as ${DEFS} from './${DEFINITIONS_MODULE}.js';\n` : '';
  return `${runtimeImportLine(runtimeImport)}${defs}${moduleBody(ir, fn, memo)}`;
}

/** The module of the shared definitions' validators, next to the functions' (`<out>/validators/_defs.ts`). */
export const DEFINITIONS_MODULE = '_defs';

const definitionBodies = new WeakMap<Ir, string>();

/** The shared definitions' module body, compiled once per run (and, with a memo, once per change of them). */
function definitionsBody(ir: Ir, memo?: Memoizer): string {
  let body = definitionBodies.get(ir);
  if (body === undefined) {
    const names = sharedDefinitions(ir);
    const schemas = names.map((n) => ir.definitions.find((d) => d.name === n)!.schema);
    const compile = (): string => compileDefinitionsBody(ir, names);
    body = memo ? memo.through(memoKey('validators-defs', names, schemas), compile) : compile();
    definitionBodies.set(ir, body);
  }
  return body;
}

/**
 * The shared definitions' validator module: one validator per definition that a function's
 * validators call (see `usesSharedDefinitions`); undefined when no function shares one.
 */
export function definitionsModule(ir: Ir, runtimeImport: string, memo?: Memoizer): string | undefined {
  if (sharedDefinitions(ir).length === 0) return undefined;
  return `${runtimeImportLine(runtimeImport)}${definitionsBody(ir, memo)}`;
}

/** The runtime helpers every validator module imports (the minifier drops those it does not use). */
function runtimeImportLine(runtimeImport: string): string {
  return `import { ${RUNTIME_HELPERS.join(', ')} } from '${runtimeImport}';\n`;
}
