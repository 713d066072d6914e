/**
 * ajv's standalone code made smaller without changing a check: error objects become runtime
 * calls, the schema literal is dropped for the few values it is read for, unread context is not
 * passed, and patterns become literals. Each step works on the text ajv writes (tested against
 * ajv's own errors in test/targets/validators.test.ts).
 */
import { hexEscape } from '../../util/control-chars.js';

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
/** ajv's error object literal: `{instancePath[:expr],schemaPath:"…",keyword:"…",params:{…}}`. */
const ERROR_OBJECT = new RegExp(
  String.raw`\{instancePath(?::((?:[^,{}"()]|${STRING}|\((?:[^()"]|${STRING})*\))+))?,schemaPath:${STRING},keyword:(${STRING}),params:(\{(?:[^{}"]|${STRING})*\})\}`,
  'g',
);

/**
 * Each error object ajv writes out becomes a call to the runtime's `issue(instancePath, keyword,
 * params)`: the same error without `schemaPath` (which nothing reads: messages are built from the
 * keyword and params), a quarter of the validator's size.
 */
export function compactErrors(code: string): string {
  return code.replace(ERROR_OBJECT, (_all, path: string | undefined, keyword: string, params: string) => `issue(${path ?? 'instancePath'},${keyword},${params})`);
}

/** ajv's way of recording one error: `const errN = issue(…);if(vErrors === null){…}else {…}errors++;`. */
const ADD_ERROR = new RegExp(
  String.raw`const (err\d+) = issue\(((?:[^";]|${STRING})*)\);if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;`,
  'g',
);

/**
 * Each error ajv records becomes one call, `vErrors = report(vErrors, …);errors++;`: the same
 * list, built by the runtime instead of by four statements written out at every check.
 */
export function collectErrors(code: string): string {
  const out = code.replace(ADD_ERROR, (_all, _name: string, args: string) => `vErrors = report(vErrors,${args});errors++;`);
  if (/const err\d+ = issue\(/.test(out)) throw new Error('cloudfn: ajv recorded an error in a way the validator compaction does not know');
  return out;
}

/**
 * The keywords whose error has one parameter, and its name: ajv's own (vocabularies/*). The
 * runtime's `reportOne` holds the same table (a test compares them).
 */
export const ONE_PARAM: Readonly<Record<string, string>> = {
  additionalItems: 'limit',
  additionalProperties: 'additionalProperty',
  const: 'allowedValue',
  enum: 'allowedValues',
  format: 'format',
  items: 'limit',
  maxItems: 'limit',
  maxLength: 'limit',
  maxProperties: 'limit',
  minItems: 'limit',
  minLength: 'limit',
  minProperties: 'limit',
  multipleOf: 'multipleOf',
  oneOf: 'passingSchemas',
  pattern: 'pattern',
  propertyNames: 'propertyName',
  unevaluatedItems: 'limit',
  unevaluatedProperties: 'unevaluatedProperty',
};

/** A value written as one token: a string, a number, or a name (with members). */
const TOKEN = String.raw`${STRING}|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*`;
const ONE_PARAM_REPORT = new RegExp(String.raw`report\(vErrors,((?:[^";]|${STRING})*?),"(\w+)",\{(\w+): (${TOKEN})\}\);`, 'g');

/**
 * An error whose params are one value stated as a token is reported with that value only:
 * `wrongType(vErrors, path, "string")`, `missing(vErrors, path, "id")`, or `reportOne(vErrors,
 * path, "maxItems", 5)` for the keywords of `ONE_PARAM`; the runtime builds the same params.
 */
export function shortReports(code: string): string {
  return code.replace(ONE_PARAM_REPORT, (all, path: string, keyword: string, key: string, value: string) => {
    if (keyword === 'type' && key === 'type') return `wrongType(vErrors,${path},${value});`;
    if (keyword === 'required' && key === 'missingProperty') return `missing(vErrors,${path},${value});`;
    return Object.prototype.hasOwnProperty.call(ONE_PARAM, keyword) && ONE_PARAM[keyword] === key ? `reportOne(vErrors,${path},"${keyword}",${value});` : all;
  });
}

const HAS_OWN = /const (func\d+) = Object\.prototype\.hasOwnProperty;/;
/**
 * ajv checks that a member is the object's own (`ownProperties`) with a call per member, after
 * reading it: `data.id !== undefined && func0.call(data, "id")`. Each such call becomes a call to
 * one helper per module, `isOwn(data, "id")`, which first asks whether the object is a plain one
 * (its prototype is Object.prototype) and Object.prototype has no member by that name: then a
 * member the object has is its own, and the call is left out. V8's optimizing compiler inlines the
 * small helper and answers both questions from the objects' shapes, where it cannot answer the call
 * (the handler bench's body: 1.87 -> 1.60 us to check); written once instead of at every member, it
 * keeps the module small. Any other object (a class instance, a prototype with that member) still
 * gets the call, so the answer is the same in every case.
 */
export function plainObjectsFirst(code: string): string {
  const fn = HAS_OWN.exec(code)?.[1];
  if (!fn) return code;
  const out = code.replace(new RegExp(String.raw`\b${fn}\.call\(([\w$]+), (${STRING})\)`, 'g'), (_all, data: string, key: string) => `isOwn(${data}, ${key}, ${key} in objectPrototype)`);
  return out.replace(
    HAS_OWN,
    (declaration) =>
      `${declaration}const objectPrototype = Object.prototype;const getPrototypeOf = Object.getPrototypeOf;function isOwn(object, key, inherited) {return !inherited && getPrototypeOf(object) === objectPrototype || ${fn}.call(object, key);}`,
  );
}

const OWN_KEYS_LOOP = /for\(const (key\d+) of Object\.keys\(([\w$]+)\)\)\{/g;

/**
 * Under `ownProperties` ajv walks an object's members (additionalProperties, patternProperties,
 * propertyNames) with `for (const key of Object.keys(data))`, which makes an array of the names
 * for every object checked. `for (const key in data) if (hasOwnProperty.call(data, key))` visits
 * the same names in the same order (own enumerable ones: for-in's own names come first, in
 * Object.keys order, and the test leaves out inherited ones) without the array, and V8 answers the
 * test from the object's shape inside a for-in (the handler bench's body: 3.35 -> 3.13 us to check
 * input and output).
 */
export function ownKeysWithoutArrays(code: string): string {
  if (!code.includes(' of Object.keys(')) return code;
  const declared = HAS_OWN.exec(code)?.[1];
  const fn = declared ?? 'hasOwn';
  const out = code.replace(OWN_KEYS_LOOP, (_all, key: string, data: string) => `for(const ${key} in ${data})if(${fn}.call(${data}, ${key})){`);
  return declared ? out : `const hasOwn = Object.prototype.hasOwnProperty;${out}`;
}

/** ajv's `multipleOf` test: `(M === 0 || (resN = DATA/M, resN !== parseInt(resN)))`, true when the value fails. */
const MULTIPLE_OF = new RegExp(String.raw`\((${TOKEN}) === 0 \|\| \((res\d+) = ([\w$.]+(?:\[[\w$]+\])?)\/\1, \2 !== parseInt\(\2\)\)\)`, 'g');

/**
 * ajv tests `multipleOf` by the binary quotient, which refuses `19.99` as a multiple of `0.01`
 * (1998.9999999999998): each test calls the runtime's `multipleOf(value, divisor)` instead, which
 * compares the decimal numbers JSON writes (validate-runtime), as the PHP validator does.
 */
export function decimalMultiples(code: string): string {
  const unused: string[] = [];
  const out = code.replace(MULTIPLE_OF, (_all, divisor: string, res: string, data: string) => {
    unused.push(res);
    return `!multipleOf(${data}, ${divisor})`;
  });
  // The quotient's variable, declared before the test, is read no more.
  return unused.reduce((text, res) => text.replace(`let ${res};`, ''), out);
}

const CONTEXT_PARAMS = '{instancePath="", parentData, parentDataProperty, rootData=data}={}';
const CONTEXT_ARGS = new RegExp(String.raw`,parentData:[\w$.]+(?:\[[\w$]+\])?,parentDataProperty:(?:[\w$]+|${STRING}),rootData\}`, 'g');

/**
 * Every validator function takes, and passes on, its parent data and root data; only `$data`
 * references read them. When nothing reads them, each function takes just its instance path.
 */
export function dropUnreadContext(code: string): string {
  const out = code.split(CONTEXT_PARAMS).join('{instancePath=""}={}').replace(CONTEXT_ARGS, '}');
  return /parentData|rootData/.test(out) ? code : out;
}

/** The JSON literal starting at `from` (an object or array), by bracket depth outside strings. */
function jsonLiteralEnd(code: string, from: number): number {
  let depth = 0;
  for (let i = from; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      for (i++; i < code.length && code[i] !== '"'; i++) if (code[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

const SCHEMA_CONST = /const (schema\d+) = (?=[{[])/g;
const SCHEMA_PATH = String.raw`(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[${STRING}\])+`;

/**
 * ajv keeps each compiled schema whole in the module (\`const schema0 = {…}\`) for the few values
 * its code reads from it (an enum's allowed values, a type list, for error params): each such
 * value becomes its own constant, and the whole schema, no longer read, is left out by the
 * minifier. A reference the schema does not resolve keeps the schema.
 */
export function inlineSchemaValues(code: string): string {
  const schemas = new Map<string, { start: number; end: number; value: unknown }>();
  for (const m of code.matchAll(SCHEMA_CONST)) {
    const start = m.index + m[0].length;
    const end = jsonLiteralEnd(code, start);
    if (end < 0) continue;
    try {
      schemas.set(m[1]!, { start, end, value: JSON.parse(code.slice(start, end)) });
    } catch {
      // Not plain JSON: left as it is.
    }
  }
  if (schemas.size === 0) return code;
  const values = new Map<string, { name: string; owner: string; json: string }>();
  const reference = new RegExp(String.raw`\b(schema\d+)(${SCHEMA_PATH})`, 'g');
  const replaced = (text: string): string =>
    text.replace(reference, (all, owner: string, steps: string) => {
      const schema = schemas.get(owner);
      if (!schema) return all;
      let value: unknown = schema.value;
      for (const step of steps.matchAll(new RegExp(String.raw`\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[(${STRING})\]`, 'g'))) {
        const key = step[1] ?? step[2] ?? (JSON.parse(step[3]!) as string);
        value = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
      }
      if (value === undefined) return all;
      let known = values.get(all);
      if (!known) values.set(all, (known = { name: `${owner}_${values.size}`, owner, json: JSON.stringify(value) }));
      return known.name;
    });
  // References are read everywhere but inside the schema literals themselves.
  let out = '';
  let at = 0;
  const ordered = [...schemas.values()].sort((a, b) => a.start - b.start);
  for (const s of ordered) {
    out += replaced(code.slice(at, s.start)) + code.slice(s.start, s.end);
    at = s.end;
  }
  out += replaced(code.slice(at));
  if (values.size === 0) return code;
  // Each value is declared right after its schema, before any validator can run.
  for (const [owner] of schemas) {
    const own = [...values.values()].filter((v) => v.owner === owner);
    if (own.length === 0) continue;
    const declaration = new RegExp(String.raw`const ${owner} = `);
    const m = declaration.exec(out)!;
    const end = jsonLiteralEnd(out, m.index + m[0].length);
    out = `${out.slice(0, end)};${own.map((v) => `const ${v.name} = ${v.json}`).join(';')}${out.slice(end)}`;
  }
  return out;
}

/**
 * Each `new RegExp("…", "flags")` ajv writes as a regular expression literal: the same expression
 * (a RegExp's source is escaped to be a valid literal), and bundlers leave an unused literal out, so
 * a function's deployable folder holds only the patterns of the definitions it uses.
 */
export function patternLiterals(code: string): string {
  return code.replace(new RegExp(String.raw`new RegExp\((${STRING}), "([a-z]*)"\)`, 'g'), (_all, source: string, flags: string) => withoutRawControls(String(new RegExp(JSON.parse(source) as string, flags))));
}

/**
 * A regular expression literal with each control character (a RegExp's source keeps them raw) as
 * `\xNN`, which matches the same character, so that none lands raw in the module.
 */
function withoutRawControls(literal: string): string {
  return literal.replace(/(\\*)([\u0000-\u001f\u007f])/g, (_all, slashes: string, c: string) => {
    // `\` + the character is that character escaped: `\xNN` replaces both.
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}${hexEscape(c)}`;
  });
}
