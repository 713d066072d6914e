/**
 * Invalid inputs derived from a valid one: each required field missing, each
 * field of the wrong type, enum/const out of range, a string over maxLength or
 * failing its pattern, a number out of bounds, an extra property where
 * additionalProperties is false. A case is kept only when ajv rejects it with
 * an issue at the expected JSON pointer, so every generated assertion is true.
 */
import type { Ir, IrDefinition, IrSchema, IrType } from '../../ir.js';
import { compileValidator } from './samples.js';

export interface NegativeCase {
  name: string;
  input: unknown;
  /** The JSON pointer the 400 must name. */
  pointer: string;
}

const MAX_CASES = 60;
const MAX_DEPTH = 2;

function pointerOf(path: readonly string[]): string {
  return path.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function deref(t: IrType, defs: ReadonlyMap<string, IrDefinition>): IrType {
  for (let i = 0; t.kind === 'ref' && i < 20; i++) t = defs.get(t.name)?.type ?? { kind: 'any' };
  return t;
}

function withAt(root: unknown, path: readonly string[], change: (parent: Record<string, unknown>, key: string) => void): unknown {
  const copy = structuredClone(root);
  let node = copy as Record<string, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string, unknown>;
  change(node, path.at(-1)!);
  return copy;
}

function wrongTypeValue(t: IrType): unknown {
  switch (t.kind) {
    case 'string':
    case 'enum':
    case 'literal':
      return t.kind === 'string' || typeof (t.kind === 'enum' ? t.values[0] : t.value) === 'string' ? 12345 : 'not-a-number';
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'object':
      return 'not-an-object';
    case 'array':
    case 'tuple':
      return 'not-an-array';
    case 'null':
      return 0;
    default:
      return undefined;
  }
}

export function negativeCases(ir: Ir, part: IrSchema, base: unknown): NegativeCase[] {
  const defs = new Map(ir.definitions.map((d) => [d.name, d]));
  const candidates: NegativeCase[] = [];
  const visit = (t: IrType, value: unknown, path: string[], depth: number): void => {
    const type = deref(t, defs);
    if (type.kind !== 'object' || !value || typeof value !== 'object' || Array.isArray(value)) return;
    const obj = value as Record<string, unknown>;
    const at = pointerOf(path);
    if (type.additional === 'closed') {
      candidates.push({ name: `extra property at ${at || '/'}`, input: withAt(base, [...path, '__unexpected__'], (p, k) => (p[k] = true)), pointer: `${at}/__unexpected__` });
    }
    for (const prop of type.properties) {
      const p = [...path, prop.name];
      const ptr = pointerOf(p);
      if (prop.required) candidates.push({ name: `missing required ${ptr}`, input: withAt(base, p, (o, k) => delete o[k]), pointer: ptr });
      const pt = deref(prop.type, defs);
      const wrong = wrongTypeValue(pt);
      if (wrong !== undefined) candidates.push({ name: `wrong type at ${ptr}`, input: withAt(base, p, (o, k) => (o[k] = wrong)), pointer: ptr });
      if (pt.kind === 'enum' && pt.values.every((v) => typeof v === 'string')) candidates.push({ name: `${ptr} outside its enum`, input: withAt(base, p, (o, k) => (o[k] = '__not_allowed__')), pointer: ptr });
      if (pt.kind === 'literal' && typeof pt.value === 'string') candidates.push({ name: `${ptr} other than its const`, input: withAt(base, p, (o, k) => (o[k] = `${pt.value}-other`)), pointer: ptr });
      if (pt.kind === 'string' && pt.maxLength !== undefined) candidates.push({ name: `${ptr} over maxLength ${pt.maxLength}`, input: withAt(base, p, (o, k) => (o[k] = 'x'.repeat(pt.maxLength! + 1))), pointer: ptr });
      if (pt.kind === 'string' && pt.pattern !== undefined) candidates.push({ name: `${ptr} not matching its pattern`, input: withAt(base, p, (o, k) => (o[k] = '!~ no match ~!')), pointer: ptr });
      if (pt.kind === 'number' && pt.minimum !== undefined) candidates.push({ name: `${ptr} under minimum ${pt.minimum}`, input: withAt(base, p, (o, k) => (o[k] = pt.minimum! - 1)), pointer: ptr });
      if (pt.kind === 'number' && pt.maximum !== undefined) candidates.push({ name: `${ptr} over maximum ${pt.maximum}`, input: withAt(base, p, (o, k) => (o[k] = pt.maximum! + 1)), pointer: ptr });
      if (depth < MAX_DEPTH && prop.name in obj) {
        const child = obj[prop.name];
        if (pt.kind === 'array' && Array.isArray(child) && child.length > 0) visit(pt.items, child[0], [...p, '0'], depth + 1);
        else visit(prop.type, child, p, depth + 1);
      }
    }
  };
  visit(part.type, base, [], 0);

  const validate = compileValidator(ir, part);
  const kept: NegativeCase[] = [];
  const names = new Set<string>();
  for (const c of candidates) {
    if (kept.length >= MAX_CASES || names.has(c.name) || validate(c.input)) continue;
    const paths = (validate.errors ?? []).map((e) => {
      const extra = e.keyword === 'required' ? e.params['missingProperty'] : e.keyword === 'additionalProperties' ? e.params['additionalProperty'] : undefined;
      return extra === undefined ? e.instancePath : `${e.instancePath}/${String(extra).replace(/~/g, '~0').replace(/\//g, '~1')}`;
    });
    if (!paths.includes(c.pointer)) continue;
    names.add(c.name);
    kept.push(c);
  }
  return kept;
}
