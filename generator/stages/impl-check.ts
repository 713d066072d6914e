/**
 * `check`, implementation drift: type-checks every user-owned `impl.ts` against the contract types
 * as `gen` would write them now (generated files are read from memory, so a contract edit shows up
 * before `gen` runs). Uses the project's own TypeScript when it has the compiler API (5.x, 6.x),
 * else TypeScript 7 installed with cloudfn (impl-check-native.ts), else the compiler bundled with
 * ts-morph. Only problems in the implementations are reported, at their position in the user's file.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import type { ResolvedConfig } from '../config.js';
import type { IrFunction } from '../ir.js';
import { cacheDir, Memo, sha256 } from './cache.js';
import { CodeCache } from './code-cache.js';
import { compilerFor, compilerIdentity, compilerOptions, type Compiler } from './impl-check-setup.js';
import { nativeWanted } from './which-compiler.js';
import { subfolders } from '../util/subfolders.js';

export interface ImplIssue {
  /** Project-relative POSIX path of the implementation. */
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * Everything a type-check's answer depends on besides the compiler: the files it read (path → hash
 * of the text; the config files included), the files and folders it looked for (path → whether there
 * was one) and the subfolders it listed (`@types` packages). While all of these are as they
 * were, the answer stands.
 */
export interface Dependencies {
  files: Record<string, string>;
  /** Files looked for: path → whether there was one. */
  probed: Record<string, boolean>;
  dirs: Record<string, boolean>;
  listings: Record<string, string[]>;
  /** Folders whose entries were read (TypeScript 7): path → names, folders ending in `/`. */
  entries?: Record<string, string[]>;
}

/** What one type-check found, and what it depended on (for the memo). */
export interface TypeCheck {
  issues: ImplIssue[];
  compiler: string;
  /** What the check could not do as the project asks (a tsconfig it cannot read). */
  warnings: string[];
  depends: Dependencies;
}

/**
 * A compiler ready to type-check: loaded, configured for the project, and (after `warm`) holding
 * the parsed standard library and `@types` declarations, which most of a check's time goes to.
 */
export class CheckSession {
  private overlay = new Map<string, string>();
  private readonly parsed = new Map<string, { sf: TS.SourceFile; hash: string }>();
  private readonly host: TS.CompilerHost;
  /** What the check running now has depended on so far; undefined outside a check. */
  private depends: Dependencies | undefined;

  private constructor(
    private readonly compiler: Compiler,
    private readonly rootDir: string,
    private readonly options: TS.CompilerOptions,
    private readonly configs: ReadonlyMap<string, string | undefined>,
    private readonly configProblems: readonly string[],
    private readonly code: CodeCache,
  ) {
    const { ts, libs } = compiler;
    const host = ts.createCompilerHost(options, true);
    const norm = (f: string): string => path.resolve(f);
    const fixed = new Map<string, string>();
    if (libs) {
      for (const f of libs.files) fixed.set(norm(path.posix.join(libs.dir, f.fileName)), f.text);
      host.getDefaultLibLocation = () => libs.dir;
      host.getDefaultLibFileName = (o) => path.posix.join(libs.dir, ts.getDefaultLibFileName(o));
    }
    // Each answer from the disk is noted (the bundled standard library is the compiler's own).
    const noteFile = (f: string, text: string | undefined): void => {
      if (!this.depends || fixed.has(norm(f))) return;
      if (text === undefined) this.depends.probed[norm(f)] = false;
      else this.depends.files[norm(f)] = sha256(text);
    };
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = (f) => {
      if (this.overlay.has(norm(f)) || fixed.has(norm(f))) return true;
      const there = fileExists(f);
      if (this.depends) this.depends.probed[norm(f)] = there;
      return there;
    };
    host.readFile = (f) => {
      const text = this.overlay.get(norm(f)) ?? fixed.get(norm(f)) ?? readFile(f);
      noteFile(f, text);
      return text;
    };
    if (host.directoryExists) {
      const directoryExists = host.directoryExists.bind(host);
      host.directoryExists = (d) => {
        const there = directoryExists(d);
        if (this.depends) this.depends.dirs[norm(d)] = there;
        return there;
      };
    }
    if (host.getDirectories) {
      const getDirectories = host.getDirectories.bind(host);
      host.getDirectories = (d) => {
        const names = getDirectories(d);
        if (this.depends) this.depends.listings[norm(d)] = [...names].sort();
        return names;
      };
    }
    host.getSourceFile = (f, lang, onError, create) => {
      const text = this.overlay.get(norm(f));
      if (text !== undefined) {
        noteFile(f, text);
        return ts.createSourceFile(f, text, lang, true);
      }
      // The standard library and installed declarations do not change during a run: parsed once.
      const lasting = fixed.has(norm(f)) || f.includes('/node_modules/');
      const known = lasting ? this.parsed.get(f) : undefined;
      if (known) {
        if (this.depends && !fixed.has(norm(f))) this.depends.files[norm(f)] = known.hash;
        return known.sf;
      }
      const libText = fixed.get(norm(f));
      const sf = libText !== undefined ? ts.createSourceFile(f, libText, lang, true) : getSourceFile(f, lang, onError, create);
      if (sf) noteFile(f, sf.text);
      if (sf && lasting) this.parsed.set(f, { sf, hash: sha256(sf.text) });
      return sf;
    };
    this.host = host;
  }

  static async open(rootDir: string): Promise<CheckSession> {
    const dir = cacheDir(rootDir);
    const code = new CodeCache(dir);
    const compiler = await compilerFor(rootDir, code);
    const configs = new Map<string, string | undefined>();
    const problems: string[] = [];
    const options = compilerOptions(compiler.ts, rootDir, configs, problems);
    return new CheckSession(compiler, rootDir, options, configs, problems, code);
  }

  /**
   * The options of a first, quicker pass when the project leaves the standard library to the
   * target's default: that default's ECMAScript part without the DOM (lib.dom.d.ts is 2 MB, half
   * of a small project's check; functions run on Node, which has no DOM). Implementations that
   * type-check without it are taken as checked: the contract's types never involve the DOM, and
   * what it adds are globals (a library's declarations that use DOM types without naming the DOM
   * library, with no @types/node to declare them, see them unresolved there: the one way this pass
   * can miss a problem the default library would show). When it finds anything, the check runs
   * again with the default library, so every problem reported is one that library gives.
   * undefined when the project names its libraries.
   */
  private get lean(): TS.CompilerOptions | undefined {
    const { ts } = this.compiler;
    if (this.options.lib !== undefined || this.options.noLib) return undefined;
    const full = ts.getDefaultLibFileName(this.options);
    const lib = full === 'lib.d.ts' ? 'lib.es5.d.ts' : full.endsWith('.full.d.ts') ? full.replace(/\.full\.d\.ts$/, '.d.ts') : undefined;
    return lib ? { ...this.options, lib: [lib] } : undefined;
  }

  /** Parses what every check of this project reads whatever the implementations say: the libraries. */
  warm(): void {
    const probe = path.join(this.rootDir, '__cloudfn_warm__.ts');
    this.overlay = new Map([[path.resolve(probe), 'export {};\n']]);
    this.compiler.ts.createProgram([probe], this.lean ?? this.options, this.host);
    this.overlay = new Map();
  }

  /** The implementations' own diagnostics, with `overlay` (absolute path → text) in place of the disk. */
  check(impls: readonly string[], overlay: ReadonlyMap<string, string>): TypeCheck {
    const { ts } = this.compiler;
    const norm = (f: string): string => path.resolve(f);
    this.overlay = new Map([...overlay].map(([k, v]) => [norm(k), v]));
    const wanted = new Set(impls.map(norm));
    const pass = (options: TS.CompilerOptions): { diagnostics: TS.Diagnostic[]; depends: Dependencies } => {
      const depends: Dependencies = { files: {}, probed: {}, dirs: {}, listings: {} };
      for (const [f, text] of this.configs) {
        if (text === undefined) depends.probed[f] = false;
        else depends.files[f] = sha256(text);
      }
      this.depends = depends;
      const program = ts.createProgram([...impls], options, this.host);
      // Only the implementations' own diagnostics are reported, so only they are checked (the
      // checker resolves what they use from the other files, without checking those files' bodies).
      const diagnostics = impls.flatMap((f) => {
        const sf = program.getSourceFile(f);
        return sf ? [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)] : [];
      });
      return { diagnostics: diagnostics.filter((d) => d.file && wanted.has(norm(d.file.fileName)) && d.start !== undefined), depends };
    };
    // Without the DOM first when the project leaves the library to its target; with the default
    // library again when that finds anything, and so the problems reported are the default's.
    const lean = this.lean;
    let checked = lean ? pass(lean) : undefined;
    if (!checked || checked.diagnostics.length > 0) checked = pass(this.options);
    const { diagnostics, depends } = checked;
    const issues: ImplIssue[] = [];
    for (const d of diagnostics) {
      if (!d.file || d.start === undefined) continue;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
      issues.push({
        file: path.relative(this.rootDir, d.file.fileName).split(path.sep).join('/'),
        line: line + 1,
        column: character + 1,
        message: text.join(' ').replace(/\s+/g, ' '),
      });
    }
    issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    this.depends = undefined;
    this.overlay = new Map();
    // The compiler's code is cached once it has checked something: the parser and checker compiled too.
    this.code.save();
    return { issues, compiler: this.compiler.origin, warnings: [...this.configProblems], depends };
  }
}

/**
 * A type-check session being prepared on another thread while this one does the rest of `check`:
 * loading the compiler and parsing the libraries take most of a small project's check. Disposed
 * (the thread stopped) when the check is not needed after all.
 */
export interface PreparedCheck {
  run(impls: readonly string[], overlay: ReadonlyMap<string, string>): Promise<TypeCheck>;
  dispose(): Promise<void>;
}

/**
 * The session the command's entry started preparing on a worker thread for this project (see
 * early-check.ts); undefined when none was (running from sources, or `check --no-impl`).
 */
export async function prepareCheck(rootDir: string): Promise<PreparedCheck | undefined> {
  const worker = (await import('./early-check.js')).takeEarlyCheck(rootDir);
  if (!worker) return undefined;
  let failed: unknown;
  worker.once('error', (e) => (failed = e));
  return {
    run: (impls, overlay) =>
      new Promise<TypeCheck>((resolve, reject) => {
        if (failed) return reject(failed as Error);
        worker.once('message', (m: { result?: TypeCheck; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
        worker.once('error', reject);
        worker.postMessage({ impls, overlay: [...overlay] });
      }),
    dispose: async () => {
      await worker.terminate();
    },
  };
}

/**
 * The type errors in the implementations of `functions` (Node ones with an impl.ts), with the
 * generated files as `generated` gives them (absolute path → contents). With `prepared`, the
 * compiler that runs is the one a worker thread has been loading meanwhile.
 */
export async function checkImplementations(config: ResolvedConfig, functions: readonly IrFunction[], generated: ReadonlyMap<string, string>, prepared?: PreparedCheck): Promise<{ issues: ImplIssue[]; compiler: string | undefined; warnings: string[] }> {
  const impls = functions
    .filter((f) => f.runtime === 'nodejs')
    .map((f) => path.join(config.functionsDir, f.name, 'impl.ts'))
    .filter((f) => existsSync(f));
  if (impls.length === 0) return { issues: [], compiler: undefined, warnings: [] };
  // The last run's answer stands while all it depended on is as it was (the compiler included).
  const memo = Memo.open(cacheDir(config.rootDir), 'impl');
  const compilerKey = compilerIdentity(config.rootDir);
  const saved = memo.get('impl');
  if (saved !== undefined) {
    try {
      const last = JSON.parse(saved) as { key: string; impls: string[]; depends: Dependencies; result: { issues: ImplIssue[]; compiler: string; warnings?: string[] } };
      if (last.key === compilerKey && JSON.stringify(last.impls) === JSON.stringify(impls) && unchanged(last.depends, generated)) return { ...last.result, warnings: last.result.warnings ?? [] };
    } catch {
      // A damaged entry: check again.
    }
  }
  let checked: TypeCheck | undefined;
  if (nativeWanted(config.rootDir)) {
    try {
      checked = await (await import('./impl-check-native.js')).checkNative(config.rootDir, impls, generated);
    } catch {
      // TypeScript 7 could not run here (no binary for this platform): the JavaScript compiler checks.
    }
  }
  if (!checked && prepared) {
    try {
      checked = await prepared.run(impls, generated);
    } catch {
      // The worker could not: checked here instead.
    }
  }
  checked ??= (await CheckSession.open(config.rootDir)).check(impls, generated);
  const result = { issues: checked.issues, compiler: checked.compiler, warnings: checked.warnings };
  memo.set('impl', JSON.stringify({ key: compilerKey, impls, depends: checked.depends, result }));
  memo.save();
  return result;
}

/** True while every file, folder and listing in `depends` is as it was; `generated` in place of the disk. */
function unchanged(depends: Dependencies, generated: ReadonlyMap<string, string>): boolean {
  const stat = (f: string) => statSync(f, { throwIfNoEntry: false });
  for (const [f, hash] of Object.entries(depends.files)) {
    let text = generated.get(f);
    if (text === undefined) {
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        return false;
      }
    }
    if (sha256(text) !== hash) return false;
  }
  for (const [f, was] of Object.entries(depends.probed)) if ((generated.has(f) || stat(f)?.isFile() === true) !== was) return false;
  for (const [d, was] of Object.entries(depends.dirs)) if ((stat(d)?.isDirectory() === true) !== was) return false;
  for (const [d, names] of Object.entries(depends.listings)) if (JSON.stringify(subfolders(d)) !== JSON.stringify(names)) return false;
  for (const [d, names] of Object.entries(depends.entries ?? {})) if (JSON.stringify(entriesOf(d, generated)) !== JSON.stringify(names)) return false;
  return true;
}

/** True for a folder, or a link to one (as installed packages often are). */
export function isFolder(dir: string, entry: Dirent): boolean {
  return entry.isDirectory() || (entry.isSymbolicLink() && statSync(path.join(dir, entry.name), { throwIfNoEntry: false })?.isDirectory() === true);
}

/** A folder's entries as the TypeScript 7 check noted them: names, folders ending in `/`, with the generated files in. */
function entriesOf(dir: string, generated: ReadonlyMap<string, string>): string[] {
  const names = new Set<string>();
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) names.add(isFolder(dir, e) ? `${e.name}/` : e.name);
  } catch {
    // Gone: no entries.
  }
  for (const f of generated.keys()) {
    const rel = path.relative(dir, path.resolve(f));
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) names.add(rel.includes(path.sep) ? `${rel.split(path.sep)[0]}/` : rel);
  }
  return [...names].sort();
}
