// `npm run bench`: every benchmark in one run, on this machine, one after the other (so they do
// not compete for the CPU): gen/check against json-schema-to-typescript at 20, 200 and 1,000
// contracts; the handler against the bare floor, a hand-written validating floor (also with the
// generated handler's request checks) and middy; the
// emulator's throughput and p99; the TypeScript and PHP clients against raw fetch and raw cURL;
// the mini program wrapper's size; the generated contract tests under vitest. Prints the machine once and every table, and writes them to
// bench/RESULTS.md (the committed latest run). Budget: under 5 minutes on 2 cores.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const php = spawnSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' }).stdout || 'not installed';
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, php ${php}`;
const summaryFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'cloudfn-bench-')), 'summary.jsonl');
const runs = [
  ['gen and check against json-schema-to-typescript, 20 and 200 contracts', 'bench/gen.mjs', { COUNTS: '20,200', REPEAT: '3' }],
  ['gen and check against json-schema-to-typescript, 1,000 contracts', 'bench/gen.mjs', { COUNTS: '1000', REPEAT: '1' }],
  ['the generated handler, per request and cold start', 'bench/handler.mjs', {}],
  ['the emulator', 'bench/emulator.mjs', {}],
  ['the TypeScript client', 'bench/client.mjs', {}],
  ['the PHP client and the PHP handler', 'bench/php.mjs', {}],
  ['the mini program wrapper', 'bench/miniprogram.mjs', {}],
  ['the generated contract tests under vitest', 'bench/contract-tests.mjs', { REPEAT: '1' }],
];
const sections = [];
for (const [title, script, env] of runs) {
  const t = Date.now();
  process.stderr.write(`bench: ${title} …\n`);
  const r = spawnSync(process.execPath, [path.join(root, script)], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env, BENCH_SUMMARY: summaryFile }, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
  const out = (r.stdout ?? '').trim();
  const status = r.status === 0 ? '' : `\n\n(exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' / ')})`;
  sections.push(`## ${title} (${((Date.now() - t) / 1000).toFixed(0)} s)\n\n\`node ${script}\`${Object.keys(env).length ? ` with ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}\n\n${out}${status}`);
}
// The one table: every benchmark's headline numbers, side by side with its anchor from the same run.
const rows = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
rmSync(path.dirname(summaryFile), { recursive: true, force: true });
const cell = (text) => String(text ?? '—').replace(/\|/g, '\\|');
const table = [
  '| measured | cloudfn | anchor, same run | ratio | goal | met |',
  '| --- | ---: | ---: | ---: | --- | :---: |',
  ...rows.map((r) => `| ${cell(r.what)} | ${cell(r.cloudfn)} | ${cell(r.anchor)} | ${r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`} | ${cell(r.goal)} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`),
].join('\n');
const report = `# Benchmark results\n\nThe latest \`npm run bench\` (every benchmark in one run, one after the other), ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s in all.\nMachine: ${machine}. A shared VM's speed varies from run to run: compare rows of one run, not across runs.\n\n## Everything, side by side\n\n${table}\n\nThe details of each benchmark follow.\n\n${sections.join('\n\n')}\n`;
console.log(report);
writeFileSync(path.join(root, 'bench/RESULTS.md'), report);
