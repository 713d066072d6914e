import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The folders in `dir` (links to folders included), sorted; none when `dir` is not there. What a
 * compiler host lists as a folder's directories.
 */
export function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || (e.isSymbolicLink() && statSync(path.join(dir, e.name), { throwIfNoEntry: false })?.isDirectory() === true))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
