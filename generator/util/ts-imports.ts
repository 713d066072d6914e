/**
 * `"importExtension": ".ts"`: the relative `.js` module specifiers of a module's import and
 * re-export statements become `.ts`, and nothing else does: a string in the code or in data (an
 * enum value, an example) and a comment that mentions an import keep their text.
 */

import { skipCommentOrString } from './ts-scan.js';

/** Where a statement that names a module starts: `import …` (not `import.meta` or `import(…)`), `export * …`, `export {…} from`, `export type …`. */
const MODULE_STATEMENT = /^(?:import(?![\w$])(?!\s*[.(])|export(?=\s*[*{]|\s+type\s*[*{]))/;

/** The text with each relative `.js` specifier of its import and re-export statements ending in `.ts`. */
export function withTsImportSpecifiers(text: string): string {
  const specifiers: [start: number, end: number][] = [];
  for (let i = 0; i < text.length; ) {
    // A statement starts a line, or follows one that ended on it (minified code).
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    const statement = MODULE_STATEMENT.test(text.slice(j, j + 24)) ? moduleStatement(text, j) : undefined;
    if (statement) {
      if (statement.specifier) specifiers.push(statement.specifier);
      i = statement.end;
      if (text[i] === '\n') i++;
      continue;
    }
    const eol = text.indexOf('\n', j);
    if (eol < 0) break;
    i = eol + 1;
  }
  let out = '';
  let at = 0;
  for (const [start, end] of specifiers) {
    const value = text.slice(start + 1, end - 1);
    if (!/^\.{1,2}\//.test(value) || !value.endsWith('.js')) continue;
    out += `${text.slice(at, end - 4)}.ts`;
    at = end - 1;
  }
  return out + text.slice(at);
}

/**
 * The statement from `start` to its `;` (or the end of the line holding its module string), and the
 * position of its module string: the string after `from`, or right after `import`.
 */
function moduleStatement(text: string, start: number): { end: number; specifier?: [number, number] } | undefined {
  let last: [number, number] | undefined;
  let before = '';
  for (let i = start; i < text.length; ) {
    const c = text[i]!;
    const skipped = skipCommentOrString(text, i);
    if (skipped !== undefined) {
      if (skipped < 0) return undefined;
      // A string right after `from` (or `import`) is the module's; comments are passed over.
      if ((c === '"' || c === "'") && /(?:^|[\s}*])from\s*$|^import\s*$/.test(before)) last = [i, skipped];
      if (c === '"' || c === "'" || c === '`') before = '';
      i = skipped;
      continue;
    }
    if (c === ';') return { end: i + 1, ...(last ? { specifier: last } : {}) };
    // Without a semicolon, the line that holds the module string ends the statement.
    if (c === '\n' && last) return { end: i, specifier: last };
    before = (before + c).slice(-12);
    i++;
  }
  return last ? { end: text.length, specifier: last } : undefined;
}
