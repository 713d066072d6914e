/** Prints IR types as the TypeScript a person would write by hand. */
import type { IrProperty, IrType } from '../../ir.js';
import { jsDocText } from './jsdoc.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key, quoted only when it must be. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** The TypeScript text of a type; nested objects come out as inline object literal types. */
export function printType(t: IrType): string {
  switch (t.kind) {
    case 'any':
      return 'unknown';
    case 'never':
    case 'null':
    case 'boolean':
    case 'string':
      return t.kind;
    case 'number':
      return 'number';
    case 'literal':
      return JSON.stringify(t.value);
    case 'enum':
      return unique(t.values.map((v) => JSON.stringify(v))).join(' | ');
    case 'ref':
      return t.name;
    case 'array':
      return `${wrap(t.items)}[]`;
    case 'tuple': {
      // An optional element's `?` binds to the whole type: `(A | B)?`.
      const items = t.items.map((item, i) => (i >= t.minItems ? `${wrap(item)}?` : printType(item)));
      if (t.rest) items.push(`...${wrap(t.rest)}[]`);
      return `[${items.join(', ')}]`;
    }
    case 'union':
      return unique(t.variants.map((v) => (v.kind === 'intersection' ? `(${printType(v)})` : printType(v)))).join(' | ');
    case 'intersection':
      return t.parts.map((p) => (p.kind === 'union' || p.kind === 'enum' ? `(${printType(p)})` : printType(p))).join(' & ');
    case 'object':
      return printObjectLiteral(t.properties, t.additional);
  }
}

function wrap(t: IrType): string {
  const text = printType(t);
  return t.kind === 'union' || t.kind === 'intersection' || (t.kind === 'enum' && t.values.length > 1) ? `(${text})` : text;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/**
 * The value type of an index signature: it must admit every named property's type too, and
 * `undefined` when one is optional (TypeScript checks `a?: string` as `string | undefined` against it).
 */
export function indexSignatureType(properties: readonly IrProperty[], additional: IrType): string {
  if (additional.kind === 'any') return 'unknown';
  return unique([printType(additional), ...properties.map((p) => printType(p.type)), ...(properties.some((p) => !p.required) ? ['undefined'] : [])]).join(' | ');
}

export function printProperty(p: IrProperty): string {
  return `${jsDocText(p.type)}${propertyKey(p.name)}${p.required ? '' : '?'}: ${printType(p.type)};`;
}

function printObjectLiteral(properties: readonly IrProperty[], additional: 'closed' | 'open' | IrType): string {
  if (properties.length === 0 && typeof additional === 'object') return `Record<string, ${printType(additional)}>`;
  const lines = properties.map(printProperty);
  if (typeof additional === 'object') lines.push(`[key: string]: ${indexSignatureType(properties, additional)};`);
  if (lines.length === 0) return additional === 'closed' ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n}`;
}
