/**
 * Fuzzing the real pipeline with hostile contract files (seeded, bounded): random JSON, valid JSON
 * that is no contract, deep nesting, huge enums, unicode/RTL/emoji text, hostile strings in every
 * text position, hostile property names, $ref cycles and escapes, empty, binary and large files.
 * Each input either generates (and a sample of those compiles with tsc) or is refused with
 * one-line, positioned errors; never a crash, a hang or a partial write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { CloudFnToolError, ContractError } from '../../generator/errors.js';
import { diagnosticZh } from '../../generator/i18n/diagnostics-zh.js';
import { runGen } from '../../generator/pipeline.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp-project.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 64);
const SEED = 20261126;
const HOSTILE = ['*/', '/*', '`${process.exit(1)}`', '</script><script>alert(1)</script>', "'; DROP TABLE x; --", '\\', '"', '\u202Eevil\u202C', '😀🚀', '中文说明', '\u0000', '\r\n', '<?php echo 1; ?>', '{$x}', '$var', '-->', ']]>', '\u2028'];
const NAMES = ['ok', 'a b', '1x', 'class', '😀', '中文', 'x-y', "it's", '*/', '', '__proto__', 'constructor', '$ref', 'default'];

type Input = { kind: string; files: Record<string, string | Buffer> };

const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const leafSchema = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.constant({ type: 'integer', minimum: 0 }),
  text.map((d) => ({ type: 'string', description: d })),
  fc.array(text, { minLength: 1, maxLength: 5 }).map((values) => ({ enum: [...new Set(values)] })),
);
const objectSchema = fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 })), leafSchema, { maxKeys: 5 }).map((properties) => ({ type: 'object', properties }));

const inputs: fc.Arbitrary<Input> = fc.oneof(
  fc.jsonValue().map((v) => ({ kind: 'random JSON', files: { 'schemas/x.fn.json': JSON.stringify(v) } })),
  fc.record({ name: fc.oneof(fc.constantFrom('ok', 'a b', '😀', ''), fc.string({ maxLength: 8 })), input: fc.jsonValue(), output: fc.jsonValue() }).map((c) => ({ kind: 'JSON that is no contract', files: { 'schemas/x.fn.json': JSON.stringify(c) } })),
  fc.integer({ min: 50, max: 2000 }).map((n) => {
    let s: unknown = { type: 'string' };
    for (let i = 0; i < n; i++) s = { type: 'object', properties: { a: s } };
    return { kind: 'deep nesting', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'deep', input: { type: 'object', properties: { x: s } }, output: { type: 'object' } }) } };
  }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => ({ kind: 'huge enum', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'big', input: { type: 'object', properties: { v: { enum: Array.from({ length: n }, (_, i) => `v${i}`) } } }, output: { type: 'object' } }) } })),
  fc.record({ description: text, prop: text, example: text, error: text }).map((t) => ({
    kind: 'hostile text in every position',
    files: {
      'schemas/x.fn.json': JSON.stringify({
        name: 'hostile',
        description: t.description,
        input: { type: 'object', description: t.prop, properties: { s: { type: 'string', description: t.prop, enum: [t.example, 'b'] } } },
        output: { type: 'object', title: t.description, properties: { r: { type: 'string', default: t.example } } },
        errors: { BAD_THING: { status: 409, description: t.error, message: t.error } },
        examples: [{ name: t.example, input: { s: 'b' } }],
      }),
    },
  })),
  fc.tuple(objectSchema, objectSchema).map(([i, o]) => ({ kind: 'hostile property names', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'names', input: i, output: o }) } })),
  fc.constantFrom(
    { kind: '$ref cycle', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'cyc', input: { $ref: './a.json' }, output: { type: 'object' } }), 'schemas/a.json': JSON.stringify({ $ref: './b.json' }), 'schemas/b.json': JSON.stringify({ $ref: './a.json' }) } },
    { kind: '$ref escape', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'esc', input: { $ref: '../../../../../../etc/passwd' }, output: { type: 'object' } }) } },
    { kind: '$ref escape', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'esc', input: { $ref: 'file:///etc/passwd' }, output: { type: 'object' } }) } },
    { kind: '$ref to itself', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'self', input: { type: 'object', properties: { a: { $ref: '#/input' } } }, output: { type: 'object' } }) } },
  ),
  fc.constantFrom<Input>({ kind: 'empty file', files: { 'schemas/x.fn.json': '' } }, { kind: 'empty YAML', files: { 'schemas/x.fn.yaml': '' } }),
  fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => ({ kind: 'binary file', files: { 'schemas/x.fn.json': Buffer.from(bytes) } })),
  fc.integer({ min: 1, max: 3 }).map((mb) => ({ kind: 'very large file', files: { 'schemas/x.fn.json': JSON.stringify({ name: 'large', description: 'x'.repeat(mb * 1024 * 1024), input: { type: 'object' }, output: { type: 'object' } }) } })),
);

test(`${RUNS} hostile contract files through the real pipeline: generated or refused in one line each, never a crash`, { timeout: 300_000 }, async () => {
  const cases = fc.sample(inputs, { numRuns: RUNS, seed: SEED });
  const tally = new Map<string, { generated: number; refused: number }>();
  const generatedDirs: string[] = [];
  for (const c of cases) {
    const dir = tempProject({});
    for (const [rel, contents] of Object.entries(c.files)) {
      const abs = path.join(dir, rel);
      (await import('node:fs')).mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, contents);
    }
    const row = tally.get(c.kind) ?? { generated: 0, refused: 0 };
    tally.set(c.kind, row);
    const started = Date.now();
    if (process.env['FUZZ_TRACE']) process.stderr.write(`fuzz: ${c.kind} …\n`);
    try {
      await runGen(resolveConfig({}, dir));
      if (process.env['FUZZ_TRACE']) process.stderr.write(`fuzz: ${c.kind} generated in ${Date.now() - started} ms\n`);
      row.generated++;
      generatedDirs.push(dir);
    } catch (e) {
      if (!(e instanceof CloudFnToolError)) throw new Error(`${c.kind}: crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      expect([1, 2], c.kind).toContain(e.exitCode);
      for (const line of e.message.split('\n')) expect(line, c.kind).not.toMatch(/^\s+at /);
      expect(e.message.split('\n')[0], c.kind).toMatch(/^(schemas\/\S+(:\d+:\d+|#\S*) |no contracts|cloudbaserc)/);
      // Every problem also reads in Chinese, whole (the message catalogue's completeness, on hostile input).
      if (e instanceof ContractError) for (const d of e.diagnostics) expect(diagnosticZh(d.message), `${c.kind}: ${d.message}`).toMatch(/[\u4e00-\u9fff]/);
      // Nothing half-written: a refused project has no generated output.
      expect(existsSync(path.join(dir, 'generated')), c.kind).toBe(false);
      row.refused++;
    }
  }
  // A sample of what generated compiles under strict tsc: nothing escaped a comment or a string.
  const sample = generatedDirs.filter((_, i) => i % 4 === 0).slice(0, 4);
  for (const dir of sample) {
    const files = readdirSync(path.join(dir, 'generated')).filter((f) => f.endsWith('.ts')).map((f) => path.join('generated', f));
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(REPO_ROOT, 'node_modules/@types'), ...files], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr, dir).toBe('');
  }
  const lines = [...tally].map(([kind, n]) => `${kind}: ${n.generated} generated, ${n.refused} refused`);
  console.log(`fuzz, ${cases.length} inputs (seed ${SEED}); ${sample.length} generated projects compiled by tsc\n  ${lines.join('\n  ')}`);
  expect(cases.length).toBe(RUNS);
});
