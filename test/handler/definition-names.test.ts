/**
 * Shared definitions named like what the generated code reads or declares beside them (and like
 * every other global of Node and TypeScript). Named like
 * a global the validators read (`Object`, `Array`, `JSON`, `Number`, `Math`, `RegExp`, `String`,
 * `Symbol`), gen stopped with an internal error and a stack trace ("Cannot access 'Object' before
 * initialization"): the shared definitions' validator module exported each one as a constant of
 * that name, hiding the global its own code reads. Named like a global type the declarations read
 * (`Record`, `Promise`, `Readonly`, `Error`), types.ts or the mini program's cloudfn.d.ts did not
 * compile (`Record` is not generic); named like a class the declarations hold (`BusinessError`,
 * `InvalidInputError`) or a function's `…Failure` type, it merged into it or clashed. Now such a
 * definition is named after its file (`GlobalsRecord`) or with `Type` (`ErrorType`), the
 * validators and the deployed handler check through it, and every generated TypeScript file
 * compiles under strict, the declarations without skipLibCheck.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { httpEvent, SERVICE_KEY } from '../helpers/events.js';
import { tempProject } from '../helpers/temp-project.js';

/** Besides the ones named above: every other global of this Node, and TypeScript's own global types. */
const TS_GLOBALS = ['Partial', 'Required', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable', 'Parameters', 'ReturnType', 'InstanceType', 'Awaited', 'PromiseLike', 'ArrayLike', 'Iterable', 'ReadonlyArray', 'PropertyKey', 'NoInfer'];
const GLOBALS = [
  ...new Set([
    ...['Object', 'Array', 'JSON', 'Number', 'Math', 'RegExp', 'String', 'Symbol', 'Error', 'Promise', 'Readonly', 'Record', 'BusinessError', 'InvalidInputError', 'CloudFns', 'GlobalsFailure'],
    ...Object.getOwnPropertyNames(globalThis).filter((n) => /^[A-Z][A-Za-z0-9]*$/.test(n)),
    ...TS_GLOBALS,
  ]),
];
const definitions = Object.fromEntries(GLOBALS.map((name) => [name, { type: 'object', required: ['x'], properties: { x: { type: 'string', maxLength: 2 } } }]));
const members = Object.fromEntries(GLOBALS.map((name) => [name.toLowerCase(), { $ref: `#/$defs/${name}` }]));

test('definitions named like globals and generated declarations: generated under names of their own, checked by the validators and the deployed handler, compiled by tsc', async () => {
  const dir = tempProject({
    'package.json': { type: 'module' },
    'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions', targets: { 'contract-tests': { enabled: false }, direct: { miniprogramJs: true } } },
    'schemas/globals.fn.json': { name: 'globals', $defs: definitions, input: { type: 'object', properties: members }, output: { type: 'object', properties: members } },
  });
  await runGen(resolveConfig({}, dir));

  const validators = (await import(path.join(dir, 'generated/validators/globals.ts'))) as { validateInput: (v: unknown) => boolean };
  const cases: [unknown, boolean][] = [
    [{ object: { x: 'a' }, array: { x: 'b' } }, true],
    [{ object: { x: 'abc' } }, false],
    [{ json: [] }, false],
    [{ math: { x: 1 } }, false],
    [{ promise: {} }, false],
  ];
  expect(cases.map(([input]) => validators.validateInput(input))).toEqual(cases.map(([, ok]) => ok));

  // The deployed bundle, as CloudBase loads it.
  process.env['CLOUDFN_SERVICE_KEY'] = SERVICE_KEY;
  const { main } = createRequire(import.meta.url)(path.join(dir, 'functions/globals/dist/index.js')) as { main: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }> };
  const refused = await main(httpEvent({ record: { x: 'too long' } }), {});
  expect([refused.statusCode, JSON.parse(refused.body).error.issues]).toEqual([400, [{ path: '/record/x', message: 'must have at most 2 characters' }]]);
  expect((await main(httpEvent({ record: { x: 'ok' } }), {})).statusCode).toBe(501);

  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.parentPath.includes('node_modules') && !e.parentPath.includes(`${path.sep}dist`))
    .map((e) => path.join(e.parentPath, e.name));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', skipLibCheck: true, types: ['node'] }, files }));
  const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: dir, encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(files.length).toBeGreaterThan(10);
  // The mini program's declarations on their own, their library declarations checked too.
  const dts = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '--ignoreConfig', '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--types', '', 'generated/miniprogram/js/cloudfn.d.ts'], { cwd: dir, encoding: 'utf8' });
  expect(dts.stdout + dts.stderr).toBe('');

  const declared = [...readFileSync(path.join(dir, 'generated/types.ts'), 'utf8').matchAll(/^export interface (\w+)/gm)].map((m) => m[1]);
  expect(declared).toEqual(expect.arrayContaining(['Object', 'Array', 'ErrorType', 'GlobalsPromise', 'GlobalsRecord', 'GlobalsBusinessError', 'GlobalsGlobalsFailure']));
  expect(declared).not.toEqual(expect.arrayContaining(['Record']));
}, 120_000);
