/**
 * Stage 1, load: the only stage that reads the disk. Finds the contract files,
 * parses them with positions, and follows relative `$ref`s to load every shared
 * definition file, so that later stages do no I/O.
 */
import { isUtf8 } from 'node:buffer';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError, type Diagnostic, type Position } from '../errors.js';
import { closest } from '../util/did-you-mean.js';
import { contractSchemaRoots, isObject, walkSchema } from '../util/schema-walk.js';
import { byCodePoint } from '../util/sorted.js';
import { parseSource, positionIn, type SourceDoc } from '../util/source.js';
import { t } from '../i18n/messages.js';

export const CONTRACT_FILE = /\.fn\.(json|ya?ml)$/i;

/** Everything read from disk for one generation. */
export interface LoadedProject {
  /** Project root; every `file` in a diagnostic is relative to it. */
  rootDir: string;
  /** The contract files, in path order. */
  contracts: SourceDoc[];
  /** Every parsed document, contracts and shared definition files, by absolute path. */
  documents: ReadonlyMap<string, SourceDoc>;
  diagnostics: Diagnostic[];
}

/** Converts an absolute path into the project-relative POSIX form used in messages. */
/** The largest contract or schema file read. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The deepest nesting of arrays and objects a contract or schema file may have. */
export const MAX_NESTING = 100;

/** The path of the first value nested deeper than MAX_NESTING, found without recursion; undefined if none. */
function tooDeep(data: unknown): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  for (let guard = 0; stack.length > 0 && guard < 5_000_000; guard++) {
    const { value, path: at } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (at.length > MAX_NESTING) return at;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...at, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...at, k] });
  }
  return undefined;
}

/**
 * The path of the first number that is not finite: JSON's `1e400` (and YAML's `.inf`) read as
 * Infinity, which no validator, type or PHP literal can state.
 */
function firstNonFinite(data: unknown): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  for (let guard = 0; stack.length > 0 && guard < 5_000_000; guard++) {
    const { value, path: at } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) return at;
    if (value === null || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    // Pushed last to first, so the first in the file is found first.
    for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i]![1], path: [...at, children[i]![0]] });
  }
  return undefined;
}

/** The offset of the first byte that is not part of a well-formed UTF-8 character (none: undefined). */
export function firstNonUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    // The sequence's length, and the range its second byte must be in (no overlongs, surrogates or > U+10FFFF).
    const [n, lo, hi] = b < 0x80 ? [1, 0, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (n === 0) return i;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf)) return i;
    }
    i += n;
  }
  return undefined;
}

export function displayPath(rootDir: string, absPath: string): string {
  return path.relative(rootDir, absPath).split(path.sep).join('/');
}

export function load(rootDir: string, schemasDir: string): LoadedProject {
  const diagnostics: Diagnostic[] = [];
  const documents = new Map<string, SourceDoc>();
  const contracts: SourceDoc[] = [];
  const pending: SourceDoc[] = [];

  const readDoc = (absPath: string): SourceDoc | undefined => {
    const file = displayPath(rootDir, absPath);
    const size = statSync(absPath).size;
    if (size > MAX_FILE_BYTES) {
      diagnostics.push({ code: 'too-large', file, path: [], position: { line: 1, column: 1 }, message: `is ${(size / 1024 / 1024).toFixed(1)} MB; contract and schema files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB: move large examples and documentation out of it` });
      return undefined;
    }
    const bytes = readFileSync(absPath);
    const bad = isUtf8(bytes) ? undefined : firstNonUtf8(bytes);
    if (bad !== undefined) {
      // The bytes before it are UTF-8: it stands at the end of their text.
      const before = bytes.subarray(0, bad).toString('utf8');
      const byte = `0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`;
      diagnostics.push({ code: 'not-utf8', file, path: [], position: positionIn(before, before.length), message: `is not UTF-8 text: byte ${byte} here is not part of a UTF-8 character (the file is probably in GBK or another legacy encoding); save it as UTF-8` });
      return undefined;
    }
    let parsed;
    try {
      parsed = parseSource(file, absPath, bytes.toString('utf8'));
    } catch (e) {
      // A parser's own recursion on absurd nesting ([[[[… a hundred thousand deep).
      if (!(e instanceof RangeError)) throw e;
      diagnostics.push({ code: 'too-deep', file, path: [], position: { line: 1, column: 1 }, message: `nested too deeply to read; cloudfn accepts at most ${MAX_NESTING} levels: flatten it with $defs` });
      return undefined;
    }
    diagnostics.push(...parsed.diagnostics);
    const deep = parsed.doc ? tooDeep(parsed.doc.data) : undefined;
    if (parsed.doc && deep) {
      // The position says where; the path itself would be a hundred segments long.
      let position: Position | undefined;
      try {
        position = parsed.doc.locate(deep);
      } catch (e) {
        // Finding the place means parsing the file again, which a nesting this deep may not survive.
        if (!(e instanceof RangeError)) throw e;
      }
      diagnostics.push({ code: 'too-deep', file, path: [], position: position ?? { line: 1, column: 1 }, message: `nested more than ${MAX_NESTING} levels deep here; flatten it: move inner schemas to $defs and $ref them` });
      return undefined;
    }
    const infinite = parsed.doc ? firstNonFinite(parsed.doc.data) : undefined;
    if (parsed.doc && infinite) {
      diagnostics.push({ code: 'non-finite-number', file, path: infinite, position: parsed.doc.locate(infinite), message: 'is a number too large to represent (it reads as Infinity); write one between -1.7976931348623157e308 and 1.7976931348623157e308' });
      return undefined;
    }
    if (parsed.doc) {
      documents.set(absPath, parsed.doc);
      pending.push(parsed.doc);
    }
    return parsed.doc;
  };

  // The project: the config's folder, and the contracts folder when it lies elsewhere (--schemas).
  const roots = [...new Set([rootDir, schemasDir, realpathSync(rootDir), realpathSync(schemasDir)])];
  const insideProject = (p: string): boolean =>
    roots.some((base) => {
      const rel = path.relative(base, p);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });

  const files = findContractFiles(schemasDir);
  if (files.length === 0) throw new UsageError(noContractsMessage(rootDir, schemasDir));
  for (const absPath of files) {
    if (!insideProject(realpathSync(absPath))) {
      diagnostics.push({ code: 'contract-outside-project', file: displayPath(rootDir, absPath), path: [], message: 'is a link to a file outside the project folder; cloudfn reads only files inside it: copy the contract into the project' });
      continue;
    }
    const doc = readDoc(absPath);
    if (doc) contracts.push(doc);
  }

  const failed = new Set<string>();
  for (let doc = pending.shift(); doc; doc = pending.shift()) {
    const roots = CONTRACT_FILE.test(doc.absPath) ? contractSchemaRoots(doc.data) : [{ schema: doc.data, path: [] }];
    for (const root of roots) {
      walkSchema(root.schema, root.path, (schema, at) => {
        if (!isObject(schema) || typeof schema['$ref'] !== 'string') return;
        const ref = schema['$ref'];
        const filePart = ref.split('#')[0] ?? '';
        if (filePart === '') return;
        if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
          diagnostics.push({
            code: 'ref-remote',
            file: doc.file,
            path: [...at, '$ref'],
            position: doc.locate([...at, '$ref']),
            message: `$ref "${ref}" points outside the project; cloudfn resolves only relative file references, so copy the schema into the project and reference it by relative path`,
          });
          return;
        }
        let target: string;
        try {
          target = path.resolve(path.dirname(doc.absPath), decodeURI(filePart));
        } catch {
          target = path.resolve(path.dirname(doc.absPath), filePart);
        }
        if (documents.has(target) || failed.has(target)) return;
        // Confined to the project: nothing outside it is looked at, let alone read (symlinks included).
        if (!insideProject(target)) {
          failed.add(target);
          diagnostics.push({
            code: 'ref-outside-project',
            file: doc.file,
            path: [...at, '$ref'],
            position: doc.locate([...at, '$ref']),
            message: `$ref "${ref}" points outside the project folder; cloudfn reads only files inside it: copy the schema into the project and reference it by a relative path`,
          });
          return;
        }
        if (!existsSync(target) || !statSync(target).isFile()) {
          failed.add(target);
          const dir = path.dirname(target);
          const siblings = existsSync(dir) ? readdirSync(dir) : [];
          const near = closest(path.basename(target), siblings);
          const shown = near ? `did you mean "${filePart.slice(0, filePart.lastIndexOf('/') + 1)}${near}"?` : 'create it or correct the path (relative to this file)';
          diagnostics.push({
            code: 'ref-missing-file',
            file: doc.file,
            path: [...at, '$ref'],
            position: doc.locate([...at, '$ref']),
            message: `$ref "${ref}" points to a missing file ${displayPath(rootDir, target)}; ${shown}`,
          });
          return;
        }
        if (!insideProject(realpathSync(target))) {
          failed.add(target);
          diagnostics.push({
            code: 'ref-outside-project',
            file: doc.file,
            path: [...at, '$ref'],
            position: doc.locate([...at, '$ref']),
            message: `$ref "${ref}" is a link to a file outside the project folder; cloudfn reads only files inside it: copy the schema into the project`,
          });
          return;
        }
        readDoc(target);
      });
    }
  }
  return { rootDir, contracts, documents, diagnostics };
}

/** Says that no contract was found, naming JSON or YAML files that look like contracts without the `.fn.` part. */
function noContractsMessage(rootDir: string, schemasDir: string): string {
  const near: string[] = [];
  const visit = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(json|ya?ml)$/i.test(entry.name) && near.length < 3) near.push(full);
    }
  };
  visit(schemasDir);
  const where = displayPath(rootDir, schemasDir) || '.';
  const files = near.map((f) => displayPath(rootDir, f)).join(', ');
  const renamed = near.map((f) => path.basename(f).replace(/\.(json|ya?ml)$/i, '.fn.$1')).join(', ');
  const hint = near.length ? t(near.length === 1 ? 'load.notNamedOne' : 'load.notNamedMany', { files, renamed }) : t('load.noContractsWrite', { example: `${where}/ping.fn.json` });
  return t('load.noContracts', { dir: where, hint });
}

/** All `*.fn.json` / `*.fn.yaml` files below `dir`, in code-point order of their paths. */
export function findContractFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (CONTRACT_FILE.test(entry.name)) found.push(full);
    }
  };
  visit(dir);
  return found.sort(byCodePoint);
}
