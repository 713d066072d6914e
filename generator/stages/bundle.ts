/**
 * Stage 8 (gen only), bundle: builds each function's deployable folder,
 * `<functions>/<name>/dist/` with `index.js` (CommonJS, `exports.main`) and
 * `package.json`, from the sources just written plus the user's `impl.ts`.
 * Everything is inlined, so the folder runs with plain node and no node_modules.
 * Build output is not contract output: `cloudfn check` does not compare it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { functionsTsconfig } from '../util/functions-tsconfig.js';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { sha256, type Memo } from './cache.js';
import { t } from '../i18n/messages.js';

/** Marks build output; differs from the generated-file marker so check never sees it as drift. */
export const BUILT_MARKER = 'Built by cloudfn';
export const DEPLOY_DIR = 'dist';

/** Packages the platform installs itself (listed in the deployed package.json, not bundled). */
const PLATFORM_PACKAGES = ['wx-server-sdk', '@cloudbase/node-sdk', 'tcb-admin-node'];

export interface BuiltFile {
  absPath: string;
  contents: string;
}

/** Bundles one function entry into a single CommonJS file (what `dist/index.js` holds). */
export async function bundleFunction(
  entry: string,
  rootDir: string,
  bannerText: string,
  minify: boolean,
  options: { mock?: string; mockRuntime?: string; sourceMap?: boolean; tsconfig?: string } = {},
): Promise<{ code: string; externals: Set<string>; inputs: string[] }> {
  const entryDir = path.dirname(path.resolve(rootDir, entry));
  const mock = options.mock;
  const { build } = await import('esbuild');
  const result = await build({
    // An inline map whose sources are absolute file URLs: traces name the user's files wherever the bundle runs from.
    ...(options.sourceMap ? { sourcemap: 'inline' as const, sourcesContent: false, sourceRoot: `${pathToFileURL(rootDir).href}/` } : {}),
    // `serve --mock`: the entry's own `./impl.js` import is served from the mock module's source
    // (what mock mode writes as mock.ts), given here, and its `../_cloudfn/mock-examples.js` from
    // `mockRuntime` when mock mode has not written that file.
    plugins:
      mock === undefined
        ? []
        : [
            {
              name: 'cloudfn-mock',
              setup(b) {
                b.onResolve({ filter: /^\.\/impl\.js$/ }, (args) => (path.resolve(args.resolveDir) === entryDir ? { path: path.join(entryDir, 'mock.ts'), namespace: 'cloudfn-mock' } : undefined));
                b.onLoad({ filter: /.*/, namespace: 'cloudfn-mock' }, () => ({ contents: mock, loader: 'ts', resolveDir: entryDir }));
                const runtime = options.mockRuntime;
                const runtimePath = path.resolve(entryDir, '../_cloudfn/mock-examples.ts');
                if (runtime !== undefined && !existsSync(runtimePath)) {
                  b.onResolve({ filter: /^\.\.\/_cloudfn\/mock-examples\.js$/ }, (args) => (args.namespace === 'cloudfn-mock' ? { path: runtimePath, namespace: 'cloudfn-mock-runtime' } : undefined));
                  b.onLoad({ filter: /.*/, namespace: 'cloudfn-mock-runtime' }, () => ({ contents: runtime, loader: 'ts', resolveDir: path.dirname(runtimePath) }));
                }
              },
            },
          ],
    entryPoints: [entry],
    absWorkingDir: rootDir,
    ...(options.tsconfig ? { tsconfig: options.tsconfig } : {}),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node16',
    write: false,
    metafile: true,
    minifyWhitespace: minify,
    minifySyntax: minify,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    external: PLATFORM_PACKAGES,
    banner: { js: bannerText },
  });
  const externals = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  return { code: result.outputFiles[0]!.text, externals, inputs: Object.keys(result.metafile.inputs).sort() };
}

/** esbuild's failure as one line per problem, with file:line:column. */
export function bundleErrorText(e: unknown): string {
  const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
  return errors.map((x) => (x.location ? `${x.location.file}:${x.location.line}:${x.location.column + 1} ${x.text}` : x.text)).join('\n') || String(e);
}

/**
 * The hash of each file, or undefined when one is missing. `known` keeps the hashes of one bundle
 * run (sources do not change while it runs): the runtime every function shares is read once.
 */
function hashes(rootDir: string, files: readonly string[], known: Map<string, string | null>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const f of files) {
    const abs = path.resolve(rootDir, f);
    let hash = known.get(abs);
    if (hash === undefined) known.set(abs, (hash = existsSync(abs) ? sha256(readFileSync(abs)) : null));
    if (hash === null) return undefined;
    out[f] = hash;
  }
  return out;
}

/** The files esbuild reads its settings from, besides the sources: tsconfig.json and jsconfig.json (and the files they extend), package.json. */
const SETTINGS = ['tsconfig.json', 'jsconfig.json', 'package.json'];

/**
 * The settings files that bear on a build of `inputs` (project-relative): those in each input's
 * folder and every folder above it, each with its hash or `-` where there is none (one added later
 * changes the build too), and the files a tsconfig extends. `chains` keeps each folder's answer for
 * the run (most functions share all folders but their own).
 */
function settingsOf(rootDir: string, inputs: readonly string[], known: Map<string, string | null>, chains: Map<string, Record<string, string>>, tsconfig?: string): Record<string, string> {
  const hashOf = (abs: string): string => {
    let hash = known.get(abs);
    if (hash === undefined) known.set(abs, (hash = existsSync(abs) ? sha256(readFileSync(abs)) : null));
    return hash ?? '-';
  };
  const chainOf = (dir: string, depth: number): Record<string, string> => {
    let chain = chains.get(dir);
    if (chain) return chain;
    const parent = path.dirname(dir);
    chain = parent === dir || depth > 64 ? {} : { ...chainOf(parent, depth + 1) };
    const note = (abs: string, tsconfig: boolean): void => {
      const rel = path.relative(rootDir, abs);
      if (rel in chain!) return;
      chain![rel] = hashOf(abs);
      if (tsconfig && chain![rel] !== '-') for (const base of extendsOf(abs)) note(base, true);
    };
    for (const name of SETTINGS) note(path.join(dir, name), name !== 'package.json');
    chains.set(dir, chain);
    return chain;
  };
  const out: Record<string, string> = {};
  for (const dir of new Set(inputs.map((f) => path.dirname(path.resolve(rootDir, f))))) Object.assign(out, chainOf(dir, 0));
  // The tsconfig given to esbuild, and what it extends.
  const given = (abs: string): void => {
    const rel = path.relative(rootDir, abs);
    if (rel in out) return;
    out[rel] = hashOf(abs);
    if (out[rel] !== '-') for (const base of extendsOf(abs)) given(base);
  };
  if (tsconfig) given(tsconfig);
  return out;
}

/** True when `a` and `b` hold the same keys with the same values. */
function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The files a tsconfig's `extends` names (relative paths, or a package's file), as far as they resolve. */
function extendsOf(tsconfig: string): string[] {
  let named: unknown;
  try {
    // JSON with comments and trailing commas: only the `extends` value is wanted.
    named = (parseJsonc(readFileSync(tsconfig, 'utf8')) as { extends?: unknown } | undefined)?.extends;
  } catch {
    return [];
  }
  const list = (Array.isArray(named) ? named : [named]).filter((e): e is string => typeof e === 'string');
  return list.flatMap((e) => {
    if (e.startsWith('.') || path.isAbsolute(e)) {
      const abs = path.resolve(path.dirname(tsconfig), e);
      return abs.endsWith('.json') ? [abs] : [abs, `${abs}.json`];
    }
    try {
      return [createRequire(tsconfig).resolve(e)];
    } catch {
      return [];
    }
  });
}

/**
 * True when a function's deployable files are on disk as its last build left them, and neither its
 * sources (esbuild's list of inputs from the last build), the settings esbuild read for them, the
 * source map setting, nor the files changed since.
 */
function unchangedBuild(memo: Memo | undefined, name: string, rootDir: string, outputs: readonly string[], known: Map<string, string | null>, settingsFor: (inputs: readonly string[]) => Record<string, string>, sourceMap: boolean): boolean {
  const saved = memo?.get(`bundle:${name}`);
  if (saved === undefined) return false;
  try {
    const { inputs, settings, outputs: built, sourceMap: withMap } = JSON.parse(saved) as { inputs: Record<string, string>; settings: Record<string, string>; outputs: Record<string, string>; sourceMap?: boolean };
    // Built with a source map, index.js only loads main.js (removed when the map is turned off).
    if (withMap !== sourceMap) return false;
    const now = hashes(rootDir, Object.keys(inputs), known);
    if (!now || JSON.stringify(now) !== JSON.stringify(inputs)) return false;
    if (!settings || !sameRecord(settingsFor(Object.keys(inputs)), settings)) return false;
    return outputs.every((absPath) => existsSync(absPath) && built[path.relative(rootDir, absPath)] === sha256(readFileSync(absPath, 'utf8')));
  } catch {
    return false;
  }
}

/**
 * Bundles several function entries in one esbuild run (the runtime and validators they share are
 * parsed once), each into a single CommonJS file. On a failure, each entry is built on its own, so
 * that the error names the function it belongs to.
 */
async function bundleAll(
  entries: readonly { name: string; entry: string }[],
  rootDir: string,
  sourceMap: boolean,
  tsconfig: string | undefined,
): Promise<Map<string, { code: string; map?: { text: string; outDir: string }; externals: Set<string>; inputs: string[] }>> {
  const out = new Map<string, { code: string; map?: { text: string; outDir: string }; externals: Set<string>; inputs: string[] }>();
  if (entries.length === 0) return out;
  // esbuild only when something is built: a run that reuses every bundle does not load it.
  const { build } = await import('esbuild');
  let result;
  try {
    result = await build({
      entryPoints: entries.map((e, i) => ({ in: e.entry, out: `f${i}` })),
      outdir: path.join(rootDir, '.cloudfn-bundle'),
      absWorkingDir: rootDir,
      ...(tsconfig ? { tsconfig } : {}),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node16',
      write: false,
      metafile: true,
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
      external: PLATFORM_PACKAGES,
      ...(sourceMap ? { sourcemap: 'external' as const, sourcesContent: false } : {}),
    });
  } catch {
    for (const e of entries) {
      try {
        await bundleFunction(e.entry, rootDir, '', true, tsconfig ? { tsconfig } : {});
      } catch (err) {
        throw new UsageError(t('bundle.cannotBuild', { name: e.name, detail: bundleErrorText(err) }));
      }
    }
    throw new UsageError(t('bundle.together'));
  }
  const byOut = new Map(result.outputFiles.map((f) => [path.relative(rootDir, f.path).split(path.sep).join('/'), f.text]));
  entries.forEach((e, i) => {
    const key = `.cloudfn-bundle/f${i}.js`;
    const meta = result.metafile.outputs[key]!;
    const map = byOut.get(`${key}.map`);
    out.set(e.name, {
      code: byOut.get(key)!,
      ...(map !== undefined ? { map: { text: map, outDir: path.join(rootDir, '.cloudfn-bundle') } } : {}),
      externals: new Set(meta.imports.filter((x) => x.external).map((x) => x.path)),
      inputs: Object.keys(meta.inputs).sort(),
    });
  });
  return out;
}

/** dist/index.js when a source map is asked for: maps on first, then the bundle, so its map is read. */
const SOURCE_MAP_LOADER = `'use strict';
if (typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);
module.exports = require('./main.js');
`;

/**
 * Builds the deployable folder of each named (Node) function whose sources or files changed, and
 * returns those files; an unchanged function's folder is left as it is on disk.
 */
export async function bundle(functions: readonly string[], functionsDir: string, rootDir: string, memo?: Memo, options: { sourceMap?: boolean } = {}): Promise<BuiltFile[]> {
  const projectDeps = readProjectDependencies(rootDir);
  const sourceMap = options.sourceMap === true;
  // With a source map: index.js turns source maps on, then loads main.js (the bundle) and its map.
  const outputsOf = (name: string): string[] =>
    ['index.js', 'package.json', ...(sourceMap ? ['main.js', 'main.js.map'] : [])].map((f) => path.join(functionsDir, name, DEPLOY_DIR, f));
  for (const name of functions) {
    if (sourceMap) continue;
    for (const f of ['main.js', 'main.js.map']) rmSync(path.join(functionsDir, name, DEPLOY_DIR, f), { force: true });
  }
  const known = new Map<string, string | null>();
  const chains = new Map<string, Record<string, string>>();
  // A solution-style tsconfig.json: the referenced one that holds the functions, given to esbuild.
  const tsconfig = functionsTsconfig(rootDir, functionsDir);
  const settings = (inputs: readonly string[]): Record<string, string> => settingsOf(rootDir, inputs, known, chains, tsconfig);
  const toBuild = functions.filter((name) => !unchangedBuild(memo, name, rootDir, outputsOf(name), known, settings, sourceMap));
  const built = await bundleAll(toBuild.map((name) => ({ name, entry: path.join(functionsDir, name, 'index.ts') })), rootDir, sourceMap, tsconfig);
  return toBuild.flatMap((name) => {
    const outputs = outputsOf(name);
    const dir = path.join(functionsDir, name);
    const bannerText = `// ${BUILT_MARKER} from ${path.relative(rootDir, dir).split(path.sep).join('/')}; deploy this folder as the cloud function "${name}". Rebuild with \`npx cloudfn gen\`.`;
    const { code, map, externals: imported, inputs } = built.get(name)!;
    const dependencies: Record<string, string> = {};
    for (const pkg of PLATFORM_PACKAGES) if (imported.has(pkg)) dependencies[pkg] = projectDeps[pkg] ?? 'latest';
    const pkgJson = { name, version: '1.0.0', private: true, description: `${BUILT_MARKER}: cloud function ${name}`, main: 'index.js', dependencies };
    const files = [
      { absPath: outputs[0]!, contents: map ? `${bannerText}\n${SOURCE_MAP_LOADER}` : `${bannerText}\n${code}` },
      { absPath: outputs[1]!, contents: `${JSON.stringify(pkgJson, null, 2)}\n` },
    ];
    if (map) {
      const parsed = JSON.parse(map.text) as { sources: string[]; sourceRoot?: string };
      // Sources named from the project's root, so traces read `functions/ping/impl.ts:5:9` wherever the
      // folder runs (and no path of this machine is shipped).
      parsed.sourceRoot = 'project:///';
      parsed.sources = parsed.sources.map((src) => path.relative(rootDir, path.resolve(map.outDir, src)).split(path.sep).join('/'));
      files.push(
        // No banner line here: it would shift every line the map points at.
        { absPath: outputs[2]!, contents: `${code}//# sourceMappingURL=main.js.map\n` },
        { absPath: outputs[3]!, contents: `${JSON.stringify(parsed)}\n` },
      );
    }
    const inputHashes = hashes(rootDir, inputs, known);
    if (inputHashes) memo?.set(`bundle:${name}`, JSON.stringify({ inputs: inputHashes, settings: settings(inputs), sourceMap, outputs: Object.fromEntries(files.map((f) => [path.relative(rootDir, f.absPath), sha256(f.contents)])) }));
    return files;
  });
}

function readProjectDependencies(rootDir: string): Record<string, string> {
  const file = path.join(rootDir, 'package.json');
  if (!existsSync(file)) return {};
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
    return pkg.dependencies ?? {};
  } catch {
    return {};
  }
}
