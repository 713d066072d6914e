/**
 * Stage 7, write (and its read-only twin, check). Compares the emitted files
 * with the disk, writes only what changed, atomically, and never touches a
 * file cloudfn did not generate. A scaffold is created once, never rewritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type * as Diff from 'diff';
import { WriteConflictError } from '../errors.js';
import type { EmittedFile, OutputRoot } from '../targets/target.js';
import { GENERATED_MARKER, isGenerated } from '../util/generated-file.js';
import { byCodePoint } from '../util/sorted.js';
import { t } from '../i18n/messages.js';
import { createOnce, writeAtomic, writeAtomicIn, writeOne, type FileToWrite } from './write-file.js';

export { createOnce, writeAtomic };
export { isGenerated };

export interface PlannedFile extends EmittedFile {
  absPath: string;
  /** Project-relative POSIX path, for messages. */
  displayPath: string;
}

export type FileState = 'unchanged' | 'missing' | 'stale' | 'extra' | 'conflict';

export interface FileStatus {
  file: PlannedFile | { absPath: string; displayPath: string };
  state: FileState;
  /** What is on disk now, for stale files. */
  onDisk?: string;
}

export function plan(files: readonly EmittedFile[], roots: Readonly<Record<OutputRoot, string>>, rootDir: string): PlannedFile[] {
  return files
    .map((f) => {
      const absPath = path.join(roots[f.root], ...f.path.split('/'));
      return { ...f, absPath, displayPath: path.relative(rootDir, absPath).split(path.sep).join('/') };
    })
    .sort((a, b) => byCodePoint(a.displayPath, b.displayPath));
}

/** The file's text, or undefined when there is no file there (read at once: no asking first). */
export function readIfPresent(absPath: string): string | undefined {
  try {
    return readFileSync(absPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}

/** Compares planned files with the disk. Reads only. */
export function compare(planned: readonly PlannedFile[], scanDirs: readonly string[], rootDir: string): FileStatus[] {
  const statuses: FileStatus[] = [];
  const plannedPaths = new Set(planned.map((p) => p.absPath));
  // A folder that is not there holds none of its files (the first run): asked once per folder.
  const folders = new Map<string, boolean>();
  const folderExists = (dir: string): boolean => {
    let known = folders.get(dir);
    if (known === undefined) folders.set(dir, (known = existsSync(dir)));
    return known;
  };
  for (const file of planned) {
    if (file.ownership === 'scaffold') {
      statuses.push({ file, state: existsSync(file.absPath) ? 'unchanged' : 'missing' });
      continue;
    }
    // Read at once (a missing file is the error): one system call fewer per file than asking first.
    const onDisk = folderExists(path.dirname(file.absPath)) ? readIfPresent(file.absPath) : undefined;
    // Not readable as a file, yet there: a folder stands where the file goes.
    if (onDisk === undefined) statuses.push({ file, state: folderExists(path.dirname(file.absPath)) && existsSync(file.absPath) ? 'conflict' : 'missing' });
    else {
      // A checkout with CRLF line ends (git's autocrlf on Windows) holds the same file.
      if (onDisk === file.contents || (onDisk.includes('\r\n') && onDisk.replace(/\r\n/g, '\n') === file.contents)) statuses.push({ file, state: 'unchanged' });
      else if (!onDisk.slice(0, 512).includes(GENERATED_MARKER)) statuses.push({ file, state: 'conflict' });
      else statuses.push({ file, state: 'stale', onDisk });
    }
  }
  for (const absPath of generatedFilesIn(scanDirs, plannedPaths)) {
    if (!plannedPaths.has(absPath)) {
      statuses.push({ file: { absPath, displayPath: path.relative(rootDir, absPath).split(path.sep).join('/') }, state: 'extra' });
    }
  }
  return statuses;
}

/**
 * Every file under `dirs` that starts with cloudfn's banner, except those in `known` (files the
 * caller accounts for already: they are not opened).
 */
export function generatedFilesIn(dirs: readonly string[], known: ReadonlySet<string> = new Set()): string[] {
  const found = new Set<string>();
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && !known.has(full) && isGenerated(full)) found.add(full);
    }
  };
  for (const d of dirs) visit(d);
  return [...found].sort(byCodePoint);
}

/**
 * Applies the comparison: writes missing and stale files (each atomically),
 * removes extra generated files. Nothing is written when any file is a conflict.
 * Files `later` picks are not written here but returned (and listed as written),
 * for `Writers.write` while esbuild builds: the PHP files, which no bundle reads.
 */
export async function write(
  statuses: readonly FileStatus[],
  later: (file: PlannedFile) => boolean = () => false,
  writers?: Writers,
  keep: readonly string[] = [],
): Promise<{ written: string[]; removed: string[]; deferred: PlannedFile[] }> {
  const conflicts = statuses.filter((s) => s.state === 'conflict');
  if (conflicts.length > 0) {
    throw new WriteConflictError(
      conflicts
        .map((c) => t('write.nothingWritten', { text: conflictText(c.file.displayPath) }))
        .join('\n'),
    );
  }
  const removed: string[] = [];
  const emptied = new Set<string>();
  for (const s of statuses) {
    if (s.state === 'extra') {
      unlinkSync(s.file.absPath);
      removed.push(s.file.displayPath);
      emptied.add(path.dirname(s.file.absPath));
    }
  }
  removeEmptyFolders(emptied, keep);
  const pending = statuses.filter((s): s is FileStatus & { file: PlannedFile } => (s.state === 'missing' || s.state === 'stale') && 'contents' in s.file).map((s) => s.file);
  const folders = new Set<string>();
  for (const file of pending) folders.add(path.dirname(file.absPath));
  for (const dir of [...folders].sort(byCodePoint)) mkdirSync(dir, { recursive: true });
  const now = pending.filter((f) => !later(f));
  if (writers) await writers.split(now);
  // One file after another, synchronously: nothing else runs meanwhile, and each file is then one
  // call instead of four promise round trips through the thread pool (a third faster).
  else for (const file of now) writeOne(file);
  return { written: pending.map((f) => f.displayPath), removed, deferred: pending.filter(later) };
}

/**
 * The folders that removing generated files left empty (a target turned off: generated/php/src/Model
 * and up), and their parents while they are empty too; never one of `keep` (the output roots), nor a
 * folder holding anything else, yours included.
 */
function removeEmptyFolders(folders: ReadonlySet<string>, keep: readonly string[]): void {
  const kept = new Set(keep.map((k) => path.resolve(k)));
  // Deepest first, so that a parent is tried after its children.
  for (const start of [...folders].sort((a, b) => b.length - a.length)) {
    for (let dir = start; !kept.has(dir) && path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      if (!existsSync(dir) || readdirSync(dir).length > 0) break;
      rmdirSync(dir);
    }
  }
}

/** Files from which a second thread writes part of them: below, starting it costs more than it saves. */
export const WRITER_FROM = 256;
/** Files sent to the writer thread in one message. */
const WRITER_BATCH = 256;

/**
 * This thread and a writer thread writing one set of files. Creating a file is work in the kernel,
 * on this VM 0.02 to 0.5 ms a file depending on the host's load: two threads writing to different
 * folders take half the time, while two in one folder wait for each other (the folder's lock). So
 * `split` gives each thread whole folders, and `write` hands the thread a set to write on its own
 * while this thread does something else. Without the worker's compiled file (running from the
 * TypeScript sources) this thread writes everything.
 */
export class Writers {
  private readonly worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void; files: readonly FileToWrite[] }>();
  private nextId = 0;

  private constructor(WorkerClass: typeof Worker | undefined) {
    const script = new URL('./write-worker.js', import.meta.url);
    if (!WorkerClass || !existsSync(fileURLToPath(script))) return;
    // A small young generation: the thread only passes strings on to the kernel.
    this.worker = new WorkerClass(script, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker.on('message', ({ id, error }: { id: number; error?: { message: string; code?: string; syscall?: string; path?: string; errno?: number } }) => {
      const job = this.waiting.get(id);
      if (!job) return;
      this.waiting.delete(id);
      if (error) job.reject(Object.assign(new Error(error.message), error));
      else job.resolve();
    });
    // A thread that stops without answering: this thread writes what it was given (the same bytes again
    // for a file it did write).
    const orphaned = (): void => {
      for (const [id, job] of this.waiting) {
        this.waiting.delete(id);
        try {
          for (const file of job.files) writeOne(file);
          job.resolve();
        } catch (e) {
          job.reject(e as Error);
        }
      }
    };
    this.worker.on('error', orphaned);
    this.worker.on('exit', orphaned);
  }

  /** A writer thread when there are enough files for one to pay. */
  static async start(files: number): Promise<Writers> {
    return new Writers(files >= WRITER_FROM ? (await import('node:worker_threads')).Worker : undefined);
  }

  /** Writes `files` on the writer thread (here without one); resolves when all are written. */
  async write(files: readonly FileToWrite[]): Promise<void> {
    if (!this.worker) {
      for (const file of files) writeOne(file);
      return;
    }
    // A batch at a time, the next one sent while one is written: the thread holds a copy of two
    // batches at most, not of every file (at 1,000 functions, 10 MB of PHP).
    let pending: Promise<void> | undefined;
    for (let i = 0; i < files.length; i += WRITER_BATCH) {
      const sent = this.send(files.slice(i, i + WRITER_BATCH));
      if (pending) await pending;
      pending = sent;
    }
    await pending;
  }

  private send(files: readonly FileToWrite[]): Promise<void> {
    const id = this.nextId++;
    const plain = files.map((f) => ({ absPath: f.absPath, contents: f.contents, ownership: f.ownership }));
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, files: plain });
      this.worker!.postMessage({ id, files: plain });
    });
  }

  /** Writes `files` on both threads, each taking whole folders, about half the files each. */
  async split(files: readonly FileToWrite[]): Promise<void> {
    if (!this.worker) {
      for (const file of files) writeOne(file);
      return;
    }
    const byFolder = new Map<string, FileToWrite[]>();
    for (const f of files) {
      const dir = path.dirname(f.absPath);
      const list = byFolder.get(dir);
      if (list) list.push(f);
      else byFolder.set(dir, [f]);
    }
    const mine: FileToWrite[] = [];
    const theirs: FileToWrite[] = [];
    // The largest folders first, each to the thread with fewer files so far; the writer thread
    // starts later (~20 ms), so this one takes ties.
    for (const list of [...byFolder.values()].sort((a, b) => b.length - a.length)) (mine.length <= theirs.length ? mine : theirs).push(...list);
    const there = this.write(theirs);
    let failure: unknown;
    try {
      for (const file of mine) writeOne(file);
    } catch (e) {
      failure = e;
    }
    // The other thread's error, if any, is reported only when this one had none.
    try {
      await there;
    } catch (e) {
      failure ??= e;
    }
    if (failure !== undefined) throw failure;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

/** Writes each file whose content differs from the disk (each atomically); the paths it wrote. */
export async function writeChanged(files: readonly { absPath: string; contents: string }[]): Promise<string[]> {
  const changed = files.filter((f) => !(existsSync(f.absPath) && readFileSync(f.absPath, 'utf8') === f.contents));
  for (const dir of new Set(changed.map((f) => path.dirname(f.absPath)))) mkdirSync(dir, { recursive: true });
  for (const f of changed) writeAtomicIn(f.absPath, f.contents);
  return changed.map((f) => f.absPath);
}

/** The report `cloudfn check` prints: a list, then a unified diff per changed file. */
/**
 * What `gen` and `check` both say about a file where cloudfn would write that does not start with
 * its banner: gen will not overwrite it, so check does not tell the user to run gen for it.
 */
export function conflictText(displayPath: string): string {
  return t('write.conflict', { file: displayPath });
}

export function driftReport(statuses: readonly FileStatus[]): string | undefined {
  const drift = statuses.filter((s) => s.state !== 'unchanged');
  if (drift.length === 0) return undefined;
  const label: Record<FileState, string> = { unchanged: '', missing: t('drift.missing'), stale: t('drift.stale'), extra: t('drift.extra'), conflict: '' };
  const conflicts = drift.filter((s) => s.state === 'conflict');
  const rest = drift.length - conflicts.length;
  const lines: string[] = conflicts.map((s) => conflictText(s.file.displayPath));
  if (rest > 0) lines.push(t(rest === 1 ? 'drift.header.one' : 'drift.header.other', { count: rest }));
  for (const s of drift) if (s.state !== 'conflict') lines.push(`  ${label[s.state]}: ${s.file.displayPath}`);
  for (const s of drift) {
    const name = s.file.displayPath;
    // A conflict may be a folder standing where the file goes: nothing to show of it.
    const before = s.state === 'missing' ? '' : s.state === 'stale' ? (s.onDisk ?? '') : (readIfPresent(s.file.absPath) ?? '');
    const after = 'contents' in s.file && s.state !== 'extra' ? s.file.contents : '';
    lines.push('', (createRequire(import.meta.url)('diff') as typeof Diff).createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 }).trimEnd());
  }
  return lines.join('\n');
}
