/**
 * The runtime half of the plain-JS mini program wrapper (`miniprogram/js/cloudfn.js` and its
 * `.d.ts`): the typed errors and the call engine, compiled once from their TypeScript templates to
 * ES2017 and to declarations, and kept as templates (`templates/direct/miniprogram-runtime.js`,
 * `.d.ts`) so that `gen` only appends each project's own part, with no compiler or formatter on
 * its path. `node scripts/build-miniprogram-runtime.mjs` rebuilds them; a test proves they are
 * current.
 */
import { createRequire } from 'node:module';
import { readTemplate } from '../templates.js';

/** The templates the runtime is made of, in order (the engine imports the errors). */
export const RUNTIME_SOURCES = ['ts-client/client-errors.ts', 'direct/direct-core.ts'] as const;
export const RUNTIME_JS = 'direct/miniprogram-runtime.js';
export const RUNTIME_DTS = 'direct/miniprogram-runtime.d.ts';

const HEADER = (ext: string): string =>
  `// Built from templates/${RUNTIME_SOURCES.join(' and templates/')} by scripts/build-miniprogram-runtime.mjs (${ext}).\n`;

/** Strips a module's import lines and re-exports (the pieces are joined into one). */
export function withoutImports(text: string): string {
  return text.replace(/^import[\s\S]*?from\s+["'][^"']+["'];\n/gm, '').replace(/^export \{[^}]*\} from\s+["'][^"']+["'];\n/gm, '');
}

/** The runtime templates as one TypeScript module. */
export function runtimeSource(): string {
  return RUNTIME_SOURCES.map((f) => withoutImports(readTemplate(f))).join('\n');
}

/** The values (not types) the runtime exports, in source order: what `module.exports` lists. */
export function runtimeExports(): string[] {
  return [...runtimeSource().matchAll(/^export (?:async )?(?:class|function|const|let) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
}

/** The built files without their header line. */
export function builtRuntime(): { js: string; dts: string } {
  const strip = (text: string): string => text.slice(text.indexOf('\n') + 1);
  return { js: strip(readTemplate(RUNTIME_JS)), dts: strip(readTemplate(RUNTIME_DTS)) };
}

/** The names below, read from the built declarations once per process. */
let declared: readonly string[] | undefined;

/**
 * The names the mini program's `cloudfn.d.ts` declares beside the contracts' types (the runtime's
 * errors and call engine, the wrapper's `CloudFns`) or reads as globals there: a shared definition
 * declared in the same file by one of these names would merge into a class or hide the global.
 */
export function declarationNames(): readonly string[] {
  declared ??= [
    ...[...builtRuntime().dts.matchAll(/^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const|enum) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!),
    ...['CloudFns', 'Error', 'Promise', 'Readonly', 'Record'],
  ];
  return declared;
}

/**
 * Compiles the runtime: esbuild to ES2017 (the oldest mini program base library we support runs
 * it) as a plain script whose exports the wrapper lists, TypeScript for the declarations, both
 * through prettier. Used by the build script and by the test that holds the templates current.
 */
export async function buildRuntime(): Promise<{ js: string; dts: string }> {
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const { ts } = require('ts-morph') as typeof import('ts-morph');
  const prettier = await import('prettier');
  const source = runtimeSource();
  const script = source.replace(/^export (?=(?:async )?(?:class|function|const|let|interface|type) )/gm, '');
  const js = esbuild.transformSync(script, { loader: 'ts', target: 'es2017', legalComments: 'none', charset: 'utf8' }).code;
  const dts = ts.transpileDeclaration(source, { compilerOptions: { strict: true, target: ts.ScriptTarget.ES2017 }, reportDiagnostics: false }).outputText;
  const { HOUSE_STYLE: options } = await import('../../stages/format.js');
  return {
    js: HEADER('ES2017 script') + (await prettier.format(js, { ...options, parser: 'babel' })),
    dts: HEADER('declarations') + (await prettier.format(dts, { ...options, parser: 'typescript' })),
  };
}
