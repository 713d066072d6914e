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
import type { Ir } from '../ir.js';

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
export async function bundleFunction(entry: string, rootDir: string, bannerText: string, minify: boolean): Promise<{ code: string; externals: Set<string> }> {
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
  return { code: result.outputFiles[0]!.text, externals };
}

/** esbuild's failure as one line per problem, with file:line:column. */
export function bundleErrorText(e: unknown): string {
  const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
  return errors.map((x) => (x.location ? `${x.location.file}:${x.location.line}:${x.location.column + 1} ${x.text}` : x.text)).join('\n') || String(e);
}

export async function bundle(ir: Ir, functionsDir: string, rootDir: string): Promise<BuiltFile[]> {
  const projectDeps = readProjectDependencies(rootDir);
  const results = await Promise.all(
    ir.functions.filter((fn) => fn.runtime === 'nodejs').map(async (fn) => {
      const dir = path.join(functionsDir, fn.name);
      const entry = path.join(dir, 'index.ts');
      const bannerText = `// ${BUILT_MARKER} from ${path.relative(rootDir, dir).split(path.sep).join('/')}; deploy this folder as the cloud function "${fn.name}". Rebuild with \`npx cloudfn gen\`.`;
      let built;
      try {
        built = await bundleFunction(entry, rootDir, bannerText, true);
      } catch (e) {
        throw new UsageError(`cannot build the deployable folder of "${fn.name}":\n${bundleErrorText(e)}`);
      }
      const { code, externals: imported } = built;
      const dependencies: Record<string, string> = {};
      for (const pkg of PLATFORM_PACKAGES) if (imported.has(pkg)) dependencies[pkg] = projectDeps[pkg] ?? 'latest';
      const pkgJson = { name: fn.name, version: '1.0.0', private: true, description: `${BUILT_MARKER}: cloud function ${fn.name}`, main: 'index.js', dependencies };
      return [
        { absPath: path.join(dir, DEPLOY_DIR, 'index.js'), contents: code },
        { absPath: path.join(dir, DEPLOY_DIR, 'package.json'), contents: `${JSON.stringify(pkgJson, null, 2)}\n` },
      ];
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
