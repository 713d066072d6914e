/**
 * What changed between two versions of a project's contracts, and who it breaks. Direction
 * matters: an input flows from callers to the function, an output (and an error's data) from the
 * function to callers. Narrowing what an input accepts breaks callers, widening it asks the
 * function to handle more; widening what an output may hold breaks callers, narrowing it asks the
 * function to guarantee more. Works on the IR's normalized schemas (`$ref`s to `#/$defs/<name>`).
 */
import type { Ir, IrDefinition, IrFunction, JsonSchema } from '../ir.js';

export type Severity = 'breaking-callers' | 'breaking-function' | 'compatible';

export const SEVERITY_TEXT: Record<Severity, string> = {
  'breaking-callers': 'breaking for callers',
  'breaking-function': 'breaking for the function',
  compatible: 'compatible',
};

export interface Change {
  /** The function the change affects. */
  fn: string;
  severity: Severity;
  /** Project-relative file the pointer is in. */
  file: string;
  /** JSON pointer in that file. */
  pointer: string;
  reason: string;
}

type Dir = 'in' | 'out';
type Obj = Record<string, unknown>;

const narrowed = (d: Dir): Severity => (d === 'in' ? 'breaking-callers' : 'breaking-function');
const widened = (d: Dir): Severity => (d === 'in' ? 'breaking-function' : 'breaking-callers');
const what = (d: Dir): string => (d === 'in' ? 'accepted' : 'returned');

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');
const show = (v: unknown): string => JSON.stringify(v);

/** Canonical JSON (sorted keys): equality of schemas regardless of key order. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const same = (a: unknown, b: unknown): boolean => canon(a) === canon(b);

/** Keys that document and never change what is valid. */
const DOC_KEYS = new Set(['description', 'title', 'examples', 'default', 'deprecated', '$comment', 'readOnly', 'writeOnly']);
const withoutDocs = (s: unknown): unknown => (isObj(s) ? Object.fromEntries(Object.entries(s).filter(([k]) => !DOC_KEYS.has(k))) : s);

/** Lower bounds: raising one (or adding it) narrows; upper bounds the other way round. */
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'] as const;
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'] as const;

/**
 * Keywords whose change the rules below read. A change to any other keyword (`not`, a changed `if`
 * condition, `$dynamicRef`, …) cannot be placed in a direction: it is reported as breaking.
 */
const READ_KEYS = new Set([
  ...DOC_KEYS, ...LOWER, ...UPPER, 'type', 'enum', 'const', 'pattern', 'format', 'multipleOf', 'uniqueItems',
  'properties', 'required', 'additionalProperties', 'patternProperties', 'prefixItems', 'items', 'oneOf', 'anyOf', 'allOf',
  'if', 'then', 'else', 'contains', 'propertyNames', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems',
]);

function types(s: Obj): Set<string> | undefined {
  const t = s['type'];
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.map(String));
  return undefined;
}

/** The property every branch pins with a `const`, if there is one. */
function discriminatorOf(branches: unknown[]): string | undefined {
  const first = branches[0];
  if (!isObj(first) || !isObj(first['properties'])) return undefined;
  return Object.keys(first['properties']).find((k) =>
    branches.every((b) => isObj(b) && isObj(b['properties']) && isObj((b['properties'] as Obj)[k]) && 'const' in ((b['properties'] as Obj)[k] as Obj)),
  );
}

interface Side {
  defs: ReadonlyMap<string, IrDefinition>;
}

class Comparer {
  readonly changes: Change[] = [];
  /** Definitions reached on both sides under the same name, with the directions they were reached in. */
  private readonly sharedDefs = new Map<string, Set<Dir>>();

  constructor(
    private readonly fn: string,
    private readonly file: string,
    private readonly before: Side,
    private readonly after: Side,
  ) {}

  add(severity: Severity, pointer: string, reason: string, file = this.file): void {
    if (this.changes.some((c) => c.severity === severity && c.pointer === pointer && c.reason === reason && c.file === file)) return;
    this.changes.push({ fn: this.fn, severity, file, pointer, reason });
  }

  /** Compares two schemas at `ptr` (in `file`) flowing in direction `d`. */
  schema(a: JsonSchema | undefined, b: JsonSchema | undefined, ptr: string, d: Dir, file = this.file, depth = 0): void {
    if (depth > 64) return;
    if (same(a, b)) {
      // Identical here, but a definition it reaches may have changed: compare those at the definition.
      this.reachedDefs(a, d);
      return;
    }
    const at = (p: string): string => `${ptr}${p}`;
    const recurse = (x: unknown, y: unknown, p: string): void => this.schema(x as JsonSchema, y as JsonSchema, at(p), d, file, depth + 1);
    // References: the same definition on both sides is compared once, at the definition.
    const refOf = (s: unknown): string | undefined => (isObj(s) && typeof s['$ref'] === 'string' ? /^#\/\$defs\/(.+)$/.exec(s['$ref'])?.[1] : undefined);
    const ra = refOf(a);
    const rb = refOf(b);
    if (ra !== undefined && ra === rb) {
      // The same definition on both sides; keywords beside the `$ref` apply too (as an allOf would).
      this.reachedDefs(a, d);
      const beside = (s: Obj): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref'));
      const [xa, xb] = [beside(a as Obj), beside(b as Obj)];
      if (!same(xa, xb)) this.schema(xa, xb, ptr, d, file, depth + 1);
      return;
    }
    if (ra !== undefined && this.before.defs.has(ra)) return this.schema(this.before.defs.get(ra)!.schema, b, ptr, d, file, depth + 1);
    if (rb !== undefined && this.after.defs.has(rb)) return this.schema(a, this.after.defs.get(rb)!.schema, ptr, d, file, depth + 1);
    if (a === undefined || b === undefined) {
      if (a === undefined && b !== undefined && b !== true) this.add(narrowed(d), ptr || '/', `now constrained: fewer values ${what(d)}`, file);
      else if (b === undefined && a !== true) this.add(widened(d), ptr || '/', `no longer constrained: any value ${what(d)}`, file);
      return;
    }
    if (typeof a === 'boolean' || typeof b === 'boolean') {
      if (a === true || b === false) this.add(narrowed(d), ptr || '/', `fewer values ${what(d)} (${show(a)} → ${show(b)})`, file);
      else this.add(widened(d), ptr || '/', `more values ${what(d)} (${show(a)} → ${show(b)})`, file);
      return;
    }
    for (const k of DOC_KEYS) {
      // An input member's default is filled in by the handler: its changes are read with the member's, below.
      if (k === 'default' && d === 'in') continue;
      if (!same(a[k], b[k])) this.add('compatible', at(`/${k}`), `${k} changed`, file);
    }
    if (same(withoutDocs(a), withoutDocs(b))) return;

    // Types (integer is a kind of number; null makes a value nullable).
    const ta = types(a);
    const tb = types(b);
    if (ta && tb) {
      const covers = (set: Set<string>, t: string): boolean => set.has(t) || (t === 'integer' && set.has('number'));
      const gone = [...ta].filter((t) => !covers(tb, t));
      const added = [...tb].filter((t) => !covers(ta, t));
      for (const t of gone) this.add(narrowed(d), at('/type'), t === 'null' ? `no longer nullable: null no longer ${what(d)}` : `type ${t} no longer ${what(d)}`, file);
      for (const t of added) this.add(widened(d), at('/type'), t === 'null' ? `made nullable: null now ${what(d)}` : `type ${t} now ${what(d)}`, file);
    } else if (!ta && tb) this.add(narrowed(d), at('/type'), `type now restricted to ${[...tb].join(' | ')}`, file);
    else if (ta && !tb) this.add(widened(d), at('/type'), `type no longer restricted (was ${[...ta].join(' | ')})`, file);

    // Enumerations and constants.
    const values = (s: Obj): unknown[] | undefined => (Array.isArray(s['enum']) ? s['enum'] : 'const' in s ? [s['const']] : undefined);
    const va = values(a);
    const vb = values(b);
    if (va && vb) {
      for (const v of va) if (!vb.some((w) => same(v, w))) this.add(narrowed(d), at(Array.isArray(b['enum']) ? '/enum' : '/const'), `value ${show(v)} no longer ${what(d)}`, file);
      for (const v of vb) if (!va.some((w) => same(v, w))) this.add(widened(d), at(Array.isArray(b['enum']) ? '/enum' : '/const'), `value ${show(v)} now ${what(d)}`, file);
    } else if (!va && vb) this.add(narrowed(d), at('/enum'), `now limited to ${vb.map(show).join(', ')}`, file);
    else if (va && !vb) this.add(widened(d), at('/enum'), `no longer limited to ${va.map(show).join(', ')}`, file);

    // Bounds.
    for (const k of LOWER) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      if (typeof y === 'number' && (typeof x !== 'number' || y > x)) this.add(narrowed(d), at(`/${k}`), `${k} tightened (${x ?? 'none'} → ${y})`, file);
      else this.add(widened(d), at(`/${k}`), `${k} loosened (${x} → ${y ?? 'none'})`, file);
    }
    for (const k of UPPER) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      if (typeof y === 'number' && (typeof x !== 'number' || y < x)) this.add(narrowed(d), at(`/${k}`), `${k} tightened (${x ?? 'none'} → ${y})`, file);
      else this.add(widened(d), at(`/${k}`), `${k} loosened (${x} → ${y ?? 'none'})`, file);
    }
    for (const k of ['pattern', 'format', 'multipleOf'] as const) {
      if (same(a[k], b[k])) continue;
      if (b[k] === undefined) this.add(widened(d), at(`/${k}`), `${k} ${show(a[k])} removed`, file);
      else this.add(narrowed(d), at(`/${k}`), a[k] === undefined ? `${k} ${show(b[k])} added` : `${k} changed (${show(a[k])} → ${show(b[k])})`, file);
    }
    if (a['uniqueItems'] !== b['uniqueItems']) this.add(b['uniqueItems'] === true ? narrowed(d) : widened(d), at('/uniqueItems'), `uniqueItems ${b['uniqueItems'] === true ? 'added' : 'removed'}`, file);

    this.objects(a, b, ptr, d, file, depth);

    // Arrays and tuples.
    const pa = Array.isArray(a['prefixItems']) ? a['prefixItems'] : undefined;
    const pb = Array.isArray(b['prefixItems']) ? b['prefixItems'] : undefined;
    if (pa && pb && pa.length !== pb.length) this.add('breaking-callers', at('/prefixItems'), `tuple length changed (${pa.length} → ${pb.length})`, file);
    if (pa && pb) for (let i = 0; i < Math.min(pa.length, pb.length); i++) recurse(pa[i], pb[i], `/prefixItems/${i}`);
    if (!same(a['items'], b['items'])) recurse(a['items'], b['items'], '/items');

    // Unions.
    for (const k of ['oneOf', 'anyOf'] as const) {
      const ua = Array.isArray(a[k]) ? a[k] : undefined;
      const ub = Array.isArray(b[k]) ? b[k] : undefined;
      if (!ua && !ub) continue;
      if (!ua || !ub) {
        this.add('breaking-callers', at(`/${k}`), `${k} ${ua ? 'removed' : 'introduced'}`, file);
        continue;
      }
      const da = discriminatorOf(ua);
      const db = discriminatorOf(ub);
      if (da !== db) this.add('breaking-callers', at(`/${k}`), `discriminator changed (${da ?? 'none'} → ${db ?? 'none'})`, file);
      const key = (s: unknown): string => (da && da === db && isObj(s) ? canon(((s['properties'] as Obj)[da] as Obj)['const']) : canon(s));
      const kb = ub.map(key);
      const ka = ua.map(key);
      ua.forEach((branch, i) => {
        const j = kb.indexOf(ka[i]!);
        if (j < 0) this.add(narrowed(d), at(`/${k}/${i}`), `${k} branch ${da && da === db ? show(JSON.parse(ka[i]!)) + ' ' : ''}removed: its values no longer ${what(d)}`, file);
        else recurse(branch, ub[j], `/${k}/${j}`);
      });
      ub.forEach((_branch, j) => {
        if (!ka.includes(kb[j]!)) this.add(widened(d), at(`/${k}/${j}`), `${k} branch ${da && da === db ? show(JSON.parse(kb[j]!)) + ' ' : ''}added: more values ${what(d)}`, file);
      });
    }
    // Schemas that constrain only where they apply: narrowing one narrows the whole. An absent one
    // constrains nothing (read as `now constrained` / `no longer constrained`).
    if (same(a['if'], b['if'])) {
      for (const k of ['then', 'else'] as const) if (!same(a[k], b[k])) recurse(a[k], b[k], `/${k}`);
    } else this.add('breaking-callers', at('/if'), 'if changed: which values then and else apply to moved (cloudfn cannot tell whom that breaks)', file);
    for (const k of ['contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'] as const) if (!same(a[k], b[k])) recurse(a[k], b[k], `/${k}`);
    const deps = (s: Obj, k: string): Obj => (isObj(s[k]) ? s[k] : {});
    for (const name of new Set([...Object.keys(deps(a, 'dependentSchemas')), ...Object.keys(deps(b, 'dependentSchemas'))])) {
      recurse(deps(a, 'dependentSchemas')[name], deps(b, 'dependentSchemas')[name], `/dependentSchemas/${esc(name)}`);
    }
    const [qa, qb] = [deps(a, 'dependentRequired'), deps(b, 'dependentRequired')];
    for (const name of new Set([...Object.keys(qa), ...Object.keys(qb)])) {
      const [xa, xb] = [qa[name], qb[name]].map((x) => new Set(Array.isArray(x) ? x.map(String) : []));
      for (const m of xb!) if (!xa!.has(m)) this.add(narrowed(d), at(`/dependentRequired/${esc(name)}`), `${show(m)} now required with ${show(name)}`, file);
      for (const m of xa!) if (!xb!.has(m)) this.add(widened(d), at(`/dependentRequired/${esc(name)}`), `${show(m)} no longer required with ${show(name)}`, file);
    }
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!READ_KEYS.has(k) && !same(a[k], b[k])) this.add('breaking-callers', at(`/${esc(k)}`), `${k} changed: cloudfn cannot tell whom that breaks`, file);
    }
    if (!same(a['allOf'], b['allOf'])) {
      const xa = Array.isArray(a['allOf']) ? a['allOf'] : [];
      const xb = Array.isArray(b['allOf']) ? b['allOf'] : [];
      if (xa.length !== xb.length) this.add('breaking-callers', at('/allOf'), `allOf changed (${xa.length} → ${xb.length} parts)`, file);
      else xa.forEach((p, i) => recurse(p, xb[i], `/allOf/${i}`));
    }
  }

  private objects(a: Obj, b: Obj, ptr: string, d: Dir, file: string, depth: number): void {
    const pa = isObj(a['properties']) ? a['properties'] : {};
    const pb = isObj(b['properties']) ? b['properties'] : {};
    const ra = new Set(Array.isArray(a['required']) ? a['required'].map(String) : []);
    const rb = new Set(Array.isArray(b['required']) ? b['required'].map(String) : []);
    const closed = (s: Obj): boolean => s['additionalProperties'] === false;
    const names = [...new Set([...Object.keys(pa), ...Object.keys(pb), ...ra, ...rb])].sort();
    for (const name of names) {
      const p = `${ptr}/properties/${esc(name)}`;
      const inA = name in pa;
      const inB = name in pb;
      const label = `property ${show(name)}`;
      if (!inA && inB) {
        if (rb.has(name)) {
          if (d === 'in') this.add(isObj(pb[name]) && 'default' in (pb[name] as Obj) ? 'compatible' : 'breaking-callers', p, `${label} added as required${isObj(pb[name]) && 'default' in (pb[name] as Obj) ? ' (it has a default)' : ''}`, file);
          else this.add(closed(a) ? 'breaking-callers' : 'breaking-function', p, `${label} added as required to the output${closed(a) ? ': callers with the old contract refuse it (additionalProperties false)' : ': the function must always return it'}`, file);
        } else {
          this.add(d === 'out' && closed(a) ? 'breaking-callers' : 'compatible', p, `${label} added as optional${d === 'out' && closed(a) ? ': callers with the old contract refuse it (additionalProperties false)' : ''}`, file);
        }
        continue;
      }
      if (inA && !inB) {
        if (d === 'in') this.add(closed(b) ? 'breaking-callers' : 'compatible', p, `${label} removed${closed(b) ? ': callers that send it are refused (additionalProperties false)' : ': no longer read'}`, file);
        else this.add('breaking-callers', p, `${label} removed from the output`, file);
        continue;
      }
      // The handler fills an input member's default in when a caller leaves the member out.
      const defaultOf = (s: unknown): unknown => (d === 'in' && isObj(s) && 'default' in s ? s['default'] : undefined);
      const [da, db] = [defaultOf(pa[name]), defaultOf(pb[name])];
      if (!ra.has(name) && rb.has(name)) {
        if (d === 'in' && db !== undefined) this.add('compatible', p, `${label} made required (it has a default)`, file);
        else this.add(d === 'in' ? 'breaking-callers' : 'breaking-function', p, `${label} made required${d === 'out' ? ': the function must always return it' : ''}`, file);
      }
      if (ra.has(name) && !rb.has(name)) {
        if (d === 'in' && db !== undefined) this.add('compatible', p, `${label} made optional (it has a default)`, file);
        else this.add(d === 'in' ? 'breaking-function' : 'breaking-callers', p, `${label} made optional${d === 'out' ? ': callers can no longer count on it' : ': the function must handle its absence'}`, file);
      }
      if (inA && inB && d === 'in' && !same(da, db)) {
        if (db === undefined) this.add(rb.has(name) ? 'breaking-callers' : 'breaking-function', `${p}/default`, `${label} lost its default${rb.has(name) ? ': callers that leave it out are refused' : ': the function must handle its absence'}`, file);
        else if (da === undefined) this.add('compatible', `${p}/default`, `${label} got a default (${show(db)})`, file);
        else this.add('compatible', `${p}/default`, `${label}'s default changed (${show(da)} → ${show(db)}): callers that leave it out get the new one`, file);
      }
      if (inA && inB) this.schema(pa[name] as JsonSchema, pb[name] as JsonSchema, p, d, file, depth + 1);
    }
    const xa = a['additionalProperties'];
    const xb = b['additionalProperties'];
    if (!same(xa, xb)) {
      const open = (x: unknown): boolean => x === undefined || x === true;
      const p = `${ptr}/additionalProperties`;
      if (open(xa) && !open(xb)) this.add(narrowed(d), p, `additionalProperties tightened (${show(xa ?? true)} → ${xb === false ? 'false' : 'a schema'})`, file);
      else if (!open(xa) && open(xb)) this.add(widened(d), p, `additionalProperties loosened (${xa === false ? 'false' : 'a schema'} → true)`, file);
      else if (xa === false) this.add(widened(d), p, 'additionalProperties loosened (false → a schema)', file);
      else if (xb === false) this.add(narrowed(d), p, 'additionalProperties tightened (a schema → false)', file);
      else this.schema(xa as JsonSchema, xb as JsonSchema, p, d, file, depth + 1);
    }
    if (!same(a['patternProperties'], b['patternProperties'])) this.add('breaking-callers', `${ptr}/patternProperties`, 'patternProperties changed', file);
  }

  /** Notes every definition `schema` refers to (existing on both sides) as reached in direction `d`. */
  private reachedDefs(schema: unknown, d: Dir, depth = 0): void {
    if (depth > 64) return;
    if (Array.isArray(schema)) for (const x of schema) this.reachedDefs(x, d, depth + 1);
    if (!isObj(schema)) return;
    const ref = typeof schema['$ref'] === 'string' ? /^#\/\$defs\/(.+)$/.exec(schema['$ref'])?.[1] : undefined;
    if (ref !== undefined && this.before.defs.has(ref) && this.after.defs.has(ref)) {
      const dirs = this.sharedDefs.get(ref) ?? new Set<Dir>();
      dirs.add(d);
      this.sharedDefs.set(ref, dirs);
    }
    for (const [k, v] of Object.entries(schema)) if (k !== 'enum' && k !== 'const' && k !== 'default' && k !== 'examples') this.reachedDefs(v, d, depth + 1);
  }

  /** Compares every definition reached on both sides, once per direction, at its own pointer. */
  definitions(): void {
    const done = new Set<string>();
    for (let guard = 0; guard < 10_000; guard++) {
      const next = [...this.sharedDefs].flatMap(([name, dirs]) => [...dirs].map((d) => [name, d] as const)).find(([name, d]) => !done.has(`${name} ${d}`));
      if (!next) return;
      const [name, d] = next;
      done.add(`${name} ${d}`);
      const a = this.before.defs.get(name)!;
      const b = this.after.defs.get(name)!;
      this.schema(a.schema, b.schema, b.source.pointer, d, b.source.file);
    }
  }
}

/** The changes from `before` to `after`, function by function, in a stable order. */
export function diffContracts(before: Ir, after: Ir): Change[] {
  const sides = (ir: Ir): Side => ({ defs: new Map(ir.definitions.map((d) => [d.name, d])) });
  const sa = sides(before);
  const sb = sides(after);
  const byName = (ir: Ir): Map<string, IrFunction> => new Map(ir.functions.map((f) => [f.name, f]));
  const fa = byName(before);
  const fb = byName(after);
  const body = (f: IrFunction): string => canon({ input: f.input.schema, output: f.output.schema, errors: f.errors.map((e) => ({ ...e, description: undefined })) });
  const out: Change[] = [];
  for (const [name, f] of fa) {
    if (fb.has(name)) continue;
    const twin = [...fb.values()].find((g) => !fa.has(g.name) && body(g) === body(f));
    out.push({ fn: name, severity: 'breaking-callers', file: f.source, pointer: '', reason: `function removed${twin ? `; renamed to ${twin.name}? its contract is identical (callers must switch to the new name)` : ''}` });
  }
  for (const [name, g] of fb) {
    if (!fa.has(name)) out.push({ fn: name, severity: 'compatible', file: g.source, pointer: '', reason: 'function added' });
  }
  for (const [name, g] of fb) {
    const f = fa.get(name);
    if (!f) continue;
    const c = new Comparer(name, g.source, sa, sb);
    if (f.httpPath !== g.httpPath) c.add('breaking-callers', '/http/path', `http.path changed (${f.httpPath} → ${g.httpPath}): callers of the trigger must follow`);
    if (g.timeoutSeconds < f.timeoutSeconds) c.add('breaking-callers', '/timeoutSeconds', `timeoutSeconds lowered (${f.timeoutSeconds} → ${g.timeoutSeconds}): calls that took longer now time out`);
    else if (g.timeoutSeconds > f.timeoutSeconds) c.add('compatible', '/timeoutSeconds', `timeoutSeconds raised (${f.timeoutSeconds} → ${g.timeoutSeconds})`);
    if (f.idempotent && !g.idempotent) c.add('breaking-callers', '/idempotent', 'idempotent switched off: clients no longer retry it, and a caller that retries on its own may now repeat its effect');
    else if (!f.idempotent && g.idempotent) c.add('compatible', '/idempotent', 'idempotent switched on: clients may retry it');
    if (f.runtime !== g.runtime) c.add('compatible', '/runtime', `runtime changed (${f.runtime} → ${g.runtime})`);
    if ((f.description ?? '') !== (g.description ?? '')) c.add('compatible', '/description', 'description changed');
    c.schema(f.input.schema, g.input.schema, '/input', 'in');
    c.schema(f.output.schema, g.output.schema, '/output', 'out');
    const ea = new Map(f.errors.map((e) => [e.code, e]));
    const eb = new Map(g.errors.map((e) => [e.code, e]));
    for (const [code, e] of eb) {
      const p = `/errors/${esc(code)}`;
      const old = ea.get(code);
      if (!old) {
        c.add('breaking-callers', p, `declared error ${code} (${e.status}) added: callers do not handle it yet`);
        continue;
      }
      if (old.status !== e.status) c.add('breaking-callers', `${p}/status`, `status of ${code} changed (${old.status} → ${e.status})`);
      if ((old.description ?? '') !== (e.description ?? '') || (old.message ?? '') !== (e.message ?? '')) c.add('compatible', p, `description or message of ${code} changed`);
      if (!old.data !== !e.data) c.add('breaking-callers', `${p}/data`, `data of ${code} ${e.data ? 'added' : 'removed'}`);
      else if (old.data && e.data) c.schema(old.data.schema, e.data.schema, `${p}/data`, 'out');
    }
    for (const code of ea.keys()) {
      if (!eb.has(code)) c.add('breaking-function', `/errors/${esc(code)}`, `declared error ${code} removed: the function may no longer raise it`);
    }
    if (!same(f.examples, g.examples)) c.add('compatible', '/examples', 'examples changed');
    c.definitions();
    out.push(...c.changes);
  }
  const rank: Record<Severity, number> = { 'breaking-callers': 0, 'breaking-function': 1, compatible: 2 };
  return out.sort((x, y) => (x.fn < y.fn ? -1 : x.fn > y.fn ? 1 : rank[x.severity] - rank[y.severity] || (x.file + x.pointer < y.file + y.pointer ? -1 : x.file + x.pointer > y.file + y.pointer ? 1 : 0)));
}
