/**
 * A function runs from its own deployable folder, beside its assets: a file next to impl.ts that
 * the code reads through `__dirname` is copied into `dist/` by `gen`, and is found both by the
 * deployable bundle and by `cloudfn serve` running the TypeScript handler.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { startEmulator } from '../../generator/emulator/server.js';
import { runGen } from '../../generator/pipeline.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const KEY = 'assets-key';
const IMPL = `import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CallContext, Input, Output } from './contract.js';

export default async function ping(input: Input, ctx: CallContext): Promise<Output> {
  void input;
  void ctx;
  const prices = JSON.parse(readFileSync(path.join(__dirname, 'data', 'prices.json'), 'utf8')) as { tea: number };
  return { pong: true, echo: String(prices.tea) };
}
`;

let dir: string;
beforeAll(async () => {
  dir = tempProject({
    'cloudfn.config.json': { serve: { serviceKey: KEY } },
    'schemas/ping.fn.json': contract({ output: { type: 'object', required: ['pong'], properties: { pong: { const: true }, echo: { type: 'string' } } } }),
    'functions/ping/data/prices.json': { tea: 38 },
    'functions/ping/logo.png': '\u0089PNG',
    'functions/ping/notes.md': 'shipped too',
  });
  await runGen(resolveConfig({}, dir));
  writeFileSync(path.join(dir, 'functions/ping/impl.ts'), IMPL);
  await runGen(resolveConfig({}, dir));
});

const dist = (...p: string[]): string => path.join(dir, 'functions/ping/dist', ...p);

test('gen copies the assets into the deployable folder, byte for byte, and no code or config', () => {
  expect(readFileSync(dist('data/prices.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'functions/ping/data/prices.json'), 'utf8'));
  expect(readFileSync(dist('logo.png'))).toEqual(readFileSync(path.join(dir, 'functions/ping/logo.png')));
  expect(readdirSync(dist()).sort()).toEqual(['data', 'index.js', 'logo.png', 'notes.md', 'package.json']);
});

test('an asset removed from the function folder is removed from the deployable folder on the next gen', async () => {
  rmSync(path.join(dir, 'functions/ping/notes.md'));
  await runGen(resolveConfig({}, dir));
  expect(existsSync(dist('notes.md'))).toBe(false);
  expect(existsSync(dist('index.js'))).toBe(true);
});

describe.each([false, true])('a __dirname-relative read in serve (built: %s)', (built) => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emu = await startEmulator({ projectDir: dir, built });
  });
  afterAll(() => emu.close());

  test('answers 200 with the value read from the asset', async () => {
    const res = await fetch(`${emu.url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': KEY }, body: '{}' });
    expect([res.status, await res.json()]).toEqual([200, { pong: true, echo: '38' }]);
  });
});

test('serve leaves nothing of its own behind in the deployable folder', () => {
  expect(readdirSync(dist()).filter((f) => f.startsWith('.'))).toEqual([]);
});
