/** `gen` keeps cloudbaserc.json in step with the contracts, touching only its own keys, and can lay out WeChat DevTools' folders. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const read = (dir: string, file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));

test('a new cloudbaserc.json: one entry per function, pointing tcb fn deploy at the deployable folder', async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract({ timeoutSeconds: 20 }), 'schemas/legacy.fn.json': contract({ name: 'legacy', runtime: 'php' }) });
  await runGen(resolveConfig({}, dir));
  expect(read(dir, 'cloudbaserc.json')).toEqual({
    functions: [
      { name: 'legacy', dir: 'functions/legacy', handler: 'index.main_handler', runtime: 'Php8.0', timeout: 60, installDependency: false },
      { name: 'ping', dir: 'functions/ping/dist', handler: 'index.main', runtime: 'Nodejs18.15', timeout: 20, installDependency: false },
    ],
  });
});

test("an existing cloudbaserc.json: only cloudfn's keys of the contracts' functions change", async () => {
  const dir = tempProject({
    'cloudfn.config.json': { deploy: { nodejsRuntime: 'Nodejs20.19' } },
    'schemas/ping.fn.json': contract({ timeoutSeconds: 20 }),
    'cloudbaserc.json': {
      envId: 'shop-prod-1a2b',
      functionRoot: './functions',
      functions: [
        { name: 'other', timeout: 3, runtime: 'Nodejs16.13' },
        { name: 'ping', timeout: 3, memorySize: 512, envVariables: { DB: 'x' }, triggers: [{ name: 't', type: 'timer', config: '0 0 2 1 * * *' }] },
      ],
    },
  });
  await runGen(resolveConfig({}, dir));
  expect(read(dir, 'cloudbaserc.json')).toEqual({
    envId: 'shop-prod-1a2b',
    functionRoot: './functions',
    functions: [
      { name: 'other', timeout: 3, runtime: 'Nodejs16.13' },
      {
        name: 'ping',
        timeout: 20,
        memorySize: 512,
        envVariables: { DB: 'x' },
        triggers: [{ name: 't', type: 'timer', config: '0 0 2 1 * * *' }],
        dir: 'functions/ping/dist',
        handler: 'index.main',
        runtime: 'Nodejs20.19',
        installDependency: false,
      },
    ],
  });
  // The contract's timeout reaches the deploy config on the next gen.
  writeFileSync(path.join(dir, 'schemas/ping.fn.json'), JSON.stringify(contract({ timeoutSeconds: 45 })));
  await runGen(resolveConfig({}, dir));
  expect((read(dir, 'cloudbaserc.json') as { functions: { timeout: number }[] }).functions[1]!.timeout).toBe(45);
});

test('a function whose bundle leaves wx-server-sdk to the platform gets installDependency', async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract() });
  const config = resolveConfig({}, dir);
  await runGen(config);
  writeFileSync(
    path.join(dir, 'functions/ping/impl.ts'),
    `import cloud from 'wx-server-sdk';\nimport type { CallContext, Input, Output } from './contract.js';\nexport default async function ping(input: Input, ctx: CallContext): Promise<Output> {\n  void cloud;\n  return { pong: true };\n}\n`,
  );
  await runGen(config);
  expect((read(dir, 'cloudbaserc.json') as { functions: { installDependency: boolean }[] }).functions[0]!.installDependency).toBe(true);
});

test('WeChat DevTools layout: only deployable folders under its cloudfunctionRoot; cloudbaserc upkeep can be switched off', async () => {
  const dir = tempProject({ 'cloudfn.config.json': { deploy: { devtoolsRoot: 'cloudfunctions', cloudbaserc: false } }, 'schemas/ping.fn.json': contract(), 'functions/ping/assets/logo.png': '\u0089PNG\r\n' });
  await runGen(resolveConfig({}, dir));
  // The function's assets go along, byte for byte.
  expect(readFileSync(path.join(dir, 'cloudfunctions/ping/assets/logo.png'))).toEqual(readFileSync(path.join(dir, 'functions/ping/assets/logo.png')));
  expect(readFileSync(path.join(dir, 'cloudfunctions/ping/index.js'), 'utf8')).toBe(readFileSync(path.join(dir, 'functions/ping/dist/index.js'), 'utf8'));
  expect(existsSync(path.join(dir, 'cloudfunctions/ping/package.json'))).toBe(true);
  expect(existsSync(path.join(dir, 'cloudfunctions/_cloudfn'))).toBe(false);
  expect(existsSync(path.join(dir, 'cloudbaserc.json'))).toBe(false);
});

test('a cloudbaserc.json that is not JSON is left alone, with one clear error', async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': contract(), 'cloudbaserc.json': '{ "envId": ' });
  await expect(runGen(resolveConfig({}, dir))).rejects.toThrow(/^cloudbaserc\.json: cannot update it \(.+\); fix the JSON, or set "deploy": \{ "cloudbaserc": false \} in cloudfn\.config\.json$/);
  expect(readFileSync(path.join(dir, 'cloudbaserc.json'), 'utf8')).toBe('{ "envId": ');
});

describe('with the cache of the last run (a project with node_modules), where gen stops early when no contract changed', () => {
  const impl = (body: string): string => `${body}import type { CallContext, Input, Output } from './contract.js';\nexport default async function ping(input: Input, ctx: CallContext): Promise<Output> {\n  void ctx;\n  return { pong: input.echo !== 'no' };\n}\n`;

  test('an implementation that starts using wx-server-sdk gets installDependency', async () => {
    const dir = tempProject({ 'schemas/ping.fn.json': contract() });
    mkdirSync(path.join(dir, 'node_modules'));
    const config = resolveConfig({}, dir);
    await runGen(config);
    writeFileSync(path.join(dir, 'functions/ping/impl.ts'), impl("import cloud from 'wx-server-sdk';\nvoid cloud;\n"));
    const again = await runGen(config);
    expect(again.written).toContain('cloudbaserc.json');
    expect((read(dir, 'cloudbaserc.json') as { functions: { installDependency: boolean }[] }).functions[0]!.installDependency).toBe(true);
  });

  test("the WeChat DevTools copy follows an implementation edit; a deleted cloudbaserc.json comes back; the file count is the same either way", async () => {
    const dir = tempProject({ 'cloudfn.config.json': { deploy: { devtoolsRoot: 'cloudfunctions' } }, 'schemas/ping.fn.json': contract() });
    mkdirSync(path.join(dir, 'node_modules'));
    const config = resolveConfig({}, dir);
    const first = await runGen(config);
    writeFileSync(path.join(dir, 'functions/ping/impl.ts'), impl('// edited\n'));
    const again = await runGen(config);
    expect(again.written).toEqual(['functions/ping/dist/index.js', 'cloudfunctions/ping/index.js']);
    expect(readFileSync(path.join(dir, 'cloudfunctions/ping/index.js'), 'utf8')).toBe(readFileSync(path.join(dir, 'functions/ping/dist/index.js'), 'utf8'));
    rmSync(path.join(dir, 'cloudbaserc.json'));
    const restored = await runGen(config);
    expect(restored.written).toEqual(['cloudbaserc.json']);
    expect(read(dir, 'cloudbaserc.json')).toMatchObject({ functions: [{ name: 'ping', dir: 'functions/ping/dist' }] });
    expect([again.total, restored.total]).toEqual([first.total, first.total]);
  });
});

describe('a project whose CloudBase CLI config is not cloudbaserc.json (tcb reads cloudbaserc, then .json, .yaml, .yml, .js, cloudbase.config.js; package.json\'s "cloudbase" before all)', () => {
  const warning = (file: string): string =>
    `${file} is the CloudBase CLI's config in this project (tcb reads it, not cloudbaserc.json), so cloudfn leaves cloudbaserc.json alone; in ${file}, give each function "dir": "functions/<name>/dist" and "handler": "index.main" (PHP: "dir": "functions/<name>", "handler": "index.main_handler"), or move the config to cloudbaserc.json, which cloudfn keeps in step; "deploy": { "cloudbaserc": false } turns this off`;

  test('cloudbaserc.yaml: no cloudbaserc.json is created (it would take over from the yaml), and gen says so', async () => {
    const yaml = 'envId: shop-prod-1a2b\nfunctions:\n  - name: ping\n    timeout: 5\n';
    const dir = tempProject({ 'schemas/ping.fn.json': contract(), 'cloudbaserc.yaml': yaml });
    const r = await runGen(resolveConfig({}, dir));
    expect(existsSync(path.join(dir, 'cloudbaserc.json'))).toBe(false);
    expect(readFileSync(path.join(dir, 'cloudbaserc.yaml'), 'utf8')).toBe(yaml);
    expect(r.warnings).toEqual([warning('cloudbaserc.yaml')]);
  });

  test('a "cloudbase" object in package.json: an existing cloudbaserc.json is not updated (tcb would not read it)', async () => {
    const old = `${JSON.stringify({ envId: 'e', functions: [] }, null, 2)}\n`;
    const dir = tempProject({ 'schemas/ping.fn.json': contract(), 'package.json': { name: 'x', cloudbase: { envId: 'shop-prod-1a2b' } }, 'cloudbaserc.json': old });
    const r = await runGen(resolveConfig({}, dir));
    expect(readFileSync(path.join(dir, 'cloudbaserc.json'), 'utf8')).toBe(old);
    expect(r.warnings).toEqual([warning('package.json ("cloudbase")')]);
  });

  test('cloudbaserc.json beside a cloudbaserc.yaml: tcb reads the json, so cloudfn keeps it in step, without a word', async () => {
    const dir = tempProject({ 'schemas/ping.fn.json': contract(), 'cloudbaserc.yaml': 'envId: old\n', 'cloudbaserc.json': { envId: 'e' } });
    const r = await runGen(resolveConfig({}, dir));
    expect(read(dir, 'cloudbaserc.json')).toMatchObject({ envId: 'e', functions: [{ name: 'ping', dir: 'functions/ping/dist' }] });
    expect(r.warnings).toEqual([]);
  });
});

test("a function whose contract is removed: its deployable folder and WeChat DevTools copy go too, your implementation and your own files stay", async () => {
  const dir = tempProject({ 'cloudfn.config.json': { deploy: { devtoolsRoot: 'cloudfunctions' } }, 'schemas/ping.fn.json': contract(), 'schemas/pong.fn.json': contract({ name: 'pong' }) });
  mkdirSync(path.join(dir, 'node_modules'));
  const config = resolveConfig({}, dir);
  await runGen(config);
  writeFileSync(path.join(dir, 'cloudfunctions/pong/notes.txt'), 'mine');
  rmSync(path.join(dir, 'schemas/pong.fn.json'));
  const r = await runGen(config);
  expect(r.removed.filter((f) => f.includes('dist/') || f.startsWith('cloudfunctions/')).sort()).toEqual([
    'cloudfunctions/pong/index.js',
    'cloudfunctions/pong/package.json',
    'functions/pong/dist/index.js',
    'functions/pong/dist/package.json',
  ]);
  expect(existsSync(path.join(dir, 'functions/pong/dist'))).toBe(false);
  expect(readFileSync(path.join(dir, 'cloudfunctions/pong/notes.txt'), 'utf8')).toBe('mine');
  expect(existsSync(path.join(dir, 'functions/pong/impl.ts'))).toBe(true);
  expect(existsSync(path.join(dir, 'functions/ping/dist/index.js'))).toBe(true);
  expect(existsSync(path.join(dir, 'cloudfunctions/ping/index.js'))).toBe(true);
});
