/**
 * The fast path of `gen` and `check` when nothing changed: a fingerprint of
 * every input of generation (cloudfn's own code, the config, the contracts
 * and every file they reference, the prettier config), and a manifest of
 * what the last run wrote with the hash of each file. When the fingerprint
 * is the same and every file on disk still has its hash (and no other
 * generated file appeared), the output is known to be in sync without
 * emitting or formatting anything. Any doubt falls back to the full run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { DeployedFunction } from './deploy.js';
import { byCodePoint } from '../util/sorted.js';
import { generatorHash, sha256, type Memo } from './cache.js';
import { PRETTIER_CONFIG_FILES } from './prettier-files.js';
import { generatedFilesIn, readIfPresent } from './write.js';

/** Files prettier may read its options from, looked for from the project up to the root. */
const PRETTIER_FILES = ['package.json', 'package.yaml', '.prettierignore', ...PRETTIER_CONFIG_FILES];

export interface RunManifest {
  fingerprint: string;
  /** Files the contracts reference outside the schemas folder (absolute paths). */
  outside: string[];
  /** Generated files by absolute path → hash; scaffolds → "" (only their existence matters). */
  files: Record<string, string>;
  /** Functions whose deployable folder `gen` builds. */
  nodeFunctions: string[];
  /** Every function, as the deploy stage needs it (cloudbaserc.json, the WeChat DevTools copies). */
  deployed: DeployedFunction[];
}

function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort(byCodePoint);
}

/** The hash of everything generation reads, with `outside` the referenced files beyond the schemas folder. */
export function fingerprint(config: ResolvedConfig, outside: readonly string[]): string {
  const hash = createHash('sha256');
  const add = (label: string, file: string): void => {
    hash.update(`${label}\0${file}\0`);
    if (existsSync(file) && statSync(file).isFile()) hash.update(readFileSync(file));
    hash.update('\0');
  };
  const { serve: _serve, ...generation } = config;
  hash.update(generatorHash()).update(JSON.stringify(generation));
  for (const file of filesBelow(config.schemasDir)) add('schema', file);
  for (const file of [...outside].sort(byCodePoint)) add('ref', file);
  for (let dir = config.rootDir, i = 0; i < 64; dir = path.dirname(dir), i++) {
    for (const name of PRETTIER_FILES) add('prettier', path.join(dir, name));
    if (path.dirname(dir) === dir) break;
  }
  return hash.digest('hex');
}

export function readManifest(memo: Memo): RunManifest | undefined {
  const text = memo.get('run');
  if (text === undefined) return undefined;
  try {
    const manifest = JSON.parse(text) as Partial<RunManifest>;
    // One written by an older shape of this file is no manifest.
    return Array.isArray(manifest.deployed) && Array.isArray(manifest.nodeFunctions) ? (manifest as RunManifest) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the last run's output is still exactly on disk: the same inputs, every file with its
 * hash, every scaffold present, and no other generated file in the output folders.
 */
export function stillInSync(config: ResolvedConfig, manifest: RunManifest | undefined): boolean {
  if (!manifest || manifest.fingerprint !== fingerprint(config, manifest.outside)) return false;
  for (const [file, hash] of Object.entries(manifest.files)) {
    if (hash === '') {
      if (!existsSync(file)) return false;
      continue;
    }
    const text = readIfPresent(file);
    if (text === undefined || sha256(text.replace(/\r\n/g, '\n')) !== hash) return false;
  }
  return generatedFilesIn([config.outDir, config.functionsDir], new Set(Object.keys(manifest.files))).length === 0;
}
