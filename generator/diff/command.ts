/** `cloudfn diff <base> [<head>]`: the changes between two versions of the contracts, and who they break. */
import type { ResolvedConfig } from '../config.js';
import { CloudFnToolError } from '../errors.js';
import { compile } from '../pipeline.js';
import { colours, githubAnnotation, pointerPosition, type ReportFormat } from '../util/report.js';
import { diffContracts, SEVERITY_TEXT, type Change, type Severity } from './rules.js';
import { readSide } from './sides.js';
import { diffReasonZh } from '../i18n/diff-zh.js';
import { language, t } from '../i18n/messages.js';
import { displayWidth } from '../targets/ts/house.js';

export interface DiffFlags {
  base: string;
  head: string | undefined;
  format: ReportFormat;
  allowBreaking: boolean;
}

/** Breaking changes found (and not allowed): exit 1, the report already printed. */
export class BreakingChangesError extends CloudFnToolError {
  constructor(count: number) {
    super(t(count === 1 ? 'diff.breaking.one' : 'diff.breaking.other', { count }), 1);
  }
}

function counts(changes: readonly Change[]): Record<Severity, number> {
  const out: Record<Severity, number> = { 'breaking-callers': 0, 'breaking-function': 0, compatible: 0 };
  for (const c of changes) out[c.severity]++;
  return out;
}

/** Prints the report; returns the number of breaking changes not allowed (the command exits 1 when any). */
export function runDiff(config: ResolvedConfig, flags: DiffFlags, write: (text: string) => void = (t) => void process.stdout.write(t)): number {
  const before = readSide(config, flags.base);
  const after = flags.head !== undefined ? readSide(config, flags.head) : { label: 'the working tree', ir: compile(config) };
  const changes = diffContracts(before.ir, after.ir);
  const n = counts(changes);
  const breaking = n['breaking-callers'] + n['breaking-function'];
  const exitCode = breaking > 0 && !flags.allowBreaking ? 1 : 0;
  // Positions only where the head's files are on disk: the working tree.
  const where = (c: Change) => (flags.head === undefined ? pointerPosition(config.rootDir, c.file, c.pointer) : undefined);
  const summary = `${n['breaking-callers']} breaking for callers, ${n['breaking-function']} breaking for the function, ${n.compatible} compatible`;
  // The text report in the language of the messages; the machine formats stay as they are.
  const zh = language() === 'zh';

  if (flags.format === 'json') {
    const report = {
      base: before.label,
      head: after.label,
      summary: { breakingForCallers: n['breaking-callers'], breakingForFunction: n['breaking-function'], compatible: n.compatible },
      changes: changes.map((c) => {
        const at = where(c);
        return { function: c.fn, severity: c.severity, file: c.file, pointer: c.pointer, ...(at ? { line: at.line, column: at.column } : {}), reason: c.reason };
      }),
      exitCode,
    };
    write(`${JSON.stringify(report, null, 2)}\n`);
    return exitCode && breaking;
  }
  if (flags.format === 'github') {
    for (const c of changes) {
      const at = where(c);
      const level = c.severity === 'compatible' ? 'notice' : flags.allowBreaking ? 'warning' : 'error';
      write(`${githubAnnotation(level, `${c.pointer || '/'}: ${c.reason}`, { file: c.file, ...(at ? { line: at.line, col: at.column } : {}), title: `${c.fn}: ${SEVERITY_TEXT[c.severity]}` })}\n`);
    }
    write(`cloudfn diff ${before.label} → ${after.label}: ${summary}\n`);
    return exitCode && breaking;
  }
  const paint = colours();
  const headLabel = flags.head === undefined ? t('diff.workingTree') : after.label;
  const textSummary = t('diff.summary', { callers: n['breaking-callers'], fn: n['breaking-function'], compatible: n.compatible });
  const lines = [t('diff.head', { base: before.label, head: headLabel, summary: changes.length === 0 ? t('diff.noChanges') : textSummary })];
  const severityText: Record<Severity, string> = { 'breaking-callers': t('diff.breakingCallers'), 'breaking-function': t('diff.breakingFunction'), compatible: t('diff.compatible') };
  const width = Math.max(26, ...Object.values(severityText).map(displayWidth));
  let current = '';
  for (const c of changes) {
    if (c.fn !== current) {
      current = c.fn;
      lines.push('', paint.bold(c.fn));
    }
    const at = where(c);
    const label = severityText[c.severity] + ' '.repeat(width - displayWidth(severityText[c.severity]));
    const coloured = c.severity === 'breaking-callers' ? paint.red(label) : c.severity === 'breaking-function' ? paint.yellow(label) : paint.dim(label);
    const reason = zh ? (diffReasonZh(c.reason) ?? c.reason) : c.reason;
    lines.push(`  ${coloured} ${c.file}${at ? `:${at.line}:${at.column}` : ''} ${c.pointer || '/'}  ${reason}`);
  }
  write(`${lines.join('\n')}\n`);
  return exitCode && breaking;
}
