/**
 * The PHP schema validator against ajv, the validator of the Node side: the
 * same verdict and the same issues (pointer and message) for every example,
 * sample and invalid case of the example project, and for a corpus of
 * format strings (fixed, and random near misses of valid ones), for patterns with Unicode
 * properties and random patterns of ECMAScript's pieces, so a PHP caller refuses exactly what a TS
 * one refuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { phpNames } from '../../generator/targets/php-client/emit.js';
import { invalidBase, invalidInput, type ContractData } from '../../templates/contract-tests/contract-support.js';
import { issuesOf, multipleOf, type Validator } from '../../templates/shared/validate-runtime.js';
import { SHOP_DIR } from '../helpers/built-shop.js';
import { json, schemasOf, VALIDATOR_LEAVES } from '../helpers/random-schemas.js';
import { phpJson } from '../helpers/php.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-php-validator-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Issue = { path: string; message: string };

async function phpIssues(cases: unknown[]): Promise<Issue[][]> {
  const file = path.join(scratch, `cases-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(cases));
  return phpJson<Issue[][]>('inspect.php', ['validate', file]);
}

/** The issues the Node side reports for each value ([] for a valid one): the schema built as the generator builds it (lengths before patterns and formats), checked by ajv in all-errors mode. */
async function nodeIssues(schema: unknown, values: unknown[]): Promise<Issue[][]> {
  const { bundledSchema } = await import('../../generator/targets/node-handler/validators.js');
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, ownProperties: true, unicodeRegExp: true }));
  const validate = ajv.compile(bundledSchema({ functions: [], definitions: [] }, { type: { kind: 'any' }, schema: schema as Record<string, unknown>, uses: [] }, 'probe')) as unknown as Validator;
  return values.map((v) => (validate(v) ? [] : issuesOf(validate)));
}

test('every example, sample and invalid case of the example: PHP finds exactly what ajv finds', async () => {
  const ir = compile(resolveConfig({}, SHOP_DIR));
  const cases: { contract: string; part: 'input' | 'output'; value: unknown }[] = [];
  const expected: Issue[][] = [];
  for (const fn of ir.functions) {
    const validators = (await import(path.join(SHOP_DIR, `generated/validators/${fn.name}.ts`))) as { validateInput: Validator; validateOutput: Validator };
    const { data } = (await import(path.join(SHOP_DIR, `generated/tests/${fn.name}.contract-data.ts`))) as { data: ContractData };
    const add = (part: 'input' | 'output', value: unknown): void => {
      const validate = part === 'input' ? validators.validateInput : validators.validateOutput;
      cases.push({ contract: phpNames(fn).contract, part, value });
      expected.push(validate(value) ? [] : issuesOf(validate));
    };
    for (const s of data.samples) add('input', s);
    for (const c of data.invalid) add('input', invalidInput(invalidBase(data), c));
    for (const e of fn.examples) {
      add('input', e.input);
      if (e.output !== undefined) add('output', e.output);
    }
  }
  expect(expected.filter((x) => x.length > 0).length).toBeGreaterThan(20);
  expect(await phpIssues(cases)).toEqual(expected);
});

const FORMATS: Record<string, string[]> = {
  email: ['a@example.com', 'user.name+tag@sub.example.cn', "o'hara@example.com", 'a/b@example.com', 'no-at.example.com', 'a@b', 'a@@b.com', '', 'a @b.com'],
  uuid: ['3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', 'urn:uuid:3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', '3F1C2B9E-8D4A-4C6F-9A2E-1B7D5E0C4A11', '3f1c2b9e8d4a4c6f9a2e1b7d5e0c4a11', 'xyz'],
  'date-time': ['2026-11-01T08:30:00Z', '2026-11-01t08:30:00.123+08:00', '2026-11-01 08:30:00Z', '2026-02-30T00:00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T08:30:00', '2016-12-31T23:59:60Z'],
  date: ['2026-11-01', '2024-02-29', '2023-02-29', '2026-13-01', '26-11-01'],
  time: ['08:30:00Z', '23:59:60+00:00', '08:30:00', '25:00:00Z'],
  uri: ['https://example.com/a?b=c#d', 'mailto:a@example.com', 'urn:isbn:0451450523', '//example.com', 'example.com', 'http://[::1]:80/', 'http://exa mple.com'],
  'uri-reference': ['/a/b', '../c', 'https://example.com', '#frag', 'a b'],
  ipv4: ['127.0.0.1', '256.0.0.1', '1.2.3', '01.2.3.4'],
  ipv6: ['::1', '2001:db8::8a2e:370:7334', '::ffff:1.2.3.4', '1::2::3', 'g::1'],
  hostname: ['example.com', 'a-b.example.cn', '-a.com', 'a'.repeat(64) + '.com'],
  'json-pointer': ['', '/a/b', '/a~1b', '/a~2', 'a'],
  'relative-json-pointer': ['0', '1/a', '0#', '-1', '01'],
  'uri-template': ['http://example.com/{id}', '/search{?q,lang}', '{', 'a}'],
  duration: ['P1D', 'PT1H30M', 'P1W', 'P', 'PT', 'P1DT'],
  regex: ['^a+$', '[a-z', '(?<name>x)', '\\p{L}'],
};

/** ajv-formats' verdict and PHP's on each string of each format: the strings PHP decides otherwise, and how many ajv accepts and refuses. */
async function formatsCompared(valuesByFormat: Record<string, Iterable<string>>): Promise<{ mismatches: string[]; accepted: number; refused: number }> {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  const cases: { schema: unknown; value: string }[] = [];
  const expected: boolean[] = [];
  for (const [format, values] of Object.entries(valuesByFormat)) {
    const validate = ajv.compile({ type: 'string', format });
    for (const value of values) {
      cases.push({ schema: { type: 'string', format }, value });
      expected.push(validate(value));
    }
  }
  const got = (await phpIssues(cases)).map((issues) => issues.length === 0);
  const mismatches = cases.map((c, i) => (got[i] === expected[i] ? '' : `${JSON.stringify(c)} php=${got[i]}`)).filter(Boolean);
  return { mismatches, accepted: expected.filter(Boolean).length, refused: expected.filter((v) => !v).length };
}

test('formats: PHP accepts and refuses what ajv-formats (full mode) does', async () => {
  expect((await formatsCompared(FORMATS)).mismatches).toEqual([]);
});

/** Valid strings of each format, changed at random (a character added, removed or replaced) into near misses. */
const FORMAT_SEEDS: Record<string, string[]> = {
  email: ['a@example.com', 'user.name+tag@sub.example.cn', "o'hara@example.com"],
  uuid: ['3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', 'urn:uuid:3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11'],
  'date-time': ['2026-11-01T08:30:00Z', '2026-11-01t08:30:00.123+08:00', '2016-12-31T23:59:60Z', '2026-11-01T08:30:00-05:30'],
  date: ['2026-11-01', '2024-02-29'],
  time: ['08:30:00Z', '23:59:60+00:00', '08:30:00.5-01:00'],
  uri: ['https://example.com/a?b=c#d', 'mailto:a@example.com', 'urn:isbn:0451450523', 'http://[::1]:80/', 'http://u:p@h.com:8080/p%20q'],
  'uri-reference': ['/a/b', '../c', 'https://example.com', '#frag'],
  ipv4: ['127.0.0.1', '255.255.255.255'],
  ipv6: ['::1', '2001:db8::8a2e:370:7334', '::ffff:1.2.3.4'],
  hostname: ['example.com', 'a-b.example.cn', 'xn--fsqu00a.xn--0zwm56d'],
  'json-pointer': ['/a/b', '/a~1b'],
  'relative-json-pointer': ['0', '1/a', '0#'],
  'uri-template': ['http://example.com/{id}', '/search{?q,lang}'],
  duration: ['P1D', 'PT1H30M', 'P1W', 'P1Y2M3DT4H5M6S'],
};
const EDIT = fc.constantFrom(...'0123456789aAzZ:-+.T tZ/@%[]{}#?~_\'"\\é中'.split(''), '::', '%2', '..', '--');
const nearMiss = (seed: string): fc.Arbitrary<string> =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom('add', 'remove', 'replace'), EDIT), { minLength: 1, maxLength: 3 }).map((edits) =>
    edits.reduce((s, [at, how, c]) => {
      const i = at % (s.length + 1);
      return how === 'add' ? s.slice(0, i) + c + s.slice(i) : s.slice(0, i) + (how === 'replace' ? c : '') + s.slice(i + 1);
    }, seed),
  );

test('formats on near misses of valid strings: PHP accepts and refuses what ajv-formats does (all but "regex", which PCRE reads)', async () => {
  const sample = (seeds: string[]): Set<string> => new Set(fc.sample(fc.constantFrom(...seeds).chain(nearMiss), { numRuns: Number(process.env.FORMAT_STRINGS ?? 150), seed: Number(process.env.SEED ?? 20261127) }));
  const compared = await formatsCompared(Object.fromEntries(Object.entries(FORMAT_SEEDS).map(([format, seeds]) => [format, sample(seeds)])));
  expect(compared.mismatches).toEqual([]);
  // Near misses on both sides of the line.
  expect([compared.accepted > 300, compared.refused > 300]).toEqual([true, true]);
});

test('patterns with Unicode properties: long General_Category names, gc= and Script= forms read as ECMAScript reads them (PCRE knows short names only)', async () => {
  const properties = [
    'L', 'Letter', 'gc=Letter', 'General_Category=Lu', 'Uppercase_Letter', 'Cased_Letter', 'LC', 'Lowercase_Letter', 'Titlecase_Letter', 'Other_Letter', 'Mark', 'Nonspacing_Mark',
    'Number', 'Decimal_Number', 'digit', 'Other_Number', 'Punctuation', 'punct', 'Open_Punctuation', 'Dash_Punctuation', 'Symbol', 'Currency_Symbol', 'Math_Symbol',
    'Separator', 'Space_Separator', 'Line_Separator', 'Other', 'Control', 'Format', 'Private_Use', 'Unassigned', 'Assigned', 'Any', 'ASCII',
    'Script=Han', 'sc=Han', 'Script=Hani', 'sc=Latn', 'Script=Latin', 'Script=Cyrillic', 'sc=Hira', 'Script=Katakana',
  ];
  const patterns = properties.flatMap((p) => [`^\\p{${p}}+$`, `^\\P{${p}}$`, `^[\\p{${p}}0-9]+$`]);
  const samples = ['中文', 'abc', 'ABC', 'ǅ', 'Ab', '١٢', '½', '😀', '-', '(', ' ', '\u2028', '$', '+', '\u0301', '\ue000', '\u0378', 'ひら', 'カナ', 'Жж', '\u00ad', '\u0007', '7'];
  const cases = patterns.flatMap((pattern) => samples.map((value) => ({ schema: { type: 'string', pattern }, value })));
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: true });
  const expected = cases.map((c) => ajv.compile(c.schema)(c.value));
  const got = (await phpIssues(cases)).map((issues) => issues.length === 0);
  expect(cases.map((c, i) => (got[i] === expected[i] ? '' : `${c.schema.pattern} ${JSON.stringify(c.value)} php=${got[i]}`)).filter(Boolean)).toEqual([]);
  expect(expected.filter(Boolean).length).toBeGreaterThan(200);
});

/** ECMAScript pattern pieces (flag u, as ajv compiles `pattern`): escapes, classes, groups, lookarounds, references. */
const ATOMS = ['a', 'b', 'Z', '1', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '.', '\\.', '\\-', '\\/', '/', '\\b', '\\B', '^', '$', '\\n', '\\r', '\\t', '\\u00e9', '\\u{1F600}', '\\x41', '\\cJ', '\\0', '\\u2028', '中', 'é', '[abc]', '[^abc]', '[a-z]', '[\\d\\s]', '[^\\w]', '[\\]]', '[\\-a]', '[a\\-z]', '[.]', '[$^]', '[\\b]', '[\\u4e00-\\u9fa5]', '[\\u{1F600}-\\u{1F64F}]', '\\p{L}', '\\P{L}', '\\p{Nd}', '[^]', '[\\s\\S]', '(?:ab)', '(a|b)', '(?=a)', '(?!a)', '(?<=a)', '(?<!a)', '(?<n>a)\\k<n>', '(x)\\1', '\\$', '\\^', '\\(', '\\{', '\\}', '\\|', '\\[', '\\]', '\\*', '\\+', '\\?', '\\\\'];
const QUANTIFIERS = ['', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?', '??', '{1,2}?'];
const piece = fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS)).map(([a, q]) => a + q);
const randomPattern = fc.array(piece, { minLength: 1, maxLength: 5 }).chain((ps) => fc.constantFrom(ps.join(''), `^${ps.join('')}`, `${ps.join('')}$`, `^${ps.join('')}$`, `^(?:${ps.join('|')})$`));
/** Characters where ECMAScript and PCRE differ by default: line terminators, Unicode spaces and digits, astral ones. */
const SUBJECT = fc.array(fc.constantFrom('a', 'b', 'c', 'Z', 'z', '1', '9', '٣', ' ', '\n', '\r', '\t', '\u2028', '\u00a0', '\ufeff', 'é', '中', '😀', '.', '-', '/', '$', '^', '_', ']', '\\', 'A', '\u000b', '\u0000', 'x'), { maxLength: 6 }).map((a) => a.join(''));

test('random patterns from ECMAScript pieces, on strings of the characters where regex engines differ: PHP matches what ajv matches', async () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: true });
  const compiles = (p: string): boolean => {
    try {
      return new RegExp(p, 'u') instanceof RegExp;
    } catch {
      return false;
    }
  };
  const patterns = [...new Set(fc.sample(randomPattern, { numRuns: Number(process.env.PATTERNS ?? 300), seed: Number(process.env.SEED ?? 20261127) }))].filter(compiles);
  const cases: { schema: { type: string; pattern: string }; value: string }[] = [];
  const expected: boolean[] = [];
  for (const pattern of patterns) {
    const validate = ajv.compile({ type: 'string', pattern });
    for (const value of new Set(fc.sample(SUBJECT, { numRuns: 25, seed: pattern.length }))) {
      cases.push({ schema: { type: 'string', pattern }, value });
      expected.push(validate(value) as boolean);
    }
  }
  const got = (await phpIssues(cases)).map((issues) => issues.length === 0);
  expect(cases.map((c, i) => (got[i] === expected[i] ? '' : `${JSON.stringify(c.schema.pattern)} ${JSON.stringify(c.value)} php=${got[i]}`)).filter(Boolean)).toEqual([]);
  expect([patterns.length > 150, expected.filter(Boolean).length > 500]).toEqual([true, true]);
});

test('a string over maxLength is refused on its length alone: no pattern or format runs over it (PHP and Node alike)', async () => {
  const schema = { type: 'object', properties: { p: { type: 'string', minLength: 2, maxLength: 20, pattern: '^[a-z]+$', format: 'email' } } };
  const values = [{ p: `${'a'.repeat(40)}!` }, { p: 'A' }, { p: 'abc' }];
  const node = await nodeIssues(schema, values);
  expect(node).toEqual([
    [{ path: '/p', message: 'must have at most 20 characters' }],
    [
      { path: '/p', message: 'must have at least 2 characters' },
      { path: '/p', message: 'must match pattern "^[a-z]+$"' },
      { path: '/p', message: 'must be a valid email' },
    ],
    [{ path: '/p', message: 'must be a valid email' }],
  ]);
  expect(await phpIssues(values.map((value) => ({ schema, value })))).toEqual(node);
});

test('keywords that name a member or a count (propertyNames, dependentRequired, unevaluated*, a closed tuple): the same issue in PHP and Node, at the member at fault', async () => {
  const schema = {
    type: 'object',
    properties: {
      pn: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } },
      dr: { type: 'object', dependentRequired: { a: ['b'] } },
      ue: { type: 'object', properties: { a: { type: 'string' } }, unevaluatedProperties: false },
      tp: { type: 'array', prefixItems: [{ type: 'string' }], items: false },
      ui: { type: 'array', prefixItems: [{ type: 'string' }], unevaluatedItems: false },
      uiTyped: { type: 'array', prefixItems: [{ type: 'string' }], unevaluatedItems: { type: 'string' } },
    },
  };
  const values = [{ pn: { Abc: 1, ok: 2 } }, { dr: { a: 1 } }, { ue: { a: 'x', b: 1 } }, { tp: ['a', 'b', 'c'] }, { ui: ['a', 2, 3] }, { uiTyped: ['a', 'b', 3] }, { pn: { ok: 1 }, dr: { a: 1, b: 2 }, tp: ['a'], ui: ['a'] }];
  const node = await nodeIssues(schema, values);
  expect(node).toEqual([
    [{ path: '/pn/Abc', message: 'is not an allowed property name' }],
    [{ path: '/dr/b', message: 'is required' }],
    [{ path: '/ue/b', message: 'is not allowed' }],
    [{ path: '/tp', message: 'must have at most 1 items' }],
    [{ path: '/ui', message: 'must have at most 1 items' }],
    [{ path: '/uiTyped/2', message: 'must be string' }],
    [],
  ]);
  expect(await phpIssues(values.map((value) => ({ schema, value })))).toEqual(node);
});

test('on random schemas and values, a PHP handler refuses exactly what a Node handler refuses, with the same issues', async () => {
  // Every keyword the two validators implement, nested at random; values decoded as the handlers decode a body.
  const schema = schemasOf(VALIDATOR_LEAVES, { beside: true });
  const cases = JSON.parse(JSON.stringify(fc.sample(fc.tuple(schema, fc.array(json, { minLength: 8, maxLength: 8 })), { numRuns: 200, seed: 20261127 }))) as [Record<string, unknown>, unknown[]][];
  const flat: { schema: unknown; value: unknown; objects: true }[] = [];
  const node: Issue[][] = [];
  for (const [s, values] of cases) {
    const wrapped = { type: 'object', properties: { v: s } };
    for (const v of values) flat.push({ schema: wrapped, value: { v }, objects: true });
    node.push(...(await nodeIssues(wrapped, values.map((v) => ({ v })))));
  }
  const php = await phpIssues(flat);
  const mismatches = flat.map((c, i) => ({ ...c, node: node[i], php: php[i] })).filter((d) => JSON.stringify(d.node) !== JSON.stringify(d.php));
  expect(mismatches.slice(0, 3)).toEqual([]);
  // The values exercised refusals, not only passing values.
  expect(node.filter((x) => x.length > 0).length).toBeGreaterThan(400);
}, 60_000);

test('patterns mean in PHP what they mean in ECMAScript (as ajv runs them): \\d, \\w and \\b ASCII, \\s its spaces, . stopping at line terminators', async () => {
  // PHP 8.2 runs \d and \w over all of Unicode under /u: "١٢٣" matched ^\d+$ and "é" matched ^\w+$ there, which Node refuses.
  const patterns = ['^\\s+$', '^\\S+$', '^\\d+$', '^\\D+$', '^\\w+$', '^\\W+$', '\\bfoo\\b', '\\Bo', '^.$', '^.+$', '^[^a]$', '^[\\s\\S]$', '^[\\d\\s]+$', '^[\\D]$', '^[\\W-]+$', '^\\p{L}+$', '^[a-z]+$', '^\\u00e9$', '^[\\u4e00-\\u9fff]+$', '^\\uD83D\\uDE00$', '^\\u{1F600}$', '^\\v$', '^[\\v]$', '^[\\b]$', '^[[]$', '^[]$', '^[^]$', '^a/b$', '^[/]$', '^(?<y>\\d{4})-\\k<y>$', '^(?=\\w)\\S{2}$'];
  const strings = ['a', 'abc', 'foo', 'foo bar', ' ', '\u00a0', '\u2028', '\ufeff', '\u0085', '\t', '\n', 'a\n', '\u3000', '١٢٣', '123', 'é', '中文', '_', '-', '\u{1F600}', '', '\u000b', '\b', '[', 'a/b', '/', '2026-2026', 'ab'];
  const cases = patterns.flatMap((pattern) => strings.map((value) => ({ schema: { type: 'string', pattern }, value })));
  const expected = cases.map((c) => new RegExp(c.schema.pattern, 'u').test(c.value));
  const got = (await phpIssues(cases)).map((issues) => issues.length === 0);
  const mismatches = cases.map((c, i) => (got[i] === expected[i] ? '' : `${c.schema.pattern} on ${JSON.stringify(c.value)}: php ${got[i]}`)).filter(Boolean);
  expect(mismatches).toEqual([]);
  expect(expected.filter(Boolean).length).toBeGreaterThan(100);
});

test('multipleOf decides on the decimal numbers JSON writes, PHP as the Node runtime: every amount with cents is a multiple of 0.01 (ajv refuses one in seven), down to huge and tiny numbers', async () => {
  const cases: { schema: { type: string; multipleOf: number }; value: number }[] = [];
  const add = (multipleOf: number, value: number): number => cases.push({ schema: { type: 'number', multipleOf }, value });
  for (const multipleOf of [0.1, 0.01, 0.5, 3, 1e-7, 2.5]) {
    for (const value of [0, 0.3, 0.7, 1.1, 4.35, 7.5, 9, 3e-7, 12345678.9, 1e21, -1e21, 1e20, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -19.99]) add(multipleOf, value);
  }
  // Every amount from 0.01 to 100.00, and random decimals (up to 6 places, up to 1e12) against random steps.
  for (let cents = 1; cents <= 10_000; cents++) add(0.01, Number((cents / 100).toFixed(2)));
  const decimal = fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 })).map(([n, places]) => Number((n / 10 ** places).toFixed(places)));
  const step = fc.constantFrom(0.01, 0.05, 0.1, 0.25, 0.001, 0.3, 1.5, 7, 1e-6, 0.125);
  for (const [value, multipleOf] of fc.sample(fc.tuple(decimal, step), { numRuns: 3000, seed: Number(process.env.SEED ?? 20261127) })) add(multipleOf, value);
  const node = cases.map((c) => multipleOf(c.value, c.schema.multipleOf));
  const got = (await phpIssues(cases)).map((issues) => issues.length === 0);
  expect(cases.map((c, i) => (got[i] === node[i] ? '' : `${c.value} multipleOf ${c.schema.multipleOf}: php ${got[i]}`)).filter(Boolean)).toEqual([]);
  expect(node.slice(96, 96 + 10_000).every(Boolean)).toBe(true);
  expect([multipleOf(0.3, 0.1), multipleOf(19.99, 0.01), multipleOf(-19.99, 0.01), multipleOf(0.015, 0.01), multipleOf(1e-9, 0.01), multipleOf(1e21, 0.1), multipleOf(7.5, 2.5), multipleOf(12345678901.23, 0.01)]).toEqual([true, true, true, false, false, false, true, true]);
});
