/**
 * TypeScript printed directly in the house style (prettier's defaults: printWidth 80, double quotes,
 * trailingComma all), for the small per-function files: they need no prettier pass unless the
 * project has its own prettier config. A test holds these files to prettier's output.
 */

/** The house style's line width: prettier's default printWidth. */
export const WIDTH = 80;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal as prettier writes it by default: double quotes unless that needs more escapes. */
export function q(text: string): string {
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  const body = JSON.stringify(text).slice(1, -1);
  if (doubles <= singles) return `"${body}"`;
  return `'${body.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function key(k: string): string {
  // `__proto__: v` and `"__proto__": v` set an object literal's prototype; a computed key makes
  // the member JSON means (prettier keeps it as written).
  if (k === '__proto__') return '["__proto__"]';
  if (IDENTIFIER.test(k)) return k;
  // Prettier unquotes keys that are identifiers in Unicode terms (`'名称'` → `名称`).
  if (/[^\x00-\x7f]/.test(k)) throw new NotHouseStyle();
  return q(k);
}

/**
 * Columns a text takes, counted as prettier counts them: East Asian wide and fullwidth characters
 * and emoji take two, control and combining characters none.
 */
export function displayWidth(text: string): number {
  if (!/[^\x20-\x7e]/.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return q(value);
  // Prettier writes `1e21`, not JSON's `1e+21`.
  if (typeof value === 'number') return JSON.stringify(value).replace('e+', 'e');
  return JSON.stringify(value) ?? 'undefined';
}

function flat(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${flat(v)}`).join(', ')} }` : '{}';
  }
  return scalar(value);
}

/**
 * Prettier always spreads an array of two or more objects (or arrays) of two or more members
 * each over lines, even when it would fit on one.
 */
function mustBreak(value: unknown): boolean {
  if (!Array.isArray(value) || value.length < 2) return false;
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  return value.every((v) => Array.isArray(v) && v.length > 1) || value.every((v) => isObject(v) && Object.keys(v).length > 1);
}

/** True when the value, or any value inside it, is an array prettier always spreads over lines. */
function forcesBreak(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (mustBreak(value)) return true;
  return (Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)).some(forcesBreak);
}

/** Thrown for a value whose line breaking prettier does by rules not copied here (packed number arrays). */
export class NotHouseStyle extends Error {}

/**
 * A JSON value as a TypeScript literal starting at column `used` of a line indented `indent`,
 * followed by `tail` more characters: on one line when it fits, else one member per line (what
 * prettier prints). Throws `NotHouseStyle` for an array of numbers too long for its line, which
 * prettier packs several to a line.
 */
export function literal(value: unknown, indent: number, used: number, tail: number): string {
  const one = flat(value);
  if (value === null || typeof value !== 'object') return one;
  if (used + displayWidth(one) + tail <= WIDTH && !forcesBreak(value)) return one;
  const pad = ' '.repeat(indent + 2);
  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return one;
  if (Array.isArray(value) && entries.length > 1 && entries.every(([, v]) => typeof v === 'number')) throw new NotHouseStyle();
  const lines = entries.map(([k, v]) => {
    const head = k === undefined ? '' : `${key(k)}: `;
    return `${pad}${head}${literal(v, indent + 2, indent + 2 + head.length, 1)},`;
  });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${' '.repeat(indent)}${close}`;
}

/** `import { a, b } from 'x';`, one name per line when it does not fit. */
export function importLine(names: readonly string[], from: string, keyword = 'import'): string {
  const one = `${keyword} { ${names.join(', ')} } from ${q(from)};`;
  // Prettier keeps a single name on one line, however long.
  return displayWidth(one) <= WIDTH || names.length === 1 ? one : `${keyword} {\n${names.map((n) => `  ${n},`).join('\n')}\n} from ${q(from)};`;
}

/** `head<A, B>tail`, with one type argument per line when it does not fit. */
export function typeArgsCall(head: string, args: readonly string[], tail: string): string {
  const one = `${head}<${args.join(', ')}>${tail}`;
  return displayWidth(one) <= WIDTH ? one : `${head}<\n${args.map((a) => `  ${a}`).join(',\n')}\n>${tail}`;
}

/** `  return expr;`, or the expression on its own line in parentheses when it does not fit (as prettier breaks it). */
export function returnLine(expr: string): string {
  const one = `  return ${expr};`;
  return displayWidth(one) <= WIDTH ? one : `  return (\n    ${expr}\n  );`;
}

/** `head(a, b)tail` for a declaration, with one parameter per line (and a trailing comma) when it does not fit. */
export function paramsLine(head: string, params: readonly string[], tail: string): string {
  const one = `${head}(${params.join(', ')})${tail}`;
  return displayWidth(one) <= WIDTH ? one : `${head}(\n${params.map((p) => `  ${p},`).join('\n')}\n)${tail}`;
}
