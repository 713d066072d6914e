/**
 * Where a function's input declares defaults the handlers fill in (templates/node-handler/defaults.ts,
 * templates/php/handler/Defaults.php), read from the normalized schemas as ajv's `useDefaults` reads
 * them: the `default` of each schema under `properties`, reached through `properties`, `items`,
 * `allOf` and `$ref`. Never under `anyOf`, `oneOf`, `not` or `if`/`then`/`else`: which branch holds is
 * known only once the value is checked. Nor under `additionalProperties`, `patternProperties` or
 * `prefixItems`, which this does not follow.
 */
import { fillDefaults, type DefaultsPlan, type InputDefaults, type MemberDefaults } from '../../templates/node-handler/defaults.js';
import type { Ir, IrFunction, JsonSchema } from '../ir.js';
import { isObject } from './schema-walk.js';

export type { DefaultsPlan, InputDefaults, MemberDefaults };

/** One default the handlers fill in, where it is declared, and the schema it must match. */
export interface DeclaredDefault {
  /** The function whose input declares it, or the shared definition. */
  owner: { fn: IrFunction } | { definition: string };
  /** Path inside the owner's schema (the input, or the definition) to the member's schema. */
  path: (string | number)[];
  schema: Record<string, unknown>;
  value: unknown;
}

const REF = /^#\/\$defs\/([^/]+)$/;

const refName = (schema: Record<string, unknown>): string | undefined => {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return undefined;
  const m = REF.exec(ref);
  return m ? decodeURIComponent(m[1]!.replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
};

/** Calls `visit` for each member schema whose default applies, and `ref` for each definition reached, below `schema`. */
function walk(schema: JsonSchema, path: (string | number)[], visit: (member: Record<string, unknown>, path: (string | number)[]) => void, ref: (name: string) => void, depth = 0): void {
  if (!isObject(schema) || depth > 200) return;
  const name = refName(schema);
  if (name !== undefined) ref(name);
  const properties = schema['properties'];
  if (isObject(properties)) {
    for (const key of Object.keys(properties)) {
      const member = properties[key];
      if (!isObject(member)) continue;
      visit(member, [...path, 'properties', key]);
      walk(member, [...path, 'properties', key], visit, ref, depth + 1);
    }
  }
  if (isObject(schema['items'])) walk(schema['items'] as JsonSchema, [...path, 'items'], visit, ref, depth + 1);
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) allOf.forEach((part, i) => walk(part as JsonSchema, [...path, 'allOf', i], visit, ref, depth + 1));
}

/** The definitions whose values get a default somewhere (directly, or through definitions they reach). */
function definitionsWithDefaults(ir: Ir): Set<string> {
  const direct = new Set<string>();
  const reaches = new Map<string, Set<string>>();
  for (const d of ir.definitions) {
    const refs = new Set<string>();
    walk(d.schema, [], (member) => ('default' in member ? direct.add(d.name) : undefined), (n) => refs.add(n));
    reaches.set(d.name, refs);
  }
  const result = new Set<string>();
  for (const d of ir.definitions) {
    const seen = new Set<string>([d.name]);
    const queue = [d.name];
    for (let i = 0; i < queue.length; i++) {
      if (direct.has(queue[i]!)) {
        result.add(d.name);
        break;
      }
      for (const n of reaches.get(queue[i]!) ?? []) if (!seen.has(n)) seen.add(n), queue.push(n);
    }
  }
  return result;
}

const cache = new WeakMap<Ir, Set<string>>();

function withDefaults(ir: Ir): Set<string> {
  let set = cache.get(ir);
  if (!set) cache.set(ir, (set = definitionsWithDefaults(ir)));
  return set;
}

/** Two plans for one value, as one: the members of both, in order, and both plans for its items. */
function merge(a: DefaultsPlan | undefined, b: DefaultsPlan | undefined): DefaultsPlan | undefined {
  if (!a || !b) return a ?? b;
  const members = [...(a.members ?? []), ...(b.members ?? [])];
  const items = merge(a.items, b.items);
  const refs = [...new Set([...(a.refs ?? []), ...(b.refs ?? [])])];
  return { ...(members.length ? { members } : {}), ...(items ? { items } : {}), ...(refs.length ? { refs } : {}) };
}

function planOf(schema: JsonSchema, defs: Set<string>, depth = 0): DefaultsPlan | undefined {
  if (!isObject(schema) || depth > 200) return undefined;
  const members: MemberDefaults[] = [];
  const properties = schema['properties'];
  if (isObject(properties)) {
    for (const key of Object.keys(properties)) {
      const member = properties[key];
      if (!isObject(member)) continue;
      const plan = planOf(member, defs, depth + 1);
      if ('default' in member || plan) members.push({ name: key, ...('default' in member ? { default: member['default'] } : {}), ...(plan ? { plan } : {}) });
    }
  }
  const name = refName(schema);
  const items = isObject(schema['items']) ? planOf(schema['items'] as JsonSchema, defs, depth + 1) : undefined;
  let plan: DefaultsPlan | undefined = { ...(members.length ? { members } : {}), ...(items ? { items } : {}), ...(name !== undefined && defs.has(name) ? { refs: [name] } : {}) };
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) for (const part of allOf) plan = merge(plan, planOf(part as JsonSchema, defs, depth + 1));
  return plan && Object.keys(plan).length ? plan : undefined;
}

const plans = new WeakMap<IrFunction, { ir: Ir; plan: InputDefaults | undefined }>();

/** The plan the handler of `fn` fills defaults by, or undefined when its input declares none (several targets ask). */
export function inputDefaults(ir: Ir, fn: IrFunction): InputDefaults | undefined {
  const known = plans.get(fn);
  if (known?.ir === ir) return known.plan;
  const plan = computePlan(ir, fn);
  plans.set(fn, { ir, plan });
  return plan;
}

function computePlan(ir: Ir, fn: IrFunction): InputDefaults | undefined {
  const defs = withDefaults(ir);
  const input = planOf(fn.input.schema, defs);
  if (!input) return undefined;
  const used = fn.input.uses.filter((n) => defs.has(n)).sort();
  const plans: Record<string, DefaultsPlan> = {};
  for (const n of used) plans[n] = planOf(ir.definitions.find((d) => d.name === n)!.schema, defs)!;
  return used.length ? { input, defs: plans } : { input };
}

/** Every default the handlers fill in: those of each Node or PHP function's input, and of the definitions they reach. */
export function declaredDefaults(ir: Ir): DeclaredDefault[] {
  const out: DeclaredDefault[] = [];
  const reached = new Set<string>();
  for (const fn of ir.functions) {
    walk(fn.input.schema, [], (member, path) => ('default' in member ? out.push({ owner: { fn }, path, schema: member, value: member['default'] }) : undefined), () => undefined);
    for (const n of fn.input.uses) reached.add(n);
  }
  for (const d of ir.definitions) {
    if (!reached.has(d.name)) continue;
    walk(d.schema, [], (member, path) => ('default' in member ? out.push({ owner: { definition: d.name }, path, schema: member, value: member['default'] }) : undefined), () => undefined);
  }
  return out;
}

/** A copy of a declared default as the handler fills it in: with the defaults inside it filled too. */
export function filledDefault(ir: Ir, d: DeclaredDefault): unknown {
  const value = d.value === undefined ? undefined : JSON.parse(JSON.stringify(d.value));
  const plan = planOf(d.schema, withDefaults(ir));
  if (plan) {
    const defs: Record<string, DefaultsPlan> = {};
    for (const n of withDefaults(ir)) defs[n] = planOf(ir.definitions.find((x) => x.name === n)!.schema, withDefaults(ir))!;
    fillDefaults(value, { input: plan, defs });
  }
  return value;
}

/**
 * The top-level input members of `fn` that have a default: always present once the handler has
 * filled them, so the implementation's `Input` types them as required.
 */
export function filledMembers(ir: Ir, fn: IrFunction): string[] {
  const plan = inputDefaults(ir, fn);
  if (!plan || fn.input.type.kind !== 'object') return [];
  const names = new Set(fn.input.type.properties.map((p) => p.name));
  return [...new Set((plan.input.members ?? []).filter((m) => 'default' in m && names.has(m.name)).map((m) => m.name))];
}
