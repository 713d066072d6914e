/**
 * Rules for the JSON Schema keywords a contract may use. Each rule names its
 * keyword and returns the error text (what is wrong; the fix) or nothing.
 * Unknown keywords are errors, as in ajv's strict mode, because a typo such as
 * `"propertis"` would otherwise silently accept anything.
 */
import { suggestion } from '../util/did-you-mean.js';
import { isObject } from '../util/schema-walk.js';

type Rule = (value: unknown, schema: Record<string, unknown>) => string | undefined;

export const JSON_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/** Formats the generated validators check; others are rejected rather than silently ignored. */
export const KNOWN_FORMATS = [
  'date', 'date-time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'json-pointer', 'regex',
  'relative-json-pointer', 'time', 'uri', 'uri-reference', 'uri-template', 'uuid',
];

const show = (v: unknown): string => JSON.stringify(v);

/** A single subschema; the walker itself reports a value that is not a schema. */
const schemaValue: Rule = () => undefined;
const schemaMap: Rule = (v) => (isObject(v) ? undefined : `must be an object mapping names to schemas, not ${show(v)}`);
const schemaList: Rule = (v) =>
  Array.isArray(v) && v.length > 0 ? undefined : `must be a non-empty array of schemas, not ${show(v)}`;
const nonNegativeInt: Rule = (v) =>
  Number.isInteger(v) && (v as number) >= 0 ? undefined : `must be a non-negative integer, not ${show(v)}`;
const number: Rule = (v) => (typeof v === 'number' ? undefined : `must be a number, not ${show(v)}`);
const string: Rule = (v) => (typeof v === 'string' ? undefined : `must be a string, not ${show(v)}`);
const boolean: Rule = (v) => (typeof v === 'boolean' ? undefined : `must be true or false, not ${show(v)}`);
const anything: Rule = () => undefined;

const typeName = (t: unknown): string | undefined =>
  typeof t === 'string' && JSON_TYPES.includes(t)
    ? undefined
    : typeof t === 'string'
      ? `"${t}" is not a JSON Schema type; ${suggestion(t, JSON_TYPES, `use one of ${JSON_TYPES.join(', ')}`)}`
      : `${show(t)} is not a JSON Schema type; use one of ${JSON_TYPES.join(', ')}`;

/** Longest documentation text: it lands in comments of every generated file, per function. */
export const MAX_TEXT = 10_000;
const text: Rule = (v) =>
  typeof v !== 'string' ? `must be a string, not ${show(v)}` : v.length > MAX_TEXT ? `is ${v.length} characters long; keep it under ${MAX_TEXT} (link to longer documentation instead)` : undefined;

/** The registry: keyword → rule. Its keys are also the list of known keywords. */
export const KEYWORD_RULES: Readonly<Record<string, Rule>> = {
  $schema: string,
  $id: string,
  $anchor: string,
  $comment: string,
  $ref: string,
  $defs: schemaMap,
  definitions: schemaMap,
  title: text,
  description: text,
  default: anything,
  examples: (v) => (Array.isArray(v) ? undefined : `must be an array of example values, not ${show(v)}`),
  deprecated: boolean,
  readOnly: boolean,
  writeOnly: boolean,
  type: (v) => {
    if (Array.isArray(v)) {
      if (v.length === 0) return `must not be empty; list at least one of ${JSON_TYPES.join(', ')}`;
      for (const t of v) {
        const problem = typeName(t);
        if (problem) return problem;
      }
      return new Set(v).size === v.length ? undefined : 'lists a type twice; list each type once';
    }
    return typeName(v);
  },
  enum: (v) => (Array.isArray(v) && v.length > 0 ? undefined : `must be a non-empty array of allowed values, not ${show(v)}`),
  const: anything,
  properties: schemaMap,
  patternProperties: (v, s) => schemaMap(v, s) ?? badPatternKey(v),
  additionalProperties: schemaValue,
  unevaluatedProperties: schemaValue,
  propertyNames: schemaValue,
  required: (v) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? new Set(v).size === v.length
        ? undefined
        : 'lists a property twice; list each required property once'
      : `must be an array of property names, e.g. [${show(typeof v === 'string' ? v : 'id')}], not ${show(v)}`,
  minProperties: nonNegativeInt,
  maxProperties: nonNegativeInt,
  dependentRequired: (v) => (isObject(v) ? undefined : `must be an object of property-name arrays, not ${show(v)}`),
  dependentSchemas: schemaMap,
  dependencies: (v) => (isObject(v) ? undefined : `must be an object, not ${show(v)}`),
  items: (v, s) => (Array.isArray(v) ? schemaList(v, s) : schemaValue(v, s)),
  prefixItems: schemaList,
  additionalItems: schemaValue,
  unevaluatedItems: schemaValue,
  contains: schemaValue,
  minContains: nonNegativeInt,
  maxContains: nonNegativeInt,
  minItems: nonNegativeInt,
  maxItems: nonNegativeInt,
  uniqueItems: boolean,
  minLength: nonNegativeInt,
  maxLength: nonNegativeInt,
  pattern: (v) => (typeof v === 'string' ? badRegex(v) : `must be a regular expression string, not ${show(v)}`),
  format: (v) =>
    typeof v !== 'string'
      ? `must be a string, not ${show(v)}`
      : KNOWN_FORMATS.includes(v)
        ? undefined
        : `"${v}" is not a format the validators know; ${suggestion(v, KNOWN_FORMATS, `use one of ${KNOWN_FORMATS.join(', ')}, or a "pattern"`)}`,
  contentEncoding: string,
  contentMediaType: string,
  minimum: number,
  maximum: number,
  exclusiveMinimum: number,
  exclusiveMaximum: number,
  multipleOf: (v) => (typeof v === 'number' && v > 0 ? undefined : `must be a number greater than 0, not ${show(v)}`),
  allOf: schemaList,
  anyOf: schemaList,
  oneOf: schemaList,
  not: schemaValue,
  if: schemaValue,
  then: schemaValue,
  else: schemaValue,
};

function badRegex(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return `${show(pattern)} is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')}); fix the pattern`;
  }
}

function badPatternKey(map: unknown): string | undefined {
  for (const key of Object.keys(map as object)) {
    const problem = badRegex(key);
    if (problem) return problem;
  }
  return undefined;
}

/** Message for a keyword that is not in the registry. */
export function unknownKeyword(keyword: string): string {
  if (keyword === 'nullable') {
    return 'unknown JSON Schema keyword "nullable" (an OpenAPI 3.0 extension); list "null" in "type" instead, e.g. "type": ["string", "null"]';
  }
  return `unknown JSON Schema keyword "${keyword}"; ${suggestion(keyword, Object.keys(KEYWORD_RULES), 'remove it, or prefix it with "x-" for a custom annotation')}`;
}
