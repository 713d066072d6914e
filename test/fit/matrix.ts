/**
 * The fit matrix: the packed package installed into fresh projects, CommonJS and ESM, each with a
 * common tsconfig, as a new user would. Everything is offline: the package's dependencies (and tsc,
 * tsx, vitest) come from this repository's node_modules.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

export type PackageKind = 'cjs' | 'esm';
export type TsconfigKind = 'nodenext' | 'commonjs' | 'bundler' | 'init' | 'native';

const TSC = { '7': path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '5.9': path.join(REPO_ROOT, 'node_modules/typescript-5.9/bin/tsc') };
const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const VITEST = path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');

export interface Run {
  status: number | null;
  output: string;
}

export function run(cmd: string, args: string[], cwd: string, timeout = 120_000): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

/** node_modules holding the packed cloudfn (a real folder) and links to every other package of this repository. */
export function installPacked(): { shared: string; dispose(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-fit-'));
  const modules = path.join(root, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry === 'cloudfn' || entry.startsWith('.')) continue;
    symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  const pack = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root], REPO_ROOT);
  expect(pack.status, pack.output).toBe(0);
  const tarball = path.join(root, pack.output.split('\n').at(-1)!);
  mkdirSync(path.join(modules, 'cloudfn'));
  const untar = run('tar', ['-xzf', tarball, '-C', path.join(modules, 'cloudfn'), '--strip-components=1'], root);
  expect(untar.status, untar.output).toBe(0);
  return { shared: modules, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

const TSCONFIG: Record<TsconfigKind, Record<string, unknown>> = {
  nodenext: { module: 'nodenext', target: 'es2022', strict: true, outDir: 'build', rootDir: '.', skipLibCheck: true, types: ['node'] },
  commonjs: { module: 'commonjs', target: 'es2022', strict: true, outDir: 'build', rootDir: '.', esModuleInterop: true, skipLibCheck: true, types: ['node'] },
  bundler: { module: 'preserve', moduleResolution: 'bundler', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
  // What `tsc --init` writes (TypeScript 5.9), with an outDir and the node types a server project adds.
  init: {
    module: 'nodenext', target: 'esnext', types: ['node'], sourceMap: true, declaration: true, declarationMap: true, noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true, strict: true, jsx: 'react-jsx', verbatimModuleSyntax: true, isolatedModules: true, noUncheckedSideEffectImports: true,
    moduleDetection: 'force', skipLibCheck: true, outDir: 'build', rootDir: '.',
  },
  // For Node's own TypeScript support (`node src/call.ts`), as TypeScript's handbook gives it; with
  // "importExtension": ".ts" in cloudfn.config.json.
  native: {
    module: 'nodenext', target: 'esnext', strict: true, noEmit: true, allowImportingTsExtensions: true, rewriteRelativeImportExtensions: true,
    erasableSyntaxOnly: true, verbatimModuleSyntax: true, skipLibCheck: true, types: ['node'],
  },
};

const CALLER = `import { createClient, InvalidInputError, isPingFailure } from '../generated/client.js';

const client = createClient({ http: { baseUrl: 'http://127.0.0.1:9', serviceKey: 'k' } });
client.ping({ echo: 'longer than five' }).then(
  () => console.log('UNEXPECTED: sent'),
  (e: unknown) => console.log(e instanceof InvalidInputError && !isPingFailure(e) ? 'CALLER-OK' : \`WRONG \${String(e)}\`),
);
`;

/** The function called directly (the platform's flat event), as a cloud-to-cloud call would. */
const FUNCTION_CALL = `import { main } from '../functions/ping/index.js';

main({ echo: 'hi' }, {}).then((r: unknown) => console.log(\`FN-OK \${JSON.stringify(r)}\`));
`;

const IMPL = `import type { CallContext, Input, Output } from './contract.js';
import { fail } from './contract.js';

export default async function ping(input: Input, ctx: CallContext): Promise<Output> {
  void ctx;
  if (input.echo === 'gone') throw fail('GONE', { since: '2026-01-01' });
  return { pong: true };
}
`;

/** A fresh project of that kind with the packed cloudfn, a contract (with a shared definition and a declared error), a caller and an implementation. */
export function makeProject(shared: string, kind: PackageKind, tsconfig: TsconfigKind): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `cloudfn-fit-${kind}-${tsconfig}-`));
  symlinkSync(shared, path.join(dir, 'node_modules'));
  // Relative imports name .ts files where Node runs the sources itself.
  const ext = (text: string): string => (tsconfig === 'native' ? text.replace(/(from '\.{1,2}\/[^']*)\.js'/g, "$1.ts'") : text);
  const files: Record<string, string> = {
    ...(tsconfig === 'native' ? { 'cloudfn.config.json': JSON.stringify({ importExtension: '.ts' }) } : {}),
    'package.json': JSON.stringify({ name: `fit-${kind}-${tsconfig}`, version: '1.0.0', private: true, ...(kind === 'esm' ? { type: 'module' } : {}) }, null, 2),
    'tsconfig.json': JSON.stringify({ compilerOptions: TSCONFIG[tsconfig], include: ['src', 'generated', 'functions'] }, null, 2),
    'schemas/defs/stamp.json': JSON.stringify({ type: 'string', format: 'date' }),
    'schemas/ping.fn.json': JSON.stringify({
      name: 'ping',
      input: { type: 'object', additionalProperties: false, properties: { echo: { type: 'string', maxLength: 5 } } },
      output: { type: 'object', required: ['pong'], properties: { pong: { type: 'boolean' } } },
      errors: { GONE: { status: 410, data: { type: 'object', required: ['since'], properties: { since: { $ref: './defs/stamp.json' } } } } },
    }),
    'src/call.ts': ext(CALLER),
    'src/fn.ts': ext(FUNCTION_CALL),
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const gen = run(process.execPath, [path.join(dir, 'node_modules/cloudfn/dist/generator/cli.js'), 'gen'], dir);
  expect(gen.status, gen.output).toBe(0);
  writeFileSync(path.join(dir, 'functions/ping/impl.ts'), ext(IMPL));
  return dir;
}

export function tsc(version: '7' | '5.9', dir: string): Run {
  return run(process.execPath, [TSC[version], '-p', '.'], dir);
}

export function tsx(dir: string, args: string[]): Run {
  return run(process.execPath, [TSX, ...args], dir);
}

export function vitest(dir: string): Run {
  return run(process.execPath, [VITEST, 'run', '--dir', 'generated'], dir);
}

/**
 * A Node that runs TypeScript itself (22.18 and later): this one, or the one CLOUDFN_TEST_NODE_TS
 * names (.ci/run installs Node 24 for it, as CI runs the oldest supported Node).
 */
export function nodeWithTypeScript(): string | undefined {
  if ((process.features as { typescript?: string | false }).typescript) return process.execPath;
  return process.env['CLOUDFN_TEST_NODE_TS'] || undefined;
}
