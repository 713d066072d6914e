/**
 * Splits a large generated TypeScript file into its top-level statements, so that each can be
 * formatted (and memoized) on its own: after one contract changes, only its declarations are
 * formatted again. A split is made only at a blank line, outside any bracket, string or comment,
 * before a line that starts a declaration; when in doubt, no split.
 */

import { skipCommentOrString } from '../util/ts-scan.js';

const STARTS = /^(export |import |\/\*\*|type |interface |const |function |declare )/;

/** The chunks of `text`, each ending with a newline, joined by one blank line; undefined if none. */
export function splitTopLevel(text: string): string[] | undefined {
  const chunks: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const skipped = skipCommentOrString(text, i);
    if (skipped !== undefined) {
      if (skipped < 0) return undefined;
      i = skipped;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === '\n' && depth === 0 && text[i + 1] === '\n') {
      const next = text.slice(i + 2, i + 2 + 12);
      if (STARTS.test(next)) {
        chunks.push(text.slice(start, i + 1));
        start = i + 2;
        i += 2;
        continue;
      }
    }
    if (depth < 0) return undefined;
    i++;
  }
  if (depth !== 0) return undefined;
  chunks.push(text.slice(start));
  return chunks.length > 1 ? chunks : undefined;
}
