/**
 * Type declarations printed straight from the IR in the house style: the text prettier would give
 * for what `print-type.ts` writes, without ts-morph and without prettier. It covers what contracts
 * produce in practice (objects, unions, arrays, tuples, maps, enums, refs); for anything outside
 * that it returns `undefined`, and the caller takes the ts-morph + prettier path instead. Tests
 * hold every case to prettier's own output.
 */
import type { IrProperty, IrType } from '../../ir.js';
import { displayWidth, q, WIDTH } from './house.js';
import { docBlock, docParts, type DocTag } from './jsdoc.js';
import { printType } from './print-type.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Thrown inside the printer when a construct is outside what it prints exactly; caught at the top. */
class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

/** A declaration's JSDoc at `indent`, from a description and tags (as `docs()` builds them for ts-morph). */
export function docAt(indent: string, description: string | undefined, tags: readonly DocTag[] = []): string {
  const block = docBlock(description, tags);
  return block ? block.split('\n').map((line) => (line ? indent + line : line)).join('\n') : '';
}

function typeDoc(t: IrType, extra: string | undefined, indent: string): string {
  const { description, tags } = docParts(t);
  return docAt(indent, [extra, description].filter((x): x is string => !!x).join('\n\n') || undefined, tags);
}

function key(name: string): string {
  if (IDENTIFIER.test(name)) return name;
  // Prettier may unquote or keep numeric-looking and non-ASCII keys by rules not worth copying here.
  if (/^\d/.test(name) || /[^\x20-\x7e]/.test(name)) unsupported();
  return q(name);
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return q(value);
  const text = JSON.stringify(value);
  // Prettier rewrites exponents (`1e+21` → `1e21`); such numbers never reach here in practice.
  if (typeof value === 'number' && /[eE]/.test(text)) unsupported();
  return text;
}

/** The members of a union as prettier sees them: deduplicated as `printType` does, nested unions flattened. */
function unionMembers(t: IrType): IrType[] {
  if (t.kind === 'enum') {
    const seen = new Set<string>();
    return t.values.filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v))).map((value) => ({ kind: 'literal', value }));
  }
  if (t.kind !== 'union') return [t];
  const seen = new Set<string>();
  const out: IrType[] = [];
  for (const v of t.variants) {
    const text = v.kind === 'intersection' ? `(${printType(v)})` : printType(v);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(...(v.kind === 'union' || v.kind === 'enum' ? unionMembers(v) : [v]));
  }
  return out;
}

/** True when the type prints as an object literal type with members (always spread over lines). */
function isObjectLiteral(t: IrType): boolean {
  return t.kind === 'object' && t.properties.length > 0;
}

function isUnionLike(t: IrType): boolean {
  return unionMembers(t).length > 1;
}

/** One-line text, or undefined when the type contains an object literal (which always breaks). */
function flat(t: IrType): string | undefined {
  switch (t.kind) {
    case 'any':
      return 'unknown';
    case 'never':
    case 'null':
    case 'boolean':
    case 'string':
    case 'number':
      return t.kind;
    case 'literal':
      return scalar(t.value);
    case 'ref':
      return t.name;
    case 'enum':
    case 'union': {
      const members = unionMembers(t);
      const parts = members.map((m) => (m.kind === 'intersection' ? wrapFlat(m) : flat(m)));
      return parts.every((p) => p !== undefined) ? parts.join(' | ') : undefined;
    }
    case 'intersection': {
      const parts = t.parts.map((p) => (isUnionLike(p) ? wrapFlat(p) : flat(p)));
      return parts.every((p) => p !== undefined) ? parts.join(' & ') : undefined;
    }
    case 'array': {
      const inner = needsParens(t.items) ? wrapFlat(t.items) : flat(t.items);
      return inner === undefined ? undefined : `${inner}[]`;
    }
    case 'tuple': {
      const items = t.items.map((item, i) => {
        // An optional element's `?` binds to the whole type: `(A | B)?`.
        const optional = i >= t.minItems;
        const text = optional && needsParens(item) ? wrapFlat(item) : flat(item);
        return text === undefined ? undefined : text + (optional ? '?' : '');
      });
      if (t.rest) {
        const rest = needsParens(t.rest) ? wrapFlat(t.rest) : flat(t.rest);
        items.push(rest === undefined ? undefined : `...${rest}[]`);
      }
      return items.every((x) => x !== undefined) ? `[${items.join(', ')}]` : undefined;
    }
    case 'object': {
      if (t.properties.length > 0) return undefined;
      if (typeof t.additional === 'object') {
        const value = flat(t.additional);
        return value === undefined ? undefined : `Record<string, ${value}>`;
      }
      return t.additional === 'closed' ? 'Record<string, never>' : 'Record<string, unknown>';
    }
  }
}

function needsParens(t: IrType): boolean {
  return t.kind === 'intersection' ? t.parts.length > 1 : isUnionLike(t);
}

function wrapFlat(t: IrType): string | undefined {
  const text = flat(t);
  return text === undefined ? undefined : `(${text})`;
}

/**
 * The type at column `col` of a line indented `indent`, with `tail` more characters after it on
 * the same line; `union` says how a union that must break is laid out in this position.
 */
function layout(t: IrType, indent: string, col: number, tail: number, union: 'indented' | 'bare' | 'none' | 'tuple'): string {
  const one = flat(t);
  if (one !== undefined && col + displayWidth(one) + tail <= WIDTH) return one;
  const members = unionMembers(t);
  if (members.length > 1) {
    // In a tuple of several elements a breaking union is wrapped in parentheses: not printed here.
    if (union === 'tuple') unsupported();
    // A union of one object literal and nulls hugs: `{ … } | null`.
    if (hugs(members)) {
      const at = members.findIndex((m) => m.kind !== 'null');
      const before = 7 * at;
      const after = 7 * (members.length - at - 1);
      return members.map((m) => (m.kind === 'null' ? 'null' : layout(m, indent, col + before, tail + after, 'none'))).join(' | ');
    }
    if (union === 'none') unsupported();
    // As a type argument or a lone tuple element: `| member` lines starting where the union starts.
    if (union === 'bare') return breakUnion(members, indent, tail).slice(indent.length);
    // On the next line when it fits there whole; else one member per line.
    if (one !== undefined && indent.length + 2 + displayWidth(one) + tail <= WIDTH) return `\n${indent}  ${one}`;
    return `\n${breakUnion(members, `${indent}  `, tail)}`;
  }
  switch (t.kind) {
    case 'object':
      if (t.properties.length === 0) {
        if (typeof t.additional !== 'object') return one!;
        // `Record<string, V>` broken over lines: one type argument per line.
        const inner = `${indent}  `;
        const value = layout(t.additional, inner, inner.length, 0, 'bare');
        if (value.startsWith('\n')) unsupported();
        return `Record<\n${indent}  string,\n${indent}  ${value}\n${indent}>`;
      }
      return objectLiteral(t.properties, t.additional, indent);
    case 'array': {
      if (needsParens(t.items)) {
        const items = unionMembers(t.items);
        if (items.length < 2 || hugs(items)) unsupported();
        const inside = wrapFlat(t.items);
        // `(` and `)[]` around the union: on one line between them when it fits, else one member per line.
        if (inside !== undefined && indent.length + displayWidth(inside) <= WIDTH) return `(\n${indent}  ${inside.slice(1, -1)}\n${indent})[]`;
        return `(\n${breakUnion(items, `${indent}  `, 0)}\n${indent})[]`;
      }
      const inner = layout(t.items, indent, col, tail + 2, 'none');
      if (inner.startsWith('\n')) unsupported();
      return `${inner}[]`;
    }
    case 'tuple': {
      const pad = `${indent}  `;
      const items = t.items.map((item, i) => {
        const optional = i >= t.minItems ? '?' : '';
        if (optional && needsParens(item)) unsupported();
        const text = layout(item, pad, pad.length, optional.length + 1, t.items.length === 1 && !t.rest && !optional ? 'bare' : 'tuple');
        return `${pad}${text}${optional},`;
      });
      if (t.rest) {
        if (needsParens(t.rest)) unsupported();
        items.push(`${pad}...${layout(t.rest, pad, pad.length + 3, 3, 'none')}[],`);
      }
      return `[\n${items.join('\n')}\n${indent}]`;
    }
    case 'intersection': {
      // Prettier keeps `A & { … }` and `{ … } & { … }` inline; other breaking intersections indent.
      const objects = t.parts.filter(isObjectLiteral).length;
      if (union !== 'indented' || objects === 0 || (objects < t.parts.length && t.parts.length > 2)) unsupported();
      return t.parts
        .map((p) => {
          if (isObjectLiteral(p)) return layout(p, indent, col, 0, 'none');
          // Only short plain parts: a breaking one is laid out by rules not copied here.
          const text = needsParens(p) ? unsupported() : (flat(p) ?? unsupported());
          if (col + displayWidth(text) + 4 > WIDTH || indent.length + 4 + displayWidth(text) + tail > WIDTH) unsupported();
          return text;
        })
        .join(' & ');
    }
    default:
      // A single token too long for the line: prettier leaves it as it is too.
      if (one === undefined) unsupported();
      return one;
  }
}

function innermost(t: IrType): IrType {
  return t.kind === 'array' ? innermost(t.items) : t;
}

/** A union of one object literal or `Record<…>` and nulls stays inline (`{ … } | null`), the one member breaking in place. */
function hugs(members: readonly IrType[]): boolean {
  const others = members.filter((m) => m.kind !== 'null');
  const only = others[0];
  return others.length === 1 && !!only && (isObjectLiteral(only) || (only.kind === 'object' && typeof only.additional === 'object'));
}

/** `| member` lines at `indent`, each member aligned two columns in; `tail` characters follow the last. */
function breakUnion(members: readonly IrType[], indent: string, tail: number): string {
  const inner = `${indent}  `;
  return members
    .map((m, i) => {
      const after = i === members.length - 1 ? tail : 0;
      let text: string;
      // Prettier lays out a breaking union with an intersection among its members by other rules.
      if (m.kind === 'intersection') unsupported();
      else {
        text = layout(m, inner, inner.length, after, 'none');
        // Members spread over lines are laid out as below only when they are object literals (or arrays of them).
        if (text.includes('\n') && !isObjectLiteral(innermost(m))) unsupported();
      }
      return `${indent}| ${text}`;
    })
    .join('\n');
}

/** `{ …members }` over lines, closing at `indent`. */
function objectLiteral(properties: readonly IrProperty[], additional: IrType | 'closed' | 'open', indent: string): string {
  return `{\n${members(properties, additional, `${indent}  `)}\n${indent}}`;
}

/** Property lines (with their JSDoc) at `indent`, and the index signature when extras are typed. */
function members(properties: readonly IrProperty[], additional: IrType | 'closed' | 'open', indent: string): string {
  const lines = properties.map((p) => {
    const head = `${key(p.name)}${p.required ? '' : '?'}:`;
    return `${typeDoc(p.type, undefined, indent)}${indent}${head}${annotation(p.type, indent, indent.length + head.length)}`;
  });
  if (typeof additional === 'object') {
    const seen = new Set<string>();
    // As indexSignatureType: every property's type, and `undefined` when one is optional (a name
    // printed as itself stands for it).
    const optional: IrType[] = properties.some((p) => !p.required) ? [{ kind: 'ref', name: 'undefined' }] : [];
    const variants = [additional, ...properties.map((p) => p.type), ...optional].filter((v) => !seen.has(printType(v)) && seen.add(printType(v)));
    const value: IrType = additional.kind === 'any' ? { kind: 'any' } : variants.length === 1 ? variants[0]! : { kind: 'union', variants, exclusive: false };
    const head = '[key: string]:';
    lines.push(`${indent}${head}${annotation(value, indent, indent.length + head.length)}`);
  }
  return lines.join('\n');
}

/** ` type;` after `name:`, or the union broken onto the following lines. */
function annotation(t: IrType, indent: string, col: number): string {
  const text = layout(t, indent, col + 1, 1, 'indented');
  return text.startsWith('\n') ? `${text};` : ` ${text};`;
}

/**
 * `export interface` for an object with members, else `export type`. Throws `Unsupported` (inside
 * `attempt`) when the type is outside the printer's reach.
 */
export function declaration(name: string, t: IrType, extraDoc?: string): string {
  const doc = typeDoc(t, extraDoc, '');
  if (t.kind === 'object' && (t.properties.length > 0 || typeof t.additional === 'object')) {
    return `${doc}export interface ${name} {\n${members(t.properties, t.additional, '  ')}\n}`;
  }
  return `${doc}${typeAlias(name, t)}`;
}

/** `export type Name = T;`, the type broken over lines when it does not fit. */
export function typeAlias(name: string, t: IrType): string {
  const head = `export type ${name} =`;
  const text = layout(t, '', head.length + 1, 1, 'indented');
  return text.startsWith('\n') ? `${head}${text};` : `${head} ${text};`;
}

/**
 * An interface of named members (`name: type;`, each with its JSDoc); with none, `Record<never,
 * never>`: no member, where an empty interface would accept any value but null and undefined.
 */
export function namedInterface(doc: string, name: string, entries: readonly { name: string; type: IrType; description?: string }[]): string {
  const lines = entries.map((e) => {
    if (!IDENTIFIER.test(e.name)) unsupported();
    const head = `${e.name}:`;
    return `${docAt('  ', e.description)}  ${head}${annotation(e.type, '  ', 2 + head.length)}`;
  });
  return lines.length ? `${doc}export interface ${name} {\n${lines.join('\n')}\n}` : `${doc}export type ${name} = Record<never, never>;`;
}

/** Runs the printer: undefined when something in it is outside the printer's reach. */
export function attempt(print: () => string): string | undefined {
  try {
    return print();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
