/**
 * One side of `cloudfn diff`: a folder of contracts, or the contracts committed at a git ref. A ref
 * is read with `git cat-file` into a temporary folder (every JSON and YAML file of the project at
 * that ref, so shared `$ref` files come along); the work tree is never touched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_FILE, type ResolvedConfig } from '../config.js';
import { CloudFnToolError, UsageError } from '../errors.js';
import type { Ir } from '../ir.js';
import { compile } from '../pipeline.js';
import { parse as parseJsonc } from 'jsonc-parser';
import { t } from '../i18n/messages.js';

const CONTRACT_FILES = /\.(?:json|ya?ml)$/i;
const MAX_FILES = 5_000;

function git(args: string[], cwd: string, input?: string): { ok: boolean; out: Buffer; err: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (r.error) throw new UsageError(t('diff.noGit', { detail: r.error.message }));
  return { ok: r.status === 0, out: r.stdout ?? Buffer.alloc(0), err: (r.stderr ?? Buffer.alloc(0)).toString('utf8').trim() };
}

/** Splits `git cat-file --batch` output into the contents of each object, in order. */
function batchContents(out: Buffer, count: number): (Buffer | undefined)[] {
  const contents: (Buffer | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString('utf8');
    const m = /^\S+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      contents.push(undefined);
      at = eol + 1;
      continue;
    }
    const size = Number(m[2]);
    contents.push(m[1] === 'blob' ? out.subarray(eol + 1, eol + 1 + size) : undefined);
    at = eol + 1 + size + 1;
  }
  return contents;
}

export interface Side {
  /** How the side is named in reports: the folder or the ref. */
  label: string;
  ir: Ir;
}

/** Reads a side: `spec` is a folder of contracts, or a git ref (`origin/main`, `HEAD~1`, a tag). */
export function readSide(config: ResolvedConfig, spec: string): Side {
  const folder = path.resolve(config.rootDir, spec);
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    return { label: spec, ir: compile({ ...config, schemasDir: folder }) };
  }
  const top = git(['rev-parse', '--show-toplevel'], config.rootDir);
  if (!top.ok) throw new UsageError(t('diff.notRepo', { spec }));
  const repo = top.out.toString('utf8').trim();
  const commit = git(['rev-parse', '--verify', '--quiet', `${spec}^{commit}`], repo);
  if (!commit.ok) throw new UsageError(t('diff.notRef', { spec }));
  const prefix = path.relative(repo, config.rootDir).split(path.sep).join('/');
  const listed = git(['ls-tree', '-r', '-z', '--name-only', spec, '--', prefix || '.'], repo);
  if (!listed.ok) throw new UsageError(t('diff.cannotList', { spec, detail: listed.err }));
  const files = listed.out.toString('utf8').split('\0').filter((f) => f && CONTRACT_FILES.test(f));
  if (files.length > MAX_FILES) throw new UsageError(t('diff.tooMany', { spec, max: MAX_FILES }));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-diff-'));
  try {
    const batch = git(['cat-file', '--batch'], repo, files.map((f) => `${spec}:${f}\n`).join(''));
    const contents = batchContents(batch.out, files.length);
    files.forEach((f, i) => {
      const data = contents[i];
      if (data === undefined) return;
      const rel = prefix ? path.posix.relative(prefix, f) : f;
      const abs = path.join(tmp, ...rel.split('/'));
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, data);
    });
    const schemasDir = path.join(tmp, schemasAtRef(config, tmp));
    if (!existsSync(schemasDir)) return { label: spec, ir: { functions: [], definitions: [] } };
    const { configFile: _unused, ...rest } = config;
    void _unused;
    return { label: spec, ir: compile({ ...rest, rootDir: tmp, schemasDir }) };
  } catch (e) {
    if (e instanceof CloudFnToolError) throw new UsageError(t('diff.notCompiling', { spec, detail: e.message.split(tmp).join(`${spec}:`) }));
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The contracts folder at the ref (relative to the project): the one the ref's own config names, as
 * the folder may have moved since. A folder given with --schemas, or a ref whose config cannot be
 * read, keeps today's.
 */
function schemasAtRef(config: ResolvedConfig, extracted: string): string {
  const today = path.normalize(path.relative(config.rootDir, config.schemasDir));
  const configured = config.configFile ? configuredSchemas(config.configFile) : null;
  if (configured === undefined || path.normalize(configured ?? DEFAULT_SCHEMAS) !== today) return today;
  const then = configuredSchemas(path.join(extracted, config.configFile ? path.relative(config.rootDir, config.configFile) : CONFIG_FILE));
  return then === undefined ? today : path.normalize(then ?? DEFAULT_SCHEMAS);
}

const DEFAULT_SCHEMAS = 'schemas';

/** The `schemas` a config file sets; null when it sets none, undefined when it cannot be read. */
function configuredSchemas(file: string): string | null | undefined {
  try {
    const data = parseJsonc(readFileSync(file, 'utf8')) as { schemas?: unknown } | undefined;
    if (data === undefined || data === null || typeof data !== 'object') return undefined;
    return typeof data.schemas === 'string' ? data.schemas : null;
  } catch {
    return undefined;
  }
}
