/**
 * Invalid inputs derived from a valid one: each required field missing, each
 * field of the wrong type, enum/const out of range, a string over maxLength or
 * failing its pattern, a number out of bounds, an extra property where
 * additionalProperties is false. A case is kept only when ajv rejects it with
 * an issue at the expected JSON pointer, so every generated assertion is true.
 */
import type { Ir, IrDefinition, IrSchema, IrType } from '../../ir.js';
import { fillDefaults } from '../../../templates/node-handler/defaults.js';
import { inputDefaults } from '../../util/input-defaults.js';
import { partValidator } from '../node-handler/validators.js';
import { MAX_SAMPLE_LENGTH } from './samples.js';

/** What an invalid case changes at its pointer in the base input. */
export type Change = { set: unknown } | { remove: true };

export interface NegativeCase {
  /** What is wrong at the pointer: `missing`, `wrong type`, `under minimum 1`… */
  what: string;
  /** The JSON pointer the 400 must name, which is also where the base input is changed. */
  pointer: string;
  change: Change;
  input: unknown;
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

function withAt(root: unknown, path: readonly string[], change: Change): unknown {
  const copy = structuredClone(root);
  let node = copy as Record<string, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string, unknown>;
  if ('set' in change) node[path.at(-1)!] = change.set;
  else delete node[path.at(-1)!];
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
  const add = (what: string, path: string[], change: Change): void => {
    candidates.push({ what, pointer: pointerOf(path), change, input: withAt(base, path, change) });
  };
  const visit = (t: IrType, value: unknown, path: string[], depth: number): void => {
    const type = deref(t, defs);
    if (type.kind !== 'object' || !value || typeof value !== 'object' || Array.isArray(value)) return;
    const obj = value as Record<string, unknown>;
    if (type.additional === 'closed') {
      add('extra property', [...path, '__unexpected__'], { set: true });
    }
    for (const prop of type.properties) {
      const p = [...path, prop.name];
      if (prop.required) add('missing', p, { remove: true });
      const pt = deref(prop.type, defs);
      const wrong = wrongTypeValue(pt);
      if (wrong !== undefined) add('wrong type', p, { set: wrong });
      if (pt.kind === 'enum' && pt.values.every((v) => typeof v === 'string')) add('outside its enum', p, { set: '__not_allowed__' });
      if (pt.kind === 'literal' && typeof pt.value === 'string') add('other than its const', p, { set: `${pt.value}-other` });
      // A string one longer than the limit, when that is a test value (see MAX_SAMPLE_LENGTH).
      if (pt.kind === 'string' && pt.maxLength !== undefined && pt.maxLength < MAX_SAMPLE_LENGTH) add(`over maxLength ${pt.maxLength}`, p, { set: 'x'.repeat(pt.maxLength! + 1) });
      if (pt.kind === 'string' && pt.pattern !== undefined) add('not matching its pattern', p, { set: '!~ no match ~!' });
      if (pt.kind === 'number' && pt.minimum !== undefined) add(`under minimum ${pt.minimum}`, p, { set: pt.minimum! - 1 });
      if (pt.kind === 'number' && pt.maximum !== undefined) add(`over maximum ${pt.maximum}`, p, { set: pt.maximum! + 1 });
      if (depth < MAX_DEPTH && prop.name in obj) {
        const child = obj[prop.name];
        if (pt.kind === 'array' && Array.isArray(child) && child.length > 0) visit(pt.items, child[0], [...p, '0'], depth + 1);
        else visit(prop.type, child, p, depth + 1);
      }
    }
  };
  visit(part.type, base, [], 0);

  const validate = partValidator(ir, part);
  // The handler fills an input's defaults before checking it: a member left out that has one is no case.
  const fn = ir.functions.find((f) => f.input === part);
  const defaults = fn && inputDefaults(ir, fn);
  const valid = (input: unknown): boolean => {
    if (!defaults) return validate(input);
    const filled = structuredClone(input);
    fillDefaults(filled, defaults);
    return validate(filled);
  };
  const kept: NegativeCase[] = [];
  const names = new Set<string>();
  for (const c of candidates) {
    const name = `${c.pointer} ${c.what}`;
    if (kept.length >= MAX_CASES || names.has(name) || valid(c.input)) continue;
    const paths = (validate.errors ?? []).map((e) => {
      const extra = e.keyword === 'required' ? e.params['missingProperty'] : e.keyword === 'additionalProperties' ? e.params['additionalProperty'] : undefined;
      return extra === undefined ? e.instancePath : `${e.instancePath}/${String(extra).replace(/~/g, '~0').replace(/\//g, '~1')}`;
    });
    if (!paths.includes(c.pointer)) continue;
    names.add(name);
    kept.push(c);
  }
  return kept;
}
