/**
 * Finds and reads `cloudfn.config.json` (searched upward from the working
 * directory); flags override it. Paths resolve against the config file's folder.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, UsageError, type Diagnostic } from './errors.js';
import { isGenerated } from './util/generated-file.js';
import { suggestion } from './util/did-you-mean.js';
import { packageRoot } from './util/package-root.js';
import { isObject } from './util/schema-walk.js';
import { parseJsonc, type JsonPath } from './util/source.js';
import { t } from './i18n/messages.js';

export const CONFIG_FILE = 'cloudfn.config.json';

/** The plain-JS mini program wrapper the direct target writes under the output folder, beside its cloudfn.d.ts. */
export const MINIPROGRAM_JS = 'miniprogram/js/cloudfn.js';
/** The file WeChat DevTools opens a project by (a mini program's, with its cloud functions). */
export const DEVTOOLS_PROJECT = 'project.config.json';

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
  /** Signed requests over the HTTP trigger for every function (a contract's own `signing` wins). */
  signing?: 'hmac-sha256' | 'none';
  /** The extension in generated TypeScript's relative imports: `.js` (default), or `.ts` for Node's own TypeScript support. */
  importExtension?: '.js' | '.ts';
  /** Options of `cloudfn serve`, the local gateway emulator. */
  serve?: ServeConfig;
  /** How the deployable folders reach CloudBase. */
  deploy?: DeployConfig;
}

/** `cloudbaserc.json` upkeep and the WeChat DevTools layout; every key optional. */
export interface DeployConfig {
  /** Keep cloudbaserc.json's entries for the contracts' functions in step (default true). */
  cloudbaserc?: boolean;
  /** `runtime` of Node functions in cloudbaserc.json (default Nodejs18.15; the bundles run on Node 16 and later). */
  nodejsRuntime?: string;
  /** `runtime` of PHP functions (default Php8.0; the PHP handler runs on 7.4 and later). */
  phpRuntime?: string;
  /** Mirror each deployable folder into `<devtoolsRoot>/<name>/` (WeChat DevTools' cloudfunctionRoot). */
  devtoolsRoot?: string;
  /** Ship a source map in each deployable folder, so the platform's logs name the project's .ts lines. */
  sourceMap?: boolean;
}

/** `cloudfn serve` settings; every key optional. */
export interface ServeConfig {
  port?: number;
  /** The gateway's service key; also given to every function as CLOUDFN_SERVICE_KEY unless its env sets it. */
  serviceKey?: string;
  /** Bearer tokens the CloudBase HTTP API (`/v1/functions/{name}`) accepts, as API keys from the console. */
  apiKeys?: string[];
  /** Security whitelist of caller IPs / CIDR ranges. */
  allowIps?: string[];
  appId?: string;
  appSecret?: string;
  /** The environment id the invoke API expects. */
  env?: string;
  tokenTtlSeconds?: number;
  /** Gateway authentication on trigger paths: `service-key` (default), `bearer` (the access service's identity authentication) or `none`. */
  gatewayAuth?: 'service-key' | 'bearer' | 'none';
  /** Origins (or `*`) answered for cross-origin requests and CORS preflight, as domains on the security list. */
  corsOrigins?: string[];
  /** The emulator behind a proxy of your own: the caller IP from the first X-Forwarded-For hop. */
  trustForwardedFor?: boolean;
  /** Per function: its environment variables, `http: false` to switch its trigger off, and its own gateway authentication. */
  functions?: Record<string, { env?: Record<string, string>; http?: boolean; gatewayAuth?: 'service-key' | 'bearer' | 'none' }>;
}


export interface ResolvedConfig {
  /** Folder holding the config file, or the working directory; every displayed path is relative to it. */
  rootDir: string;
  configFile?: string;
  schemasDir: string;
  outDir: string;
  functionsDir: string;
  targets: Record<string, Record<string, unknown>>;
  serve: ServeConfig;
  /** The project-wide default of each contract's `signing`. */
  signing?: 'hmac-sha256' | 'none';
  /** The extension in generated TypeScript's relative imports. */
  importExtension: '.js' | '.ts';
  deploy: DeployConfig;
}

export interface ConfigFlags {
  config?: string | undefined;
  schemas?: string | undefined;
  out?: string | undefined;
  functions?: string | undefined;
  /** Handlers serve mock.ts instead of impl.ts. */
  mock?: boolean | undefined;
  /** Create the schemas folder when it does not exist (`cloudfn new` in a new project). */
  createSchemas?: boolean | undefined;
}

export function findConfig(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) {
      if (!statSync(candidate).isFile()) throw new UsageError(t('config.isFolder', { file: path.relative(from, candidate) || CONFIG_FILE }));
      return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** What each path option names, as the example in the message when it is given without a path. */
const PATH_FLAGS = { config: CONFIG_FILE, schemas: 'schemas', out: 'generated', functions: 'functions' } as const;

export function resolveConfig(flags: ConfigFlags, cwd: string = process.cwd()): ResolvedConfig {
  // `--out` at the end of the line, or followed by another option, or `--out=`: an empty path, which
  // would otherwise mean the project's root (or, for --config, the config found as usual).
  for (const [name, example] of Object.entries(PATH_FLAGS)) {
    if (flags[name as keyof typeof PATH_FLAGS] === '') throw new UsageError(t('usage.needsPath', { name, example }));
  }
  const configFile = flags.config ? path.resolve(cwd, flags.config) : findConfig(cwd);
  if (flags.config && !existsSync(configFile!)) throw new UsageError(t('config.noSuchFile', { file: flags.config }));
  if (flags.config && !statSync(configFile!).isFile()) throw new UsageError(t('config.flagIsFolder', { file: flags.config }));
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
    targets: flags.mock ? { ...file.targets, handler: { ...file.targets?.['handler'], mock: true } } : { ...file.targets },
    serve: file.serve ?? {},
    ...(file.signing ? { signing: file.signing } : {}),
    importExtension: file.importExtension ?? '.js',
    deploy: file.deploy ?? {},
  };
  config.targets = withMiniprogramJs(config);
  if (flags.createSchemas && !existsSync(config.schemasDir)) mkdirSync(config.schemasDir, { recursive: true });
  if (existsSync(config.schemasDir) && !statSync(config.schemasDir).isDirectory()) {
    throw new UsageError(t('config.notAFolder', { key: 'schemas', dir: path.relative(cwd, config.schemasDir).split(path.sep).join('/') || '.' }));
  }
  if (!existsSync(config.schemasDir)) {
    throw new UsageError(t('config.noSchemas', { dir: path.relative(cwd, config.schemasDir) || '.', config: CONFIG_FILE }));
  }
  // A file where the generated code's folder would be.
  for (const [key, dir] of [['out', config.outDir], ['functions', config.functionsDir]] as const) {
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new UsageError(t('config.notAFolder', { key, dir: path.relative(cwd, dir).split(path.sep).join('/') || '.' }));
    }
  }
  /** `inner` is `outer` or lies inside it. */
  const within = (outer: string, inner: string): boolean => {
    const rel = path.relative(outer, inner);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  const shown = (d: string): string => path.relative(cwd, d).split(path.sep).join('/') || '.';
  // Generated files among the contracts: the output folder is the contracts folder, or holds it.
  // (The other way round is a layout: contracts at the project's root, "schemas": ".".)
  for (const [key, dir, fallback] of [['out', config.outDir, 'generated'], ['functions', config.functionsDir, 'functions']] as const) {
    if (within(dir, config.schemasDir)) throw new UsageError(t('config.outHoldsSchemas', { key, dir: shown(dir), schemas: shown(config.schemasDir), fallback }));
  }
  // The function folders among the clients and tests (and deployed with them), or the other way round.
  if (within(config.outDir, config.functionsDir) || within(config.functionsDir, config.outDir)) {
    const same = path.resolve(config.outDir) === path.resolve(config.functionsDir);
    throw new UsageError(t(same ? 'config.outIsFunctions' : 'config.outInFunctions', { out: shown(config.outDir), functions: shown(config.functionsDir) }));
  }
  return config;
}

/**
 * `targets.direct.miniprogramJs` decided: as configured, or else on in a WeChat DevTools project (a
 * project.config.json beside the config, or deploy.devtoolsRoot set), where a mini program without
 * a TypeScript build may take the plain-JS pair, and on while the pair is in the output already, so
 * that a project using it keeps it; off otherwise (a server calling its functions has no use for it).
 */
function withMiniprogramJs(config: ResolvedConfig): Record<string, Record<string, unknown>> {
  const direct = config.targets['direct'] ?? {};
  if (typeof direct['miniprogramJs'] === 'boolean') return config.targets;
  const pair = path.join(config.outDir, ...MINIPROGRAM_JS.split('/'));
  const wanted =
    config.deploy.devtoolsRoot !== undefined ||
    existsSync(path.join(config.rootDir, DEVTOOLS_PROJECT)) ||
    (existsSync(pair) && generatedHere(pair));
  return { ...config.targets, direct: { ...direct, miniprogramJs: wanted } };
}

/** True when cloudfn wrote the file; false when it cannot tell (unreadable): gen then names the problem. */
function generatedHere(file: string): boolean {
  try {
    return isGenerated(file);
  } catch {
    return false;
  }
}

function readConfig(file: string): ConfigFile {
  const shown = path.relative(process.cwd(), file).split(path.sep).join('/') || file;
  const { doc, diagnostics } = parseJsonc(shown, file, readFileSync(file, 'utf8'));
  if (!doc) throw new UsageError(diagnostics.map(formatDiagnostic).join('\n'));
  const problems: Diagnostic[] = [];
  checkAgainst(configSchema(), doc.data, [], (pathTo, message, key) => problems.push({ code: 'config', file: shown, path: pathTo, position: doc.locate(pathTo, { key: key === true }), message }));
  if (problems.length) throw new UsageError(problems.map(formatDiagnostic).join('\n'));
  const config = doc.data as ConfigFile;
  // The contract tests call each function through the TypeScript client.
  if (config.targets?.['client']?.['enabled'] === false && config.targets['contract-tests']?.['enabled'] !== false) {
    const at = ['targets', 'client', 'enabled'];
    throw new UsageError(formatDiagnostic({ code: 'config', file: shown, path: at, position: doc.locate(at), message: t('config.clientForTests') }));
  }
  return config;
}

interface SchemaNode {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  /** What to do instead, after the problem. */
  'x-fix'?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
}

let schemaCache: SchemaNode | undefined;

/** The shipped JSON Schema of cloudfn.config.json (schemas/config.schema.json): editors use it too. */
function configSchema(): SchemaNode {
  return (schemaCache ??= JSON.parse(readFileSync(path.join(packageRoot(), 'schemas', 'config.schema.json'), 'utf8')) as SchemaNode);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

const ARTICLE: Record<string, string> = { object: 'an object', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', array: 'an array' };

/** The config against the subset of JSON Schema its schema uses; every problem reported, with a did-you-mean for keys. */
function checkAgainst(schema: SchemaNode, value: unknown, at: JsonPath, report: (at: JsonPath, message: string, key?: boolean) => void): void {
  if (schema.enum && !schema.enum.some((v) => v === value)) {
    report(at, `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(value)}`);
    return;
  }
  const t = schema.type;
  const ok =
    t === undefined ||
    (t === 'object' ? isObject(value) : t === 'array' ? Array.isArray(value) : t === 'integer' ? Number.isInteger(value) : typeof value === t);
  if (!ok) {
    const hint = t !== 'string' && typeof value === 'string' && value !== '' && !Number.isNaN(Number(value)) ? `; write ${value} without quotes` : '';
    report(at, `must be ${ARTICLE[t!]}, not ${describeValue(value)}${hint}`);
    return;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) report(at, `must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) report(at, `must be at most ${schema.maximum}`);
  }
  // Only a minimum of 1 is used: an empty secret is no secret.
  if (typeof value === 'string' && schema.minLength !== undefined && value.length < schema.minLength) report(at, `must not be empty${schema['x-fix'] ? `; ${schema['x-fix']}` : ''}`);
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => checkAgainst(schema.items!, v, [...at, i], report));
  if (isObject(value)) {
    // `$schema` is for editors: suggested only for a key that starts with "$" itself.
    const keys = Object.keys(schema.properties ?? {});
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub) checkAgainst(sub, v, [...at, k], report);
      else if (schema.additionalProperties === false) {
        const known = keys.filter((x) => !x.startsWith('$') || k.startsWith('$'));
        report([...at, k], known.length ? `unknown key; ${suggestion(k, known, `allowed: ${known.join(', ')}`)}` : 'unknown key; this target takes no options', true);
      }
    }
  }
}
