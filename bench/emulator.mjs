// Throughput and latency of the emulator on loopback: 2,000 requests at concurrency 50
// over the example's functions, run as their deployable dist/ folders.
// Run: npm run build && node bench/emulator.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../dist/generator/config.js';
import { startEmulator } from '../dist/generator/emulator/server.js';
import { runBuild } from '../dist/generator/pipeline.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await runBuild(resolveConfig({}, path.join(root, 'examples/shop'))); // dist/ folders are build output
const emu = await startEmulator({ projectDir: path.join(root, 'examples/shop'), built: true });
const KEY = 'local-dev-service-key';
const kinds = [
  ['/ping', '{"echo":"load"}'],
  ['/orders/get', '{"orderId":"ord_demo000001"}'],
  ['/listCategories', '{}'],
  ['/user/login', '{"code":"returning-user-code"}'],
];
const TOTAL = 2000;
const CONCURRENCY = 50;

async function run() {
  const latencies = [];
  let next = 0;
  let bad = 0;
  const worker = async () => {
    for (let i = next++; i < TOTAL; i = next++) {
      const [p, body] = kinds[i % kinds.length];
      const t = performance.now();
      const res = await fetch(`${emu.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': KEY }, body });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 200) bad++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: TOTAL / seconds, p50: pct(0.5), p99: pct(0.99), bad };
}

await run(); // warm-up: starts each function's instance
const r = await run();
await emu.close();
console.log(`\nemulator, ${TOTAL} requests, concurrency ${CONCURRENCY}, 4 functions (deployable bundles in worker threads), node ${process.version}\n`);
console.log('| requests/s | p50 ms | p99 ms | non-200 |');
console.log('| ---: | ---: | ---: | ---: |');
console.log(`| ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.bad} |`);
const { summarize } = await import('./summary.mjs');
summarize({ what: `emulator, ${TOTAL} requests at concurrency ${CONCURRENCY}`, cloudfn: `${r.rps.toFixed(0)} requests/s, p99 ${r.p99.toFixed(1)} ms, ${r.bad} non-200` });
