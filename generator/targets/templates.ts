/** Reads the package's own runtime templates (real, compiled and tested files under templates/). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';

const cache = new Map<string, string>();

/**
 * A template as it is copied into the output: every runtime file lands in one
 * `_cloudfn/` folder, so imports of `../shared/x.js` (or `../ts-client/x.js`) become `./x.js`.
 */
export function templateForOutput(relPath: string): string {
  return readTemplate(relPath).replace(/from (['"])\.\.\/(?:shared|ts-client)\//g, 'from $1./');
}

export function readTemplate(relPath: string): string {
  let text = cache.get(relPath);
  if (text === undefined) {
    text = readFileSync(path.join(packageRoot(), 'templates', relPath), 'utf8');
    cache.set(relPath, text);
  }
  return text;
}
