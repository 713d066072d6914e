// Times `cloudfn gen` and `cloudfn check` on 200 synthetic contracts against
// json-schema-to-typescript alone (default settings) on the same schemas, in one run.
// Run: npm run bench   (builds first; prints a markdown table)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { resolveConfig } from '../dist/generator/config.js';
import { compile as compileContracts } from '../dist/generator/pipeline.js';
import { format } from '../dist/generator/stages/format.js';
import { tsTypesTarget } from '../dist/generator/targets/ts-types/emit.js';
import { writeSyntheticProject } from './fixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/generator/cli.js');
const COUNT = Number(process.env.CONTRACTS ?? 200);
const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-bench-'));
writeSyntheticProject(dir, COUNT);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function runCli(args) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return performance.now() - start;
}

const rows = [];
const REPEAT = 3;
rows.push(['cloudfn gen, all targets (first run, writes every file)', runCli(['gen'])]);
rows.push(['cloudfn gen, all targets (no changes)', median(Array.from({ length: REPEAT }, () => runCli(['gen'])))]);
rows.push(['cloudfn check, all targets (in sync)', median(Array.from({ length: REPEAT }, () => runCli(['check'])))]);
const typesBytes = readFileSync(path.join(dir, 'generated/types.ts')).length;
const fileCount = Number(/cloudfn: (\d+) files/.exec(spawnSync(process.execPath, [cli, 'gen'], { cwd: dir, encoding: 'utf8' }).stdout)?.[1] ?? 0);

async function jstt() {
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < COUNT; i++) {
    const c = JSON.parse(readFileSync(path.join(dir, `schemas/fn${i}.fn.json`), 'utf8'));
    for (const part of ['input', 'output']) {
      const ts = await compile(c[part], `Fn${i}${part === 'input' ? 'Input' : 'Output'}`, { cwd: path.join(dir, 'schemas') });
      bytes += ts.length;
    }
  }
  return { ms: performance.now() - start, bytes };
}
// Like for like with json-schema-to-typescript: the same schemas to formatted TypeScript types, in process.
async function typesOnly() {
  const start = performance.now();
  const config = resolveConfig({}, dir);
  const ir = compileContracts(config);
  const files = tsTypesTarget.emit(ir, { schemasDir: 'schemas', roots: { out: 'generated', functions: 'functions' }, targetOptions: {} });
  await format(files, dir);
  return performance.now() - start;
}
await typesOnly(); // warm: module loading is not what this row measures
const typeRuns = [];
for (let i = 0; i < REPEAT; i++) typeRuns.push(await typesOnly());
rows.push(['cloudfn types only, in-process (load → IR → types.ts → prettier)', median(typeRuns)]);
const jsttStart = performance.now();
const j = await jstt();
const jsttImportAndRun = performance.now() - jsttStart;
rows.push(['json-schema-to-typescript alone, in-process (defaults)', j.ms]);

console.log(`\n${COUNT} contracts (each: input + output + 1 error, shared $ref), node ${process.version}, ${os.cpus().length} cores\n`);
console.log('| what | wall ms |');
console.log('| --- | ---: |');
for (const [what, ms] of rows) console.log(`| ${what} | ${ms.toFixed(0)} |`);
console.log(`\nall targets: ${fileCount} files (types, client, validators, handlers, mocks, contract tests, deployable bundles); json-schema-to-typescript emits types only`);
console.log(`output size: cloudfn types.ts ${(typesBytes / 1024).toFixed(0)} KB (all ${COUNT} functions, errors and shared types); json-schema-to-typescript ${(j.bytes / 1024).toFixed(0)} KB`);
console.log(`(cloudfn rows are whole CLI processes including Node start-up; jstt total including first call: ${jsttImportAndRun.toFixed(0)} ms)`);
rmSync(dir, { recursive: true, force: true });
