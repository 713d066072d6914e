/**
 * The tsconfig that holds a project's functions when its tsconfig.json is solution-style (`"files":
 * []` and references, as Vite and monorepo templates write it): esbuild reads the nearest
 * tsconfig.json only, which then has none of the settings (`paths`, JSX, decorators) the functions
 * are written against. Undefined otherwise: esbuild's own lookup is right.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'jsonc-parser';

interface TsconfigJson {
  files?: unknown;
  include?: unknown;
  references?: unknown;
}

function read(file: string): TsconfigJson | undefined {
  try {
    const data = parse(readFileSync(file, 'utf8')) as unknown;
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as TsconfigJson) : undefined;
  } catch {
    return undefined;
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** True when the pattern (project-relative) can match files under `dir` (project-relative). */
function covers(pattern: string, dir: string): boolean {
  const p = path.posix.normalize(pattern).replace(/^\.\//, '');
  return p.startsWith('*') || p === dir || p.startsWith(`${dir}/`) || dir.startsWith(`${p.replace(/\/\*\*.*$/, '')}/`);
}

export function functionsTsconfig(rootDir: string, functionsDir: string): string | undefined {
  const root = read(path.join(rootDir, 'tsconfig.json'));
  const empty = (v: unknown): boolean => Array.isArray(v) && v.length === 0;
  if (!root || !(empty(root.files) || empty(root.include)) || !Array.isArray(root.references)) return undefined;
  const functions = path.relative(rootDir, functionsDir).split(path.sep).join('/');
  for (const ref of root.references as unknown[]) {
    if (ref === null || typeof ref !== 'object' || typeof (ref as { path?: unknown }).path !== 'string') continue;
    let file = path.resolve(rootDir, (ref as { path: string }).path);
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'tsconfig.json');
    const config = read(file);
    if (!config) continue;
    const base = path.relative(rootDir, path.dirname(file)).split(path.sep).join('/');
    if ([...strings(config.include), ...strings(config.files)].some((p) => covers(path.posix.join(base || '.', p), functions))) return file;
  }
  return undefined;
}
