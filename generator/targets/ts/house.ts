/**
 * TypeScript printed directly in the house style (prettier with singleQuote, printWidth 100,
 * trailingComma all), for the small per-function files: they need no prettier pass unless the
 * project has its own prettier config. A test holds these files to prettier's output.
 */

const WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal as prettier writes it: single quotes unless that needs more escapes. */
export function q(text: string): string {
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  const body = JSON.stringify(text).slice(1, -1);
  if (singles > doubles) return `"${body}"`;
  return `'${body.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function key(k: string): string {
  return IDENTIFIER.test(k) ? k : q(k);
}

function flat(value: unknown): string {
  if (typeof value === 'string') return q(value);
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${flat(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * A JSON value as a TypeScript literal starting at column `used` of a line indented `indent`,
 * followed by `tail` more characters: on one line when it fits, else one member per line.
 */
export function literal(value: unknown, indent: number, used: number, tail: number): string {
  const one = flat(value);
  if (used + one.length + tail <= WIDTH || value === null || typeof value !== 'object') return one;
  const pad = ' '.repeat(indent + 2);
  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return one;
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
  return one.length <= WIDTH || names.length === 1 ? one : `${keyword} {\n${names.map((n) => `  ${n},`).join('\n')}\n} from ${q(from)};`;
}

/** `head<A, B>tail`, with one type argument per line when it does not fit. */
export function typeArgsCall(head: string, args: readonly string[], tail: string): string {
  const one = `${head}<${args.join(', ')}>${tail}`;
  return one.length <= WIDTH ? one : `${head}<\n${args.map((a) => `  ${a}`).join(',\n')}\n>${tail}`;
}

/** `head(a, b)tail` for a declaration, with one parameter per line (and a trailing comma) when it does not fit. */
export function paramsLine(head: string, params: readonly string[], tail: string): string {
  const one = `${head}(${params.join(', ')})${tail}`;
  return one.length <= WIDTH ? one : `${head}(\n${params.map((p) => `  ${p},`).join('\n')}\n)${tail}`;
}
