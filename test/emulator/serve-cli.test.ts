/** `cloudfn serve` as a user runs it: prints its URL, logs each request, reloads with --watch, stops on SIGINT. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { CLI } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

/** Resolves with the first stdout line matching `pattern`, within a bounded time. */
function waitFor(output: { text: string }, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = (): void => {
      const m = pattern.exec(output.text);
      if (m) resolve(m);
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output.text}`));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

test('serve --watch: URL, one log line per request, reload after an edit, clean SIGINT', async () => {
  const dir = tempProject({
    'cloudfn.config.json': { serve: { serviceKey: 'k-123' } },
    'schemas/ping.fn.json': contract(),
  });
  await runGen(resolveConfig({}, dir));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
  try {
    const [, url] = await waitFor(output, /cloudfn serve: (http:\/\/127\.0\.0\.1:\d+)/);
    await waitFor(output, /watching for changes/);
    const call = () => fetch(`${url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'k-123' }, body: '{}' });
    expect((await call()).status).toBe(501);
    await waitFor(output, /^POST \/ping ping 501 [\d.]+ms [0-9a-f]{16}$/m);

    writeFileSync(
      path.join(dir, 'functions/ping/impl.ts'),
      `import type { CallContext, Input, Output } from './contract.js';\nexport default async function ping(input: Input, ctx: CallContext): Promise<Output> {\n  return { pong: true };\n}\n`,
    );
    await waitFor(output, /reloaded/);
    const res = await call();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pong: true });
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
  expect(output.text).toContain('cloudfn serve: stopped');
});
