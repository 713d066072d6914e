/** A bounded load on loopback: 2,000 requests at concurrency 50 over mixed functions. */
import path from 'node:path';
import { expect, test } from 'vitest';
import { startEmulator } from '../../generator/emulator/server.js';
import { buildShop } from '../helpers/built-shop.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { fixtureFiles } from '../helpers/emulator-fixtures.js';

test('2,000 requests, concurrency 50: only expected statuses, no leaked handles', async () => {
  await buildShop();
  const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').sort();
  const files = fixtureFiles();
  const emu = await startEmulator({
    projectDir: path.join(REPO_ROOT, 'examples/shop'),
    built: true,
  });
  const echo = await startEmulator({ functions: [{ name: 'moody', file: files['moody.cjs']! }] });
  const KEY = 'local-dev-service-key';
  const kinds = [
    { url: `${emu.url}/ping`, body: '{"echo":"load"}', key: KEY, want: 200 },
    { url: `${emu.url}/orders/get`, body: '{"orderId":"ord_demo000001"}', key: KEY, want: 200 },
    { url: `${emu.url}/orders/get`, body: '{"orderId":"ord_9999999999"}', key: KEY, want: 404 },
    { url: `${emu.url}/listCategories`, body: '{}', key: KEY, want: 200 },
    { url: `${emu.url}/ping`, body: '{}', key: 'wrong', want: 401 },
    { url: `${echo.url}/moody`, body: '{"mode":"throw"}', key: '', want: 502 },
    { url: `${echo.url}/moody`, body: '{"mode":"ok"}', key: '', want: 200 },
  ];
  const TOTAL = 2000;
  const CONCURRENCY = 50;
  const unexpected: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < TOTAL; i = next++) {
      const k = kinds[i % kinds.length]!;
      const res = await fetch(k.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': k.key }, body: k.body, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status !== k.want) unexpected.push(`${k.url} ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await emu.close();
  await echo.close();
  expect(unexpected).toEqual([]);
  expect(emu.stats().requests + echo.stats().requests).toBe(TOTAL);
  // fetch's keep-alive sockets close with the servers; give the event loop a turn to drop them.
  await new Promise((r) => setTimeout(r, 100));
  const after = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').sort();
  // Nothing the emulator or the load opened may remain (vitest's own timers may come and go).
  const count = (list: string[]) => list.reduce<Record<string, number>>((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {});
  const leaked = Object.entries(count(after)).filter(([r, n]) => n > (count(before)[r] ?? 0));
  expect(leaked, JSON.stringify({ before, after })).toEqual([]);
});
