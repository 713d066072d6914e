// One process's per-request measurement for bench/handler.mjs: every variant loaded side by side,
// interleaved rounds of N calls in turning order (round 0 warms up), the median of the rounds per
// variant. Run with --expose-gc: the heap is collected before each batch.
// Input: one JSON argument { variants: { name: bundle }, event, n, rounds }; output: { name: ns }.
import { createRequire } from 'node:module';

const { variants, event, n, rounds } = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const mains = Object.fromEntries(Object.entries(variants).map(([k, f]) => [k, require(f).main]));
for (const [k, main] of Object.entries(mains)) {
  const r = await main({ ...event }, {});
  if (r.statusCode !== 200) throw new Error(`${k} answered ${r.statusCode}: ${r.body}`);
}
const samples = Object.fromEntries(Object.keys(mains).map((k) => [k, []]));
const entries = Object.entries(mains);
for (let round = 0; round < rounds + 1; round++) {
  // The order turns each round: a batch runs slower after some variants (middy's), so every
  // variant follows every other as often; and it starts on a collected heap.
  const turn = round % entries.length;
  for (const [k, main] of [...entries.slice(turn), ...entries.slice(0, turn)]) {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    // A fresh shallow copy per call: middy's body parser replaces event.body in place.
    for (let i = 0; i < n; i++) await main({ ...event }, {});
    const ns = Number(process.hrtime.bigint() - start) / n;
    if (round > 0) samples[k].push(ns);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]))));
