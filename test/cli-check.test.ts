/**
 * `cloudfn check` beyond stale files: implementation drift (every impl.ts type-checked against
 * the current contract types, reported at the user's own line), and its text, github and json
 * formats; through the real CLI on a temp copy of examples/shop.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { colours } from '../generator/util/report.js';
import { cloudfn, REPO_ROOT } from './helpers/cli.js';
import { contract, tempProject, writeFiles } from './helpers/temp-project.js';

const SHOP = path.join(REPO_ROOT, 'examples/shop');
let dir: string;

beforeAll(() => {
  dir = tempProject({});
  for (const part of ['schemas', 'functions', 'generated', 'cloudfn.config.json', 'cloudbaserc.json']) cpSync(path.join(SHOP, part), path.join(dir, part), { recursive: true });
  const tsconfig = JSON.parse(readFileSync(path.join(SHOP, 'tsconfig.json'), 'utf8'));
  delete tsconfig.compilerOptions.typeRoots;
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
});

test('in sync: exit 0, and says the implementations were checked', () => {
  const r = cloudfn(['check'], dir);
  expect([r.status, r.stdout.trim()]).toEqual([0, 'cloudfn: generated files are up to date; the implementations match their contracts']);
});

test('a contract edit the impl does not follow: stale files and the impl line, before gen runs; then only the impl after gen', async () => {
  const file = path.join(dir, 'schemas/submit-order.fn.json');
  const contract = JSON.parse(readFileSync(file, 'utf8'));
  contract.output.required.push('totalFen');
  contract.output.properties.totalFen = { type: 'integer' };
  writeFileSync(file, JSON.stringify(contract, null, 2));

  const r = cloudfn(['check'], dir);
  expect(r.status).toBe(1);
  // At the return statement of the user's file, not in generated code.
  expect(r.stdout).toMatch(/^1 implementation problem against the current contracts \(TypeScript [\d.]+, bundled with cloudfn; php [\d.]+\):\n {2}functions\/submitOrder\/impl\.ts:19:3 Property 'totalFen' is missing in type .* but required in type .*/m);
  expect(r.stdout).not.toContain('\u001b[');
  expect(r.stderr).toContain('generated files are out of date; run `npx cloudfn gen`');

  expect(cloudfn(['gen'], dir).status).toBe(0);
  const after = cloudfn(['check'], dir);
  expect(after.status).toBe(1);
  expect(after.stdout).toMatch(/functions\/submitOrder\/impl\.ts:19:3 Property 'totalFen' is missing/);
  expect(after.stderr.trim()).toBe('cloudfn check: out of date (see above)');

  const github = cloudfn(['check', '--format', 'github'], dir);
  expect(github.status).toBe(1);
  expect(github.stdout).toMatch(/^::error file=functions\/submitOrder\/impl\.ts,line=19,col=3,title=implementation drift::Property 'totalFen' is missing/m);

  const json = cloudfn(['check', '--format', 'json'], dir);
  const report = JSON.parse(json.stdout);
  expect(report).toMatchObject({ drift: false, files: [], exitCode: 1 });
  expect(report.impl).toEqual([expect.objectContaining({ file: 'functions/submitOrder/impl.ts', line: 19, column: 3 })]);

  // --no-impl skips the implementations.
  expect(cloudfn(['check', '--no-impl'], dir).status).toBe(0);

  // The CLI checks on a worker thread it starts before loading the rest; in-process (as here,
  // from the sources) the check runs on this thread: the same problems either way.
  const { runCheckAll } = await import('../generator/pipeline.js');
  const { resolveConfig } = await import('../generator/config.js');
  const { cacheDir } = await import('../generator/stages/cache.js');
  rmSync(path.join(cacheDir(dir)!, 'impl.json'), { force: true });
  const inThread = await runCheckAll(resolveConfig({}, dir));
  expect(inThread.impl).toEqual(report.impl);
});

test('--format github for stale generated files: one annotation per file', () => {
  const file = path.join(dir, 'schemas/ping.fn.json');
  const contract = JSON.parse(readFileSync(file, 'utf8'));
  contract.description = 'Reworded.';
  writeFileSync(file, JSON.stringify(contract, null, 2));
  const r = cloudfn(['check', '--format', 'github', '--no-impl'], dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^::error file=generated\/types\.ts,title=cloudfn check::generated file stale; run npx cloudfn gen and commit the result$/m);
});

test('colour only on a terminal, and never with NO_COLOR', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const saved = process.env['NO_COLOR'];
  try {
    delete process.env['NO_COLOR'];
    expect(colours(tty).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(colours({ isTTY: false } as NodeJS.WriteStream).red('x')).toBe('x');
    process.env['NO_COLOR'] = '1';
    expect(colours(tty).red('x')).toBe('x');
  } finally {
    if (saved === undefined) delete process.env['NO_COLOR'];
    else process.env['NO_COLOR'] = saved;
  }
});

test('the last type-check stands only while all it depended on is unchanged: the package type, an extended tsconfig, a file an import now finds', () => {
  const cjsBase = { compilerOptions: { module: 'nodenext', strict: true, verbatimModuleSyntax: true } };
  const p = tempProject({
    'package.json': { name: 'x', version: '1.0.0' },
    'tsconfig.base.json': cjsBase,
    'tsconfig.json': { extends: './tsconfig.base.json' },
    'cloudfn.config.json': { schemas: 'schemas' },
    'schemas/ping.fn.json': contract(),
  });
  // A node_modules folder: where the cache of the last check is kept.
  mkdirSync(path.join(p, 'node_modules'));
  expect(cloudfn(['gen'], p).status).toBe(0);
  const failsOnModuleSyntax = (): void => {
    const r = cloudfn(['check'], p);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^ {2}functions\/ping\/impl\.ts:\d+:\d+ .*'verbatimModuleSyntax'/m);
  };
  // A CommonJS package whose tsconfig sets verbatimModuleSyntax: impl.ts may not use import/export.
  failsOnModuleSyntax();
  failsOnModuleSyntax();
  // The fix gen's warning names, made in package.json (which the compiler read, not as a source file).
  writeFiles(p, { 'package.json': { name: 'x', version: '1.0.0', type: 'module' } });
  expect(cloudfn(['check'], p).status).toBe(0);
  writeFiles(p, { 'package.json': { name: 'x', version: '1.0.0' } });
  failsOnModuleSyntax();
  // The other fix, made in the tsconfig that tsconfig.json extends.
  writeFiles(p, { 'tsconfig.base.json': { compilerOptions: { module: 'nodenext', strict: true } } });
  expect(cloudfn(['check'], p).status).toBe(0);
  // An import of a file that does not exist yet, then does.
  const impl = 'import type { Input, Output } from "./contract.js";\nimport { pong } from "./pong.js";\n\nexport default async function ping(input: Input): Promise<Output> {\n  return { pong: pong(input.echo) };\n}\n';
  writeFiles(p, { 'functions/ping/impl.ts': impl });
  const missing = cloudfn(['check'], p);
  expect(missing.status).toBe(1);
  expect(missing.stdout).toMatch(/functions\/ping\/impl\.ts:2:22 Cannot find module '\.\/pong\.js'/);
  writeFiles(p, { 'functions/ping/pong.ts': 'export function pong(echo: string | undefined): boolean {\n  return echo !== "";\n}\n' });
  expect(cloudfn(['check'], p).status).toBe(0);
});

test('without a tsconfig.json, implementations are checked as Node code: @types/node, once installed, is in (TypeScript 6 and 7 no longer add @types by default)', () => {
  const p = tempProject({ 'package.json': { name: 'x', version: '1.0.0', type: 'module' }, 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  mkdirSync(path.join(p, 'node_modules'));
  expect(cloudfn(['gen'], p).status).toBe(0);
  writeFiles(p, { 'functions/ping/impl.ts': 'import type { Input, Output } from "./contract.js";\n\nexport default async function ping(input: Input): Promise<Output> {\n  return { pong: process.env["PING_ECHO"] !== input.echo };\n}\n' });
  const missing = cloudfn(['check'], p);
  expect(missing.status).toBe(1);
  expect(missing.stdout).toMatch(/functions\/ping\/impl\.ts:4:18 Cannot find name 'process'\. Do you need to install type definitions for node\?/);
  mkdirSync(path.join(p, 'node_modules/@types'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules/@types/node'), path.join(p, 'node_modules/@types/node'), 'dir');
  const r = cloudfn(['check'], p);
  expect([r.status, r.stdout.trim()]).toEqual([0, 'cloudfn: generated files are up to date; the implementations match their contracts']);
});

test('the standard library is the default one, DOM part included, whatever check parses first: globals only the DOM declares (console, URL, without @types/node) pass; a real mistake is reported once', () => {
  const p = tempProject({ 'package.json': { name: 'x', version: '1.0.0', type: 'module' }, 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  mkdirSync(path.join(p, 'node_modules'));
  expect(cloudfn(['gen'], p).status).toBe(0);
  const impl = (extra: string): string => `import type { Input, Output } from "./contract.js";\n\nexport default async function ping(input: Input): Promise<Output> {\n  console.log(new URL("https://example.com/" + input.echo).pathname);\n${extra}  return { pong: true };\n}\n`;
  writeFiles(p, { 'functions/ping/impl.ts': impl('') });
  const clean = cloudfn(['check'], p);
  expect([clean.status, clean.stdout.trim()]).toEqual([0, 'cloudfn: generated files are up to date; the implementations match their contracts']);
  writeFiles(p, { 'functions/ping/impl.ts': impl('  const n: number = input.echo;\n  void n;\n') });
  const wrong = cloudfn(['check'], p);
  expect(wrong.status).toBe(1);
  expect(wrong.stdout.match(/functions\/ping\/impl\.ts:\d+:\d+ .*/g)).toEqual(["functions/ping/impl.ts:5:9 Type 'string | undefined' is not assignable to type 'number'. Type 'undefined' is not assignable to type 'number'."]);
});

test('PHP implementations: a syntax error in impl.php fails check at its line, as php itself parses it; without php on PATH check says they went unchecked', () => {
  const p = tempProject({ 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/legacy.fn.json': contract({ name: 'legacy', runtime: 'php' }) });
  expect(cloudfn(['gen'], p).status).toBe(0);
  expect(cloudfn(['check'], p).status).toBe(0);
  writeFiles(p, { 'functions/legacy/impl.php': "<?php\n\ndeclare(strict_types=1);\n\nreturn static function (array $input, array $context): array {\n    return ['pong' => true;\n};\n" });
  const r = cloudfn(['check'], p);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^1 implementation problem against the current contracts \(php [\d.]+\):\n {2}functions\/legacy\/impl\.php:6:1 syntax error, unexpected token ";", expecting "\]"\n/);
  const github = cloudfn(['check', '--format', 'github'], p);
  expect(github.stdout).toContain('::error file=functions/legacy/impl.php,line=6,col=1,title=implementation drift::syntax error');
  expect(cloudfn(['check', '--no-impl'], p).status).toBe(0);
  // No php on PATH (node is called by its full path): not checked, and said so.
  const noPhp = cloudfn(['check'], p, { PATH: '/nonexistent' });
  expect([noPhp.status, noPhp.stderr.trim()]).toEqual([0, 'warning: php is not on PATH, so functions/legacy/impl.php was not checked; install PHP (on Debian: apt-get install php-cli) to have check parse it']);
});

test('a solution-style tsconfig.json ("files": [] and references): the implementations are checked with the settings of the referenced config that holds them (its paths here)', () => {
  const p = tempProject({
    'package.json': { name: 'x', version: '1.0.0', type: 'module' },
    'tsconfig.json': { files: [], references: [{ path: './tsconfig.web.json' }, { path: './tsconfig.functions.json' }] },
    'tsconfig.web.json': { compilerOptions: { composite: true, module: 'nodenext', strict: true }, include: ['web/**/*.ts'] },
    'tsconfig.functions.json': { compilerOptions: { composite: true, module: 'nodenext', strict: true, paths: { '#lib/*': ['./lib/*'] } }, include: ['functions/**/*.ts', 'generated/**/*.ts', 'lib/**/*.ts'] },
    'web/main.ts': 'export {};\n',
    'lib/yes.ts': 'export const yes = (s?: string): boolean => s !== "no";\n',
    'cloudfn.config.json': { schemas: 'schemas' },
    'schemas/ping.fn.json': contract(),
  });
  expect(cloudfn(['gen'], p).status).toBe(0);
  writeFiles(p, { 'functions/ping/impl.ts': 'import type { Input, Output } from "./contract.js";\nimport { yes } from "#lib/yes.js";\n\nexport default async function ping(input: Input): Promise<Output> {\n  return { pong: yes(input.echo) };\n}\n' });
  const r = cloudfn(['check'], p);
  expect([r.status, r.stdout.trim()]).toEqual([0, 'cloudfn: generated files are up to date; the implementations match their contracts']);
  // The deployable bundle is built with the same settings (esbuild is given that config), and runs.
  const gen = cloudfn(['gen'], p);
  expect([gen.status, gen.stderr]).toEqual([0, '']);
  const run = spawnSync(process.execPath, ['-e', 'require("./functions/ping/dist/index.js").main({ echo: "hi" }, {}).then((r) => console.log(JSON.stringify(r)))'], { cwd: p, encoding: 'utf8' });
  expect(run.stdout.trim()).toBe('{"pong":true}');
});

test('a tsconfig.json TypeScript cannot parse: check says so, at its line and column, and that cloudfn\'s defaults were used (also when the answer comes from the cache)', () => {
  const p = tempProject({ 'package.json': { name: 'x', version: '1.0.0', type: 'module' }, 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  mkdirSync(path.join(p, 'node_modules'));
  expect(cloudfn(['gen'], p).status).toBe(0);
  // (gen itself refuses it: esbuild names it at its line; check runs without building.)
  writeFiles(p, { 'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true,,\n  }\n}\n' });
  for (let run = 0; run < 2; run++) {
    const r = cloudfn(['check'], p);
    expect(r.status).toBe(0);
    expect(r.stderr.trim()).toMatch(/^warning: tsconfig\.json:3:20 TypeScript cannot read it \(.+\); the implementations were type-checked with cloudfn's defaults \(strict, NodeNext\) instead$/);
  }
});
