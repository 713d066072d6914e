/**
 * Stage 6, format: prettier runs once, at the end, over the emitted files that need it (those the
 * targets did not print in the house style, or every TypeScript file when the project has its own
 * prettier config), with that config resolved once and bounded concurrency; machine code is
 * minified by esbuild instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Prettier from 'prettier';
import { memoKey, type EmittedFile } from '../targets/target.js';
import type { Memo } from './cache.js';
import { PRETTIER_CONFIG_FILES } from './prettier-files.js';
import { splitTopLevel } from './split.js';
import { typedValidatorExports } from '../targets/node-handler/validator-exports.js';
import { displayWidth, WIDTH } from '../targets/ts/house.js';
import { UsageError } from '../errors.js';
import { t } from '../i18n/messages.js';

const PARSERS: Record<string, string> = { '.ts': 'typescript', '.js': 'babel', '.mjs': 'babel', '.cjs': 'babel', '.json': 'json', '.md': 'markdown' };

/**
 * The house style is prettier's own defaults (spelled out), so that generated code passes a
 * project's `prettier --check` when it has no config; a project's config overrides it.
 */
export const HOUSE_STYLE: Prettier.Options = { singleQuote: false, printWidth: WIDTH, trailingComma: 'all', endOfLine: 'lf' };

const CONCURRENCY = 4;
/** TypeScript files larger than this are formatted declaration by declaration. */
const CHUNKED_FROM = 32 * 1024;

/**
 * True when the project, or a folder above it, may hold a prettier config (a config file, or a
 * `prettier` key in package.json / package.yaml). Only then is prettier loaded to resolve it.
 */
export function mayHavePrettierConfig(rootDir: string): boolean {
  for (let dir = path.resolve(rootDir); ; dir = path.dirname(dir)) {
    if (PRETTIER_CONFIG_FILES.some((name) => existsSync(path.join(dir, name)))) return true;
    for (const [name, key] of [['package.json', /"prettier"\s*:/], ['package.yaml', /^prettier\s*:/m]] as const) {
      const file = path.join(dir, name);
      try {
        if (existsSync(file) && key.test(readFileSync(file, 'utf8'))) return true;
      } catch {
        return true;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

let prettierModule: Promise<typeof Prettier> | undefined;

/** Prettier, loaded on first use: a run whose files are all in the house style never pays for it. */
function loadPrettier(): Promise<typeof Prettier> {
  return (prettierModule ??= import('prettier'));
}

/**
 * The project's prettier options; a config prettier cannot read, or cannot format with (a plugin
 * it names is not installed, an option value it refuses), is the user's mistake, named as such.
 */
async function userPrettierConfig(rootDir: string): Promise<Prettier.Options> {
  const prettier = await loadPrettier();
  const probe = path.join(rootDir, 'cloudfn.ts');
  try {
    const options = (await prettier.resolveConfig(probe, { editorconfig: false })) ?? {};
    // Plugins load, and option values are checked, only when something is formatted: once here.
    if (Object.keys(options).length > 0) await prettier.format('export {};\n', { ...options, parser: 'typescript' });
    return options;
  } catch (e) {
    const file = await prettier.resolveConfigFile(probe).catch(() => null);
    const where = file ? path.relative(rootDir, file).split(path.sep).join('/') || file : 'the prettier config';
    const reason = (e as Error).message.split('\n')[0];
    throw new UsageError(t('format.badPrettier', { file: where, detail: reason ?? '' }));
  }
}

export async function format(files: readonly EmittedFile[], rootDir: string, memo?: Memo): Promise<EmittedFile[]> {
  const userConfig = mayHavePrettierConfig(rootDir) ? await userPrettierConfig(rootDir) : {};
  const options: Prettier.Options = { ...HOUSE_STYLE, ...userConfig, endOfLine: 'lf' };
  // Files printed in the house style need prettier only when the project asks for its own style.
  const ownStyle = Object.keys(userConfig).length > 0;
  const out: EmittedFile[] = new Array<EmittedFile>(files.length);
  // Identical inputs format identically: each text is formatted once.
  const same = new Map<string, Promise<string>>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      const house = !ownStyle && ((file.format === 'house' && !hasLongCodeLine(withoutPrettierOutput(file.contents, file))) || file.format === 'template');
      const machine = file.format === 'minify' || file.format === 'validators';
      const parser = file.format === false || machine || house ? undefined : PARSERS[path.posix.extname(file.path)];
      let contents = ensureNewline(file.contents);
      if (file.format === 'minify') contents = await minified(file.contents, memo);
      else if (file.format === 'validators') contents = typedValidatorExports(await minified(file.contents, memo), file.contents);
      else if (parser) {
        const key = `${parser}\0${file.contents}`;
        let pending = same.get(key);
        if (!pending) {
          // A house-style file with a line too long: only the declarations holding one need prettier.
          const houseWide = !ownStyle && file.format === 'house';
          const chunks = (parser === 'typescript' && file.contents.length > CHUNKED_FROM) || houseWide ? splitTopLevel(file.contents) : undefined;
          pending = chunks ? formatChunks(chunks, parser, options, memo, houseWide ? file : undefined) : formatOne(file.contents, parser, options, memo);
          same.set(key, pending);
        }
        contents = await pending;
      }
      out[i] = { ...file, contents };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return out;
}

/** One text through prettier, memoized. */
async function formatOne(text: string, parser: string, options: Prettier.Options, memo: Memo | undefined): Promise<string> {
  // The cache is keyed by cloudfn's generator hash, which covers prettier's version.
  const key = memoKey('prettier', parser, options, text);
  const hit = memo?.get(key);
  if (hit !== undefined) return hit;
  const formatted = await (await loadPrettier()).format(text, { ...options, parser });
  memo?.set(key, formatted);
  return formatted;
}

/**
 * A large file declaration by declaration (the same text prettier gives for the whole file, and
 * after one contract changes only its declarations are formatted again); the whole file at once
 * if a piece does not parse on its own. With `house` (the file they come from), the pieces are in
 * the house style already, and only those with a line too long go through prettier.
 */
async function formatChunks(chunks: string[], parser: string, options: Prettier.Options, memo: Memo | undefined, house?: EmittedFile): Promise<string> {
  try {
    // One at a time: all at once would hold every piece's syntax tree in memory together.
    const out: string[] = [];
    for (const c of chunks) out.push(house && !hasLongCodeLine(withoutPrettierOutput(c, house)) ? c : await formatOne(c, parser, options, memo));
    return out.join('\n');
  } catch {
    return formatOne(chunks.join('\n'), parser, options, memo);
  }
}

/**
 * Machine code minified by esbuild (a third of the size, the same code), with the leading line
 * comments and one-line block comments (the eslint-disable directive) kept as they are. esbuild
 * runs these in parallel on its own threads.
 */
async function minified(text: string, memo: Memo | undefined): Promise<string> {
  const key = memoKey('minify', text);
  const hit = memo?.get(key);
  if (hit !== undefined) return hit;
  const head = /^(?:\/\/[^\n]*\n|\/\*[^*\n]*\*\/\n)*/.exec(text)![0];
  const { transform } = await import('esbuild');
  const { code } = await transform(text.slice(head.length), { minify: true, treeShaking: true, format: 'esm', target: 'node20', legalComments: 'none' });
  memo?.set(key, head + code);
  return head + code;
}

/**
 * True when a line of code (not a comment) is wider than the house style: the house printer
 * does not break every construct, so prettier gets those files.
 */
function hasLongCodeLine(text: string): boolean {
  const width = HOUSE_STYLE.printWidth!;
  return text.split('\n').some((line) => displayWidth(line) > width && !/^\s*(\/\/|\/\*|\*)/.test(line));
}

/** The text without the pieces the file says are prettier's output already. */
function withoutPrettierOutput(text: string, file: EmittedFile): string {
  let rest = text;
  for (const piece of file.prettierOutput ?? []) rest = rest.split(piece).join('');
  return rest;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
