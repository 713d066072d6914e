// The generated PHP client against the platform guide's raw cURL call, and the PHP handler against
// the Node handler, all through the emulator on loopback, side by side in one run.
// Run: npm run build && node bench/php.mjs
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../dist/generator/config.js';
import { startEmulator } from '../dist/generator/emulator/server.js';
import { runBuild } from '../dist/generator/pipeline.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await runBuild(resolveConfig({}, path.join(root, 'examples/shop')));
const emu = await startEmulator({ projectDir: path.join(root, 'examples/shop'), built: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = 5;

// Caller side: one PHP process per round making N sequential calls (keep-alive), µs per call.
const N = 500;
const callers = { 'raw cURL + json_decode (the guide)': 'raw', 'generated PHP client (validates in and out, typed models)': 'client' };
const perCall = Object.fromEntries(Object.keys(callers).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, mode] of Object.entries(callers)) {
    const out = await new Promise((resolve, reject) => {
      import('node:child_process').then(({ execFile }) =>
        execFile('php', [path.join(root, 'bench/php-bench.php'), emu.url, String(N), mode], (e, stdout) => (e ? reject(e) : resolve(stdout))),
      );
    });
    perCall[name].push(Number(out));
  }
}

// Function side: the same contract answered by the Node handler (worker) and the PHP handler (one php process per call).
const post = async (p) => {
  const t = performance.now();
  const res = await fetch(`${emu.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'local-dev-service-key' }, body: JSON.stringify({ orderId: 'ord_demo000001' }) });
  await res.json();
  if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
  return performance.now() - t;
};
const M = 50;
const handlers = { 'Node handler (getOrder, worker kept warm)': '/orders/get', 'PHP handler (getOrderPhp, a php process per call)': '/php/orders/get' };
const perRequest = Object.fromEntries(Object.keys(handlers).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, p] of Object.entries(handlers)) {
    const times = [];
    for (let i = 0; i < M; i++) times.push(await post(p));
    perRequest[name].push(median(times));
  }
}
await emu.close();

const php = execFileSync('php', ['-r', 'echo PHP_VERSION;']).toString();
console.log(`\n${os.cpus().length} cores, node ${process.version}, php ${php}; medians of ${ROUNDS} rounds\n`);
console.log(`| caller: getOrder over the HTTP trigger, ${N} sequential calls per round | µs / call |`);
console.log('| --- | ---: |');
for (const [name, xs] of Object.entries(perCall)) console.log(`| ${name} | ${median(xs)} |`);
console.log(`\n| function side: one HTTP trigger request, ${M} per round | ms / request |`);
console.log('| --- | ---: |');
for (const [name, xs] of Object.entries(perRequest)) console.log(`| ${name} | ${median(xs).toFixed(1)} |`);
const { summarize } = await import('./summary.mjs');
const [rawName, clientName] = Object.keys(perCall);
const [nodeName, phpName] = Object.keys(perRequest);
summarize({ what: 'PHP client, one call over the HTTP trigger (emulator)', cloudfn: `${median(perCall[clientName])} µs`, anchor: `raw cURL + json_decode ${median(perCall[rawName])} µs`, ratio: median(perCall[clientName]) / median(perCall[rawName]) });
summarize({ what: 'PHP handler, one request (a php process per call)', cloudfn: `${median(perRequest[phpName]).toFixed(1)} ms`, anchor: `Node handler ${median(perRequest[nodeName]).toFixed(1)} ms`, ratio: median(perRequest[phpName]) / median(perRequest[nodeName]) });
