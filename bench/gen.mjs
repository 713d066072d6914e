// cloudfn gen/check against json-schema-to-typescript on the same seeded contracts, in one run,
// the tools alternating, medians of 5: whole processes (Node start-up counts), peak RSS, output bytes.
// Run: npm run build && node bench/gen.mjs        (COUNTS=20,200,1000 REPEAT=5 by default: COUNTS=20,200)
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticProject } from './fixtures.mjs';
import { summarize } from './summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/generator/cli.js');
const COUNTS = (process.env.COUNTS ?? '20,200').split(',').map(Number);
const REPEAT = Number(process.env.REPEAT ?? 5);
const hasTime = existsSync('/usr/bin/time');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command; wall ms and peak RSS in MB (GNU time when present). */
function run(cmd, args, cwd) {
  const start = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  const rss = hasTime ? Number(r.stderr.trim().split('\n').at(-1)) / 1024 : NaN;
  return { ms, rss, stdout: r.stdout };
}

function bytesBelow(dir, skip = () => false) {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(e.parentPath, e.name);
    if (e.isFile() && !skip(full)) total += statSync(full).size;
  }
  return total;
}

const fresh = (dir) => {
  for (const d of ['generated', 'functions', 'node_modules']) rmSync(path.join(dir, d), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'node_modules'));
};

const lines = [];
const say = (line) => {
  console.log(line);
  lines.push(line);
};
say(`\n${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; medians of ${REPEAT}, tools alternating, whole processes`);
for (const count of COUNTS) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `cloudfn-bench-${count}-`));
  writeSyntheticProject(dir, count);
  const rows = { cold: [], nochange: [], check: [], drift: [], implEdit: [], edit: [], jstt: [] };
  for (let i = 0; i < REPEAT; i++) {
    const j = run(process.execPath, [path.join(root, 'bench/jstt-run.mjs'), dir], dir);
    rows.jstt.push({ ...j, bytes: JSON.parse(j.stdout).bytes });
    fresh(dir);
    rows.cold.push(run(process.execPath, [cli, 'gen'], dir));
    rows.nochange.push(run(process.execPath, [cli, 'gen'], dir));
    rows.check.push(run(process.execPath, [cli, 'check'], dir));
    rows.drift.push(run(process.execPath, [cli, 'check', '--no-impl'], dir));
    // The everyday check: an implementation changed (so it is type-checked again), the compiler's cache warm.
    const impl = path.join(dir, 'functions/fn0/impl.ts');
    writeFileSync(impl, `${readFileSync(impl, 'utf8')}// edit ${i}\n`);
    rows.implEdit.push(run(process.execPath, [cli, 'check'], dir));
    const contract = path.join(dir, 'schemas/fn0.fn.json');
    const c = JSON.parse(readFileSync(contract, 'utf8'));
    c.description = `Synthetic function 0, edit ${i}`;
    writeFileSync(contract, JSON.stringify(c, null, 2));
    rows.edit.push(run(process.execPath, [cli, 'gen'], dir));
  }
  const contractBytes = bytesBelow(path.join(dir, 'schemas'));
  const outBytes = bytesBelow(path.join(dir, 'generated')) + bytesBelow(path.join(dir, 'functions'), (f) => f.includes(`${path.sep}dist${path.sep}`));
  const jstt = median(rows.jstt.map((r) => r.ms));
  const fmt = (key) => {
    const ms = median(rows[key].map((r) => r.ms));
    const rss = median(rows[key].map((r) => r.rss));
    return `${(ms / 1000).toFixed(2)} s (${(ms / jstt).toFixed(2)}×), ${rss.toFixed(0)} MB`;
  };
  say(`\n${count} contracts (${(contractBytes / 1024).toFixed(0)} KB)\n`);
  say('| work | cloudfn: time (× jstt), peak RSS | json-schema-to-typescript (defaults, types only) |');
  say('| --- | ---: | ---: |');
  say(`| gen, every target, empty output and cache | ${fmt('cold')} | ${(jstt / 1000).toFixed(2)} s, ${median(rows.jstt.map((r) => r.rss)).toFixed(0)} MB |`);
  say(`| gen, nothing changed | ${fmt('nochange')} | — |`);
  say(`| check, in sync (generated files, and a type-check of the ${count} implementations) | ${fmt('check')} | — |`);
  say(`| check --no-impl, in sync (generated files only) | ${fmt('drift')} | — |`);
  say(`| check, in sync, after editing one implementation (type-check again, compiler cache warm) | ${fmt('implEdit')} | — |`);
  say(`| gen after editing one contract | ${fmt('edit')} | — |`);
  say(`| committed output (dist/ excluded) | ${(outBytes / 2 ** 20).toFixed(1)} MB (${(outBytes / contractBytes).toFixed(1)}× the contracts) | ${(rows.jstt[0].bytes / 2 ** 20).toFixed(1)} MB |`);
  const ms = (key) => median(rows[key].map((r) => r.ms));
  const rss = (key) => median(rows[key].map((r) => r.rss));
  const anchor = `json-schema-to-typescript ${(jstt / 1000).toFixed(2)} s`;
  const timeRow = (what, key, goal) => summarize({ what: `${what}, ${count} contracts`, cloudfn: `${(ms(key) / 1000).toFixed(2)} s, ${rss(key).toFixed(0)} MB`, anchor, ratio: ms(key) / jstt, ...(goal === undefined ? {} : { goal: `≤ ${goal}×`, met: ms(key) / jstt <= goal }) });
  timeRow('gen, cold', 'cold', count === 20 ? 1.0 : count === 200 ? 1.5 : undefined);
  timeRow('gen, nothing changed', 'nochange', 0.5);
  timeRow('check in sync, with the implementations type-checked', 'check', 1.0);
  timeRow('check --no-impl in sync', 'drift', 1.0);
  timeRow('check in sync after editing one implementation (compiler cache warm)', 'implEdit', 1.0);
  timeRow('gen after editing one contract', 'edit', 0.3);
  if (count >= 1000) summarize({ what: `gen, cold, ${count} contracts: peak RSS`, cloudfn: `${rss('cold').toFixed(0)} MB`, anchor: `json-schema-to-typescript ${median(rows.jstt.map((r) => r.rss)).toFixed(0)} MB`, goal: '≤ 400 MB', met: rss('cold') <= 400 });
  summarize({ what: `committed output, ${count} contracts`, cloudfn: `${(outBytes / 2 ** 20).toFixed(1)} MB, ${(outBytes / contractBytes).toFixed(1)}× the contracts`, anchor: `json-schema-to-typescript ${(rows.jstt[0].bytes / 2 ** 20).toFixed(1)} MB (types only)`, goal: '≤ 8× the contracts', met: outBytes / contractBytes <= 8 });
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.RESULTS) appendFileSync(process.env.RESULTS, `${lines.join('\n')}\n`);
