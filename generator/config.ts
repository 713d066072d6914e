/**
 * Finds and reads `cloudfn.config.json` (searched upward from the working
 * directory); flags override it. Paths resolve against the config file's folder.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';
import { suggestion } from './util/did-you-mean.js';
import { isObject } from './util/schema-walk.js';

export const CONFIG_FILE = 'cloudfn.config.json';

/** Options a user sets in `cloudfn.config.json`. */
export interface ConfigFile {
  /** Folder of `*.fn.json` / `*.fn.yaml` contracts. Default `schemas`. */
  schemas?: string;
  /** Folder for caller-side output (types, clients, contract tests). Default `generated`. */
  out?: string;
  /** Folder of function handlers, one sub-folder per function. Default `functions`. */
  functions?: string;
  /** Per-target options, keyed by target id. */
  targets?: Record<string, Record<string, unknown>>;
  /** Options of `cloudfn serve`, the local gateway emulator. */
  serve?: ServeConfig;
}

/** `cloudfn serve` settings; every key optional. */
export interface ServeConfig {
  port?: number;
  /** The gateway's service key; also given to every function as CLOUDFN_SERVICE_KEY unless its env sets it. */
  serviceKey?: string;
  /** Security whitelist of caller IPs / CIDR ranges. */
  allowIps?: string[];
  appId?: string;
  appSecret?: string;
  /** The environment id the invoke API expects. */
  env?: string;
  tokenTtlSeconds?: number;
  /** Per function: its environment variables, and `http: false` to switch its trigger off. */
  functions?: Record<string, { env?: Record<string, string>; http?: boolean }>;
}

const KEYS = ['$schema', 'schemas', 'out', 'functions', 'targets', 'serve'];

export interface ResolvedConfig {
  /** Folder holding the config file, or the working directory; every displayed path is relative to it. */
  rootDir: string;
  configFile?: string;
  schemasDir: string;
  outDir: string;
  functionsDir: string;
  targets: Record<string, Record<string, unknown>>;
  serve: ServeConfig;
}

export interface ConfigFlags {
  config?: string | undefined;
  schemas?: string | undefined;
  out?: string | undefined;
  functions?: string | undefined;
  /** Handlers serve mock.ts instead of impl.ts. */
  mock?: boolean | undefined;
}

export function findConfig(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function resolveConfig(flags: ConfigFlags, cwd: string = process.cwd()): ResolvedConfig {
  const configFile = flags.config ? path.resolve(cwd, flags.config) : findConfig(cwd);
  if (flags.config && !existsSync(configFile!)) throw new UsageError(`--config ${flags.config}: no such file`);
  const file = configFile ? readConfig(configFile) : {};
  const rootDir = configFile ? path.dirname(configFile) : cwd;
  const pick = (flag: string | undefined, key: 'schemas' | 'out' | 'functions', fallback: string): string =>
    flag !== undefined ? path.resolve(cwd, flag) : path.resolve(rootDir, file[key] ?? fallback);
  const config: ResolvedConfig = {
    rootDir,
    ...(configFile ? { configFile } : {}),
    schemasDir: pick(flags.schemas, 'schemas', 'schemas'),
    outDir: pick(flags.out, 'out', 'generated'),
    functionsDir: pick(flags.functions, 'functions', 'functions'),
    targets: flags.mock ? { ...file.targets, handler: { ...file.targets?.['handler'], mock: true } } : (file.targets ?? {}),
    serve: file.serve ?? {},
  };
  if (!existsSync(config.schemasDir) || !statSync(config.schemasDir).isDirectory()) {
    throw new UsageError(`no schemas folder at ${path.relative(cwd, config.schemasDir) || '.'}; create it, set "schemas" in ${CONFIG_FILE}, or pass --schemas`);
  }
  return config;
}

function readConfig(file: string): ConfigFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: invalid JSON (${(e as Error).message}); fix the file`);
  }
  if (!isObject(data)) throw new UsageError(`${file}: must be a JSON object with keys ${KEYS.slice(1).join(', ')}`);
  for (const key of Object.keys(data)) {
    if (!KEYS.includes(key)) throw new UsageError(`${file}: unknown key "${key}"; ${suggestion(key, KEYS.slice(1), `allowed: ${KEYS.slice(1).join(', ')}`)}`);
  }
  for (const key of ['schemas', 'out', 'functions'] as const) {
    if (key in data && typeof data[key] !== 'string') throw new UsageError(`${file}: "${key}" must be a folder path string`);
  }
  if ('serve' in data && !isObject(data['serve'])) throw new UsageError(`${file}: "serve" must be an object of emulator options`);
  if ('targets' in data && !isObject(data['targets'])) throw new UsageError(`${file}: "targets" must be an object of per-target options`);
  return data as ConfigFile;
}
