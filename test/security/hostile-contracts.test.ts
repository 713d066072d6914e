/**
 * Contracts from an untrusted pull request, through the real CLI: each of these got through (or
 * crashed the tool) before; now each is refused with one positioned line and exit 1, or generates
 * code that is safe. Never a stack trace.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { cloudfn } from '../helpers/cli.js';
import { httpEvent, SERVICE_KEY } from '../helpers/events.js';
import { contract, tempProject } from '../helpers/temp-project.js';

function refused(dir: string): string {
  const r = cloudfn(['gen'], dir);
  expect(r.status, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return r.stderr.trim();
}

const withInput = (input: Record<string, unknown>, extra: Record<string, unknown> = {}) => contract({ input, ...extra });

test('a pattern with super-linear backtracking is refused, with its position, an attack and the fix', () => {
  const dir = tempProject({ 'schemas/ping.fn.json': withInput({ type: 'object', properties: { p: { type: 'string', pattern: '(a+)+$' } } }) });
  const message = refused(dir);
  expect(message).toMatch(/^schemas\/ping\.fn\.json:\d+:\d+ input\.properties\.p\.pattern: "\(a\+\)\+\$" can take exponential time on hostile input \(ReDoS, e\.g\. on .+\); rewrite it without nested or overlapping quantifiers/);
  expect(message).toContain('"x-redos": "accept"');
});

test('with the project cache warm, the verdict is the same: refused again, word for word; a damaged entry is checked anew', () => {
  const dir = tempProject({ 'node_modules/.keep': '', 'schemas/ping.fn.json': withInput({ type: 'object', properties: { p: { type: 'string', pattern: '(a+)+$' }, q: { type: 'string', pattern: '^[a-z]{2,8}$' } } }) });
  const first = refused(dir);
  const cacheFile = path.join(dir, 'node_modules/.cache/cloudfn/redos.json');
  expect(existsSync(cacheFile)).toBe(true);
  expect(refused(dir)).toBe(first);
  // Every verdict flipped in the file, with its checksum left as it was: ignored, computed again.
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { value: string }> };
  for (const e of Object.values(cache.entries)) e.value = e.value === '' ? 'tampered' : '';
  writeFileSync(cacheFile, JSON.stringify(cache));
  expect(refused(dir)).toBe(first);
});

test('opted out with "x-redos": "accept", the pattern never runs over a string longer than maxLength (Node handler)', async () => {
  const dir = tempProject({ 'schemas/ping.fn.json': withInput({ type: 'object', properties: { p: { type: 'string', maxLength: 20, pattern: '(a+)+$', 'x-redos': 'accept' } } }) });
  await runGen(resolveConfig({}, dir));
  const { main } = (await import(path.join(dir, 'functions/ping/index.ts'))) as { main: (e: unknown) => Promise<{ statusCode: number; body: string }> };
  vi.stubEnv('CLOUDFN_SERVICE_KEY', SERVICE_KEY);
  try {
    // 7.9 s of CPU at 36 characters before lengths came first; minutes at 40.
    const answer = await main(httpEvent({ p: `${'a'.repeat(40)}!` }));
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body).error.issues).toEqual([{ path: '/p', message: 'must have at most 20 characters' }]);
  } finally {
    vi.unstubAllEnvs();
  }
});

test.each([
  ['a path up and out of the project', '../../../../../../../../etc/passwd'],
  ['an absolute path', '/etc/hostname'],
])('$ref to %s is refused without reading it', (_n, ref) => {
  const dir = tempProject({ 'schemas/ping.fn.json': withInput({ $ref: ref }) });
  expect(refused(dir).replace(/^schemas\/ping\.fn\.json:\d+:\d+ /, '')).toBe(`input.$ref: $ref "${ref}" points outside the project folder; cloudfn reads only files inside it: copy the schema into the project and reference it by a relative path`);
});

test('$ref through a symbolic link that leads out of the project is refused', () => {
  const outside = tempProject({ 'secret.json': { type: 'object', description: 'credentials: hunter2' } });
  const dir = tempProject({ 'schemas/ping.fn.json': withInput({ $ref: './linked.json' }) });
  symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'schemas/linked.json'));
  const message = refused(dir);
  expect(message).toContain('$ref "./linked.json" is a link to a file outside the project folder');
  expect(message).not.toContain('hunter2');
});

test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a property named %s is refused with a clear message', (name) => {
  const dir = tempProject({ 'schemas/ping.fn.json': `{"name":"ping","input":{"type":"object","properties":{${JSON.stringify(name)}:{"type":"string"}}},"output":{"type":"object"}}` });
  expect(refused(dir)).toMatch(new RegExp(`^schemas/ping\\.fn\\.json:1:\\d+ input\\.properties\\.${name.replace(/\$/g, '\\$')}: property name "${name}" is refused: every JavaScript object already has a member by that name`));
});

test('input nested 300 levels deep: one line at its position, no stack overflow', () => {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 300; i++) schema = { type: 'object', properties: { a: schema } };
  const dir = tempProject({ 'schemas/ping.fn.json': withInput(schema) });
  expect(refused(dir)).toMatch(/^schemas\/ping\.fn\.json:\d+:\d+ nested more than 100 levels deep here; flatten it: move inner schemas to \$defs and \$ref them$/);
});

test('valid JSON nested 2,000 schema levels deep, in-process: refused with one line, never a stack overflow while placing it', async () => {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 2000; i++) schema = { type: 'object', properties: { a: schema } };
  const dir = tempProject({ 'schemas/ping.fn.json': JSON.stringify(withInput(schema)) });
  const error = await runGen(resolveConfig({}, dir)).then(() => undefined, (e: unknown) => e);
  expect(String((error as Error).message)).toMatch(/^schemas\/ping\.fn\.json:\d+:\d+ nested more than 100 levels deep here/);
});

test('a hundred thousand [ in a contract file: one line, no stack overflow', () => {
  const dir = tempProject({ 'schemas/ping.fn.json': '['.repeat(100_000) });
  expect(refused(dir)).toMatch(/^schemas\/ping\.fn\.json:1:1 /);
});
