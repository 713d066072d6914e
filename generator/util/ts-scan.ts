/** Reading TypeScript source text without a parser: what the splitting and the import rewriting share. */

/**
 * Where the comment or string literal that starts at `i` ends (the index after it; for a line
 * comment, its newline); undefined when none starts there; -1 when it does not end, or a quoted
 * (not template) string runs into a newline.
 */
export function skipCommentOrString(text: string, i: number): number | undefined {
  const c = text[i];
  if (c === '/' && text[i + 1] === '/') {
    const eol = text.indexOf('\n', i);
    return eol < 0 ? text.length : eol;
  }
  if (c === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? -1 : end + 2;
  }
  if (c === "'" || c === '"' || c === '`') {
    for (let k = i + 1; k < text.length; k++) {
      if (text[k] === '\\') k++;
      else if (text[k] === c) return k + 1;
      else if (c !== '`' && text[k] === '\n') return -1;
    }
    return -1;
  }
  return undefined;
}
