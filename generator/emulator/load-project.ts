/**
 * Turns a cloudfn project into emulated functions: the contracts give names,
 * paths and timeouts; the code is either the project's TypeScript handlers,
 * bundled on the fly (what you are editing) into each deployable folder, or with `built` the deployable
 * `dist/index.js` folders exactly as they would be uploaded.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { compile } from '../pipeline.js';
import { syncAssets } from '../stages/assets.js';
import { bundleErrorText, bundleFunction, DEPLOY_DIR } from '../stages/bundle.js';
import { MOCK_RUNTIME_FILE, mockFile } from '../targets/node-handler/emit.js';
import { templateForOutput } from '../targets/templates.js';
import { functionsTsconfig } from '../util/functions-tsconfig.js';

/** The bundles `cloudfn serve` runs TypeScript handlers from, in each deployable folder; removed when it stops. */
export const SERVE_BUNDLE_PREFIX = '.cloudfn-serve-';
import { workerHost } from './function-host.js';
import { phpHost } from './php-host.js';
import type { EmulatedFunction } from './types.js';
import { t } from '../i18n/messages.js';

/** Environment a function gets: its configured variables, the gateway's key as default, and PATH/TZ/LANG. */
export function functionEnv(config: ResolvedConfig, name: string): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'TZ', 'LANG']) if (process.env[k]) base[k] = process.env[k]!;
  const own = config.serve.functions?.[name]?.env ?? {};
  const keyEnv = serviceKeyEnv(config);
  const key = config.serve.serviceKey !== undefined && own[keyEnv] === undefined ? { [keyEnv]: config.serve.serviceKey } : {};
  return { ...base, ...key, ...own };
}

/** The variable the generated handlers read the service key from (`targets.handler.serviceKeyEnv`). */
export function serviceKeyEnv(config: ResolvedConfig): string {
  const name = config.targets['handler']?.['serviceKeyEnv'];
  return typeof name === 'string' ? name : 'CLOUDFN_SERVICE_KEY';
}

export interface LoadedFunctions {
  functions: EmulatedFunction[];
  /** Removes temporary bundles. */
  dispose(): void;
}

export async function loadProjectFunctions(config: ResolvedConfig, built: boolean, onStray?: (name: string) => (message: string) => void): Promise<LoadedFunctions> {
  const ir = compile(config);
  // Bundles written by this load (unique names: a reload's new workers start while the old ones stop).
  const written: string[] = [];
  const tag = randomBytes(4).toString('hex');
  const dispose = (): void => {
    for (const f of written) rmSync(f, { force: true });
  };
  try {
    const functions = await Promise.all(
      ir.functions.map(async (fn): Promise<EmulatedFunction> => {
        const dir = path.join(config.functionsDir, fn.name);
        const own = config.serve.functions?.[fn.name];
        const emulated = { name: fn.name, httpPath: fn.httpPath, httpEnabled: own?.http !== false, timeoutSeconds: fn.timeoutSeconds, ...(own?.gatewayAuth ? { gatewayAuth: own.gatewayAuth } : {}) };
        if (fn.runtime === 'php') {
          // A PHP function's folder is its deployable folder: nothing to build.
          if (!existsSync(path.join(dir, 'index.php'))) throw new UsageError(t('serve.noIndexPhp', { file: path.relative(config.rootDir, path.join(dir, 'index.php')) }));
          return { ...emulated, host: phpHost({ dir, env: functionEnv(config, fn.name) }) };
        }
        let file: string;
        if (built) {
          file = path.join(dir, DEPLOY_DIR, 'index.js');
          if (!existsSync(file)) throw new UsageError(t('serve.noDist', { file: path.relative(config.rootDir, file) }));
        } else {
          const entry = path.join(dir, 'index.ts');
          if (!existsSync(entry)) throw new UsageError(t('serve.noEntry', { file: path.relative(config.rootDir, entry) }));
          let code: string;
          try {
            const mock = config.targets['handler']?.['mock'] === true ? { mock: mockFile(ir, fn).contents, mockRuntime: templateForOutput(MOCK_RUNTIME_FILE) } : {};
            code = (await bundleFunction(entry, config.rootDir, `// cloudfn serve: ${fn.name}`, false, { ...mock, sourceMap: true, ...tsconfigOf(config) })).code;
          } catch (e) {
            throw new UsageError(t('serve.cannotLoad', { name: fn.name, detail: bundleErrorText(e) }));
          }
          // Run from the deployable folder, beside the function's assets, as deployed: __dirname-relative reads work.
          syncAssets(dir);
          file = path.join(dir, DEPLOY_DIR, `${SERVE_BUNDLE_PREFIX}${tag}.cjs`);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, code);
          written.push(file);
        }
        return { ...emulated, host: workerHost(file, functionEnv(config, fn.name), 'main', onStray?.(fn.name)) };
      }),
    );
    return { functions, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** The tsconfig esbuild is given for the project's functions (a solution-style tsconfig.json), if any. */
function tsconfigOf(config: ResolvedConfig): { tsconfig?: string } {
  const tsconfig = functionsTsconfig(config.rootDir, config.functionsDir);
  return tsconfig ? { tsconfig } : {};
}
