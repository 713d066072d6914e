/**
 * The generation cache and the no-change fast path: output is byte-for-byte the same with a warm
 * cache, a cold one or none; corrupted entries are ignored; any change on disk or in the inputs
 * is noticed; `check` writes nothing in the project but its cache.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { generate, runCheck, runGen } from '../../generator/pipeline.js';
import { SHOP_DIR } from '../helpers/built-shop.js';
import { tempProject } from '../helpers/temp-project.js';

/** A copy of the example's contracts and implementations, with or without a node_modules folder. */
function shopCopy(withModules: boolean): string {
  const dir = tempProject({ 'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions' } });
  cpSync(path.join(SHOP_DIR, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  for (const fn of readdirSync(path.join(SHOP_DIR, 'functions'))) {
    for (const impl of ['impl.ts', 'impl.php']) {
      const from = path.join(SHOP_DIR, 'functions', fn, impl);
      if (existsSync(from)) {
        mkdirSync(path.join(dir, 'functions', fn), { recursive: true });
        cpSync(from, path.join(dir, 'functions', fn, impl));
      }
    }
  }
  if (withModules) mkdirSync(path.join(dir, 'node_modules'));
  return dir;
}

/** Every file of the project outside node_modules, with its contents. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, full);
    if (e.isFile() && !rel.startsWith('node_modules')) out.set(rel, readFileSync(full, 'utf8'));
  }
  return out;
}

const byPath = (files: { displayPath: string; contents: string }[]): Record<string, string> => Object.fromEntries(files.map((f) => [f.displayPath, f.contents]));

describe('the cache never changes the output', () => {
  test('no cache, a cold cache and a warm cache give the same bytes', async () => {
    const none = byPath(await generate(resolveConfig({}, shopCopy(false))));
    const dir = shopCopy(true);
    const cold = byPath(await generate(resolveConfig({}, dir)));
    expect(existsSync(path.join(dir, 'node_modules/.cache/cloudfn/emit.json'))).toBe(true);
    const warm = byPath(await generate(resolveConfig({}, dir)));
    expect(cold).toEqual(none);
    expect(warm).toEqual(none);
  });

  test('after each kind of contract edit, a warm cache gives the bytes no cache gives (an error\'s data schema once kept its old form in the PHP contract)', async () => {
    type Contract = { description?: string; errors: Record<string, { status: number; message?: string; data?: { properties: Record<string, Record<string, unknown>> } }>; output: { properties: Record<string, Record<string, unknown>> } };
    const edits: [string, (c: Contract) => void][] = [
      ["an error's data schema", (c) => void (c.errors['OUT_OF_STOCK']!.data!.properties['available']!['maximum'] = 1000)],
      ["an error's status and message", (c) => void Object.assign(c.errors['COUPON_INVALID']!, { status: 410, message: 'Gone' })],
      ['an output member', (c) => void (c.output.properties['note'] = { type: 'string' })],
      ['the description', (c) => void (c.description = 'Edited.')],
    ];
    const edit = (dir: string, change: (c: Contract) => void): void => {
      const file = path.join(dir, 'schemas/submit-order.fn.json');
      const contract = JSON.parse(readFileSync(file, 'utf8')) as Contract;
      change(contract);
      writeFileSync(file, JSON.stringify(contract, null, 2));
    };
    const warm = shopCopy(true);
    await generate(resolveConfig({}, warm));
    for (const [what, change] of edits) {
      const none = shopCopy(false);
      for (const [, earlier] of edits.slice(0, edits.findIndex(([w]) => w === what) + 1)) edit(none, earlier);
      edit(warm, change);
      expect(byPath(await generate(resolveConfig({}, warm))), what).toEqual(byPath(await generate(resolveConfig({}, none))));
    }
  }, 120_000);

  test('PHP class names: when an edit makes an earlier function take a name a later one had, the later one moves to the next name with a warm cache as with none (its classes are not replayed from the cache)', async () => {
    // "a" names its member's class AInput + BInputC; "aInputB" names its member's class AInputBInput + C.
    const project = (object: boolean, description = 'A.', x = 'string'): Record<string, object> => ({
      'cloudfn.config.json': { schemas: 'schemas' },
      'schemas/a.fn.json': {
        name: 'a',
        description,
        input: { type: 'object', properties: { 'b-input-c': object ? { type: 'object', properties: { x: { type: x } } } : { type: 'string' } } },
        output: { type: 'object', properties: {} },
      },
      'schemas/a-input-b.fn.json': {
        name: 'aInputB',
        input: { type: 'object', properties: { c: { type: 'object', properties: { y: { type: 'integer' } } } } },
        output: { type: 'object', properties: {} },
      },
    });
    const models = (files: Record<string, string>): string[] => Object.keys(files).filter((f) => f.includes('/php/src/Model/')).sort();
    const dir = tempProject({ ...project(false), 'node_modules/.keep': '' });
    const first = byPath(await generate(resolveConfig({}, dir)));
    expect(models(first)).toContain('generated/php/src/Model/AInputBInputC.php');
    expect(first['generated/php/src/Model/AInputBInputC.php']).toContain('public readonly ?int $y = null');
    for (const [what, files] of [
      ['the description (every class replayed)', project(false, 'Edited.')],
      ['a member that now has a class of its own', project(true)],
      ['a change inside that class (no name moves: the later function stays cached)', project(true, 'A.', 'integer')],
      ['back again', project(false)],
    ] as const) {
      for (const [file, contents] of Object.entries(files)) writeFileSync(path.join(dir, file), JSON.stringify(contents));
      const warm = byPath(await generate(resolveConfig({}, dir)));
      const none = byPath(await generate(resolveConfig({}, tempProject(files))));
      expect(warm, what).toEqual(none);
    }
    // With the member an object, "a" took AInputBInputC first and "aInputB" has AInputBInputC2.
    writeFileSync(path.join(dir, 'schemas/a.fn.json'), JSON.stringify(project(true)['schemas/a.fn.json']));
    const moved = byPath(await generate(resolveConfig({}, dir)));
    expect(moved['generated/php/src/Model/AInputBInputC.php']).toContain('public readonly ?string $x = null');
    expect(moved['generated/php/src/Model/AInputBInputC2.php']).toContain('public readonly ?int $y = null');
  }, 120_000);

  test('corrupted cache entries and files are ignored, not trusted', async () => {
    const dir = shopCopy(true);
    const expected = byPath(await generate(resolveConfig({}, dir)));
    const cache = path.join(dir, 'node_modules/.cache/cloudfn');
    // A value changed behind its hash, and a file cut in half.
    const emit = JSON.parse(readFileSync(path.join(cache, 'emit.json'), 'utf8')) as { entries: Record<string, { sha: string; value: string }> };
    for (const e of Object.values(emit.entries)) e.value = `${e.value}\n// tampered`;
    writeFileSync(path.join(cache, 'emit.json'), JSON.stringify(emit));
    const format = readFileSync(path.join(cache, 'format.json'), 'utf8');
    writeFileSync(path.join(cache, 'format.json'), format.slice(0, format.length / 2));
    expect(byPath(await generate(resolveConfig({}, dir)))).toEqual(expected);
  });
});

describe('the no-change fast path', () => {
  test('gen twice writes nothing the second time; check agrees', async () => {
    const dir = shopCopy(true);
    await runGen(resolveConfig({}, dir));
    const before = tree(dir);
    const second = await runGen(resolveConfig({}, dir));
    expect(second.written).toEqual([]);
    expect(tree(dir)).toEqual(before);
    expect(await runCheck(resolveConfig({}, dir))).toBeUndefined();
  });

  test('a hand-edited, deleted or added generated file is noticed by check and repaired by gen', async () => {
    const dir = shopCopy(true);
    await runGen(resolveConfig({}, dir));
    const expected = tree(dir);
    const types = path.join(dir, 'generated/types.ts');
    writeFileSync(types, `${readFileSync(types, 'utf8')}// edited by hand\n`);
    unlinkSync(path.join(dir, 'generated/php/src/Client.php'));
    writeFileSync(path.join(dir, 'generated/stray.ts'), '// Generated by cloudfn from nowhere.\n');
    const report = await runCheck(resolveConfig({}, dir));
    expect(report).toContain('stale: generated/types.ts');
    expect(report).toContain('missing: generated/php/src/Client.php');
    expect(report).toContain('extra: generated/stray.ts');
    await runGen(resolveConfig({}, dir));
    expect(tree(dir)).toEqual(expected);
  });

  test('a deleted impl.ts is created again; an edited one is rebuilt into dist/', async () => {
    const dir = shopCopy(true);
    await runGen(resolveConfig({}, dir));
    const impl = path.join(dir, 'functions/ping/impl.ts');
    const dist = path.join(dir, 'functions/ping/dist/index.js');
    expect(readFileSync(dist, 'utf8')).not.toContain('2026-01-01');
    writeFileSync(impl, readFileSync(impl, 'utf8').replace('new Date()', "new Date('2026-01-01')"));
    await runGen(resolveConfig({}, dir));
    expect(readFileSync(dist, 'utf8')).toContain('2026-01-01');
    unlinkSync(impl);
    await runGen(resolveConfig({}, dir));
    expect(readFileSync(impl, 'utf8')).toContain('This file is yours');
  });

  test('turning deploy.sourceMap off and on again rebuilds the deployable folders: index.js never loads a main.js that is gone', async () => {
    const dir = shopCopy(true);
    const dist = path.join(dir, 'functions/ping/dist');
    const withMap = (on: boolean): void => writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify({ schemas: 'schemas', out: 'generated', functions: 'functions', deploy: { sourceMap: on } }));
    const loads = (): boolean => {
      const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(dist, 'index.js'))})`], { encoding: 'utf8' });
      return r.status === 0;
    };
    for (const on of [true, false, true, false]) {
      withMap(on);
      await runGen(resolveConfig({}, dir));
      expect([existsSync(path.join(dist, 'main.js')), readFileSync(path.join(dist, 'index.js'), 'utf8').includes("require('./main.js')"), loads()]).toEqual([on, on, true]);
    }
  });

  test('a deployable folder edited or emptied by hand is rebuilt by the next gen; the others are left untouched', async () => {
    const dir = shopCopy(true);
    await runGen(resolveConfig({}, dir));
    const dist = path.join(dir, 'functions/ping/dist');
    const expected = [readFileSync(path.join(dist, 'index.js'), 'utf8'), readFileSync(path.join(dist, 'package.json'), 'utf8')];
    const others = [...tree(dir).keys()].filter((f) => f.includes('/dist/') && !f.startsWith('functions/ping/'));
    expect(others.length).toBeGreaterThan(0);
    const mtimes = others.map((f) => statSync(path.join(dir, f)).mtimeMs);
    writeFileSync(path.join(dist, 'index.js'), `${expected[0]}\n// edited by hand`);
    unlinkSync(path.join(dist, 'package.json'));
    const again = await runGen(resolveConfig({}, dir));
    expect([readFileSync(path.join(dist, 'index.js'), 'utf8'), readFileSync(path.join(dist, 'package.json'), 'utf8')]).toEqual(expected);
    expect(again.written.filter((f) => f.includes('/dist/')).sort()).toEqual(['functions/ping/dist/index.js', 'functions/ping/dist/package.json']);
    expect(others.map((f) => statSync(path.join(dir, f)).mtimeMs)).toEqual(mtimes);
  });

  test('a deployable folder is rebuilt when a setting esbuild reads changes, though no source did: tsconfig paths (also in a tsconfig it extends), a tsconfig.json added nearer', async () => {
    const dir = shopCopy(true);
    const fn = path.join(dir, 'functions/ping');
    const impl = path.join(fn, 'impl.ts');
    writeFileSync(path.join(fn, 'stamp-a.ts'), 'export const stamp = "STAMP-A";\n');
    writeFileSync(path.join(fn, 'stamp-b.ts'), 'export const stamp = "STAMP-B";\n');
    writeFileSync(path.join(fn, 'stamp-c.ts'), 'export const stamp = "STAMP-C";\n');
    writeFileSync(impl, `import { stamp } from "@stamp";\nvoid stamp;\n${readFileSync(impl, 'utf8').replace("new Date()", "new Date(stamp.length)")}`);
    const paths = (to: string): object => ({ compilerOptions: { paths: { '@stamp': [to] } } });
    writeFileSync(path.join(dir, 'tsconfig.base.json'), JSON.stringify(paths('./functions/ping/stamp-a.ts')));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: './tsconfig.base.json' }));
    const dist = path.join(fn, 'dist/index.js');
    const bundled = async (): Promise<string[]> => {
      await runGen(resolveConfig({}, dir));
      return readFileSync(dist, 'utf8').match(/STAMP-[ABC]/g) ?? [];
    };
    expect(await bundled()).toEqual(['STAMP-A']);
    writeFileSync(path.join(dir, 'tsconfig.base.json'), JSON.stringify(paths('./functions/ping/stamp-b.ts')));
    expect(await bundled()).toEqual(['STAMP-B']);
    writeFileSync(path.join(fn, 'tsconfig.json'), JSON.stringify(paths('./stamp-c.ts')));
    expect(await bundled()).toEqual(['STAMP-C']);
  });

  test('an edited contract is regenerated; check before gen reports it and writes nothing but its cache', async () => {
    const dir = shopCopy(true);
    await runGen(resolveConfig({}, dir));
    const contract = path.join(dir, 'schemas/ping.fn.json');
    writeFileSync(contract, readFileSync(contract, 'utf8').replace(/"description": "/, '"description": "Edited. '));
    const before = tree(dir);
    const mtimes = [...before.keys()].map((f) => statSync(path.join(dir, f)).mtimeMs);
    expect(await runCheck(resolveConfig({}, dir))).toContain('stale: generated/types.ts');
    expect(tree(dir)).toEqual(before);
    expect([...before.keys()].map((f) => statSync(path.join(dir, f)).mtimeMs)).toEqual(mtimes);
    await runGen(resolveConfig({}, dir));
    expect(readFileSync(path.join(dir, 'generated/types.ts'), 'utf8')).toContain('Edited.');
    expect(await runCheck(resolveConfig({}, dir))).toBeUndefined();
  });
});

test('without node_modules nothing is cached anywhere', async () => {
  const dir = shopCopy(false);
  await runGen(resolveConfig({}, dir));
  expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  rmSync(path.join(dir, 'generated'), { recursive: true });
  expect(await runCheck(resolveConfig({}, dir))).toContain('missing: generated/types.ts');
});

test('a project in a workspace without node_modules of its own (npm or yarn workspaces) keeps its cache in the nearest node_modules above, a folder per project', async () => {
  const root = tempProject({ 'package.json': { name: 'mono', private: true, workspaces: ['packages/*'] } });
  mkdirSync(path.join(root, 'node_modules'));
  const dirs = ['packages/fns', 'packages/more'].map((p) => path.join(root, p));
  for (const dir of dirs) {
    cpSync(path.join(SHOP_DIR, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
    writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify({ schemas: 'schemas' }));
  }
  for (const dir of dirs) await runGen(resolveConfig({}, dir));
  for (const dir of dirs) {
    const timings: { stage: string; ms: number }[] = [];
    const again = await runGen(resolveConfig({}, dir), timings);
    expect(again.written).toEqual([]);
    // Stopped after checking the last run's output: nothing was generated again.
    expect(timings.map((t) => t.stage)).not.toContain('emit');
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  }
  expect(readdirSync(path.join(root, 'node_modules/.cache/cloudfn/workspaces/packages')).sort()).toEqual(['fns', 'more']);
});
