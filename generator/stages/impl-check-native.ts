/**
 * `check`'s type-check with TypeScript 7, the native compiler, through its API: the compiler runs as
 * its own process and asks this one for every file and folder it looks at, so the generated files
 * come from memory (as `gen` would write them now) and each answer is noted for the memo, as the
 * JavaScript compiler's host does in impl-check.ts. Four to five times faster than that compiler
 * (no 9 MB of JavaScript to load, the standard library parsed in parallel): used when the project's
 * own TypeScript has no JavaScript compiler API (TypeScript 7) or there is none.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'jsonc-parser';
import { API, DiagnosticCategory, type Diagnostic, type Snapshot } from 'typescript/unstable/sync';
import { sha256 } from './cache.js';
import { isFolder, type Dependencies, type ImplIssue, type TypeCheck } from './impl-check.js';
import { t } from '../i18n/messages.js';
import { nativeVersion } from './which-compiler.js';

/** The options `check` needs whatever the project says: no output, and no time spent on libraries. */
const CHECK_ONLY = { noEmit: true, skipLibCheck: true, incremental: false, composite: false, declaration: false, emitDeclarationOnly: false };
/** cloudfn's defaults when the project has no tsconfig.json (or one TypeScript cannot read). */
const DEFAULTS = { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext' };

/** The TypeScript config the check opens: the project's settings (by `extends`) with the implementations as its only files. */
function checkConfig(extendsFile: string | undefined, impls: readonly string[], defaults: object): string {
  return JSON.stringify(
    extendsFile === undefined
      ? { compilerOptions: { ...defaults, ...CHECK_ONLY }, files: impls }
      : // "include": [] so that the project's own include list is not inherited: only what the implementations import is read.
        { extends: extendsFile, compilerOptions: CHECK_ONLY, files: impls, include: [] },
  );
}

/** 1-based line and column of a UTF-16 offset into `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** A diagnostic's text with its chain of explanations, on one line (as the JavaScript compiler's are flattened). */
function messageOf(d: Diagnostic): string {
  const lines = (x: Diagnostic): string[] => [x.text, ...(x.messageChain ?? []).flatMap(lines)];
  return lines(d)
    .flatMap((l) => l.split('\n'))
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
}

/**
 * Type-checks `impls` with TypeScript 7, `overlay` (absolute path → text) in place of the disk.
 * Throws when the compiler cannot start (no binary for this platform): the caller falls back to
 * the JavaScript compiler.
 */
export async function checkNative(rootDir: string, impls: readonly string[], overlay: ReadonlyMap<string, string>): Promise<TypeCheck> {
  const version = nativeVersion();
  if (version === undefined) throw new Error('TypeScript 7 is not installed with cloudfn');
  const { resolveExePath } = (await import(pathToApi('options.js'))) as { resolveExePath(o: object): string };
  // The compiler's own standard library is read by the compiler, not noted: it is part of the compiler.
  const libDir = path.dirname(resolveExePath({})) + path.sep;
  const norm = (f: string): string => path.resolve(f);
  const files = new Map([...overlay].map(([k, v]) => [norm(k), v]));
  const overlayDirs = new Set<string>();
  for (const f of files.keys()) for (let d = path.dirname(f); !overlayDirs.has(d) && d !== path.dirname(d); d = path.dirname(d)) overlayDirs.add(d);

  const snapshots: Snapshot[] = [];
  const depends: Dependencies = { files: {}, probed: {}, dirs: {}, listings: {}, entries: {} };
  const virtual = new Map<string, string>();
  const stat = (f: string) => statSync(f, { throwIfNoEntry: false });
  /** Whether a file or folder is there: in memory, else the compiler's own (not noted), else on disk (noted). */
  const lookFor = (p: string, inMemory: (full: string) => boolean, kind: 'file' | 'folder'): boolean | undefined => {
    const full = norm(p);
    if (inMemory(full)) return true;
    if (full.startsWith(libDir)) return undefined;
    const found = stat(full);
    const there = kind === 'file' ? found?.isFile() === true : found?.isDirectory() === true;
    (kind === 'file' ? depends.probed : depends.dirs)[full] = there;
    return there;
  };
  const api = new API({
    cwd: rootDir,
    fs: {
      readFile(f) {
        const full = norm(f);
        const own = virtual.get(full);
        if (own !== undefined) return own;
        if (full.startsWith(libDir)) return undefined;
        let text = files.get(full);
        if (text === undefined) {
          try {
            text = readFileSync(full, 'utf8');
          } catch {
            depends.probed[full] = false;
            return null;
          }
        }
        depends.files[full] = sha256(text);
        return text;
      },
      fileExists: (f) => lookFor(f, (full) => virtual.has(full) || files.has(full), 'file'),
      directoryExists: (d) => lookFor(d, (full) => overlayDirs.has(full), 'folder'),
      getAccessibleEntries(d) {
        const full = norm(d);
        if (full.startsWith(libDir)) return undefined;
        const listed = { files: new Set<string>(), directories: new Set<string>() };
        try {
          for (const e of readdirSync(full, { withFileTypes: true })) (isFolder(full, e) ? listed.directories : listed.files).add(e.name);
        } catch {
          // Not a folder (or not readable): nothing in it.
        }
        for (const f of files.keys()) if (path.dirname(f) === full) listed.files.add(path.basename(f));
        for (const sub of overlayDirs) if (path.dirname(sub) === full) listed.directories.add(path.basename(sub));
        const entries = { files: [...listed.files].sort(), directories: [...listed.directories].sort() };
        depends.entries![full] = [...entries.files, ...entries.directories.map((n) => `${n}/`)].sort();
        return entries;
      },
      realpath(f) {
        const full = norm(f);
        return virtual.has(full) || files.has(full) ? full : undefined;
      },
    },
  });
  try {
    const warnings: string[] = [];
    const config = projectConfig(rootDir, impls, api, depends);
    const open = (text: string): ReturnType<Snapshot['getProject']> => {
      const file = path.join(rootDir, `__cloudfn_check_${virtual.size}__.json`);
      virtual.set(file, text);
      const snapshot = api.updateSnapshot({ openProjects: [file] });
      snapshots.push(snapshot);
      return snapshot.getProject(file);
    };
    let project = open(config.text);
    // A project config TypeScript cannot parse (a JSON syntax error, TS1xxx: not an option it
    // refuses, which leaves the rest in force): said, at its line, and checked with cloudfn's defaults.
    const unreadable = config.extends === undefined ? undefined : project?.program.getConfigFileParsingDiagnostics().find((d) => d.category === DiagnosticCategory.Error && d.code >= 1000 && d.code < 2000 && d.fileName !== undefined && !virtual.has(norm(d.fileName)));
    if (unreadable?.fileName) {
      const text = readFileSync(unreadable.fileName, 'utf8');
      const at = lineColumn(text, unreadable.pos);
      warnings.push(t('check.badTsconfig', { where: `${path.relative(rootDir, unreadable.fileName).split(path.sep).join('/')}:${at.line}:${at.column}`, detail: messageOf(unreadable) }));
      project = open(checkConfig(undefined, impls, DEFAULTS));
    }
    if (!project) throw new Error('TypeScript 7 did not open the check project');
    const wanted = new Set(impls.map(norm));
    const issues: ImplIssue[] = [];
    for (const impl of impls) {
      const found = [...project.program.getSyntacticDiagnostics(impl), ...project.program.getSemanticDiagnostics(impl)];
      for (const d of found) {
        if (!d.fileName || !wanted.has(norm(d.fileName))) continue;
        const text = files.get(norm(d.fileName)) ?? readFileSync(d.fileName, 'utf8');
        issues.push({ file: path.relative(rootDir, d.fileName).split(path.sep).join('/'), ...lineColumn(text, d.pos), message: messageOf(d) });
      }
    }
    issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    return { issues, compiler: `TypeScript ${version}, bundled with cloudfn`, warnings, depends };
  } finally {
    stop(api, snapshots);
  }
}

/**
 * Ends the compiler's process without a word on the terminal: its snapshots released while it
 * listens, then killed outright (the API's close() shuts its pipes first, and a compiler that sees
 * them closed before the signal prints "context canceled" to the stderr it shares with cloudfn).
 */
function stop(api: API, snapshots: readonly Snapshot[]): void {
  try {
    for (const snapshot of snapshots) snapshot.dispose();
    (api as unknown as { client: { channel: { child: ChildProcess } } }).client.channel.child.kill('SIGKILL');
  } catch {
    // Another shape of the API's internals: close() alone.
  }
  try {
    api.close();
  } catch {
    // The process is gone already.
  }
}

/** A file of the TypeScript 7 API folder, by its path there (for what the package does not export). */
function pathToApi(file: string): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('typescript/package.json')), 'dist/api', file)).href;
}

/**
 * The config to open: the project's tsconfig.json (for a solution-style one, the referenced config
 * that holds the implementations) extended with the implementations as its files; cloudfn's Node
 * defaults when there is none.
 */
function projectConfig(rootDir: string, impls: readonly string[], api: API, depends: Dependencies): { text: string; extends?: string } {
  const main = path.join(rootDir, 'tsconfig.json');
  let text: string;
  try {
    text = readFileSync(main, 'utf8');
    // Noted here too: when TypeScript cannot read it, the compiler never asks for it.
    depends.files[main] = sha256(text);
  } catch {
    depends.probed[main] = false;
    // No tsconfig: the implementations are Node code (@types/node named, as TypeScript 7 takes in
    // no @types package by default), and may import with `.ts` ("importExtension"): nothing is emitted.
    return { text: checkConfig(undefined, impls, { ...DEFAULTS, types: ['node'], allowImportingTsExtensions: true }) };
  }
  // Parsed here only to find references; a config TypeScript cannot parse is said by TypeScript itself.
  const json = parse(text, [], { allowTrailingComma: true }) as { files?: unknown; references?: { path?: unknown }[] } | undefined;
  // A solution-style tsconfig.json ("files": [] and references): the settings are those of the
  // referenced project that holds the implementations.
  if (Array.isArray(json?.files) && json.files.length === 0 && Array.isArray(json.references)) {
    const wanted = new Set(impls.map((f) => path.resolve(f)));
    for (const ref of json.references) {
      if (typeof ref?.path !== 'string') continue;
      let file = path.resolve(rootDir, ref.path);
      if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = path.join(file, 'tsconfig.json');
      try {
        if (api.parseConfigFile(file).fileNames.some((f) => wanted.has(path.resolve(f)))) return { text: checkConfig(file, impls, DEFAULTS), extends: file };
      } catch {
        // A reference TypeScript cannot read: not the one.
      }
    }
  }
  return { text: checkConfig(main, impls, DEFAULTS), extends: main };
}
