/**
 * The generation cache, under `node_modules/.cache/cloudfn/` of the project:
 * not user output, so `check` may read and fill it. Every entry is keyed by
 * a hash of everything it depends on (including cloudfn's own code), and
 * carries a hash of its value: an entry that is corrupted, stale or from
 * another version is ignored and recomputed, never trusted. Output is
 * byte-for-byte the same with a warm cache or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

let codeHash: string | undefined;

/** The packages whose output cloudfn's output depends on: another version, another cache. */
const OUTPUT_PACKAGES = ['ajv', 'ajv-formats', 'esbuild', 'prettier', 'recheck', 'ts-morph'];

/**
 * A hash of cloudfn's own code and templates and of the versions of the packages that shape its
 * output: a new cloudfn, or a new prettier, never reads an old one's entries.
 */
export function generatorHash(): string {
  if (codeHash !== undefined) return codeHash;
  const hash = createHash('sha256');
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && !entry.name.endsWith('.map') && !entry.name.endsWith('.d.ts')) hash.update(`${path.relative(packageRoot(), full)}\0`).update(readFileSync(full)).update('\0');
    }
  };
  for (const dir of ['dist/generator', 'templates', 'schemas']) visit(path.join(packageRoot(), dir));
  hash.update(readFileSync(path.join(packageRoot(), 'package.json')));
  const require = createRequire(import.meta.url);
  for (const name of OUTPUT_PACKAGES) {
    try {
      hash.update(`${name}@${(JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version}\0`);
    } catch {
      hash.update(`${name}@?\0`);
    }
  }
  return (codeHash = hash.digest('hex'));
}

/**
 * The project's cache folder: `node_modules/.cache/cloudfn` in the project, or, for a project in a
 * workspace whose packages are installed above it (npm and yarn workspaces), a folder of its own
 * under the nearest node_modules above (`.cache/cloudfn/workspaces/<the project's path from there>`).
 * Undefined when there is no node_modules at all: then nothing is cached.
 */
export function cacheDir(rootDir: string): string | undefined {
  const root = path.resolve(rootDir);
  for (let dir = root, i = 0; i < 64; dir = path.dirname(dir), i++) {
    const modules = path.join(dir, 'node_modules');
    if (existsSync(modules) && statSync(modules).isDirectory()) {
      return dir === root ? path.join(modules, '.cache', 'cloudfn') : path.join(modules, '.cache', 'cloudfn', 'workspaces', path.relative(dir, root));
    }
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}

interface Entry {
  sha: string;
  value: string;
}

/**
 * A namespaced key → text memo, read once from one file and written back once
 * with only the entries this run used (so it never grows without bound).
 */
export class Memo {
  private readonly old = new Map<string, string>();
  private readonly used = new Map<string, string>();
  private changed = false;

  private constructor(private readonly file: string | undefined) {}

  static open(dir: string | undefined, namespace: string): Memo {
    const memo = new Memo(dir && path.join(dir, `${namespace}.json`));
    if (!memo.file || !existsSync(memo.file)) return memo;
    try {
      const data = JSON.parse(readFileSync(memo.file, 'utf8')) as { generator?: string; entries?: Record<string, Entry> };
      if (data.generator !== generatorHash() || !data.entries) return memo;
      for (const [key, e] of Object.entries(data.entries)) {
        if (typeof e?.value === 'string' && e.sha === sha256(e.value)) memo.old.set(key, e.value);
      }
    } catch {
      // A corrupted cache file is no cache.
    }
    return memo;
  }

  get(key: string): string | undefined {
    const value = this.used.get(key) ?? this.old.get(key);
    if (value !== undefined) this.used.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    this.used.set(key, value);
    this.changed = true;
  }

  /** The value for `key`, computed once and remembered. */
  through(key: string, compute: () => string): string {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.set(key, value);
    return value;
  }

  save(): void {
    if (!this.file || (!this.changed && this.used.size === this.old.size)) return;
    // The same JSON as JSON.stringify({ generator, entries }), written an entry at a time: a large
    // project's memo is tens of megabytes, which are never held as one string beside the values.
    const keys = [...this.used.keys()].sort((a, b) => (a < b ? -1 : 1));
    writeCacheFile(this.file, function* (this: Memo): Generator<string> {
      yield `{"generator":${JSON.stringify(generatorHash())},"entries":{`;
      let first = true;
      for (const key of keys) {
        const value = this.used.get(key)!;
        const entry: Entry = { sha: sha256(value), value };
        yield `${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(entry)}`;
        first = false;
      }
      yield '}}';
    }.call(this));
  }
}

/** Temp file + rename, so a reader never sees half a cache file; a failure to cache is not an error. */
export function writeCacheFile(file: string, text: string | Uint8Array | Iterable<string>): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    if (typeof text === 'string' || text instanceof Uint8Array) writeFileSync(tmp, text);
    else {
      const fd = openSync(tmp, 'w');
      try {
        // Pieces gathered into writes of about 1 MB.
        let pending: string[] = [];
        let size = 0;
        for (const piece of text) {
          pending.push(piece);
          size += piece.length;
          if (size >= 1 << 20) {
            writeSync(fd, pending.join(''));
            pending = [];
            size = 0;
          }
        }
        if (pending.length) writeSync(fd, pending.join(''));
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
  }
}
