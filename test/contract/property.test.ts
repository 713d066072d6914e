/**
 * Property-based: random contracts (fast-check) are generated into one project; all
 * TypeScript output compiles with zero diagnostics; random valid values round-trip
 * client → emulator → handler → client unchanged; random invalid values are refused
 * by the client and answered 400 by the handler. Value arbitraries are built next to
 * each schema, independently of cloudfn's own sample generator.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test, vi } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { startEmulator } from '../../generator/emulator/server.js';
import { runGen } from '../../generator/pipeline.js';
import { REPO_ROOT } from '../helpers/cli.js';

const CONTRACTS = Number(process.env['PROPERTY_CONTRACTS'] ?? 200);
const VALUES_PER_CONTRACT = 4;
const SEED = 20261124;

interface Shape {
  schema: Record<string, unknown>;
  value: fc.Arbitrary<unknown>;
}

const PATTERNS = ['^[a-z]{3,8}$', '^\\d{4}$', '^[A-Z][a-z0-9_-]{2,10}$', '^ord_[a-z0-9]{6}$'];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega'];

const leaf: fc.Arbitrary<Shape> = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((max) => ({ schema: { type: 'string', maxLength: max }, value: fc.string({ maxLength: max }) })),
  fc.constantFrom(...PATTERNS).map((p) => ({ schema: { type: 'string', pattern: p }, value: fc.stringMatching(new RegExp(p)) })),
  fc.constantFrom('email', 'uuid', 'date-time', 'date').map((format) => ({
    schema: { type: 'string', format },
    value:
      format === 'email' ? fc.emailAddress().filter((e) => /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(e))
      : format === 'uuid' ? fc.uuid()
      : fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => (format === 'date' ? d.toISOString().slice(0, 10) : d.toISOString())),
  })),
  fc.subarray(WORDS, { minLength: 2 }).map((values) => ({ schema: { type: 'string', enum: values }, value: fc.constantFrom(...values) })),
  fc.tuple(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 1, max: 1000 })).map(([min, max]) => ({ schema: { type: 'integer', minimum: min, maximum: max }, value: fc.integer({ min, max }) })),
  fc.constant({ schema: { type: 'number' }, value: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)) }),
  fc.constant({ schema: { type: 'boolean' }, value: fc.boolean() }),
  fc.constant({ schema: { type: ['string', 'null'] }, value: fc.option(fc.string({ maxLength: 10 }), { nil: null }) }),
  fc.constantFrom(...WORDS).map((w) => ({ schema: { const: w }, value: fc.constant(w) })),
);

/** JSON property names: ordinary ones, and ones that are keywords or not identifiers at all (prototype members are refused: see test/security). */
const HOSTILE_NAMES = ['class', 'default', 'this', 'a b', '1x', 'x-y', "it's", 'a"b', 'back\\slash', '*/', '😀', '中文', '$ref'];
const propName = fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NAMES) });

function objectShape(members: fc.Arbitrary<Shape>, closed: boolean): fc.Arbitrary<Shape> {
  return fc
    .uniqueArray(fc.tuple(propName, members, fc.boolean()), { minLength: 1, maxLength: 4, selector: (t) => t[0] })
    .map((props) => {
      const properties = Object.fromEntries(props.map(([n, s]) => [n, s.schema]));
      const required = props.filter(([, , r]) => r).map(([n]) => n);
      const record: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(props.map(([n, s]) => [n, s.value]));
      return {
        schema: { type: 'object', properties, ...(required.length ? { required } : {}), ...(closed ? { additionalProperties: false } : {}) },
        value: fc.record(record, { requiredKeys: required }),
      };
    });
}

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    objectShape(tie('node'), true),
    tie('node').chain((s) => fc.integer({ min: 0, max: 4 }).map((max) => ({ schema: { type: 'array', items: s.schema, maxItems: max }, value: fc.array(s.value, { maxLength: max }) }))),
    fc.tuple(leaf, leaf).map(([a, b]) => ({ schema: { type: 'array', prefixItems: [a.schema, b.schema], items: false, minItems: 2 }, value: fc.tuple(a.value, b.value) })),
    leaf.map((s) => ({ schema: { type: 'object', additionalProperties: s.schema }, value: fc.dictionary(propName, s.value, { maxKeys: 3 }) })),
    fc.tuple(objectShape(leaf, true), objectShape(leaf, true)).map(([a, b]) => {
      const tag = (o: Shape, kind: string): Shape => ({
        schema: { ...o.schema, properties: { ...(o.schema['properties'] as object), kind: { const: kind } }, required: [...((o.schema['required'] as string[]) ?? []), 'kind'] },
        value: o.value.map((v) => ({ ...(v as object), kind })),
      });
      const [ta, tb] = [tag(a, 'first'), tag(b, 'second')];
      return { schema: { oneOf: [ta.schema, tb.schema] }, value: fc.oneof(ta.value, tb.value) };
    }),
  ),
})).node;

const contractArb = objectShape(shape, true);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test(`${CONTRACTS} random contracts: compile, round-trip valid values, refuse invalid ones`, async () => {
  const shapes = fc.sample(contractArb, { numRuns: CONTRACTS, seed: SEED });
  // Inside the repository, at the depth of examples/shop, so node_modules and dist/ resolve.
  const dir = mkdtempSync(path.join(REPO_ROOT, 'examples', 'tmp-property-'));
  dirs.push(dir);
  const emulatorImport = '../../../../dist/generator/emulator/server.js';
  writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify({ targets: { 'contract-tests': { emulatorImport, samples: 2 } } }));
  const fs = await import('node:fs');
  fs.mkdirSync(path.join(dir, 'schemas'));
  shapes.forEach((s, i) => {
    writeFileSync(path.join(dir, 'schemas', `fn${i}.fn.json`), JSON.stringify({ name: `fn${i}`, idempotent: true, input: s.schema, output: s.schema }));
  });
  const config = resolveConfig({}, dir);
  await runGen(config);
  // An echo implementation: output = input, which the contract allows since both schemas are equal.
  for (let i = 0; i < shapes.length; i++) {
    writeFileSync(path.join(dir, `functions/fn${i}/impl.ts`), `import type { CallContext, Input, Output } from './contract.js';\nexport default async function fn${i}(input: Input, ctx: CallContext): Promise<Output> {\n  void ctx;\n  return input;\n}\n`);
  }

  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: true, noEmit: true, types: ['node'], typeRoots: ['../../node_modules/@types'] },
    include: ['generated', 'functions'],
    exclude: ['functions/*/dist'],
  }));
  const tsc = spawnSync(path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), ['-p', dir], { encoding: 'utf8', timeout: 300_000 });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);

  vi.stubEnv('CLOUDFN_SERVICE_KEY', 'prop-key');
  const mains = await Promise.all(shapes.map((_, i) => import(path.join(dir, `functions/fn${i}/index.ts`)) as Promise<{ main: (e: unknown, c: unknown) => unknown }>));
  const emulator = await startEmulator({ functions: mains.map((m, i) => ({ name: `fn${i}`, main: m.main })) });
  const { createClient, InvalidInputError } = (await import(path.join(dir, 'generated/client.ts'))) as typeof import('../../examples/shop/generated/client.js');
  const client = createClient({ http: { baseUrl: emulator.url, serviceKey: 'prop-key' }, retry: false }) as unknown as Record<string, (v: unknown) => Promise<unknown>>;
  let roundTrips = 0;
  let refused = 0;
  try {
    for (let i = 0; i < shapes.length; i++) {
      const values = fc.sample(shapes[i]!.value, { numRuns: VALUES_PER_CONTRACT, seed: SEED + i });
      for (const value of values) {
        const back = await client[`fn${i}`]!(value).catch((e: unknown) => e);
        expect(back, `fn${i} ${JSON.stringify(value)}\n${JSON.stringify(shapes[i]!.schema)}`).toEqual(JSON.parse(JSON.stringify(value)));
        roundTrips++;
        // The top level is closed (additionalProperties: false): an extra key must be refused on both sides.
        const invalid = { ...(value as object), __not_in_contract__: 1 };
        expect(await client[`fn${i}`]!(invalid).catch((e: unknown) => e)).toBeInstanceOf(InvalidInputError);
        const raw = await fetch(`${emulator.url}/fn${i}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'prop-key' }, body: JSON.stringify(invalid) });
        expect(raw.status).toBe(400);
        expect(((await raw.json()) as { error: { issues: { path: string }[] } }).error.issues.map((x) => x.path)).toContain('/__not_in_contract__');
        refused++;
      }
    }
  } finally {
    await emulator.close();
    vi.unstubAllEnvs();
  }
  const having = (needle: string) => shapes.filter((sh) => JSON.stringify(sh.schema).includes(needle)).length;
  const variety = `oneOf ${having('"oneOf"')}, tuples ${having('"prefixItems"')}, maps ${having('"additionalProperties":{')}, arrays ${having('"type":"array","items":{')}, nullable ${having('"null"')}, patterns ${having('"pattern"')}, formats ${having('"format"')}`;
  console.log(`property run: ${shapes.length} contracts (${variety}), ${roundTrips} valid values round-tripped, ${refused} invalid values refused (seed ${SEED})`);
  expect(roundTrips).toBe(shapes.length * VALUES_PER_CONTRACT);
}, 600_000);
