/**
 * Knows which JSON Schema keywords hold subschemas, so that data keywords
 * (`enum`, `const`, `default`, `examples`) are never mistaken for schemas.
 */
import type { JsonPath } from './source.js';

export type JsonObject = Record<string, unknown>;

/** Keywords whose value is an object of named subschemas. */
export const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
/** Keywords whose value is one subschema. */
export const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
] as const;
/** Keywords whose value is a list of subschemas. */
export const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `fn` for each direct subschema of `schema`. */
export function forEachSubschema(schema: unknown, path: JsonPath, fn: (sub: unknown, subPath: JsonPath) => void): void {
  if (!isObject(schema)) return;
  for (const kw of SCHEMA_MAP_KEYWORDS) {
    const map = schema[kw];
    if (isObject(map)) for (const key of Object.keys(map)) fn(map[key], [...path, kw, key]);
  }
  for (const kw of SCHEMA_KEYWORDS) if (kw in schema) fn(schema[kw], [...path, kw]);
  for (const kw of SCHEMA_LIST_KEYWORDS) {
    const list = schema[kw];
    if (Array.isArray(list)) list.forEach((sub, i) => fn(sub, [...path, kw, i]));
  }
  const items = schema['items'];
  if (Array.isArray(items)) items.forEach((sub, i) => fn(sub, [...path, 'items', i]));
  else if (items !== undefined) fn(items, [...path, 'items']);
  const deps = schema['dependencies'];
  if (isObject(deps)) for (const key of Object.keys(deps)) if (!Array.isArray(deps[key])) fn(deps[key], [...path, 'dependencies', key]);
}

/** Pre-order walk over a schema and all its subschemas. */
export function walkSchema(schema: unknown, path: JsonPath, visit: (schema: unknown, path: JsonPath) => void): void {
  visit(schema, path);
  forEachSubschema(schema, path, (sub, subPath) => walkSchema(sub, subPath, visit));
}

/** The schema roots inside a contract file: input, output, each error's data, and shared definitions. */
export function contractSchemaRoots(data: unknown): { schema: unknown; path: JsonPath }[] {
  if (!isObject(data)) return [];
  const roots: { schema: unknown; path: JsonPath }[] = [];
  for (const key of ['input', 'output'] as const) if (key in data) roots.push({ schema: data[key], path: [key] });
  const errors = data['errors'];
  if (isObject(errors)) {
    for (const code of Object.keys(errors)) {
      const e = errors[code];
      if (isObject(e) && 'data' in e) roots.push({ schema: e['data'], path: ['errors', code, 'data'] });
    }
  }
  for (const kw of ['$defs', 'definitions'] as const) {
    const defs = data[kw];
    if (isObject(defs)) for (const key of Object.keys(defs)) roots.push({ schema: defs[key], path: [kw, key] });
  }
  return roots;
}

/** Keywords that describe a schema without constraining its data (JSON Schema's annotations). */
const ANNOTATIONS = new Set(['title', 'description', 'examples', '$comment', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * The schema without its annotations (and `x-` extensions), in every subschema: what a validator
 * needs. Property names and data keywords (`enum`, `const`, `default`) are kept as they are.
 */
export function withoutAnnotations(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) if (!ANNOTATIONS.has(k) && !k.startsWith('x-')) out[k] = v;
  for (const kw of SCHEMA_MAP_KEYWORDS) {
    const map = out[kw];
    if (isObject(map)) out[kw] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, withoutAnnotations(sub)]));
  }
  for (const kw of SCHEMA_KEYWORDS) if (kw in out) out[kw] = withoutAnnotations(out[kw]);
  for (const kw of [...SCHEMA_LIST_KEYWORDS, 'items'] as const) {
    const list = out[kw];
    if (Array.isArray(list)) out[kw] = list.map(withoutAnnotations);
  }
  if (isObject(out['items'])) out['items'] = withoutAnnotations(out['items']);
  const deps = out['dependencies'];
  if (isObject(deps)) out['dependencies'] = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, Array.isArray(v) ? v : withoutAnnotations(v)]));
  return out;
}
