// One process's per-request measurement for bench/handler.mjs: every variant loaded side by side,
// interleaved rounds of N calls in turning order (round 0 warms up), per variant the 10th
// percentile of its rounds. This shared VM runs whole stretches of rounds up to 2x slower (every
// variant alike, at random): the median of the rounds moved a process's ratio by +-20%, the low
// percentile of many short rounds by +-3%, and it is what the code costs when the machine is not
// busy elsewhere. The median is reported too. Run with --expose-gc: the heap is collected before
// each batch. Input: one JSON argument { variants: { name: bundle }, event, n, rounds };
// output: { name: { p10, median } } in ns per call.
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
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, { p10: quantile(xs, 0.1), median: quantile(xs, 0.5) }]))));
