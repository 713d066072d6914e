/**
 * Which compiler `check` type-checks the implementations with, and that they agree: TypeScript 7
 * (the native compiler, installed with cloudfn) when the project has no TypeScript or has 7; the
 * project's own when it has the JavaScript compiler API (5.9 here); the compiler bundled with
 * ts-morph when TypeScript 7 cannot run. Each reports the same problems at the same line:column.
 */
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { cloudfn, REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject, writeFiles } from '../helpers/temp-project.js';

/** Wide characters (CJK, an emoji: two UTF-16 units) before the mistakes, so columns are counted as editors count them; a message with a chain. */
const IMPL = [
  'import type { Input, Output } from "./contract.js";',
  '',
  '// 回声：把输入原样返回 😀',
  'export default async function ping(input: Input): Promise<Output> {',
  '  const label = "😀😀" + input.echo; const n: number = label;',
  '  const other: Output = { pong: label } as { pong: string }; void other;',
  '  return { pong: n };',
  '}',
  '',
].join('\n');
const EXPECTED = [
  "functions/ping/impl.ts:5:44 Type 'string' is not assignable to type 'number'.",
  // A message with its chain of explanations, on one line.
  "functions/ping/impl.ts:6:9 Type '{ pong: string; }' is not assignable to type 'PingOutput'. Types of property 'pong' are incompatible. Type 'string' is not assignable to type 'boolean'.",
  "functions/ping/impl.ts:7:12 Type 'number' is not assignable to type 'boolean'.",
];

function pingProject(): string {
  const p = tempProject({
    'package.json': { name: 'x', version: '1.0.0', type: 'module' },
    'tsconfig.json': { compilerOptions: { module: 'nodenext', strict: true, types: [] } },
    'cloudfn.config.json': { schemas: 'schemas' },
    'schemas/ping.fn.json': contract(),
  });
  mkdirSync(path.join(p, 'node_modules'));
  expect(cloudfn(['gen'], p).status).toBe(0);
  writeFiles(p, { 'functions/ping/impl.ts': IMPL });
  return p;
}

const problems = (stdout: string): string[] => stdout.match(/functions\/ping\/impl\.ts:\d+:\d+ .*/g) ?? [];

test('no TypeScript in the project: TypeScript 7 checks; with the project\'s own TypeScript 5.9 (the JavaScript API), that one does: the same problems at the same places', () => {
  const p = pingProject();
  const native = cloudfn(['check'], p);
  expect(native.status).toBe(1);
  expect(native.stdout).toMatch(/\(TypeScript 7\.[\d.]+, bundled with cloudfn\)/);
  expect(problems(native.stdout)).toEqual(EXPECTED);

  symlinkSync(path.join(REPO_ROOT, 'node_modules/typescript-5.9'), path.join(p, 'node_modules/typescript'), 'dir');
  const own = cloudfn(['check'], p);
  expect(own.status).toBe(1);
  expect(own.stdout).toMatch(/\(the project's TypeScript 5\.9\.[\d]+\)/);
  expect(problems(own.stdout)).toEqual(EXPECTED);

  // Back to none: the memo's answer from 5.9 is not taken for TypeScript 7's.
  rmSync(path.join(p, 'node_modules/typescript'));
  expect(cloudfn(['check'], p).stdout).toMatch(/\(TypeScript 7\.[\d.]+, bundled with cloudfn\)/);
});

test('TypeScript 7 is taken only with its binary for this platform (an optional dependency `npm ci --omit=optional` leaves out): else the JavaScript compiler, started early on its thread', async () => {
  const { nativeVersion } = await import('../../generator/stages/which-compiler.js');
  const p = tempProject({
    'node_modules/typescript/package.json': { name: 'typescript', version: '7.0.2' },
    'tool/package.json': { name: 'tool', version: '1.0.0' },
  });
  const from = path.join(p, 'tool/package.json');
  expect(nativeVersion(from)).toBeUndefined();
  writeFiles(p, { [`node_modules/@typescript/typescript-${process.platform}-${process.arch}/package.json`]: { name: `@typescript/typescript-${process.platform}-${process.arch}`, version: '7.0.2' } });
  expect(nativeVersion(from)).toBe('7.0.2');
  writeFiles(p, { 'node_modules/typescript/package.json': { name: 'typescript', version: '6.0.2' } });
  expect(nativeVersion(from)).toBeUndefined();
});

test('when TypeScript 7 cannot run (no binary for the platform), the compiler bundled with ts-morph checks instead, with the same answer', async () => {
  const p = pingProject();
  vi.resetModules();
  vi.doMock('../../generator/stages/impl-check-native.js', () => ({
    checkNative: () => Promise.reject(new Error('spawn tsc ENOENT')),
  }));
  try {
    const { runCheckAll } = await import('../../generator/pipeline.js');
    const { resolveConfig } = await import('../../generator/config.js');
    const report = await runCheckAll(resolveConfig({}, p));
    expect(report.compiler).toMatch(/^TypeScript 6\.[\d.]+, bundled with cloudfn/);
    expect(report.impl.map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`)).toEqual(EXPECTED);
  } finally {
    vi.doUnmock('../../generator/stages/impl-check-native.js');
    vi.resetModules();
  }
});

test('"types": ["*"] (every installed @types package, read from the folder listing): installing @types/node later is seen, not answered from the memo', () => {
  const p = tempProject({
    'package.json': { name: 'x', version: '1.0.0', type: 'module' },
    'tsconfig.json': { compilerOptions: { module: 'nodenext', strict: true, types: ['*'] } },
    'cloudfn.config.json': { schemas: 'schemas' },
    'schemas/ping.fn.json': contract(),
  });
  mkdirSync(path.join(p, 'node_modules/@types'), { recursive: true });
  expect(cloudfn(['gen'], p).status).toBe(0);
  writeFiles(p, { 'functions/ping/impl.ts': 'import type { Input, Output } from "./contract.js";\n\nexport default async function ping(input: Input): Promise<Output> {\n  return { pong: process.env["PING"] !== input.echo };\n}\n' });
  const missing = cloudfn(['check'], p);
  expect(missing.status).toBe(1);
  expect(missing.stdout).toMatch(/functions\/ping\/impl\.ts:4:18 Cannot find name 'process'/);
  symlinkSync(path.join(REPO_ROOT, 'node_modules/@types/node'), path.join(p, 'node_modules/@types/node'), 'dir');
  const r = cloudfn(['check'], p);
  expect([r.status, r.stdout.trim()]).toEqual([0, 'cloudfn: generated files are up to date; the implementations match their contracts']);
});

test('tsconfig: an option TypeScript refuses leaves the others in force; a JSON syntax error in a config it extends is said at its line, and the defaults used', () => {
  const p = tempProject({
    'package.json': { name: 'x', version: '1.0.0', type: 'module' },
    'tsconfig.json': { compilerOptions: { module: 'nodenext', strict: true, types: [], noUnusedLocals: true, notAnOption: true } },
    'cloudfn.config.json': { schemas: 'schemas' },
    'schemas/ping.fn.json': contract(),
  });
  mkdirSync(path.join(p, 'node_modules'));
  expect(cloudfn(['gen'], p).status).toBe(0);
  writeFiles(p, { 'functions/ping/impl.ts': 'import type { Input, Output } from "./contract.js";\n\nexport default async function ping(input: Input): Promise<Output> {\n  const unused = 1;\n  return { pong: input.echo !== undefined };\n}\n' });
  const kept = cloudfn(['check'], p);
  expect([kept.status, kept.stderr]).toEqual([1, 'cloudfn check: out of date (see above)\n']);
  expect(problems(kept.stdout)).toEqual(["functions/ping/impl.ts:4:9 'unused' is declared but its value is never read."]);

  writeFiles(p, { 'tsconfig.json': { extends: './tsconfig.base.json', compilerOptions: { strict: true } }, 'tsconfig.base.json': '{\n  "compilerOptions": {\n    "noUnusedLocals": true,,\n  }\n}\n' });
  const broken = cloudfn(['check'], p);
  expect(broken.status).toBe(0);
  expect(broken.stderr.trim()).toBe("warning: tsconfig.base.json:3:28 TypeScript cannot read it (Property assignment expected.); the implementations were type-checked with cloudfn's defaults (strict, NodeNext) instead");
});
