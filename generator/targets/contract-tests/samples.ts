/**
 * Schema-aware sample values over the IR, from a seeded PRNG, each checked by
 * ajv before it is kept: only valid samples reach a generated test file.
 */
import type { Ir, IrDefinition, IrSchema, IrType } from '../../ir.js';
import { partValidator } from '../node-handler/validators.js';
import { sampleRegex } from './regex-sample.js';

/** mulberry32: small, fast, deterministic. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The longest string and the most array items a sample is built with: test data is committed and
 * read. A contract that asks for more (`"minLength": 1000000`) gets no sample there (the value
 * built is too short and fails the check, so it is left out), rather than a huge one, or a hang.
 */
export const MAX_SAMPLE_LENGTH = 1024;
const MAX_SAMPLE_ITEMS = 64;

const FORMAT_SAMPLES: Record<string, (rng: () => number, n: number) => string> = {
  'date-time': (r) => new Date(Date.UTC(2020 + Math.floor(r() * 6), Math.floor(r() * 12), 1 + Math.floor(r() * 28), Math.floor(r() * 24), Math.floor(r() * 60))).toISOString().replace('.000Z', 'Z'),
  date: (r) => new Date(Date.UTC(2020 + Math.floor(r() * 6), Math.floor(r() * 12), 1 + Math.floor(r() * 28))).toISOString().slice(0, 10),
  time: (r) => `${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00Z`,
  email: (_r, n) => `user${n}@example.com`,
  uuid: (r) => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(r() * 16).toString(16)),
  uri: (_r, n) => `https://example.com/items/${n}`,
  'uri-reference': (_r, n) => `/items/${n}`,
  hostname: (_r, n) => `host${n}.example.com`,
  ipv4: (r) => `203.0.113.${Math.floor(r() * 250) + 1}`,
  ipv6: (r) => `2001:db8::${Math.floor(r() * 0xffff).toString(16)}`,
  duration: (r) => `P${1 + Math.floor(r() * 9)}D`,
  regex: () => '^[a-z]+$',
  'json-pointer': (_r, n) => `/items/${n}`,
};

class SampleMaker {
  private counter = 0;
  constructor(
    private readonly defs: ReadonlyMap<string, IrDefinition>,
    private readonly rng: () => number,
  ) {}

  value(t: IrType, depth: number): unknown {
    const r = this.rng;
    switch (t.kind) {
      case 'any':
        return r() < 0.5 ? 'any' : 1;
      case 'never':
        return undefined;
      case 'null':
        return null;
      case 'boolean':
        return r() < 0.5;
      case 'literal':
        return t.value;
      case 'enum':
        return t.values[Math.floor(r() * t.values.length)];
      case 'ref':
        return this.value(this.defs.get(t.name)?.type ?? { kind: 'any' }, depth + 1);
      case 'string':
        return this.string(t);
      case 'number': {
        const lo = t.minimum ?? (t.exclusiveMinimum !== undefined ? t.exclusiveMinimum + (t.integer ? 1 : 0.5) : 0);
        const hi = t.maximum ?? (t.exclusiveMaximum !== undefined ? t.exclusiveMaximum - (t.integer ? 1 : 0.5) : lo + 1000);
        let v = lo + r() * Math.max(0, hi - lo);
        if (t.multipleOf) v = Math.ceil(lo / t.multipleOf) * t.multipleOf + Math.floor(r() * Math.max(1, (hi - lo) / t.multipleOf)) * t.multipleOf;
        return t.integer ? Math.round(Math.min(hi, Math.max(lo, Math.round(v)))) : Math.round(v * 100) / 100;
      }
      case 'array': {
        const min = Math.min(t.minItems ?? 0, MAX_SAMPLE_ITEMS);
        const max = Math.min(t.maxItems ?? min + 3, min + (depth > 3 ? 0 : 3));
        const n = min + Math.floor(r() * (max - min + 1));
        const out: unknown[] = [];
        for (let k = 0; k < n * 3 && out.length < n; k++) {
          const v = this.value(t.items, depth + 1);
          if (t.uniqueItems && out.some((x) => JSON.stringify(x) === JSON.stringify(v))) continue;
          out.push(v);
        }
        return out;
      }
      case 'tuple': {
        const out = t.items.slice(0, Math.max(t.minItems, t.items.length)).map((item) => this.value(item, depth + 1));
        return out;
      }
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const p of t.properties) {
          if (p.type.kind === 'never') continue;
          if (p.required || (depth < 3 && r() < 0.6)) out[p.name] = this.value(p.type, depth + 1);
        }
        return out;
      }
      case 'union':
        return this.value(t.variants[Math.floor(r() * t.variants.length)]!, depth + 1);
      case 'intersection': {
        const merged: Record<string, unknown> = {};
        for (const part of t.parts) {
          const v = this.value(part, depth + 1);
          if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(merged, v);
        }
        return merged;
      }
    }
  }

  private string(t: Extract<IrType, { kind: 'string' }>): string {
    const n = ++this.counter;
    let s = t.format && FORMAT_SAMPLES[t.format] ? FORMAT_SAMPLES[t.format]!(this.rng, n) : t.pattern ? (sampleRegex(t.pattern, this.rng) ?? `s${n}`) : `sample-${n}`;
    if (t.format || t.pattern) return s;
    const min = Math.min(t.minLength ?? 0, MAX_SAMPLE_LENGTH);
    const max = t.maxLength ?? Math.max(min, 24);
    // `sample-<n>` is ASCII: its length counts code points, as minLength does.
    if (s.length < min) s = s.padEnd(min, 'x');
    if ([...s].length > max) s = [...s].slice(0, max).join('');
    return s;
  }
}

/**
 * Up to `count` distinct valid values of `part`, deterministic for a given seed text, chosen for
 * coverage: of twice as many candidates, as few as exercise everything they exercise together (a
 * type at some path, an optional member present or absent, an enum or const value, a boolean,
 * null, an empty array, object or string), and none that the others exercise wholly.
 */
export function validSamples(ir: Ir, part: IrSchema, seedText: string, count: number): unknown[] {
  const validate = partValidator(ir, part);
  const maker = new SampleMaker(new Map(ir.definitions.map((d) => [d.name, d])), seededRng(hashSeed(seedText)));
  const candidates: unknown[] = [];
  const seen = new Set<string>();
  const wanted = count > 1 ? count * 2 : count;
  for (let attempt = 0; attempt < wanted * 5 && candidates.length < wanted; attempt++) {
    const v = maker.value(part.type, 0);
    const key = JSON.stringify(v);
    if (v === undefined || seen.has(key) || !validate(v)) continue;
    seen.add(key);
    candidates.push(v);
  }
  if (candidates.length <= 1) return candidates;
  const named = namedValues(ir, part);
  const keysAt = new Map<string, Set<string>>();
  for (const c of candidates) collectKeys(c, '', keysAt);
  const featureSets = candidates.map((c) => {
    const f = new Set<string>();
    features(c, '', named, keysAt, f);
    return f;
  });
  // Greedy set cover: the first candidate, then each time the one that exercises the most not yet
  // exercised (the shortest on a tie, then the earliest), until every feature of every candidate
  // is exercised.
  const sizes = candidates.map((c) => JSON.stringify(c).length);
  const covered = new Set<string>(featureSets[0]);
  const out: unknown[] = [candidates[0]];
  const chosen = [featureSets[0]!];
  const left = new Set(candidates.keys());
  left.delete(0);
  while (out.length < count) {
    let best = -1;
    let gain = 0;
    for (const i of left) {
      let g = 0;
      for (const x of featureSets[i]!) if (!covered.has(x)) g++;
      if (g > gain || (g === gain && g > 0 && sizes[i]! < sizes[best]!)) [best, gain] = [i, g];
    }
    if (best < 0) break;
    left.delete(best);
    for (const x of featureSets[best]!) covered.add(x);
    out.push(candidates[best]);
    chosen.push(featureSets[best]!);
  }
  // A value chosen early may be wholly exercised by later ones: left out (never the first).
  for (let i = out.length - 1; i > 0; i--) {
    const others = new Set(chosen.filter((_f, j) => j !== i).flatMap((f) => [...f]));
    if ([...chosen[i]!].every((x) => others.has(x))) {
      out.splice(i, 1);
      chosen.splice(i, 1);
    }
  }
  return out;
}

/** Every string an `enum` or `const` of the part (or a definition it uses) names. */
function namedValues(ir: Ir, part: IrSchema): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'enum' && Array.isArray(v)) v.forEach((x) => typeof x === 'string' && out.add(x));
        else if (k === 'const' && typeof v === 'string') out.add(v);
        else visit(v);
      }
    }
  };
  visit(part.schema);
  for (const name of part.uses) visit(ir.definitions.find((d) => d.name === name)?.schema);
  return out;
}

function collectKeys(v: unknown, path: string, keysAt: Map<string, Set<string>>): void {
  if (Array.isArray(v)) v.forEach((x) => collectKeys(x, `${path}/*`, keysAt));
  else if (v !== null && typeof v === 'object') {
    let keys = keysAt.get(path);
    if (!keys) keysAt.set(path, (keys = new Set()));
    for (const [k, x] of Object.entries(v)) {
      keys.add(k);
      collectKeys(x, `${path}/${k}`, keysAt);
    }
  }
}

function features(v: unknown, path: string, named: ReadonlySet<string>, keysAt: ReadonlyMap<string, ReadonlySet<string>>, out: Set<string>): void {
  if (v === null) out.add(`${path}=null`);
  else if (Array.isArray(v)) {
    out.add(`${path}:array${v.length ? '' : '=[]'}`);
    v.forEach((x) => features(x, `${path}/*`, named, keysAt, out));
  } else if (typeof v === 'object') {
    const present = Object.keys(v);
    out.add(`${path}:object${present.length ? '' : '={}'}`);
    for (const k of keysAt.get(path) ?? []) if (!present.includes(k)) out.add(`${path}/${k}:absent`);
    for (const [k, x] of Object.entries(v)) features(x, `${path}/${k}`, named, keysAt, out);
  } else if (typeof v === 'string') out.add(named.has(v) ? `${path}=${JSON.stringify(v)}` : `${path}:string${v === '' ? '=""' : ''}`);
  else if (typeof v === 'boolean') out.add(`${path}=${v}`);
  else out.add(`${path}:${typeof v}`);
}
