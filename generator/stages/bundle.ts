/**
 * Stage 8 (gen only), bundle: builds each function's deployable folder,
 * `<functions>/<name>/dist/` with `index.js` (CommonJS, `exports.main`) and
 * `package.json`, from the sources just written plus the user's `impl.ts`.
 * Everything is inlined, so the folder runs with plain node and no node_modules.
 * Build output is not contract output: `cloudfn check` does not compare it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { UsageError } from '../errors.js';
import { sha256, type Memo } from './cache.js';

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
export async function bundleFunction(entry: string, rootDir: string, bannerText: string, minify: boolean): Promise<{ code: string; externals: Set<string>; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: rootDir,
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

/** The hash of each file, or undefined when one is missing. */
function hashes(rootDir: string, files: readonly string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const f of files) {
    const abs = path.resolve(rootDir, f);
    if (!existsSync(abs)) return undefined;
    out[f] = sha256(readFileSync(abs));
  }
  return out;
}

/**
 * The deployable files of a function as they are on disk, when neither its sources (esbuild's list of
 * inputs from the last build, and package.json) nor the files themselves changed since.
 */
function unchangedBuild(memo: Memo | undefined, name: string, rootDir: string, outputs: readonly string[]): BuiltFile[] | undefined {
  const saved = memo?.get(`bundle:${name}`);
  if (saved === undefined) return undefined;
  try {
    const { inputs, outputs: built } = JSON.parse(saved) as { inputs: Record<string, string>; outputs: Record<string, string> };
    const now = hashes(rootDir, Object.keys(inputs));
    if (!now || JSON.stringify(now) !== JSON.stringify(inputs)) return undefined;
    const files = outputs.map((absPath) => ({ absPath, contents: existsSync(absPath) ? readFileSync(absPath, 'utf8') : '' }));
    return files.every((f) => built[path.relative(rootDir, f.absPath)] === sha256(f.contents)) ? files : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the deployable folder of each named (Node) function; unchanged ones are not rebuilt. */
export async function bundle(functions: readonly string[], functionsDir: string, rootDir: string, memo?: Memo): Promise<BuiltFile[]> {
  const projectDeps = readProjectDependencies(rootDir);
  const results = await Promise.all(
    functions.map(async (name) => {
      const fn = { name };
      const dir = path.join(functionsDir, fn.name);
      const outputs = [path.join(dir, DEPLOY_DIR, 'index.js'), path.join(dir, DEPLOY_DIR, 'package.json')];
      const reused = unchangedBuild(memo, fn.name, rootDir, outputs);
      if (reused) return reused;
      const entry = path.join(dir, 'index.ts');
      const bannerText = `// ${BUILT_MARKER} from ${path.relative(rootDir, dir).split(path.sep).join('/')}; deploy this folder as the cloud function "${fn.name}". Rebuild with \`npx cloudfn gen\`.`;
      let built;
      try {
        built = await bundleFunction(entry, rootDir, bannerText, true);
      } catch (e) {
        throw new UsageError(`cannot build the deployable folder of "${fn.name}":\n${bundleErrorText(e)}`);
      }
      const { code, externals: imported, inputs } = built;
      const dependencies: Record<string, string> = {};
      for (const pkg of PLATFORM_PACKAGES) if (imported.has(pkg)) dependencies[pkg] = projectDeps[pkg] ?? 'latest';
      const pkgJson = { name: fn.name, version: '1.0.0', private: true, description: `${BUILT_MARKER}: cloud function ${fn.name}`, main: 'index.js', dependencies };
      const files = [
        { absPath: outputs[0]!, contents: code },
        { absPath: outputs[1]!, contents: `${JSON.stringify(pkgJson, null, 2)}\n` },
      ];
      const sources = [...inputs, ...(existsSync(path.join(rootDir, 'package.json')) ? ['package.json'] : [])];
      const inputHashes = hashes(rootDir, sources);
      if (inputHashes) memo?.set(`bundle:${fn.name}`, JSON.stringify({ inputs: inputHashes, outputs: Object.fromEntries(files.map((f) => [path.relative(rootDir, f.absPath), sha256(f.contents)])) }));
      return files;
    }),
  );
  return results.flat();
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
