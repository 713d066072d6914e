/**
 * A Node function's assets: the files next to its sources that its code may read at run time
 * (`readFileSync(path.join(__dirname, 'prices.json'))`). The bundle holds the code only, so they are
 * copied into the deployable folder beside `index.js`, where `__dirname` points on the platform and
 * in `cloudfn serve`.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { DEPLOY_DIR } from './bundle.js';
import { writeAtomic } from './write.js';
import { t } from '../i18n/messages.js';

/** Code (bundled, not copied), maps and declarations. */
const CODE = /\.(?:[cm]?[jt]sx?|map)$/i;
/** Configuration of the project or the folder, never read by the function. */
const NOT_ASSETS = /^(?:package(?:-lock)?\.json|tsconfig(?:\.[\w-]+)?\.json|cloudbaserc\.json)$/i;
/** What the deployable folder holds besides assets. */
export const BUILT_FILES = new Set(['index.js', 'package.json', 'main.js', 'main.js.map']);
const MAX_DEPTH = 8;
const MAX_FILES = 1000;

/** The assets of the function folder `dir`, as sorted POSIX paths relative to it. */
export function functionAssets(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || (depth === 0 && (e.name === DEPLOY_DIR || e.name === 'node_modules'))) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(child, depth + 1);
      } else if (e.isFile() && !CODE.test(e.name) && !NOT_ASSETS.test(e.name)) {
        if (out.length >= MAX_FILES) {
          throw new UsageError(t('assets.tooMany', { dir, max: MAX_FILES }));
        }
        out.push(child);
      }
    }
  };
  walk('', 0);
  return out.sort();
}

/**
 * Makes `<dir>/dist/` hold exactly the function's assets beside the built files: copies what is new
 * or changed (atomically), removes copies whose source is gone. Returns the absolute paths written
 * or removed.
 */
export function syncAssets(dir: string): string[] {
  const dist = path.join(dir, DEPLOY_DIR);
  const assets = functionAssets(dir);
  const changed: string[] = [];
  for (const rel of assets) {
    const from = readFileSync(path.join(dir, rel));
    const to = path.join(dist, rel);
    if (existsSync(to) && readFileSync(to).equals(from)) continue;
    writeAtomic(to, from);
    changed.push(to);
  }
  const keep = new Set(assets);
  const stale = (rel: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(path.join(dist, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.name.startsWith('.') || (depth === 0 && BUILT_FILES.has(e.name))) continue;
      if (e.isDirectory()) stale(child, depth + 1);
      else if (!keep.has(child)) {
        rmSync(path.join(dist, child), { force: true });
        changed.push(path.join(dist, child));
      }
    }
  };
  stale('', 0);
  return changed;
}
