/**
 * Writing one file the way cloudfn writes every file: a temp file beside it, then a rename (readers
 * see the old file or the new one, never half of one), or, for a scaffold the user will own, a hard
 * link that fails rather than replace a file that appeared meanwhile. Used by this thread and by the
 * writer thread of `Writers` (write.ts), so it imports nothing but Node.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a thread needs to write a file. */
export interface FileToWrite {
  absPath: string;
  contents: string;
  /** A scaffold is created once and never replaced. */
  ownership?: 'generated' | 'scaffold' | undefined;
}

// Temp names are `.<name>.<12 hex>.tmp`: 8 random per thread, then a counter (a random suffix per
// file cost ~10 us each, 40 ms at 4,000 files); unique across processes and threads by the prefix.
const prefix = randomBytes(4).toString('hex');
let counter = 0;

function tempPath(absPath: string): string {
  counter = (counter + 1) % 0x10000;
  return path.join(path.dirname(absPath), `.${path.basename(absPath)}.${prefix}${counter.toString(16).padStart(4, '0')}.tmp`);
}

export function writeOne(file: FileToWrite): void {
  if (file.ownership === 'scaffold') createOnce(file.absPath, file.contents);
  else writeAtomicIn(file.absPath, file.contents);
}

/** Temp file + rename: readers see the old file or the new one, never half of one. */
export function writeAtomic(absPath: string, contents: string | Uint8Array): void {
  mkdirSync(path.dirname(absPath), { recursive: true });
  writeAtomicIn(absPath, contents);
}

/** Temp file + rename in an existing folder. */
export function writeAtomicIn(absPath: string, contents: string | Uint8Array): void {
  const tmp = tempPath(absPath);
  writeFileSync(tmp, contents);
  try {
    renameSync(tmp, absPath);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Temp file + hard link: fails rather than replace a file that appeared meanwhile. */
export function createOnce(absPath: string, contents: string): void {
  mkdirSync(path.dirname(absPath), { recursive: true });
  const tmp = tempPath(absPath);
  writeFileSync(tmp, contents);
  try {
    linkSync(tmp, absPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
}
