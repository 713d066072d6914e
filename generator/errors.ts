/**
 * Typed errors with stable codes. Every user-facing problem is a one-line
 * diagnostic naming the file, the position (line:column, or a JSON pointer when
 * no position exists), what is wrong and how to fix it.
 */

import { statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { diagnosticZh } from './i18n/diagnostics-zh.js';
import { language, t } from './i18n/messages.js';

/** Where in a source file a problem sits. */
export interface Position {
  line: number;
  column: number;
}

/** One problem found in the user's input. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `unknown-key`. */
  code: string;
  /** Project-relative POSIX path of the file. */
  file: string;
  /** JSON path inside the file, as segments. */
  path: readonly (string | number)[];
  position?: Position | undefined;
  /** What is wrong, followed by the fix ("…; did you mean …?"). */
  message: string;
}

/** Renders a path as the dotted form users read: `input.properties.qty.type`. */
export function dottedPath(path: readonly (string | number)[]): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

/** Renders a path as a JSON pointer (RFC 6901). */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** `schemas/a.fn.json:12:5 input.type: "strng" is not a JSON Schema type; did you mean "string"?` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.file}:${d.position.line}:${d.position.column}` : `${d.file}#${jsonPointer(d.path)}`;
  const at = d.path.length > 0 && d.position ? ` ${dottedPath(d.path)}:` : d.path.length > 0 ? ':' : '';
  // In Chinese when the CLI speaks it (a text no rule reads whole stays in English).
  const message = language() === 'zh' ? (diagnosticZh(d.message) ?? d.message) : d.message;
  return `${where}${at} ${message}`;
}

/** Base of every error the CLI reports without a stack trace. */
export class CloudFnToolError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The contracts are invalid: carries every diagnostic found, sorted. Exit code 1. */
export class ContractError extends CloudFnToolError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'), 1);
  }
}

/** Bad command-line usage or configuration. Exit code 2. */
export class UsageError extends CloudFnToolError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Generated files on disk differ from what the contracts produce. Exit code 1. */
export class DriftError extends CloudFnToolError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** A file cloudfn must not touch stands where it would write. Exit code 1. */
export class WriteConflictError extends CloudFnToolError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** Orders diagnostics by file, then position, then message, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The error codes of a file system that refuses an operation: the machine's state, not a bug in cloudfn. */
const REFUSALS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'ETXTBSY', 'ENAMETOOLONG']);
/** System calls that change the disk; an `open` changes it when it opens one of cloudfn's temp files. */
const WRITES = new Set(['mkdir', 'rename', 'link', 'write', 'unlink', 'rmdir', 'copyfile', 'symlink', 'chmod', 'utime', 'ftruncate']);
/** cloudfn's temp files: `.<name>.<12 hex>.tmp` beside the file (write.ts), `<name>.<12 hex>.tmp` for the cache. */
const TEMP_NAME = /^\.?(.+)\.[0-9a-f]{12}\.tmp$/;
const REASONS_ZH: Readonly<Record<string, string>> = {
  EACCES: '权限不足',
  ENOENT: '没有该文件或目录',
  EPERM: '不允许该操作',
  EROFS: '只读文件系统',
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出磁盘配额',
  EMFILE: '打开的文件过多',
  ENFILE: '打开的文件过多',
};

/**
 * A file system's refusal (permission denied, a read-only or full disk, ...) as the one line the CLI
 * prints: the file (the real one, not its temp file), why, and what to do. Undefined for anything
 * else, which stays a bug report.
 */
export function fileSystemError(e: unknown, cwd: string): CloudFnToolError | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, syscall, path: file } = e as NodeJS.ErrnoException;
  if (code === undefined || typeof file !== 'string' || !isAbsolute(file)) return undefined;
  const shown = (abs: string): string => relative(cwd, abs).split(sep).join('/') || '.';
  // A folder to be made where a file is, or under one: the path goes through that file.
  if (syscall === 'mkdir' && (code === 'EEXIST' || code === 'ENOTDIR')) {
    const blocker = fileOnTheWay(file);
    return blocker ? new UsageError(t('fs.notAFolder', { folder: shown(file), file: shown(blocker), code })) : undefined;
  }
  const temp = TEMP_NAME.exec(basename(file));
  const target = temp ? join(dirname(file), temp[1]!) : file;
  const writing = temp !== null || WRITES.has(syscall ?? '');
  // A new file the folder does not take (/proc), or a folder gone since it was made.
  if (code === 'ENOENT' && writing) {
    const folder = dirname(target);
    const fix = statOrNot(folder)?.isDirectory() ? t('fs.fix.noNewFiles', { folder: shown(folder) }) : t('fs.fix.gone', { folder: shown(folder) });
    return new UsageError(t('fs.cannotWrite', { file: shown(target), reason: reasonOf(e, code), code, fix }));
  }
  if (!REFUSALS.has(code)) return undefined;
  // A file is created, replaced or removed in its folder; one that is read needs reading itself.
  const folder = writing ? shown(dirname(target)) : shown(target);
  const fix =
    code === 'EACCES' || code === 'EPERM'
      ? t('fs.fix.access', { folder, access: t(writing ? 'fs.writable' : 'fs.readable') })
      : code === 'EROFS'
        ? t('fs.fix.readOnly')
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? t('fs.fix.space')
          : code === 'EMFILE' || code === 'ENFILE'
            ? t('fs.fix.files')
            : t('fs.fix.other');
  return new UsageError(t(writing ? 'fs.cannotWrite' : 'fs.cannotRead', { file: shown(target), reason: reasonOf(e, code), code, fix }));
}

/** Why, in the user's language: Node's words (`EACCES: permission denied, open '/the/path'`) or their translation. */
function reasonOf(e: Error, code: string): string {
  const english = /^[A-Z]+: ([^,]+)/.exec(e.message)?.[1] ?? code;
  return language() === 'zh' ? (REASONS_ZH[code] ?? english) : english;
}

/** The nearest of `path` and its parents that is there and is not a folder. */
function fileOnTheWay(path: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    const stat = statOrNot(at);
    if (stat) return stat.isDirectory() ? undefined : at;
    if (dirname(at) === at) return undefined;
  }
}

/** A path's stat; undefined when nothing can be there (missing, or under a file). */
function statOrNot(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
