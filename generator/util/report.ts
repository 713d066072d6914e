/**
 * Shared pieces of the CI reports (`check`, `diff`): output formats, colour only on a terminal
 * (and never with NO_COLOR), GitHub workflow annotations, and positions of JSON pointers in files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Position } from '../errors.js';
import { parseSource } from './source.js';

export const FORMATS = ['text', 'github', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** Colours for text reports: identity unless stdout is a terminal and NO_COLOR is unset. */
export function colours(stream: NodeJS.WriteStream = process.stdout): { red(s: string): string; yellow(s: string): string; dim(s: string): string; bold(s: string): string } {
  const on = stream.isTTY === true && (process.env['NO_COLOR'] ?? '') === '';
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

/** Escapes a GitHub workflow command's message and property values. */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error`/`::warning`/`::notice` line. */
export function githubAnnotation(level: 'error' | 'warning' | 'notice', message: string, where: { file?: string; line?: number; col?: number; title?: string } = {}): string {
  const props = [
    where.file !== undefined ? `file=${ghProperty(where.file)}` : '',
    where.line !== undefined ? `line=${where.line}` : '',
    where.col !== undefined ? `col=${where.col}` : '',
    where.title !== undefined ? `title=${ghProperty(where.title)}` : '',
  ].filter(Boolean);
  return `::${level}${props.length ? ` ${props.join(',')}` : ''}::${ghData(message)}`;
}

/** The position of a JSON pointer in a project file (its nearest existing ancestor), when the file can be read. */
export function pointerPosition(rootDir: string, file: string, pointer: string): Position | undefined {
  try {
    const abs = path.join(rootDir, file);
    const { doc } = parseSource(file, abs, readFileSync(abs, 'utf8'));
    const parts = pointer === '' ? [] : pointer.replace(/^\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    return doc?.locate(parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
  } catch {
    return undefined;
  }
}
