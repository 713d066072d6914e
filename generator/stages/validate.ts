/**
 * Stage 2, validate: checks each contract's envelope against
 * `schemas/function.schema.json` and every embedded JSON Schema against the
 * keyword rules. Collects every problem; never throws for user input.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../errors.js';
import { memoKey } from '../targets/target.js';
import { suggestion } from '../util/did-you-mean.js';
import { packageRoot } from '../util/package-root.js';
import { contractSchemaRoots, isObject, walkSchema } from '../util/schema-walk.js';
import type { JsonPath, SourceDoc } from '../util/source.js';
import type { Memo } from './cache.js';
import type { LoadedProject } from './load.js';
import { CONTRACT_FILE } from './load.js';
import { validationMetaSchema } from './meta-schema.js';
import { KEYWORD_RULES, unknownKeyword } from './schema-rules.js';

/** The shape of a contract file once it has passed the meta-schema. */
export interface ContractFile {
  name: string;
  description?: string;
  http?: { path?: string };
  timeoutSeconds?: number;
  idempotent?: boolean;
  signing?: 'hmac-sha256' | 'none';
  runtime?: 'nodejs' | 'php';
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  errors?: Record<string, { status: number; description?: string; message?: string; data?: Record<string, unknown> }>;
  examples?: { name: string; input: unknown; output?: unknown; match?: 'exact' | 'subset'; error?: { code: string; data?: unknown } }[];
  $defs?: Record<string, unknown>;
  definitions?: Record<string, unknown>;
}

export interface ValidatedContract {
  doc: SourceDoc;
  contract: ContractFile;
}

export interface ValidatedProject {
  loaded: LoadedProject;
  contracts: ValidatedContract[];
}

let compiled: ValidateFunction | undefined;

/**
 * The contract meta-schema's validator: precompiled by the build (scripts/build-envelope.mjs) next
 * to this file, or compiled here when running from the sources.
 */
function envelopeValidator(): ValidateFunction {
  if (!compiled) {
    const prebuilt = fileURLToPath(new URL('./envelope-validator.cjs', import.meta.url));
    if (existsSync(prebuilt)) {
      compiled = createRequire(import.meta.url)(prebuilt) as ValidateFunction;
    } else {
      // ajv itself only here: a run that finds nothing changed does not load it.
      const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
      compiled = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, keywords: ['x-fix'] }).compile(validationMetaSchema(packageRoot()));
    }
  }
  return compiled;
}

/**
 * Checks every contract and every document it reads. `memo` (the project's cache) keeps the ReDoS
 * verdict of each pattern between runs, so an unchanged project does not load the checker.
 */
export function validate(loaded: LoadedProject, memo?: Memo): { project: ValidatedProject; diagnostics: Diagnostic[] } {
  redosMemo = memo;
  try {
    return validateAll(loaded);
  } finally {
    redosMemo = undefined;
  }
}

function validateAll(loaded: LoadedProject): { project: ValidatedProject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const contracts: ValidatedContract[] = [];
  for (const doc of loaded.contracts) {
    const before = diagnostics.length;
    diagnostics.push(...checkEnvelope(doc));
    for (const root of contractSchemaRoots(doc.data)) diagnostics.push(...checkSchema(doc, root.schema, root.path));
    if (diagnostics.length === before) contracts.push({ doc, contract: doc.data as ContractFile });
  }
  for (const doc of loaded.documents.values()) {
    if (!CONTRACT_FILE.test(doc.absPath)) diagnostics.push(...checkSchema(doc, doc.data, []));
  }
  return { project: { loaded, contracts }, diagnostics };
}

function checkEnvelope(doc: SourceDoc): Diagnostic[] {
  const validateEnvelope = envelopeValidator();
  if (validateEnvelope(doc.data)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const err of validateEnvelope.errors ?? []) {
    if (err.propertyName !== undefined) continue; // reported once by its `propertyNames` error
    const d = envelopeDiagnostic(doc, err);
    const key = `${d.path.join('/')}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function envelopeDiagnostic(doc: SourceDoc, err: ErrorObject): Diagnostic {
  const at = pointerToPath(err.instancePath);
  const parent = (err.parentSchema ?? {}) as Record<string, unknown>;
  const fix = typeof parent['x-fix'] === 'string' ? parent['x-fix'] : undefined;
  const base = { code: `envelope-${err.keyword}`, file: doc.file };
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(err.params['additionalProperty']);
      const known = Object.keys((parent['properties'] ?? {}) as object);
      const path = [...at, key];
      const where = at.length === 0 ? 'unknown key' : `unknown key in ${at.join('.')}:`;
      return { ...base, code: 'unknown-key', path, position: doc.locate(path, { key: true }), message: `${where} "${key}"; ${suggestion(key, known, `remove it (allowed: ${known.join(', ')})`)}` };
    }
    case 'required': {
      const key = String(err.params['missingProperty']);
      const hint =
        key === 'input' || key === 'output'
          ? `add "${key}": a JSON Schema with "type": "object" (use {"type": "object", "additionalProperties": false} for none)`
          : `add "${key}"`;
      const owner = at.length === 0 ? 'the contract' : at.join('.');
      return { ...base, code: 'missing-key', path: at, position: doc.locate(at), message: `${owner} is missing required key "${key}"; ${hint}` };
    }
    case 'propertyNames': {
      const key = String(err.params['propertyName']);
      const path = [...at, key];
      return { ...base, code: 'bad-key', path, position: doc.locate(path, { key: true }), message: `"${key}" is not a valid name here; ${propertyNamesFix(parent)}` };
    }
    case 'type':
      return { ...base, path: at, position: doc.locate(at), message: `must be ${String(err.params['type']).replace(',', ' or ')}, not ${describe(err.data)}` };
    case 'minimum':
    case 'maximum':
    case 'pattern':
      return { ...base, path: at, position: doc.locate(at), message: `${JSON.stringify(err.data)} is invalid; ${fix ?? err.message ?? 'see the meta-schema'}` };
    default:
      return { ...base, path: at, position: doc.locate(at), message: `${err.message ?? 'is invalid'}${fix ? `; ${fix}` : ''}` };
  }
}

function propertyNamesFix(parent: Record<string, unknown>): string {
  const names = parent['propertyNames'] as Record<string, unknown> | undefined;
  return typeof names?.['x-fix'] === 'string' ? names['x-fix'] : 'rename it';
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : JSON.stringify(v);
}

/** Applies the keyword rules to a schema and all its subschemas. */
export function checkSchema(doc: SourceDoc, schema: unknown, rootPath: JsonPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  walkSchema(schema, rootPath, (node, at) => {
    if (typeof node === 'boolean') return;
    if (!isObject(node)) {
      if (at === rootPath) return; // the envelope check reports a root that is not an object
      out.push({ code: 'schema-not-object', file: doc.file, path: at, position: doc.locate(at), message: `must be a JSON Schema (an object, or true/false), not ${describe(node)}` });
      return;
    }
    for (const keyword of Object.keys(node)) {
      const path = [...at, keyword];
      const rule = KEYWORD_RULES[keyword];
      if (!rule) {
        if (!keyword.startsWith('x-')) out.push({ code: 'schema-unknown-keyword', file: doc.file, path, position: doc.locate(path, { key: true }), message: unknownKeyword(keyword) });
        continue;
      }
      const problem = rule(node[keyword], node);
      if (problem) out.push({ code: 'schema-keyword', file: doc.file, path, position: doc.locate(path), message: problem });
      else if (keyword === 'properties' && isObject(node[keyword])) {
        for (const name of Object.keys(node[keyword])) {
          if (!INHERITED.has(name)) continue;
          out.push({
            code: 'property-name-inherited',
            file: doc.file,
            path: [...path, name],
            position: doc.locate([...path, name], { key: true }),
            message: `property name ${JSON.stringify(name)} is refused: every JavaScript object already has a member by that name (Object.prototype), which checks and TypeScript types would take for the data; rename it (e.g. ${JSON.stringify(`${name.replace(/^_+|_+$/g, '')}Value`)})`,
          });
        }
      } else if (keyword === 'pattern' && typeof node[keyword] === 'string' && node['x-redos'] !== 'accept') {
        const slow = superLinear(node[keyword]);
        if (slow) out.push({ code: 'schema-redos', file: doc.file, path, position: doc.locate(path), message: slow });
      } else if (keyword === 'patternProperties' && isObject(node[keyword]) && node['x-redos'] !== 'accept') {
        for (const key of Object.keys(node[keyword])) {
          const slow = superLinear(key);
          if (slow) out.push({ code: 'schema-redos', file: doc.file, path: [...path, key], position: doc.locate([...path, key], { key: true }), message: slow });
        }
      }
    }
  });
  return out;
}

/** A quantifier whose count varies: `*`, `+`, `?`, `{n,}` or `{n,m}` (not `{n}`), with its lazy `?`. */
const COUNTED = /^\{(\d+)(,(\d*))?\}/;

/**
 * True when a pattern's form alone makes its matching linear, so recheck (~0.13 s to load) need not
 * analyse it: anchored at the start (one start position), no group, alternation, backreference or
 * lookaround, and at most one quantifier whose count varies, over a single character or class
 * (tried once per count). Most contract patterns are of this form: codes, phone numbers,
 * postcodes. Anything else, or anything this reading is unsure of, goes to recheck.
 */
export function triviallyLinear(pattern: string): boolean {
  if (!pattern.startsWith('^')) return false;
  let varying = 0;
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      // Backreferences (\1, \k<name>) and escapes this reading does not follow go to recheck.
      if (next === undefined || /[1-9k]/.test(next)) return false;
      if ((next === 'u' || next === 'p' || next === 'P') && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i);
        if (end < 0) return false;
        i = end;
      } else i++;
    } else if (c === '[') {
      let j = i + 1;
      for (; j < pattern.length && pattern[j] !== ']'; j++) if (pattern[j] === '\\') j++;
      if (j >= pattern.length) return false;
      i = j;
    } else if (c === '(' || c === ')' || c === '|') return false;
    else if (c === '*' || c === '+' || c === '?') {
      varying++;
      if (pattern[i + 1] === '?') i++;
    } else if (c === '{') {
      const m = COUNTED.exec(pattern.slice(i));
      if (!m) return false;
      if (m[2] !== undefined && m[3] !== m[1]) varying++;
      i += m[0].length - 1;
      if (pattern[i + 1] === '?') i++;
    }
  }
  return varying <= 1;
}

/** Names every JavaScript object inherits: refused as property names. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

const redosCache = new Map<string, string | undefined>();
let redosMemo: Memo | undefined;

/**
 * The problem with a pattern that can take super-linear time (ReDoS), from recheck's analysis: its
 * complexity, an attack string and the fix; undefined when it is safe. Patterns run on request
 * bodies, so an unproven one is refused too. `"x-redos": "accept"` beside it opts out.
 */
function superLinear(pattern: string): string | undefined {
  if (triviallyLinear(pattern)) return undefined;
  if (redosCache.has(pattern)) return redosCache.get(pattern);
  // The cache holds the verdict: "" for a safe pattern, else the problem (recheck's version is in its key).
  const key = memoKey('redos', pattern);
  const remembered = redosMemo?.get(key);
  if (remembered !== undefined) {
    redosCache.set(pattern, remembered || undefined);
    return remembered || undefined;
  }
  const { checkSync } = createRequire(import.meta.url)('recheck') as typeof import('recheck');
  // In this thread (recheck's own pure backend): its default starts a worker, ~0.2 s before the first answer.
  const backend = process.env['RECHECK_SYNC_BACKEND'];
  process.env['RECHECK_SYNC_BACKEND'] = 'pure';
  let result: ReturnType<typeof checkSync>;
  try {
    result = checkSync(pattern, 'u', { timeout: 5000 });
  } finally {
    if (backend === undefined) delete process.env['RECHECK_SYNC_BACKEND'];
    else process.env['RECHECK_SYNC_BACKEND'] = backend;
  }
  let problem: string | undefined;
  const fix = 'rewrite it without nested or overlapping quantifiers (e.g. "(a+)+$" → "a+$"), bound the string with maxLength (checked first), or add "x-redos": "accept" beside it if its input is trusted';
  if (result.status === 'vulnerable') {
    const attack = result.attack?.pattern ? `, e.g. on ${result.attack.pattern}` : '';
    problem = `${JSON.stringify(pattern)} can take ${result.complexity.type} time on hostile input (ReDoS${attack}); ${fix}`;
  } else if (result.status === 'unknown') {
    problem = `${JSON.stringify(pattern)} could not be shown safe from ReDoS (${result.error.kind}); ${fix}`;
  }
  redosCache.set(pattern, problem);
  redosMemo?.set(key, problem ?? '');
  return problem;
}
