/**
 * A project setting under which the generated TypeScript cannot compile, said before the user meets
 * it as a wall of compiler errors: a CommonJS package (no `"type": "module"`) whose tsconfig.json
 * sets `verbatimModuleSyntax` (what `tsc --init` writes) lets no `.ts` file use import/export.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'jsonc-parser';
import { t } from '../i18n/messages.js';

/** The warning for the project at `rootDir`, or undefined when its settings fit. */
export function moduleSyntaxWarning(rootDir: string): string | undefined {
  const tsconfigFile = path.join(rootDir, 'tsconfig.json');
  const packageFile = path.join(rootDir, 'package.json');
  if (!existsSync(tsconfigFile) || !existsSync(packageFile)) return undefined;
  try {
    const tsconfig = parse(readFileSync(tsconfigFile, 'utf8')) as { compilerOptions?: { verbatimModuleSyntax?: unknown; module?: unknown } } | undefined;
    const pkg = JSON.parse(readFileSync(packageFile, 'utf8')) as { type?: unknown };
    const options = tsconfig?.compilerOptions ?? {};
    const module = typeof options.module === 'string' ? options.module.toLowerCase() : '';
    const nodeModules = /^(node16|node18|node20|nodenext|commonjs)$/.test(module);
    if (options.verbatimModuleSyntax !== true || pkg.type === 'module' || !nodeModules) return undefined;
  } catch {
    return undefined;
  }
  return t('warn.moduleSyntax');
}

/**
 * With `"importExtension": ".ts"`, a tsconfig.json that lets TypeScript import no `.ts` file: tsc
 * would refuse every generated import. Not said when the settings may come from a config it
 * extends or references, which this does not read.
 */
export function tsImportsWarning(rootDir: string, importExtension: '.js' | '.ts'): string | undefined {
  if (importExtension !== '.ts') return undefined;
  const tsconfigFile = path.join(rootDir, 'tsconfig.json');
  if (!existsSync(tsconfigFile)) return undefined;
  try {
    const tsconfig = parse(readFileSync(tsconfigFile, 'utf8')) as { extends?: unknown; references?: unknown; compilerOptions?: Record<string, unknown> } | undefined;
    if (!tsconfig || tsconfig.extends !== undefined || tsconfig.references !== undefined) return undefined;
    const options = tsconfig.compilerOptions ?? {};
    if (options['allowImportingTsExtensions'] === true || options['rewriteRelativeImportExtensions'] === true) return undefined;
  } catch {
    return undefined;
  }
  return t('warn.tsImports');
}
