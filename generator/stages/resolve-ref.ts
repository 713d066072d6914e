/**
 * Resolves a `$ref` string, relative to the document it appears in, to the
 * schema it points at. Supports relative files (JSON or YAML) with or without
 * a `#/json/pointer` fragment, and local `#/$defs/...`, `#/definitions/...`.
 */
import path from 'node:path';
import { jsonPointer, type Diagnostic } from '../errors.js';
import { closest } from '../util/did-you-mean.js';
import { isObject } from '../util/schema-walk.js';
import type { JsonPath, SourceDoc } from '../util/source.js';

/** A position inside a loaded document. */
export interface Location {
  doc: SourceDoc;
  path: JsonPath;
}

export interface ResolvedRef {
  /** Stable identity of the target: absolute file + pointer. */
  key: string;
  target: Location;
  schema: unknown;
}

export function parsePointer(fragment: string): string[] | undefined {
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return undefined;
  return fragment
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(data: unknown, segments: readonly string[]): { found: true; value: unknown } | { found: false; depth: number } {
  let node = data;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (Array.isArray(node) && /^\d+$/.test(seg) && Number(seg) < node.length) node = node[Number(seg)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, seg)) node = node[seg];
    else return { found: false, depth: i };
  }
  return { found: true, value: node };
}

/** Contract roots a local ref may also be read against, when it is not found at the file root. */
function enclosingRoot(at: JsonPath): JsonPath | undefined {
  if (at[0] === 'input' || at[0] === 'output') return at.slice(0, 1);
  if (at[0] === 'errors' && at[2] === 'data') return at.slice(0, 3);
  return undefined;
}

export function resolveRef(
  ref: string,
  from: Location,
  documents: ReadonlyMap<string, SourceDoc>,
): { resolved: ResolvedRef } | { diagnostic: Diagnostic } {
  const refPath = [...from.path, '$ref'];
  const fail = (message: string): { diagnostic: Diagnostic } => ({
    diagnostic: { code: 'ref-unresolved', file: from.doc.file, path: refPath, position: from.doc.locate(refPath), message },
  });
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  const doc = filePart === '' ? from.doc : documents.get(path.resolve(path.dirname(from.doc.absPath), decodeURI(filePart)));
  if (!doc) return { diagnostic: { ...fail('').diagnostic, code: 'ref-file-not-loaded' } };
  const segments = parsePointer(fragment);
  if (!segments) return fail(`$ref "${ref}" uses a plain-name fragment; use a JSON pointer such as "#/$defs/Name"`);

  const candidates: string[][] = [segments];
  const root = filePart === '' ? enclosingRoot(from.path) : undefined;
  if (root && segments.length > 0) candidates.push([...root.map(String), ...segments]);
  let firstMiss: { depth: number } | undefined;
  for (const candidate of candidates) {
    const hit = valueAt(doc.data, candidate);
    if (hit.found) {
      if (candidate.length === 0 && /\.fn\.(json|ya?ml)$/i.test(doc.absPath)) {
        return fail(`$ref "${ref}" points to a whole contract file; point to a schema inside it, e.g. "#/$defs/Name"`);
      }
      return { resolved: { key: `${doc.absPath}#${jsonPointer(candidate)}`, target: { doc, path: candidate }, schema: hit.value } };
    }
    firstMiss ??= hit;
  }
  const depth = firstMiss?.depth ?? 0;
  const parentValue = valueAt(doc.data, segments.slice(0, depth));
  const siblings = parentValue.found && isObject(parentValue.value) ? Object.keys(parentValue.value) : [];
  const missing = segments[depth] ?? '';
  const best = closest(missing, siblings);
  const where = filePart === '' ? 'this file' : doc.file;
  const fix = best
    ? `did you mean "${filePart}#/${[...segments.slice(0, depth), best].join('/')}"?`
    : `add "${missing}" there or correct the pointer`;
  return fail(`$ref "${ref}" points to a missing definition: ${where} has no "${missing}" at #/${segments.slice(0, depth).join('/')}; ${fix}`);
}
