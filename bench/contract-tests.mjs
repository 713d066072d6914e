// The generated contract tests of a larger project under vitest, as the README advises running them
// (--no-isolate, one module graph for every file) against vitest's default (each file loads the
// client, with every function's validators, again): same files, same machine, alternating.
// Run: npm run build && node bench/contract-tests.mjs        (COUNT=40 functions, REPEAT=2 by default)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticProject } from './fixtures.mjs';
import { summarize } from './summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = Number(process.env.COUNT ?? 40);
const REPEAT = Number(process.env.REPEAT ?? 2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-bench-contract-'));
writeSyntheticProject(dir, COUNT);
mkdirSync(path.join(dir, 'node_modules'));
// The tests import cloudfn/emulator, as in a user's project.
symlinkSync(root, path.join(dir, 'node_modules/cloudfn'));
// The synthetic functions are not written: mock mode answers with schema-valid samples.
const gen = spawnSync(process.execPath, [path.join(root, 'dist/generator/cli.js'), 'gen', '--mock'], { cwd: dir, encoding: 'utf8' });
if (gen.status !== 0) throw new Error(gen.stderr);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function vitest(extra) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...extra, '--root', dir, 'generated/tests'], { cwd: dir, encoding: 'utf8', timeout: 600_000, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  const files = /Test Files\s+(\d+) passed \((\d+)\)/.exec(`${r.stdout}${r.stderr}`);
  if (r.status !== 0 || !files) throw new Error(`vitest ${extra.join(' ')}: ${r.stdout}${r.stderr}`.slice(-2000));
  return { s: (performance.now() - start) / 1000, files: Number(files[2]) };
}
const rows = { isolated: [], shared: [] };
let files = 0;
for (let i = 0; i < REPEAT; i++) {
  const a = vitest([]);
  const b = vitest(['--no-isolate']);
  rows.isolated.push(a.s);
  rows.shared.push(b.s);
  files = a.files;
}
const iso = median(rows.isolated);
const shared = median(rows.shared);
console.log(`\n${os.cpus().length} cores, node ${process.version}; ${COUNT} functions (${files} contract test files, every one passing), whole vitest runs, medians of ${REPEAT}\n`);
console.log('| vitest run generated/tests | seconds |');
console.log('| --- | ---: |');
console.log(`| --no-isolate (the README's advice) | ${shared.toFixed(1)} |`);
console.log(`| default (each file isolated) | ${iso.toFixed(1)} |`);
summarize({ what: `contract tests of ${COUNT} functions (${files} files), vitest --no-isolate`, cloudfn: `${shared.toFixed(1)} s`, anchor: `vitest's default isolation ${iso.toFixed(1)} s`, ratio: shared / iso });
rmSync(dir, { recursive: true, force: true });
