/**
 * Stage 4, build the IR: converts every contract's schemas, names shared
 * definitions once, detects union discriminators and records which
 * definitions each schema reaches.
 */
import type { Diagnostic } from '../errors.js';
import type { Ir, IrDefinition, IrFunction, IrSchema, IrType } from '../ir.js';
import { declarationNames } from '../targets/direct/miniprogram-runtime.js';
import { pascalCase } from '../util/naming.js';
import { isObject, walkSchema } from '../util/schema-walk.js';
import { byCodePoint, sortedKeys } from '../util/sorted.js';
import type { NormalizedContract, NormalizedProject } from './normalize.js';
import { SchemaConverter } from './schema-to-ir.js';

/** Type names each function claims in every target; shared definitions must avoid them. */
export function functionTypeNames(name: string): string[] {
  const p = pascalCase(name);
  return [`${p}Input`, `${p}Output`, `${p}Error`, `${p}ErrorCode`, `${p}ErrorData`, `${p}Failure`];
}

/**
 * Names the generated TypeScript declares or reads beside the shared definitions: `Record` in
 * types.ts, and what the mini program's declarations hold besides them. A definition given one
 * would hide a global (`Record` is not generic) or merge into a class (`BusinessError`).
 */
function typeNamesInUse(): readonly string[] {
  return declarationNames();
}

export function buildIr(project: NormalizedProject): { ir: Ir; diagnostics: Diagnostic[] } {
  const reserved = new Set([...project.contracts.flatMap((c) => functionTypeNames(c.name)), ...typeNamesInUse()]);
  const converter = new SchemaConverter(project.validated.loaded.documents, reserved);
  const diagnostics: Diagnostic[] = [];
  const functions = project.contracts.map((c) => buildFunction(c, converter, diagnostics));
  diagnostics.push(...converter.diagnostics);

  const definitions = [...converter.definitions.values()].sort((a, b) => byCodePoint(a.name, b.name));
  const byName = new Map(definitions.map((d) => [d.name, d]));
  for (const d of definitions) markDiscriminators(d.type, byName);
  for (const f of functions) {
    for (const s of [f.input, f.output, ...f.errors.flatMap((e) => (e.data ? [e.data] : []))]) {
      markDiscriminators(s.type, byName);
      s.uses = reachable(s, byName);
    }
  }
  for (const f of functions) {
    for (const key of ['input', 'output'] as const) {
      if (!isObjectLike(f[key].type, byName)) {
        const c = project.contracts.find((x) => x.name === f.name)!;
        diagnostics.push({
          code: 'top-level-not-object',
          file: c.doc.file,
          path: [key],
          position: c.doc.locate([key]),
          message: `must describe a JSON object (a cloud function's event and result are objects); add "type": "object" with "properties"`,
        });
      }
    }
  }
  return { ir: { functions, definitions }, diagnostics };
}

function buildFunction(c: NormalizedContract, converter: SchemaConverter, diagnostics: Diagnostic[]): IrFunction {
  const schemaAt = (schema: unknown, path: (string | number)[]): IrSchema => ({ ...converter.convert(schema, { doc: c.doc, path }), uses: [] });
  const declared = c.contract.errors ?? {};
  const errors = sortedKeys(declared).map((code) => {
    const e = declared[code]!;
    return {
      code,
      status: e.status,
      ...(e.description !== undefined ? { description: e.description } : {}),
      ...(e.message !== undefined ? { message: e.message } : {}),
      ...(e.data !== undefined ? { data: schemaAt(e.data, ['errors', code, 'data']) } : {}),
    };
  });
  for (const [i, ex] of (c.contract.examples ?? []).entries()) {
    if (ex.error && !(ex.error.code in declared)) {
      diagnostics.push({
        code: 'example-unknown-error',
        file: c.doc.file,
        path: ['examples', i, 'error', 'code'],
        position: c.doc.locate(['examples', i, 'error', 'code']),
        message: `example "${ex.name}" raises "${ex.error.code}", which is not declared under "errors"; declare it or fix the code`,
      });
    }
  }
  return {
    name: c.name,
    words: c.words,
    ...(c.contract.description !== undefined ? { description: c.contract.description } : {}),
    httpPath: c.httpPath,
    timeoutSeconds: c.timeoutSeconds,
    idempotent: c.idempotent,
    ...(c.contract.signing === 'hmac-sha256' ? { signing: 'hmac-sha256' as const } : {}),
    runtime: c.runtime,
    input: schemaAt(c.contract.input, ['input']),
    output: schemaAt(c.contract.output, ['output']),
    errors,
    examples: (c.contract.examples ?? []).map((e) => ({ ...e })),
    source: c.doc.file,
  };
}

function deref(t: IrType, defs: ReadonlyMap<string, IrDefinition>, seen = new Set<string>()): IrType {
  while (t.kind === 'ref' && !seen.has(t.name)) {
    seen.add(t.name);
    const def = defs.get(t.name);
    if (!def) break;
    t = def.type;
  }
  return t;
}

function isObjectLike(t: IrType, defs: ReadonlyMap<string, IrDefinition>): boolean {
  const r = deref(t, defs);
  if (r.kind === 'object' || r.kind === 'any') return true;
  if (r.kind === 'intersection') return r.parts.every((p) => isObjectLike(p, defs));
  if (r.kind === 'union') return r.variants.every((v) => isObjectLike(v, defs));
  return false;
}

/** Children of a type node, for walks. */
export function childTypes(t: IrType): IrType[] {
  switch (t.kind) {
    case 'array':
      return [t.items];
    case 'tuple':
      return t.rest ? [...t.items, t.rest] : t.items;
    case 'object':
      return [...t.properties.map((p) => p.type), ...(typeof t.additional === 'object' ? [t.additional] : [])];
    case 'union':
      return t.variants;
    case 'intersection':
      return t.parts;
    default:
      return [];
  }
}

/** Sets `discriminator` on unions whose object variants share a required property with distinct constant values. */
function markDiscriminators(t: IrType, defs: ReadonlyMap<string, IrDefinition>, seen = new Set<IrType>()): void {
  if (seen.has(t)) return;
  seen.add(t);
  if (t.kind === 'union' && t.variants.length > 1) {
    const objects = t.variants.map((v) => deref(v, defs));
    if (objects.every((o) => o.kind === 'object')) {
      const first = objects[0] as Extract<IrType, { kind: 'object' }>;
      for (const prop of first.properties) {
        const values = objects.map((o) => {
          const p = (o as Extract<IrType, { kind: 'object' }>).properties.find((x) => x.name === prop.name);
          return p?.required && p.type.kind === 'literal' ? JSON.stringify(p.type.value) : undefined;
        });
        if (values.every((v) => v !== undefined) && new Set(values).size === values.length) {
          t.discriminator = prop.name;
          break;
        }
      }
    }
  }
  for (const c of childTypes(t)) markDiscriminators(c, defs, seen);
}

/**
 * The definitions a schema reaches, directly or through other definitions: those its type shows,
 * and every `$ref` under any keyword (a definition used only under `else` or `not` has no place in
 * the type, yet its validator, its PHP copy and its cache key need it).
 */
function reachable(s: IrSchema, defs: ReadonlyMap<string, IrDefinition>): string[] {
  const found = new Set<string>();
  const visitType = (n: IrType): void => {
    if (n.kind === 'ref') {
      reach(n.name);
      return;
    }
    for (const c of childTypes(n)) visitType(c);
  };
  const visitSchema = (schema: unknown): void =>
    walkSchema(schema, [], (node) => {
      const ref = isObject(node) && typeof node['$ref'] === 'string' ? /^#\/\$defs\/(.+)$/.exec(node['$ref'])?.[1] : undefined;
      if (ref !== undefined) reach(ref);
    });
  const reach = (name: string): void => {
    const def = defs.get(name);
    if (found.has(name) || !def) return;
    found.add(name);
    visitType(def.type);
    visitSchema(def.schema);
  };
  visitType(s.type);
  visitSchema(s.schema);
  return [...found].sort(byCodePoint);
}
