// Overhead of the generated TypeScript client over raw fetch, against the emulator on loopback,
// same function, same body, side by side. Run: npm run build && node bench/client.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { resolveConfig } from '../dist/generator/config.js';
import { startEmulator } from '../dist/generator/emulator/server.js';
import { runBuild } from '../dist/generator/pipeline.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-bench-client-'));
const bundle = path.join(tmp, 'client.mjs');
await build({ entryPoints: [path.join(root, 'examples/shop/generated/client.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
const { createClient } = await import(pathToFileURL(bundle).href);

await runBuild(resolveConfig({}, path.join(root, 'examples/shop'))); // dist/ folders are build output
const emu = await startEmulator({ projectDir: path.join(root, 'examples/shop'), built: true });
const KEY = 'local-dev-service-key';
const input = { orderId: 'ord_demo000001' };
const client = createClient({ http: { baseUrl: emu.url, serviceKey: KEY } });
const raw = async () => {
  const res = await fetch(`${emu.url}/orders/get`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': KEY }, body: JSON.stringify(input) });
  if (res.status !== 200) throw new Error(String(res.status));
  return res.json();
};
const viaClient = () => client.getOrder(input);

const N = 1000;
const ROUNDS = 5;
const samples = { 'raw fetch + JSON.parse': [], 'generated client (validates in and out)': [] };
const fns = { 'raw fetch + JSON.parse': raw, 'generated client (validates in and out)': viaClient };
for (let r = 0; r <= ROUNDS; r++) {
  for (const [name, fn] of Object.entries(fns)) {
    const t = performance.now();
    for (let i = 0; i < N; i++) await fn();
    if (r > 0) samples[name].push(((performance.now() - t) * 1000) / N);
  }
}
await emu.close();
rmSync(tmp, { recursive: true, force: true });
const { summarize } = await import('./summary.mjs');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples['raw fetch + JSON.parse']);
console.log(`\ngetOrder over the HTTP trigger of the emulator (deployable bundle in a worker), ${ROUNDS} rounds x ${N} sequential calls, node ${process.version}\n`);
console.log('| caller | µs / call | overhead |');
console.log('| --- | ---: | ---: |');
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(`| ${name} | ${m.toFixed(0)} | ${name.startsWith('raw') ? '—' : `+${(m - base).toFixed(0)} µs (${((m / base - 1) * 100).toFixed(1)}%)`} |`);
}
const mine = median(samples['generated client (validates in and out)']);
summarize({ what: 'TypeScript client, one call over the HTTP trigger (emulator)', cloudfn: `${mine.toFixed(0)} µs`, anchor: `raw fetch + JSON.parse ${base.toFixed(0)} µs`, ratio: mine / base });
