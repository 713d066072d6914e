/**
 * yargs, made the way its own ESM entry makes it (`YargsFactory(platform shim)`), with one
 * difference: the modules it needs only to lay out help text (cliui, string-width) load when help
 * is first laid out. yargs's entry imports them up front, and they take about half of its load
 * time (string-width builds an `Intl.Segmenter` and Unicode tables): ~40 ms of every command.
 *
 * The shim's other members are those of yargs's `lib/platform-shims/esm.mjs`. Should a yargs
 * release move the files read here, the command falls back to yargs's own entry.
 */
import { notStrictEqual, strictEqual } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import type YargsType from 'yargs';

type Yargs = typeof YargsType;

/**
 * The platform shim yargs's own ESM entry gives `YargsFactory` (its `lib/platform-shims/esm.mjs`),
 * with cliui and string-width loaded on first use; a test holds its members to that file's.
 */
export async function lazyPlatformShim(): Promise<{ shim: Record<string, unknown>; YargsFactory: (shim: unknown) => Yargs; hideBin: (argv: string[]) => string[] }> {
  // Several of these are ES modules, loaded with `require` (on by default since Node 20.19; off with
  // --no-experimental-require-module, when yargs's own entry is used).
  if ((process.features as { require_module?: boolean }).require_module !== true) throw new Error('require(esm) is off');
  const root = path.dirname(createRequire(import.meta.url).resolve('yargs/package.json'));
  // yargs's dependencies, found from yargs's folder as its own imports find them.
  const require = createRequire(path.join(root, 'package.json'));
  /** A module's callable export, whether `require` gives the function or its namespace. */
  const callable = <F>(id: string): F => {
    const m = require(id) as F | { default: F };
    return (typeof m === 'function' ? m : (m as { default: F }).default) as F;
  };
  const load = <T>(rel: string): Promise<T> => import(pathToFileURL(path.join(root, rel)).href) as Promise<T>;
  const [{ YargsFactory }, { hideBin, getProcessArgvBin }] = await Promise.all([
    load<{ YargsFactory: (shim: unknown) => Yargs }>('build/lib/yargs-factory.js'),
    load<{ hideBin: (argv: string[]) => string[]; getProcessArgvBin: () => string }>('build/lib/utils/process-argv.js'),
  ]);
  // As yargs's shim computes it from its own path: the folder holding the node_modules yargs is in.
  const mainFilename = root.substring(0, root.lastIndexOf('node_modules'));
  let cliui: ((opts: object) => unknown) | undefined;
  let stringWidth: ((s: string) => number) | undefined;
  const shim = {
    assert: { notStrictEqual, strictEqual },
    cliui: (opts: object) => (cliui ??= callable<(opts: object) => unknown>('cliui'))(opts),
    findUp: callable('escalade/sync'),
    getEnv: (key: string) => process.env[key],
    inspect,
    getProcessArgvBin,
    mainFilename: mainFilename || process.cwd(),
    Parser: callable('yargs-parser'),
    path: { basename: path.basename, dirname: path.dirname, extname: path.extname, relative: path.relative, resolve: path.resolve, join: path.join },
    process: {
      argv: () => process.argv,
      cwd: process.cwd,
      emitWarning: (warning: string, type: string) => process.emitWarning(warning, type),
      execPath: () => process.execPath,
      exit: (code: number) => process.exit(code),
      nextTick: process.nextTick,
      stdColumns: typeof process.stdout.columns !== 'undefined' ? process.stdout.columns : null,
    },
    readFileSync,
    readdirSync,
    require,
    getCallerFile: () => {
      const file = callable<(n: number) => string>('get-caller-file')(3);
      return file.startsWith('file://') ? fileURLToPath(file) : file;
    },
    stringWidth: (s: string) => (stringWidth ??= callable<(s: string) => number>('string-width'))(s),
    y18n: callable<(o: object) => unknown>('y18n')({ directory: path.join(root, 'locales'), updateFiles: false }),
  };
  return { shim, YargsFactory, hideBin };
}

async function fromParts(): Promise<{ yargs: Yargs; hideBin: (argv: string[]) => string[] }> {
  const { shim, YargsFactory, hideBin } = await lazyPlatformShim();
  return { yargs: YargsFactory(shim), hideBin };
}

/** yargs and its `hideBin`, help-text modules loaded on first use (yargs's own entry when that fails). */
export async function loadYargs(): Promise<{ yargs: Yargs; hideBin: (argv: string[]) => string[] }> {
  try {
    return await fromParts();
  } catch {
    const [{ default: yargs }, { hideBin }] = await Promise.all([import('yargs'), import('yargs/helpers')]);
    return { yargs, hideBin };
  }
}

/**
 * Stops yargs from laying out the help text after it runs a command, so that a command that
 * prints no help never loads cliui and string-width. yargs keeps that text for its own failure
 * output, which a parser with its own `.fail()` never prints. A yargs without this internal method
 * is left as it is.
 */
export function helpOnlyWhenPrinted<T extends object>(parser: T): T {
  const internal = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = (): void => undefined;
  return parser;
}
