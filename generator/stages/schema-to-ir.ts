/**
 * Converts JSON Schema into both views the IR carries: a language-neutral type
 * tree and a normalized 2020-12 schema for validators. Every `$ref` target
 * becomes one named definition, registered before it is converted so that
 * recursive types terminate.
 */
import type { Diagnostic } from '../errors.js';
import { jsonPointer } from '../errors.js';
import type { IrDefinition, IrObject, IrProperty, IrType, JsonSchema, Scalar } from '../ir.js';
import { pascalCase } from '../util/naming.js';
import { isObject, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS, type JsonObject } from '../util/schema-walk.js';
import type { SourceDoc } from '../util/source.js';
import { resolveRef, type Location } from './resolve-ref.js';

/** Keywords dropped from the normalized schema: identity, dialect and custom annotations. */
const DROPPED = new Set(['$schema', '$id', '$comment', '$defs', 'definitions', '$anchor']);

export class SchemaConverter {
  readonly definitions = new Map<string, IrDefinition>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly keyToName = new Map<string, string>();

  constructor(
    private readonly documents: ReadonlyMap<string, SourceDoc>,
    /** Names already taken by function types (`SubmitOrderInput`, …). */
    private readonly reserved: ReadonlySet<string>,
  ) {}

  /** Converts a schema at `loc` into its type and normalized schema. */
  convert(schema: unknown, loc: Location): { type: IrType; schema: JsonSchema } {
    return { type: this.toType(schema, loc), schema: this.toSchema(schema, loc) };
  }

  /** The definition name for a `$ref` at `loc`, registering and converting the target on first sight. */
  private refName(ref: string, loc: Location): string | undefined {
    const result = resolveRef(ref, loc, this.documents);
    if ('diagnostic' in result) {
      // A file that failed to load was already reported by the load stage.
      if (result.diagnostic.code === 'ref-file-not-loaded') return undefined;
      if (!this.diagnostics.some((d) => d.file === result.diagnostic.file && d.message === result.diagnostic.message)) {
        this.diagnostics.push(result.diagnostic);
      }
      return undefined;
    }
    const { key, target, schema } = result.resolved;
    const known = this.keyToName.get(key);
    if (known) return known;
    const name = this.allocateName(schema, target);
    this.keyToName.set(key, name);
    const placeholder: IrDefinition = { name, type: { kind: 'any' }, schema: true, source: { file: target.doc.file, pointer: jsonPointer(target.path) } };
    this.definitions.set(name, placeholder);
    const converted = this.convert(schema, target);
    this.definitions.set(name, { ...placeholder, type: converted.type, schema: converted.schema });
    return name;
  }

  /** `title`, else the last pointer segment, else the file name; qualified by the file, or with `Type`, when taken. */
  private allocateName(schema: unknown, target: Location): string {
    const fileStem = target.doc.file.replace(/^.*\//, '').replace(/(\.fn)?\.(json|ya?ml)$/i, '').replace(/\.schema$/i, '');
    const last = target.path.at(-1);
    let base =
      isObject(schema) && typeof schema['title'] === 'string' && pascalCase(schema['title'])
        ? pascalCase(schema['title'])
        : last !== undefined && typeof last === 'string'
          ? pascalCase(last) || pascalCase(fileStem)
          : pascalCase(fileStem);
    if (base === '') {
      // A name written only in other scripts (`defs/地址.json`): code names are ASCII.
      this.diagnostics.push({
        code: 'definition-name-empty',
        file: target.doc.file,
        path: target.path,
        position: target.doc.locate(target.path),
        message: `shared definition has no name usable in code: its title, key and file name hold no ASCII letter or digit; give it a "title" such as "Address"`,
      });
      base = 'Definition';
    }
    const candidates = [base, pascalCase(fileStem) + base, `${base}Type`, `${pascalCase(fileStem)}${base}Type`];
    for (const c of candidates) if (!this.definitions.has(c) && !this.reserved.has(c)) return c;
    for (let i = 2; ; i++) {
      const c = `${base}${i}`;
      if (!this.definitions.has(c) && !this.reserved.has(c)) {
        this.diagnostics.push({
          code: 'definition-name-collision',
          file: target.doc.file,
          path: target.path,
          position: target.doc.locate(target.path),
          message: `shared definition would be named "${base}" but that name is taken by another definition or by the generated code; give it a distinct "title"`,
        });
        return c;
      }
    }
  }

  private toSchema(schema: unknown, loc: Location): JsonSchema {
    if (!isObject(schema)) return schema === false ? false : true;
    const out: JsonObject = {};
    const tupleDraft07 = Array.isArray(schema['items']);
    for (const key of Object.keys(schema)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      const value = schema[key];
      const at = (...seg: (string | number)[]): Location => ({ doc: loc.doc, path: [...loc.path, key, ...seg] });
      if (key === '$ref') {
        const name = this.refName(String(value), loc);
        out['$ref'] = name ? `#/$defs/${name}` : '#/$defs/Unresolved';
      } else if (key === 'items' && tupleDraft07) {
        out['prefixItems'] = (value as unknown[]).map((s, i) => this.toSchema(s, at(i)));
      } else if (key === 'additionalItems') {
        if (tupleDraft07) out['items'] = this.toSchema(value, at());
      } else if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value)) {
        const map: JsonObject = {};
        for (const k of Object.keys(value)) map[k] = this.toSchema(value[k], at(k));
        out[key] = map;
      } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key) || key === 'items') {
        out[key] = this.toSchema(value, at());
      } else if ((SCHEMA_LIST_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
        out[key] = value.map((s, i) => this.toSchema(s, at(i)));
      } else out[key] = value;
    }
    return out;
  }

  private toType(schema: unknown, loc: Location): IrType {
    if (schema === false) return { kind: 'never' };
    if (!isObject(schema)) return { kind: 'any' };
    const doc = docOf(schema);
    const at = (...seg: (string | number)[]): Location => ({ doc: loc.doc, path: [...loc.path, ...seg] });
    if (typeof schema['$ref'] === 'string') {
      const name = this.refName(schema['$ref'], loc);
      return name ? { kind: 'ref', name, ...doc } : { kind: 'any', ...doc };
    }
    if ('const' in schema) return { kind: 'literal', value: schema['const'] as Scalar, ...doc };
    if (Array.isArray(schema['enum'])) {
      const values = schema['enum'] as Scalar[];
      return values.length === 1 ? { kind: 'literal', value: values[0]!, ...doc } : { kind: 'enum', values, ...doc };
    }
    const parts: IrType[] = [];
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : typeof schema['type'] === 'string' ? [schema['type']] : [inferType(schema)];
    const cores = types.filter((t): t is string => t !== undefined).map((t) => this.coreType(t, schema, loc));
    if (cores.length === 1) parts.push(cores[0]!);
    else if (cores.length > 1) parts.push({ kind: 'union', variants: cores, exclusive: true });
    for (const kw of ['oneOf', 'anyOf'] as const) {
      const list = schema[kw];
      if (Array.isArray(list)) parts.push({ kind: 'union', variants: list.map((s, i) => this.toType(s, at(kw, i))), exclusive: kw === 'oneOf' });
    }
    if (Array.isArray(schema['allOf'])) parts.push(...schema['allOf'].map((s, i) => this.toType(s, at('allOf', i))));
    // `{"type": "object", "oneOf": [...]}`: the bare object adds nothing to the union.
    const meaningful = parts.length > 1 ? parts.filter((p) => !isBareObject(p)) : parts;
    if (meaningful.length === 0) return { kind: 'any', ...doc };
    if (meaningful.length === 1) return { ...meaningful[0]!, ...doc };
    return { kind: 'intersection', parts: meaningful, ...doc };
  }

  private coreType(type: string, schema: JsonObject, loc: Location): IrType {
    const at = (...seg: (string | number)[]): Location => ({ doc: loc.doc, path: [...loc.path, ...seg] });
    const pick = <K extends string>(...keys: K[]): Partial<Record<K, never>> => {
      const out: Record<string, unknown> = {};
      for (const k of keys) if (schema[k] !== undefined) out[k] = schema[k];
      return out as Partial<Record<K, never>>;
    };
    switch (type) {
      case 'string':
        return { kind: 'string', ...pick('format', 'minLength', 'maxLength', 'pattern') };
      case 'integer':
      case 'number':
        return { kind: 'number', integer: type === 'integer', ...pick('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf') };
      case 'boolean':
        return { kind: 'boolean' };
      case 'null':
        return { kind: 'null' };
      case 'array': {
        const tuple = Array.isArray(schema['prefixItems']) ? 'prefixItems' : Array.isArray(schema['items']) ? 'items' : undefined;
        if (tuple) {
          const items = (schema[tuple] as unknown[]).map((s, i) => this.toType(s, at(tuple, i)));
          // Items past the prefix are allowed, each matching `items` (draft-07: `additionalItems`), else
          // `unevaluatedItems`; none when that is false, anything when neither is there.
          const restKey = tuple === 'prefixItems' ? 'items' : 'additionalItems';
          const [restSchema, restAt] = schema[restKey] !== undefined ? [schema[restKey], at(restKey)] : [schema['unevaluatedItems'], at('unevaluatedItems')];
          const rest: IrType | null = restSchema === false ? null : restSchema === undefined ? { kind: 'any' } : this.toType(restSchema, restAt);
          // Each prefix item is required only as far as minItems asks: `[]` matches any prefixItems.
          const minItems = typeof schema['minItems'] === 'number' ? Math.min(schema['minItems'], items.length) : 0;
          return { kind: 'tuple', items, rest, minItems };
        }
        return { kind: 'array', items: this.toType(schema['items'] ?? true, at('items')), ...pick('minItems', 'maxItems', 'uniqueItems') };
      }
      default:
        return this.objectType(schema, loc);
    }
  }

  private objectType(schema: JsonObject, loc: Location): IrObject {
    const at = (...seg: (string | number)[]): Location => ({ doc: loc.doc, path: [...loc.path, ...seg] });
    const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
    const props = isObject(schema['properties']) ? schema['properties'] : {};
    const properties: IrProperty[] = Object.keys(props).map((name) => ({ name, required: required.has(name), type: this.toType(props[name], at('properties', name)) }));
    for (const name of required) if (!(name in props)) properties.push({ name, required: true, type: { kind: 'any' } });
    const ap = schema['additionalProperties'];
    const patterns = isObject(schema['patternProperties']) ? schema['patternProperties'] : undefined;
    let additional: IrObject['additional'] = 'open';
    // unevaluatedProperties also lets through what a sibling applicator evaluates (allOf's members,
    // a oneOf branch's, then's...): with one, the members come from those parts of the type.
    const applied = UNEVALUATED_SEES.some((k) => schema[k] !== undefined);
    if (ap === false || (schema['unevaluatedProperties'] === false && !applied)) additional = 'closed';
    else if (ap === true) additional = { kind: 'any' };
    else if (isObject(ap)) additional = this.toType(ap, at('additionalProperties'));
    if (patterns && additional !== 'open') {
      // A member matching a pattern has that pattern's type, any other the additional one (none when
      // closed). Without additionalProperties, other members may be anything: `additional` stays open.
      const variants = Object.keys(patterns).map((p) => this.toType(patterns[p], at('patternProperties', p)));
      if (typeof additional === 'object') variants.push(additional);
      additional = variants.length === 1 ? variants[0]! : { kind: 'union', variants, exclusive: false };
    } else if (patterns) additional = { kind: 'any' };
    return { kind: 'object', properties, additional, ...pickNumbers(schema, 'minProperties', 'maxProperties') };
  }
}

/** The keywords whose subschemas evaluate members for a sibling `unevaluatedProperties`. */
const UNEVALUATED_SEES = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'dependentSchemas', '$ref', '$dynamicRef'] as const;

function pickNumbers(schema: JsonObject, ...keys: ('minProperties' | 'maxProperties')[]): Partial<Record<'minProperties' | 'maxProperties', number>> {
  const out: Partial<Record<'minProperties' | 'maxProperties', number>> = {};
  for (const k of keys) if (typeof schema[k] === 'number') out[k] = schema[k];
  return out;
}

function docOf(schema: JsonObject): { description?: string; deprecated?: boolean; default?: unknown } {
  const out: { description?: string; deprecated?: boolean; default?: unknown } = {};
  const text = typeof schema['description'] === 'string' ? schema['description'] : typeof schema['title'] === 'string' ? schema['title'] : undefined;
  if (text !== undefined) out.description = text;
  if (schema['deprecated'] === true) out.deprecated = true;
  if ('default' in schema) out.default = schema['default'];
  return out;
}

function inferType(schema: JsonObject): string | undefined {
  if ('properties' in schema || 'additionalProperties' in schema || 'required' in schema || 'patternProperties' in schema) return 'object';
  if ('items' in schema || 'prefixItems' in schema) return 'array';
  if ('minLength' in schema || 'maxLength' in schema || 'pattern' in schema || 'format' in schema) return 'string';
  if ('minimum' in schema || 'maximum' in schema || 'multipleOf' in schema) return 'number';
  return undefined;
}

function isBareObject(t: IrType): boolean {
  return t.kind === 'object' && t.properties.length === 0 && t.additional === 'open';
}
