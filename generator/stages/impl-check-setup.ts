/**
 * The JavaScript compiler `check` type-checks the implementations with (see which-compiler.ts for
 * when), and with which options: the project's own compiler when it has the compiler API, else the
 * one bundled with ts-morph; the project's tsconfig.json settings, else cloudfn's for Node code.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import type { CodeCache } from './code-cache.js';
import { t } from '../i18n/messages.js';
import { nativeVersion, nativeWanted, versionOf } from './which-compiler.js';

export interface Compiler {
  ts: typeof TS;
  origin: string;
  /** The standard library files, when they are not on disk (the bundled compiler keeps them in memory). */
  libs?: { dir: string; files: { fileName: string; text: string }[] };
}

/** Which compiler would run, cheaply (no compiler loaded): the project's TypeScript, TypeScript 7 with cloudfn, or ts-morph's. */
export function compilerIdentity(rootDir: string): string {
  const at = (v: { file: string; version: string } | undefined): string => (v ? `${v.file}@${v.version}` : 'none');
  return `${at(versionOf(path.join(rootDir, 'package.json'), 'typescript'))} ${nativeWanted(rootDir) ? `native ${nativeVersion()}` : (versionOf(import.meta.url, 'ts-morph')?.version ?? '')}`;
}

/** The project's TypeScript when it offers the compiler API (TypeScript 7 does not); ts-morph's otherwise. */
export async function compilerFor(rootDir: string, code: CodeCache): Promise<Compiler> {
  try {
    const own = code.require<typeof TS>(path.join(rootDir, 'package.json'), 'typescript');
    if (typeof own.createProgram === 'function') return { ts: own, origin: `the project's TypeScript ${own.version}` };
  } catch {
    // No TypeScript in the project.
  }
  // ts-morph's compiler, loaded from @ts-morph/common (which ts-morph re-exports it from): loading
  // ts-morph itself, and reading its exports from an ES module import, cost ~0.3 s more.
  const common = code.require<{
    ts: typeof TS;
    getLibFiles(): { fileName: string; text: string }[];
    libFolderInMemoryPath: string;
  }>(createRequire(import.meta.url).resolve('ts-morph'), '@ts-morph/common');
  const ts = common.ts;
  return { ts, origin: `TypeScript ${ts.version}, bundled with cloudfn`, libs: { dir: common.libFolderInMemoryPath, files: common.getLibFiles() } };
}

/**
 * The compiler options for the project's tsconfig.json (and what it extends); each config file read
 * (path → text, or undefined where there was none) goes into `configs`.
 */
export function compilerOptions(ts: typeof TS, rootDir: string, configs: Map<string, string | undefined>, problems: string[]): TS.CompilerOptions {
  const base: TS.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
  };
  const file = path.join(rootDir, 'tsconfig.json');
  const readConfig = (f: string): string | undefined => {
    const text = ts.sys.readFile(f);
    configs.set(path.resolve(f), text);
    return text;
  };
  const parse = (configFile: string): TS.ParsedCommandLine | undefined => {
    if (readConfig(configFile) === undefined) return undefined;
    const read = ts.readConfigFile(configFile, readConfig);
    if (read.error) {
      // Said, not silently replaced: the user's own tsc would refuse it.
      const at = read.error.file && read.error.start !== undefined ? read.error.file.getLineAndCharacterOfPosition(read.error.start) : undefined;
      const where = `${path.relative(rootDir, configFile).split(path.sep).join('/')}${at ? `:${at.line + 1}:${at.character + 1}` : ''}`;
      problems.push(t('check.badTsconfig', { where, detail: ts.flattenDiagnosticMessageText(read.error.messageText, ' ') }));
      return undefined;
    }
    return ts.parseJsonConfigFileContent(read.config, { ...ts.sys, readFile: readConfig }, path.dirname(configFile), undefined, configFile);
  };
  // Read (and so noted for the memo) whether it is there or not: one added later changes the answer.
  if (readConfig(file) !== undefined) {
    let parsed = parse(file);
    // A solution-style tsconfig.json ("files": [] and references): the settings are those of the
    // referenced project that holds the implementations.
    if (parsed && parsed.fileNames.length === 0 && parsed.projectReferences?.length) {
      for (const ref of parsed.projectReferences) {
        const referenced = parse(ts.resolveProjectReferencePath(ref));
        if (referenced?.fileNames.some((f) => /[\\/]impl\.ts$/.test(f))) {
          parsed = referenced;
          break;
        }
      }
    }
    if (parsed) Object.assign(base, parsed.options);
  } else {
    // No tsconfig: the implementations are Node code. TypeScript 6 and 7 no longer take in every
    // installed @types package by default, so Node's are named (when they are not installed, the
    // implementation's own use of `process` and the like says so).
    base.types = ['node'];
    // Such a project may run its TypeScript with Node's own support, and have cloudfn import with
    // `.ts` ("importExtension"): allowed, as nothing is emitted.
    base.allowImportingTsExtensions = true;
  }
  // What check needs whatever the project says: no output, and no time spent on libraries.
  return { ...base, noEmit: true, skipLibCheck: true, incremental: false, composite: false, declaration: false, emitDeclarationOnly: false };
}
