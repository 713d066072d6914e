/** Locates this package's root (where package.json, schemas/ and templates/ live), from source or from dist/. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schemas'))) return (cached = dir);
    if (path.dirname(dir) === dir) throw new Error('cloudfn: cannot find the package root (package.json next to schemas/)');
  }
}
