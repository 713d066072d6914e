/**
 * Stage 1, load: the only stage that reads the disk. Finds the contract files,
 * parses them with positions, and follows relative `$ref`s to load every shared
 * definition file, so that later stages do no I/O.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError, type Diagnostic } from '../errors.js';
import { closest } from '../util/did-you-mean.js';
import { contractSchemaRoots, isObject, walkSchema } from '../util/schema-walk.js';
import { byCodePoint } from '../util/sorted.js';
import { parseSource, type SourceDoc } from '../util/source.js';

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
    const parsed = parseSource(file, absPath, readFileSync(absPath, 'utf8'));
    diagnostics.push(...parsed.diagnostics);
    if (parsed.doc) {
      documents.set(absPath, parsed.doc);
      pending.push(parsed.doc);
    }
    return parsed.doc;
  };

  const files = findContractFiles(schemasDir);
  if (files.length === 0) throw new UsageError(noContractsMessage(rootDir, schemasDir));
  for (const absPath of files) {
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
        const target = path.resolve(path.dirname(doc.absPath), decodeURI(filePart));
        if (documents.has(target) || failed.has(target)) return;
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
  const hint = near.length
    ? `; ${near.map((f) => displayPath(rootDir, f)).join(', ')} ${near.length === 1 ? 'is' : 'are'} not named like one: rename to ${near.map((f) => path.basename(f).replace(/\.(json|ya?ml)$/i, '.fn.$1')).join(', ')} if ${near.length === 1 ? 'it is a contract' : 'they are contracts'}`
    : `; write one, such as ${where}/ping.fn.json (see the README)`;
  return `no contracts in ${where}/: a contract is a file named <anything>.fn.json or <anything>.fn.yaml${hint}`;
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
