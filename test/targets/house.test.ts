/**
 * The TypeScript files printed in the house style, and the runtime templates copied as they are,
 * need no prettier pass: this holds them to prettier's own output, for the example, the golden case
 * and a contract with long names.
 */
import path from 'node:path';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { format, HOUSE_STYLE, mayHavePrettierConfig } from '../../generator/stages/format.js';
import { TARGETS } from '../../generator/targets/registry.js';
import { displayWidth, literal, NotHouseStyle } from '../../generator/targets/ts/house.js';
import { SHOP_DIR } from '../helpers/built-shop.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const LONG = tempProject({
  'cloudfn.config.json': { schemas: 'schemas', out: 'generated/client-side/out', functions: 'cloud/functions' },
  'schemas/long.fn.json': contract({
    name: 'a-rather-long-function-name-for-checking-line-breaks',
    http: { path: '/a/very/long/http/path/that/goes/on/and/on/for/a/while/longer/than/one/line' },
    errors: { A_VERY_LONG_ERROR_CODE_NUMBER_ONE: { status: 409, message: "It's over" }, ANOTHER_RATHER_LONG_ERROR_CODE: { status: 422 } },
  }),
});

function houseFiles(dir: string) {
  const config = resolveConfig({}, dir);
  const ir = compile(config);
  const roots = { out: path.relative(dir, config.outDir), functions: path.relative(dir, config.functionsDir) };
  return TARGETS.flatMap((t) => t.emit(ir, { schemasDir: 'schemas', roots, targetOptions: config.targets })).filter((f) => f.format === 'house' || f.format === 'template');
}

test.each([
  ['examples/shop', SHOP_DIR],
  ['golden kitchen-sink', path.join(REPO_ROOT, 'test/golden/kitchen-sink/input')],
])('%s: every house-style file is already what prettier prints', async (_name, dir) => {
  const files = houseFiles(dir);
  expect(files.length).toBeGreaterThan(4);
  for (const f of files) expect(f.contents, f.path).toBe(await prettier.format(f.contents, { ...HOUSE_STYLE, parser: 'typescript' }));
});

test('names too long for the house printer: the format stage hands those files to prettier', async () => {
  const files = houseFiles(LONG);
  const formatted = await format(files, LONG);
  for (const [i, f] of formatted.entries()) expect(f.contents, f.path).toBe(await prettier.format(files[i]!.contents, { ...HOUSE_STYLE, parser: 'typescript' }));
});

test('a project with its own prettier config gets it on house-style files too', async () => {
  const dir = tempProject({ 'cloudfn.config.json': { schemas: 'schemas' }, '.prettierrc.json': { singleQuote: false, useTabs: true }, 'schemas/ping.fn.json': contract() });
  const config = resolveConfig({}, dir);
  const ir = compile(config);
  const files = TARGETS.flatMap((t) => t.emit(ir, { schemasDir: 'schemas', roots: { out: 'generated', functions: 'functions' }, targetOptions: {} }));
  const index = (await format(files, dir)).find((f) => f.path === 'ping/index.ts')!;
  expect(index.contents).toContain('name: "ping"');
  expect(index.contents).toContain('\tname');
});

test('literal values (mock samples): what the house printer lays out, prettier leaves as it is', async () => {
  const json = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(0, -1, 2.5, 1e21, 1e-7, true, false, null, '', 'text', "it's", 'a "quote"', 'line\nbreak', '中文', 'x'.repeat(60)),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.array(fc.integer({ min: -5000, max: 5000 }), { maxLength: 40 }),
      fc.dictionary(fc.constantFrom('a', 'id', 'quantity', 'a b', '1x', 'averyveryverylongpropertyname', '名称'), tie('value'), { maxKeys: 4 }),
    ),
  }));
  let house = 0;
  for (const samples of fc.sample(fc.array(json.value, { maxLength: 5 }), { numRuns: Number(process.env["LIT_RUNS"] ?? 400), seed: Number(process.env["LIT_SEED"] ?? 20261126) })) {
    let text: string;
    try {
      text = `const SAMPLES: Output[] = ${literal(samples, 0, 26, 1)};\n`;
    } catch (e) {
      expect(e).toBeInstanceOf(NotHouseStyle);
      continue;
    }
    if (text.split('\n').some((l) => displayWidth(l) > 80)) continue; // the format stage gives these to prettier
    expect(text).toBe(await prettier.format(text, { ...HOUSE_STYLE, parser: 'typescript' }));
    house++;
  }
  expect(house).toBeGreaterThan(200);
});

test('a member named __proto__ in a value (a const, a default, a sample) stays a member: a computed key, which prettier keeps', async () => {
  const value = JSON.parse('{"__proto__": {"polluted": true}, "a": [{"__proto__": null}]}') as unknown;
  const text = `const V = ${literal(value, 0, 10, 1)};\n`;
  expect(text).toBe(await prettier.format(text, { ...HOUSE_STYLE, parser: 'typescript' }));
  const evaluated = new Function(`${text.replace('const V =', 'return')}`)() as Record<string, unknown>;
  expect(Object.getPrototypeOf(evaluated)).toBe(Object.prototype);
  expect(JSON.stringify(evaluated)).toBe(JSON.stringify(value));
});

test('a prettier config in package.json or in a folder above the project is found too', async () => {
  const fromPackage = tempProject({ 'package.json': { name: 'x', prettier: { useTabs: true } }, 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  const above = tempProject({ '.prettierrc': '{ "useTabs": true }\n', 'app/cloudfn.config.json': { schemas: 'schemas' }, 'app/schemas/ping.fn.json': contract() });
  const plain = tempProject({ 'package.json': { name: 'x' }, 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  expect([mayHavePrettierConfig(fromPackage), mayHavePrettierConfig(path.join(above, 'app')), mayHavePrettierConfig(plain)]).toEqual([true, true, false]);
  for (const dir of [fromPackage, path.join(above, 'app')]) {
    const ir = compile(resolveConfig({}, dir));
    const files = TARGETS.flatMap((t) => t.emit(ir, { schemasDir: 'schemas', roots: { out: 'generated', functions: 'functions' }, targetOptions: {} }));
    const index = (await format(files, dir)).find((f) => f.path === 'ping/index.ts')!;
    expect(index.contents).toContain('\tname');
  }
});

test('without a prettier config, `prettier --check` passes on the generated TypeScript (validators and test data aside, which are machine data)', async () => {
  const { spawnSync } = await import('node:child_process');
  const { readdirSync } = await import('node:fs');
  // Names long enough to break lines in the one contract-test file (a Node function with defaults
  // the handler fills in, a PHP function), where it is printed in the house style, and short ones
  // where it is not.
  const long = 'reconcileMerchantSettlementStatementsAcrossRegions';
  const dir = tempProject({
    'cloudfn.config.json': { schemas: 'schemas' },
    'schemas/ping.fn.json': contract({ errors: { GONE: { status: 410, data: { type: 'object', properties: { since: { type: 'string' } } } } } }),
    'schemas/long.fn.json': contract({ name: long, input: { type: 'object', properties: { page: { type: 'integer', default: 1 }, size: { type: 'integer', default: 20 } } }, errors: { SETTLEMENT_WINDOW_CLOSED: { status: 409, message: 'The settlement window is closed for this region' } } }),
    'schemas/long-php.fn.json': contract({ name: `${long}Php`, runtime: 'php' }),
  });
  const gen = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/generator/cli.js'), 'gen', '--quiet'], { cwd: dir, encoding: 'utf8' });
  expect(gen.status, gen.stderr).toBe(0);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.parentPath.includes(`${path.sep}validators`) && !e.name.endsWith('.contract-data.ts') && !e.parentPath.includes('node_modules'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  expect(files.length).toBeGreaterThan(10);
  const check = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--check', ...files], { cwd: dir, encoding: 'utf8' });
  expect(check.stdout + check.stderr).toContain('All matched files use Prettier code style!');
  expect(check.status).toBe(0);
});
