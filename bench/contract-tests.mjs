// The generated contract tests of a larger project under vitest's defaults: cloudfn writes every
// function's suite into one file, which loads the client (with every function's validators), the
// handlers and the emulator once; the anchor is the same suites one file per function (the layout
// cloudfn wrote before: vitest isolates each file, so each loads them all again). Same suites, same
// machine, alternating. Run: npm run build && node bench/contract-tests.mjs   (COUNT=40, REPEAT=2)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

// The anchor's files: the one file's imports and declarations, then one function's describe block.
const one = readFileSync(path.join(dir, 'generated/tests/cloudfn.contract.test.ts'), 'utf8');
const [head, ...blocks] = one.split('\n\ndescribe(');
blocks.forEach((block, i) => writeFileSync(path.join(dir, `generated/tests/split${i}.contract.test.ts`), `${head}\n\ndescribe(${block}`));
if (blocks.length !== COUNT) throw new Error(`expected ${COUNT} describe blocks, found ${blocks.length}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function vitest(filter) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, filter], { cwd: dir, encoding: 'utf8', timeout: 600_000, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  const files = /Test Files\s+(\d+) passed \((\d+)\)/.exec(`${r.stdout}${r.stderr}`);
  if (r.status !== 0 || !files) throw new Error(`vitest ${filter}: ${r.stdout}${r.stderr}`.slice(-2000));
  return { s: (performance.now() - start) / 1000, files: Number(files[2]) };
}
const rows = { one: [], split: [] };
let splitFiles = 0;
for (let i = 0; i < REPEAT; i++) {
  const a = vitest('generated/tests/cloudfn.contract.test.ts');
  const b = vitest('generated/tests/split');
  if (a.files !== 1) throw new Error(`one file expected, vitest ran ${a.files}`);
  rows.one.push(a.s);
  rows.split.push(b.s);
  splitFiles = b.files;
}
const oneS = median(rows.one);
const splitS = median(rows.split);
console.log(`\n${os.cpus().length} cores, node ${process.version}; ${COUNT} functions, every test passing, whole \`vitest run\` processes with vitest's defaults, medians of ${REPEAT}\n`);
console.log('| the same suites | seconds |');
console.log('| --- | ---: |');
console.log(`| one file (what cloudfn writes) | ${oneS.toFixed(1)} |`);
console.log(`| one file per function (${splitFiles} files, the layout before) | ${splitS.toFixed(1)} |`);
summarize({ what: `contract tests of ${COUNT} functions, vitest's defaults`, cloudfn: `${oneS.toFixed(1)} s (one file)`, anchor: `one file per function ${splitS.toFixed(1)} s`, ratio: oneS / splitS });
rmSync(dir, { recursive: true, force: true });
