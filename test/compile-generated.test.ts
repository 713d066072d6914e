/**
 * Every generated TypeScript file passes the real `tsc` under strict + exactOptionalPropertyTypes,
 * and the golden trees under every stricter flag a project may set (unused names, implicit returns,
 * index-signature access, erasable syntax only: what Node's own type stripping can run).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

/** TypeScript 7 (the package's own); `typescript-5.9` is the older compiler the matrix also checks with. */
const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
const STRICT = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'nodenext', '--skipLibCheck', '--types', 'node'];

const STRICTER = ['--noUnusedLocals', '--noUnusedParameters', '--noImplicitReturns', '--noFallthroughCasesInSwitch', '--noPropertyAccessFromIndexSignature', '--noImplicitOverride', '--erasableSyntaxOnly', '--verbatimModuleSyntax'];

function tsc(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(TSC, args, { encoding: 'utf8', timeout: 120_000, cwd: REPO_ROOT });
  return { status: r.status, output: r.stdout + r.stderr };
}

test('the example project (generated types, handlers and the user implementations) compiles', () => {
  const r = tsc(['-p', 'examples/shop/tsconfig.json']);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
});

test('type-level tests: wrong inputs do not compile, errors narrow by code', () => {
  const r = tsc(['-p', 'test/types/tsconfig.json']);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
});

test('every golden tree compiles with zero diagnostics, also under the stricter flags', () => {
  const files = readdirSync(path.join(REPO_ROOT, 'test/golden'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
  expect(files.length).toBeGreaterThan(3);
  const r = tsc(['--ignoreConfig', ...STRICT, ...STRICTER, ...files]);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
});

test('every golden tree compiles under plain --strict too (tsc --init: optional members may hold undefined)', () => {
  const files = readdirSync(path.join(REPO_ROOT, 'test/golden'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
  const r = tsc(['--ignoreConfig', '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--skipLibCheck', '--types', 'node', ...files]);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
});

test('a compile error in generated code would be caught', () => {
  const r = tsc(['--ignoreConfig', ...STRICT, path.join(REPO_ROOT, 'test/fixtures/does-not-compile.ts')]);
  expect(r.status).not.toBe(0);
  expect(r.output).toContain('TS2322');
});

test('hostile text in every description, message, example, enum value and property name: tsc and php -l pass', async () => {
  const { tempProject } = await import('./helpers/temp-project.js');
  const { cloudfn } = await import('./helpers/cli.js');
  const evil = '每 */5 分钟 `tick` ${x} <?php echo 1; ?> </script> \u2028 line\nnext */ \\ $y \u0000\u0007\u001b\r\nend';
  const dir = tempProject({
    'cloudfn.config.json': {},
    'schemas/evil.fn.json': {
      name: 'evil',
      description: evil,
      http: { path: '/evil' },
      input: {
        type: 'object',
        description: evil,
        properties: {
          a: { type: 'string', description: evil, enum: ['*/', '`', '${x}', '<?php', '</script>', '\u2028', 'a\'b"c', evil] },
          'we*/ird': { type: 'string', default: evil },
          '</script>': { type: 'integer', description: evil },
          "it's `${x}`": { type: 'boolean' },
          ctl: { type: 'string', pattern: '^[^\u0000\u0007]*$' },
        },
      },
      output: { type: 'object', properties: { ok: { type: 'boolean', description: evil } } },
      errors: { BAD: { status: 400, description: evil, message: evil, data: { type: 'object', properties: { why: { type: 'string', description: evil } } } } },
      examples: [{ name: evil, input: { a: '*/' }, output: { ok: true } }],
    },
  });
  const gen = cloudfn(['gen'], dir);
  expect(gen.stderr).toBe('');
  expect(gen.status).toBe(0);
  const files = readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && !e.parentPath.includes('node_modules')).map((e) => path.join(e.parentPath, e.name));
  // The contract tests and their support need vitest and cloudfn installed: the example project compiles those.
  const ts = files.filter((f) => f.endsWith('.ts') && !f.includes(`${path.sep}tests${path.sep}`) && !f.endsWith('contract-support.ts') && !f.endsWith('contract-checks.ts'));
  const r = tsc(['--ignoreConfig', ...STRICT, ...ts]);
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
  // Control characters from the contract never land raw in a generated file (a NUL in a PHP string, a bell in a comment).
  const raw = files.filter((f) => !f.includes(`${path.sep}dist${path.sep}`) && !f.endsWith('.fn.json') && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(readFileSync(f, 'utf8')));
  expect(raw).toEqual([]);
  const php = files.filter((f) => f.endsWith('.php'));
  expect(php.length).toBeGreaterThan(10);
  for (const f of php) {
    const lint = spawnSync('php', ['-l', f], { encoding: 'utf8' });
    expect(lint.status, `${f}\n${lint.stdout}${lint.stderr}`).toBe(0);
  }
});

test("the contract tests' compile-time agreement check fails on an input or output that differs, and only then", () => {
  const r = tsc(['--ignoreConfig', ...STRICT, path.join(REPO_ROOT, 'test/fixtures/contract-agree.ts')]);
  const lines = [...r.output.matchAll(/contract-agree\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
  expect(lines).toEqual(['11 TS2344', '13 TS2344']);
});

test("in the example's generated contract tests, a handler whose output type drifts from the client's fails the type check on that function's line, and only there", () => {
  // A copy at the same depth, so that its relative imports of dist/ and node_modules resolve.
  const copy = mkdtempSync(path.join(REPO_ROOT, 'examples', 'tmp-shop-'));
  try {
    cpSync(path.join(REPO_ROOT, 'examples/shop'), copy, { recursive: true });
    const contractPath = path.join(copy, 'functions/ping/contract.ts');
    const before = readFileSync(contractPath, 'utf8');
    // The implementation's Output type edited by hand: narrower than the client's, which the
    // implementation and the handler accept as they are; only the agreement check can see it.
    writeFileSync(contractPath, before.replace('export type Output = PingOutput;', 'export type Output = PingOutput & { drifted?: never };'));
    expect(readFileSync(contractPath, 'utf8')).not.toBe(before);
    const r = tsc(['-p', path.join(copy, 'tsconfig.json')]);
    const test = readFileSync(path.join(copy, 'generated/tests/cloudfn.contract.test.ts'), 'utf8').split('\n');
    const pingLine = test.findIndex((l) => l.includes('Client["ping"]')) + 1;
    expect(pingLine).toBeGreaterThan(0);
    const errors = [...r.output.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1]!.replace(/\\/g, '/')}:${m[2]} ${m[3]}`);
    expect(errors).toEqual([`${path.relative(REPO_ROOT, copy).replace(/\\/g, '/')}/generated/tests/cloudfn.contract.test.ts:${pingLine} TS2344`]);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
