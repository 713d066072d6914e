/**
 * Which TypeScript `check` type-checks the implementations with, decided cheaply (Node built-ins
 * only: the command's entry asks before loading anything else): the project's own compiler when it
 * has the JavaScript compiler API (TypeScript 5 and 6), else TypeScript 7 (the native compiler)
 * installed with cloudfn, else the JavaScript compiler bundled with ts-morph.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The version of `pkg` as `from` resolves it, or undefined when it does not. */
export function versionOf(from: string, pkg: string): { file: string; version: string } | undefined {
  try {
    const file = createRequire(from).resolve(`${pkg}/package.json`);
    return { file, version: (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version };
  } catch {
    return undefined;
  }
}

const major = (version: string | undefined): number => Number(version?.split('.')[0]);

/**
 * cloudfn's own TypeScript 7, when installed with its binary for this platform (an optional
 * dependency: `npm ci --omit=optional` leaves it out, and so may a platform it is not built for).
 */
export function nativeVersion(from: string = import.meta.url): string | undefined {
  const own = versionOf(from, 'typescript');
  if (!own || major(own.version) < 7) return undefined;
  return versionOf(own.file, `@typescript/typescript-${process.platform}-${process.arch}`) ? own.version : undefined;
}

/** True when the check runs on TypeScript 7: the project has no TypeScript with the JavaScript API, and cloudfn has 7. */
export function nativeWanted(rootDir: string): boolean {
  const project = versionOf(path.join(rootDir, 'package.json'), 'typescript')?.version;
  return (project === undefined || major(project) >= 7) && nativeVersion() !== undefined;
}
