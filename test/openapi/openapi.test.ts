/**
 * `cloudfn openapi` and the `openapi` target: the document validates against the OpenAPI 3.1
 * schema (an independent validator from npm), is deterministic, is kept current by gen and covered
 * by check, and round-trips: openapi-typescript's types for the example equal ours (checked by tsc).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import openapiTS from 'openapi-typescript';
import { parse as parseYaml } from 'yaml';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { tsTypeNames } from '../../generator/targets/ts-types/emit.js';
import { cloudfn, REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const SHOP = path.join(REPO_ROOT, 'examples/shop');

async function expectValid(file: string): Promise<void> {
  const result = await new Validator().validate(file);
  expect(result.errors ?? [], file).toEqual([]);
  expect(result.valid).toBe(true);
}

function shopCopy(): string {
  const dir = tempProject({});
  for (const part of ['schemas', 'cloudfn.config.json']) cpSync(path.join(SHOP, part), path.join(dir, part), { recursive: true });
  return dir;
}

describe('cloudfn openapi on examples/shop', () => {
  test.each([
    ['the HTTP trigger, JSON', [], 'openapi.json'],
    ['the HTTP API, YAML', ['--transport', 'api'], 'api.yaml'],
  ])('%s: valid OpenAPI 3.1, byte-identical on a second run', async (_n, extra, name) => {
    const dir = shopCopy();
    const r = cloudfn(['openapi', ...extra, '--out', name], dir);
    expect([r.status, r.stdout.trim()]).toEqual([0, `cloudfn: wrote ${name}`]);
    const file = path.join(dir, name);
    await expectValid(file);
    const first = readFileSync(file, 'utf8');
    expect(cloudfn(['openapi', ...extra, '--out', name], dir).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(first);
  });

  test('the HTTP trigger form: one POST per http.path, the service key scheme, declared errors and the gateway answers', () => {
    const dir = shopCopy();
    expect(cloudfn(['openapi'], dir).status).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, 'openapi.json'), 'utf8'));
    expect(Object.keys(doc.paths).sort()).toEqual(['/listCategories', '/orders/get', '/orders/submit', '/php/orders/get', '/php/orders/submit', '/ping', '/user/login']);
    const submit = doc.paths['/orders/submit'].post;
    expect(submit).toMatchObject({ operationId: 'submitOrder', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmitOrderInput' } } } } });
    expect(Object.keys(submit.responses).sort()).toEqual(['200', '400', '401', '403', '409', '413', '415', '422', '500', '502']);
    expect(submit.responses['409'].content['application/json'].schema.properties.error.properties.code).toEqual({ const: 'OUT_OF_STOCK' });
    expect(doc.components.securitySchemes.serviceKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-WX-SERVICE-KEY' }));
    // Shared definitions once each, referenced where used.
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Address', 'Money', 'Category']));
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  test('the HTTP API form: POST /v1/functions/{name}, bearer, the platform error body, X-Request-Id', () => {
    const dir = shopCopy();
    expect(cloudfn(['openapi', '--transport', 'api', '--out', 'api.yaml'], dir).status).toBe(0);
    const doc = parseYaml(readFileSync(path.join(dir, 'api.yaml'), 'utf8'));
    expect(Object.keys(doc.paths)).toContain('/v1/functions/user-login');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.PlatformError.required).toEqual(['code', 'message', 'requestId']);
    expect(doc.paths['/v1/functions/ping'].post.responses['200'].headers['X-Request-Id']).toBeDefined();
  });

  test('a file cloudfn did not write is never overwritten', () => {
    const dir = shopCopy();
    writeFileSync(path.join(dir, 'openapi.json'), '{"mine": true}\n');
    const r = cloudfn(['openapi'], dir);
    expect([r.status, r.stderr.trim()]).toEqual([2, 'openapi.json exists and was not written by cloudfn; move it, or pass --out another file']);
    expect(readFileSync(path.join(dir, 'openapi.json'), 'utf8')).toBe('{"mine": true}\n');
  });

  test('round trip: openapi-typescript reads the document back into the same input and output types as ours', async () => {
    const dir = shopCopy();
    expect(cloudfn(['openapi'], dir).status).toBe(0);
    writeFileSync(path.join(dir, 'oa.ts'), await openapiTS(JSON.parse(readFileSync(path.join(dir, 'openapi.json'), 'utf8'))));
    const ir = compile(resolveConfig({}, SHOP));
    const names = ir.functions.flatMap((fn) => [tsTypeNames(fn).input, tsTypeNames(fn).output]);
    const lines = [
      "import type { components } from './oa.js';",
      `import type * as Ours from ${JSON.stringify(path.join(SHOP, 'generated/types.js'))};`,
      'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
      'type S = components["schemas"];',
      ...names.map((n) => `export const ${n}: Same<S[${JSON.stringify(n)}], Ours.${n}> = true;`),
    ];
    writeFileSync(path.join(dir, 'agree.ts'), `${lines.join('\n')}\n`);
    const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--exactOptionalPropertyTypes', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', '--skipLibCheck', 'agree.ts'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(names).toHaveLength(14);
  });
});

test('contracts with nullable, oneOf, recursion, maps and tuples: valid OpenAPI 3.1', async () => {
  const dir = tempProject({
    'schemas/shapes.fn.json': contract({
      name: 'shapes',
      input: {
        type: 'object',
        properties: {
          maybe: { type: ['string', 'null'] },
          pick: { oneOf: [{ type: 'object', required: ['kind'], properties: { kind: { const: 'a' } } }, { type: 'object', required: ['kind', 'n'], properties: { kind: { const: 'b' }, n: { type: 'integer' } } }] },
          tree: { $ref: '#/$defs/Node' },
          tags: { type: 'object', additionalProperties: { type: 'string' } },
          at: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false, minItems: 2 },
        },
        $defs: { Node: { type: 'object', required: ['children'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } } } },
      },
      errors: { GONE: { status: 410, data: { type: 'object', properties: { since: { type: ['string', 'null'] } } } } },
    }),
  });
  for (const args of [['openapi'], ['openapi', '--transport', 'api', '--out', 'api.yaml']]) expect(cloudfn(args, dir).status).toBe(0);
  await expectValid(path.join(dir, 'openapi.json'));
  await expectValid(path.join(dir, 'api.yaml'));
  const doc = JSON.parse(readFileSync(path.join(dir, 'openapi.json'), 'utf8'));
  expect(doc.components.schemas.Node.properties.children.items).toEqual({ $ref: '#/components/schemas/Node' });
});

test('as a target: gen keeps generated/openapi.json current and check covers it', () => {
  const dir = shopCopy();
  const config = JSON.parse(readFileSync(path.join(dir, 'cloudfn.config.json'), 'utf8'));
  config.targets.openapi = { path: 'openapi.yaml', title: 'Shop', version: '2.1.0' };
  writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify(config));
  expect(cloudfn(['gen'], dir).status).toBe(0);
  expect(parseYaml(readFileSync(path.join(dir, 'generated/openapi.yaml'), 'utf8')).info).toMatchObject({ title: 'Shop', version: '2.1.0' });
  expect(cloudfn(['check', '--no-impl'], dir).status).toBe(0);
  const file = path.join(dir, 'schemas/ping.fn.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('Health check', 'Liveness check'));
  const r = cloudfn(['check', '--no-impl'], dir);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('stale: generated/openapi.yaml');
});
