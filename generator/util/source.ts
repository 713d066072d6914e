/**
 * Parses JSON and YAML while keeping positions, so every diagnostic can point
 * at a line and column. Parse errors come back as diagnostics, never throws.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document } from 'yaml';
import type { Diagnostic, Position } from '../errors.js';

export type JsonPath = readonly (string | number)[];

/** A parsed JSON or YAML document that can map a path back to its position. */
export interface SourceDoc {
  /** Project-relative POSIX path used in messages. */
  file: string;
  /** Absolute path on disk. */
  absPath: string;
  data: unknown;
  /** Position of the value at `path` (or of its key, with `key`), or of the nearest existing ancestor. */
  locate(path: JsonPath, opts?: { key?: boolean }): Position | undefined;
}

export interface ParseResult {
  doc?: SourceDoc;
  diagnostics: Diagnostic[];
}

export function parseSource(file: string, absPath: string, text: string): ParseResult {
  const body = withoutBom(text);
  return /\.ya?ml$/i.test(absPath) ? parseYaml(file, absPath, body) : parseJson(file, absPath, body);
}

/**
 * The text without a leading byte order mark, which some editors write (Windows Notepad,
 * PowerShell 5's UTF-8): JSON's RFC lets a parser ignore it, and positions are then counted as the
 * editor shows them.
 */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Line and column of a character offset in a text, counted as every diagnostic counts them. */
export function positionIn(text: string, offset: number): Position {
  return positionAt(lineStarts(text), offset);
}

function positionAt(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** JSON with comments and trailing commas (configuration files), positions kept as for JSON. */
export function parseJsonc(file: string, absPath: string, text: string): ParseResult {
  return parseJson(file, absPath, withoutBom(text), true);
}

function parseJson(file: string, absPath: string, text: string, jsonc = false): ParseResult {
  if (!jsonc) {
    // Valid JSON, the usual case: the native parser, and the position tree only if a message needs one.
    let data: unknown;
    let valid = true;
    try {
      data = JSON.parse(text);
    } catch {
      valid = false;
    }
    if (valid) {
      let located: ((path: JsonPath, opts?: { key?: boolean }) => Position | undefined) | undefined;
      const locate = (path: JsonPath, opts?: { key?: boolean }): Position | undefined => {
        // The position tree only: the value is JSON.parse's already (rebuilding it would recurse once per level).
        located ??= treeLocator(text, false) ?? (() => undefined);
        return located(path, opts);
      };
      return { doc: { file, absPath, data, locate }, diagnostics: [] };
    }
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: jsonc, disallowComments: !jsonc });
  const starts = lineStarts(text);
  const first = errors[0];
  if (first || !root) {
    const offset = first?.offset ?? 0;
    return { diagnostics: [{ code: 'json-syntax', file, path: [], position: positionAt(starts, offset), message: jsonErrorText(text, first) }] };
  }
  return { doc: { file, absPath, data: nodeValue(root), locate: locatorOf(root, starts) }, diagnostics: [] };
}

/** Positions in a text that parses (undefined when it does not). */
function treeLocator(text: string, jsonc: boolean): ((path: JsonPath, opts?: { key?: boolean }) => Position | undefined) | undefined {
  const root = parseTree(text, [], { allowTrailingComma: jsonc, disallowComments: !jsonc });
  return root ? locatorOf(root, lineStarts(text)) : undefined;
}

function locatorOf(root: Node, starts: number[]): (path: JsonPath, opts?: { key?: boolean }) => Position | undefined {
  return (path, opts) => {
    for (let n = path.length; n >= 0; n--) {
      const node: Node | undefined = findNodeAtLocation(root, [...path.slice(0, n)]);
      if (!node) continue;
      const keyNode = opts?.key && n === path.length && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return positionAt(starts, (keyNode ?? node).offset);
    }
    return undefined;
  };
}

/** Builds the value from the tree so duplicate keys keep the last one, as JSON.parse does. */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) Object.defineProperty(out, String(k.value), { value: nodeValue(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function jsonErrorText(text: string, err: ParseError | undefined): string {
  if (!err) return 'the file is empty; write a JSON object';
  const before = text.slice(0, err.offset).trimEnd();
  const here = text[err.offset];
  if (before.endsWith(',') && (here === '}' || here === ']')) {
    return `invalid JSON: trailing comma before "${here}"; remove the comma after the last ${here === '}' ? 'property' : 'item'}`;
  }
  const code = printParseErrorCode(err.error);
  const fixes: Record<string, string> = {
    CommaExpected: 'a comma is missing between two items; add ","',
    ColonExpected: 'a colon is missing after a property name; add ":"',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value (string, number, object, array, true, false or null)',
    CloseBraceExpected: 'an object is not closed; add "}"',
    CloseBracketExpected: 'an array is not closed; add "]"',
    InvalidSymbol: 'unexpected character; JSON allows no comments, single quotes or unquoted names',
    UnexpectedEndOfString: 'a string is not closed; add the closing double quote',
    EndOfFileExpected: 'extra text after the end of the JSON value; remove it',
    InvalidCommentToken: 'JSON does not allow comments; remove them or use a .fn.yaml file',
  };
  return `invalid JSON: ${fixes[code] ?? code}`;
}

let yamlModule: typeof Yaml | undefined;

/** The yaml package, loaded when the first YAML contract is read. */
function yaml(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

function parseYaml(file: string, absPath: string, text: string): ParseResult {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Later YAML errors are mostly echoes of the first; report the first.
    const first = doc.errors[0]!;
    const pos = lineCounter.linePos(first.pos[0]);
    const message = `invalid YAML: ${yamlMessage(first.message)}; check the indentation and quoting here`;
    return { diagnostics: [{ code: 'yaml-syntax', file, path: [], position: { line: pos.line, column: pos.col }, message }] };
  }
  const locate = (path: JsonPath, opts?: { key?: boolean }): Position | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const offset = yamlOffset(doc, path.slice(0, n), opts?.key === true && n === path.length);
      if (offset !== undefined) {
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml package refuses a document whose aliases expand without bound ("billion laughs").
    if (!(e instanceof ReferenceError)) throw e;
    const message = 'invalid YAML: its aliases (*name) expand to too many values; write the values out, or use fewer aliases';
    return { diagnostics: [{ code: 'yaml-syntax', file, path: [], position: { line: 1, column: 1 }, message }] };
  }
  return { doc: { file, absPath, data, locate }, diagnostics: [] };
}

function yamlOffset(doc: Document, path: JsonPath, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const seg of path) {
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (yaml().isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      keyNode = undefined;
    } else return undefined;
  }
  const target = (key && keyNode ? keyNode : node) as { range?: [number, number, number] } | null;
  return target?.range?.[0];
}

/** The yaml package appends a code excerpt after the first line; keep the sentence only. */
function yamlMessage(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
