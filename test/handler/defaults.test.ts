/**
 * Input defaults: a member a caller leaves out gets the contract's `default` before the input is
 * checked, in the Node and the PHP handler alike (as ajv's useDefaults fills them): at any depth,
 * through shared definitions (recursive ones too), inside an object default, never under oneOf;
 * each call gets its own copy. gen refuses a default that its own schema refuses.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { phpHost } from '../../generator/emulator/php-host.js';
import type { FunctionHost } from '../../generator/emulator/function-host.js';
import { runGen } from '../../generator/pipeline.js';
import { cloudfn } from '../helpers/cli.js';
import { decode, httpEvent, SERVICE_KEY } from '../helpers/events.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const contractWithDefaults = (name: string, runtime: string): Record<string, unknown> => ({
  name,
  runtime,
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['root', 'page'],
    properties: {
      root: { $ref: '#/$defs/Node' },
      page: { type: 'integer', minimum: 1, default: 1 },
      limit: { type: 'integer', maximum: 100, default: 20 },
      opts: {
        type: 'object',
        default: {},
        properties: { deep: { type: 'boolean', default: false }, sort: { type: 'object', properties: { by: { type: 'string', default: 'name' } } } },
      },
      tags: { type: 'array', items: { type: 'string' }, default: ['new'] },
      choice: { oneOf: [{ type: 'object', required: ['x'], properties: { x: { type: 'integer', default: 1 } } }, { type: 'string' }] },
      both: { allOf: [{ type: 'object', properties: { x: { type: 'integer', default: 3 } } }, { properties: { y: { type: 'array', items: { $ref: '#/$defs/Node' }, default: [{ value: 'z' }] } } }] },
    },
    $defs: {
      Node: {
        type: 'object',
        required: ['value'],
        additionalProperties: false,
        properties: { value: { type: 'string' }, color: { enum: ['red', 'black'], default: 'red' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
      },
    },
  },
  output: { type: 'object', required: ['seen'], properties: { seen: {} } },
});

// Each answers with the input it was given, then changes its own copy of the defaults.
const IMPL_TS = `import type { CallContext, Input, Output } from './contract.js';

export default async function echo(input: Input, ctx: CallContext): Promise<Output> {
  void ctx;
  const seen = structuredClone(input);
  input.tags?.push('changed');
  if (input.opts) input.opts.deep = true;
  return { seen };
}
`;
const IMPL_PHP = `<?php

declare(strict_types=1);

return static function (array $input, array $context): array {
    return ['seen' => $input];
};
`;

const dir = tempProject({
  'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions' },
  'schemas/echo-node.fn.json': contractWithDefaults('echo-node', 'nodejs'),
  'schemas/echo-php.fn.json': contractWithDefaults('echo-php', 'php'),
});

let nodeMain: (event: unknown, context?: unknown) => Promise<unknown>;
let php: FunctionHost;

beforeAll(async () => {
  await runGen(resolveConfig({}, dir));
  writeFileSync(path.join(dir, 'functions/echo-node/impl.ts'), IMPL_TS);
  writeFileSync(path.join(dir, 'functions/echo-php/impl.php'), IMPL_PHP);
  nodeMain = ((await import(path.join(dir, 'functions/echo-node/index.ts'))) as { main: typeof nodeMain }).main;
  php = phpHost({ dir: path.join(dir, 'functions/echo-php'), env: { CLOUDFN_SERVICE_KEY: SERVICE_KEY } });
});
afterAll(async () => {
  await php.close();
  vi.unstubAllEnvs();
});

/** The Node and the PHP handler's answers to one HTTP call with `body`. */
async function both(body: unknown): Promise<[{ status: number; body: any }, { status: number; body: any }]> {
  vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
  const node = decode(await nodeMain(httpEvent(body), {}));
  const outcome = await php.invoke(httpEvent(body), {}, 10_000);
  expect(outcome.kind, JSON.stringify(outcome)).toBe('ok');
  const answer = decode((outcome as { value: unknown }).value);
  return [
    { status: node.status, body: node.body },
    { status: answer.status, body: answer.body },
  ];
}

describe('members left out get their defaults before the input is checked', () => {
  test('at the top, inside an object default, through a recursive definition and allOf', async () => {
    const [node, php] = await both({ root: { value: 'a', children: [{ value: 'b', children: [{ value: 'c' }] }] }, choice: 'x', both: {} });
    const filled = {
      root: { value: 'a', color: 'red', children: [{ value: 'b', color: 'red', children: [{ value: 'c', color: 'red' }] }] },
      page: 1,
      limit: 20,
      opts: { deep: false },
      tags: ['new'],
      choice: 'x',
      both: { x: 3, y: [{ value: 'z', color: 'red' }] },
    };
    expect(node.body).toEqual({ seen: filled });
    expect(php).toEqual(node);
  });

  test('never under oneOf: which branch holds is known only once checked', async () => {
    const [node, php] = await both({ root: { value: 'a' }, choice: {} });
    expect(node.status).toBe(400);
    expect(node.body.error.issues).toContainEqual({ path: '/choice/x', message: 'is required' });
    expect(php).toEqual(node);
  });

  test('a member the caller sent is kept, and the defaults inside it still fill', async () => {
    const sent = { root: { value: 'a', color: 'black' }, page: 3, limit: 5, opts: { deep: true, sort: {} }, tags: [] };
    const [node, php] = await both(sent);
    expect(node.body).toEqual({ seen: { ...sent, opts: { deep: true, sort: { by: 'name' } } } });
    expect(php).toEqual(node);
  });

  test('a value sent for a member with a default is checked like any other', async () => {
    const [node, php] = await both({ root: { value: 'a' }, page: 0 });
    expect(node.status).toBe(400);
    expect(node.body.error.issues).toEqual([{ path: '/page', message: 'must be >= 1' }]);
    expect(php).toEqual(node);
  });

  test('a value of another type than the plan expects is left for the check to refuse', async () => {
    const [node, php] = await both({ root: 'a', opts: [1], tags: 'x' });
    expect(node.status).toBe(400);
    expect(node.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/opts', '/root', '/tags']);
    expect(php).toEqual(node);
  });

  test('each call gets its own copy of a default: an implementation that changes it changes only its own', async () => {
    vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
    for (let i = 0; i < 3; i++) {
      const answer = decode(await nodeMain(httpEvent({ root: { value: 'a' } }), {}));
      expect(answer.body.seen.tags).toEqual(['new']);
      expect(answer.body.seen.opts).toEqual({ deep: false });
    }
  });

  test('direct calls (callFunction) are filled the same way', async () => {
    const node = await nodeMain({ root: { value: 'a' }, userInfo: { openId: 'o' } }, {});
    const outcome = await php.invoke({ root: { value: 'a' }, userInfo: { openId: 'o' } }, {}, 10_000);
    expect(node).toEqual({ seen: { root: { value: 'a', color: 'red' }, page: 1, limit: 20, opts: { deep: false }, tags: ['new'] } });
    expect((outcome as { value: unknown }).value).toEqual(node);
  });

  test('the contract tests expect no refusal for a member with a default left out', () => {
    const data = readFileSync(path.join(dir, 'generated/tests/echo-node.contract-data.ts'), 'utf8');
    expect(data).toContain('["/root","missing"]');
    expect(data).not.toContain('["/page","missing"]');
  });
});

describe('gen', () => {
  test('refuses a default its own schema refuses, at its position, with the fix', () => {
    const bad = contract({
      input: {
        type: 'object',
        properties: {
          limit: { type: 'integer', maximum: 100, default: 500 },
          opts: { type: 'object', required: ['mode'], default: {}, properties: { mode: { type: 'string' } } },
        },
      },
    });
    const project = tempProject({ 'schemas/ping.fn.json': bad });
    const run = cloudfn(['gen'], project);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^schemas\/ping\.fn\.json:\d+:\d+ .*default 500 does not match its own schema \(the check says "must be <= 100"\); the handler fills it in when a caller leaves "limit" out, so those calls would be refused: correct the default or the schema$/));
    expect(lines).toContainEqual(expect.stringMatching(/default \{\} does not match its own schema \(the check says "must have required property 'mode'"\)/));
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
