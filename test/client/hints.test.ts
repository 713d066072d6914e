/**
 * The client's hints in Chinese: every English hint has a translation, and a client in a process
 * whose locale (or CLOUDFN_LANG) says zh gives it; English otherwise.
 */
import { afterEach, expect, test } from 'vitest';
import { ClientCore, type FunctionSpec } from '../../templates/ts-client/client-core.js';
import { CloudFnError, HINTS, UnauthorizedError, weChatHint } from '../../templates/ts-client/client-errors.js';
import { HINTS_ZH } from '../../templates/ts-client/client-hints-zh.js';

const ERRCODES = [40001, 40013, 40014, 42001, 40164, 45009, 45011, 85088, -1, -501000, -501001, -501002, -501003, -504002];
const accept = Object.assign(() => true, { errors: null });
const spec: FunctionSpec = { name: 'ping', path: '/ping', timeoutSeconds: 5, idempotent: false, errors: {}, validateInput: accept, validateOutput: accept };
const saved = { ...process.env };

afterEach(() => {
  for (const k of ['CLOUDFN_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

test('every hint the client can give has a Chinese translation, and the table holds nothing else', () => {
  const english = [...Object.values(HINTS), ...ERRCODES.map((c) => weChatHint(c)!)];
  expect(english.every((h) => typeof h === 'string')).toBe(true);
  for (const h of english) expect(HINTS_ZH[h], h).toMatch(/[\u4e00-\u9fff]/);
  expect(Object.keys(HINTS_ZH).sort()).toEqual([...new Set(english)].sort());
});

async function unauthorized(): Promise<CloudFnError> {
  const fetch = async (): Promise<Response> => new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'bad key' } }), { status: 401, headers: { 'content-type': 'application/json' } });
  return (await new ClientCore({ http: { baseUrl: 'http://x.local', serviceKey: 'k' }, fetch, retry: false }).call(spec, {}).catch((e: unknown) => e)) as CloudFnError;
}

test('LANG=zh_CN: the hint is in Chinese; the code, class and message stay as they are', async () => {
  process.env['LANG'] = 'zh_CN.UTF-8';
  delete process.env['LC_ALL'];
  delete process.env['LC_MESSAGES'];
  delete process.env['CLOUDFN_LANG'];
  const e = await unauthorized();
  expect(e).toBeInstanceOf(UnauthorizedError);
  expect(e.code).toBe('UNAUTHORIZED');
  expect(e.hint).toBe(HINTS_ZH[HINTS.unauthorized]);
  expect(String(e)).toContain(`hint: ${HINTS_ZH[HINTS.unauthorized]}`);
});

test('CLOUDFN_LANG wins over the locale; English without either', async () => {
  process.env['LANG'] = 'zh_CN.UTF-8';
  process.env['CLOUDFN_LANG'] = 'en';
  expect((await unauthorized()).hint).toBe(HINTS.unauthorized);
  delete process.env['CLOUDFN_LANG'];
  process.env['LANG'] = 'en_US.UTF-8';
  delete process.env['LC_ALL'];
  delete process.env['LC_MESSAGES'];
  expect((await unauthorized()).hint).toBe(HINTS.unauthorized);
});
