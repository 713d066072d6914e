/**
 * Keeps generated PHP within PSR-12's 120 columns: a long line is broken at
 * the commas of its largest bracket group, one argument or element per line,
 * again and again until every line fits (or holds a single atom).
 */

const LIMIT = 120;

interface Group {
  open: number;
  close: number;
}

/** Top-level bracket groups of a line, skipping single-quoted strings. */
function groups(line: string): Group[] {
  const found: Group[] = [];
  const stack: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      for (i++; i < line.length && line[i] !== "'"; i++) if (line[i] === '\\') i++;
    } else if (c === '(' || c === '[') stack.push(i);
    else if ((c === ')' || c === ']') && stack.length) {
      const open = stack.pop()!;
      if (stack.length === 0) found.push({ open, close: i });
    }
  }
  return found;
}

/** Splits the inside of a group at its top-level commas. */
function splitArgs(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === "'") {
      for (i++; i < inner.length && inner[i] !== "'"; i++) if (inner[i] === '\\') i++;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(inner.slice(start).trim());
  return parts.filter((p) => p !== '');
}

function wrapLine(line: string, budget: number): string[] {
  if (line.length <= LIMIT || budget <= 0 || /^\s*(\*|\/\/|\/\*)/.test(line)) return [line];
  const indent = /^\s*/.exec(line)![0];
  const candidates = groups(line).filter((g) => g.close - g.open > 2);
  if (candidates.length === 0) return [line];
  const g = candidates.reduce((a, b) => (b.close - b.open > a.close - a.open ? b : a));
  const args = splitArgs(line.slice(g.open + 1, g.close));
  const inner = `${indent}    `;
  const isArray = line[g.open] === '[';
  const body = args.map((a, i) => `${inner}${a}${isArray || i < args.length - 1 ? ',' : ''}`);
  const out = [line.slice(0, g.open + 1), ...body, `${indent}${line.slice(g.close)}`];
  return out.flatMap((l) => wrapLine(l, budget - 1));
}

/** True when a line of `text` is longer than LIMIT characters. */
function hasLongLine(text: string): boolean {
  for (let start = 0; start <= text.length; ) {
    const next = text.indexOf('\n', start);
    const end = next < 0 ? text.length : next;
    if (end - start > LIMIT) return true;
    start = end + 1;
  }
  return false;
}

/** Every line of `text` broken to fit, where it can be. */
export function wrapPhp(text: string): string {
  // Most files have no line too long: then the text is returned as it is.
  if (!hasLongLine(text)) return text;
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l, 8))
    .join('\n');
}
