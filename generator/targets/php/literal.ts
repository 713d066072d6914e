/**
 * PHP source text for contract data: every string a contract brings is
 * escaped here, so no description, pattern or enum value can break out of
 * the literal or the comment it lands in. Lines stay within PSR-12's 120.
 */
import { hexEscape, showControls } from '../../util/control-chars.js';

const CHUNK = 72;

const CONTROL = /[\u0000-\u001f\u007f]/;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', '"': '\\"', $: '\\$' };

/**
 * A single-quoted PHP string, where only `\` and `'` need escaping; a double-quoted one with escapes
 * when the text holds a control character, so that none lands raw in the source (a NUL, a newline).
 */
export function phpString(text: string): string {
  if (!CONTROL.test(text)) return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  return `"${text.replace(/[\\"$\u0000-\u001f\u007f]/g, (c) => NAMED[c] ?? hexEscape(c))}"`;
}

/** A long string as a concatenation of chunks, one per line, split between code points. */
function longString(text: string, indent: string): string {
  const points = Array.from(text);
  if (points.length <= CHUNK) return phpString(text);
  const parts: string[] = [];
  for (let i = 0; i < points.length; i += CHUNK) parts.push(phpString(points.slice(i, i + CHUNK).join('')));
  return parts.join(`\n${indent}    . `);
}

function isList(value: unknown[] | Record<string, unknown>): value is unknown[] {
  return Array.isArray(value);
}

/**
 * A JSON value as a PHP constant expression: objects become string-keyed
 * arrays, lists become lists. `indent` is the indentation of the line the
 * value starts on.
 */
export function phpValue(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return phpNumber(value);
  if (typeof value === 'string') return longString(value, indent);
  const container = value as unknown[] | Record<string, unknown>;
  const inner = `${indent}    `;
  const entries = isList(container)
    ? container.map((v) => phpValue(v, inner))
    : Object.keys(container).map((k) => `${phpString(k)} => ${phpValue(container[k], inner)}`);
  if (entries.length === 0) return '[]';
  const oneLine = `[${entries.join(', ')}]`;
  if (!oneLine.includes('\n') && indent.length + oneLine.length <= 100) return oneLine;
  return `[\n${entries.map((e) => `${inner}${e},`).join('\n')}\n${indent}]`;
}

/** A number as PHP reads it back: integers stay int, others keep a fraction or exponent. */
export function phpNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return String(value);
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/**
 * A PHPDoc block. `*\/` in contract text cannot close it early; long lines
 * wrap at spaces, or anywhere in text without spaces (Chinese).
 */
export function docBlock(text: string, indent = '', width = 110): string {
  const lines = text
    .replace(/\*\//g, '*\\/')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(showControls)
    .flatMap((line) => wrap(line, width - indent.length));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return '';
  if (lines.length === 1 && lines[0]!.length + indent.length < width) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line.trimEnd();
  while (Array.from(rest).length > width) {
    const points = Array.from(rest);
    const head = points.slice(0, width).join('');
    const space = head.lastIndexOf(' ');
    const cut = space > width / 2 ? space : head.length;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}
