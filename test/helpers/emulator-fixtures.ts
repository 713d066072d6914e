/** CommonJS function modules for emulator tests, written to a temp folder. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempProject } from './temp-project.js';

export const FIXTURES: Record<string, string> = {
  'echo.cjs': `exports.main = async (event, context) => ({ event, context, env: process.env.GREETING ?? null });`,
  'moody.cjs': `exports.main = async (event) => {
  const mode = event.body ? JSON.parse(event.body).mode : event.mode;
  switch (mode) {
    case 'throw': throw new Error('db password=hunter2');
    case 'exit': process.exit(3);
    case 'spin': for (;;) {}
    case 'hog': { const kept = []; for (;;) kept.push(new Array(1 << 20).fill(0)); }
    case 'sleep': return new Promise((r) => setTimeout(() => r({ slept: true }), 5000));
    case 'late': setTimeout(() => { throw new Error('a late failure'); }, 10); return { answered: true };
    case 'bigint': return { n: 10n };
    case 'function': return { f() {}, kept: 1 };
    case 'serialize': return { at: { toJSON: () => 'custom' }, buf: Buffer.from('hi'), url: new URL('https://example.com/a'), when: new Date(0), gone: undefined };
    case 'cookies': return { statusCode: 302, headers: { location: '/next', 'x-tags': ['a', 'b'] }, multiValueHeaders: { 'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'] }, body: '' };
    case 'bad-status': return { statusCode: 1000, body: '' };
    case 'text': return 'plain text';
    case 'html': return { statusCode: 201, headers: { 'Content-Type': 'text/html' }, body: '<p>hi</p>' };
    case 'binary': return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([137, 80, 78, 71]).toString('base64'), isBase64Encoded: true };
    default: return { ok: true, mode: mode ?? null };
  }
};`,
  // Per-call state kept in the module, as code written for one call per instance may keep it.
  'stateful.cjs': `let current;
exports.main = async (event) => {
  current = JSON.parse(event.body).id;
  await new Promise((r) => setTimeout(r, 100));
  return { id: current };
};`,
};

/** Writes the fixture modules and returns their absolute paths by name. */
export function fixtureFiles(): Record<string, string> {
  const dir = tempProject({});
  const out: Record<string, string> = {};
  for (const [name, code] of Object.entries(FIXTURES)) {
    writeFileSync(path.join(dir, name), code);
    out[name] = path.join(dir, name);
  }
  return out;
}
