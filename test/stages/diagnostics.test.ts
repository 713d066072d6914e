/** Every broken contract gives one exact line naming file, position, problem and fix; nothing is written. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { ContractError } from '../../generator/errors.js';
import { diagnosticZh } from '../../generator/i18n/diagnostics-zh.js';
import { runGen } from '../../generator/pipeline.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

type Case = [name: string, { given: Record<string, string | object>; want: string[] }];

const cases: Case[] = [
  ['malformed JSON (trailing comma)', {
    given: { 'schemas/a.fn.json': '{\n  "name": "a",\n  "input": {},\n}\n' },
    want: ['schemas/a.fn.json:4:1 invalid JSON: trailing comma before "}"; remove the comma after the last property'],
  }],
  ['malformed YAML', {
    given: { 'schemas/a.fn.yaml': 'name: a\ninput:\n  type: object\n   bad: [1\n' },
    want: ['schemas/a.fn.yaml:3:9 invalid YAML: Nested mappings are not allowed in compact mappings; check the indentation and quoting here'],
  }],
  ['YAML whose aliases expand without bound (billion laughs)', {
    given: { 'schemas/a.fn.yaml': `name: a\nx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 6 }, (_, i) => `x${i + 1}: &x${i + 1} [${Array(9).fill(`*x${i}`).join(', ')}]`).join('\n')}\ninput: { type: object }\noutput: { type: object }\n` },
    want: ['schemas/a.fn.yaml:1:1 invalid YAML: its aliases (*name) expand to too many values; write the values out, or use fewer aliases'],
  }],
  ['a number JSON can write but no double holds (1e400 reads as Infinity)', {
    given: { 'schemas/a.fn.json': '{\n  "name": "a",\n  "input": { "type": "object", "properties": { "n": { "type": "number", "maximum": 1e400 } } },\n  "output": { "type": "object" }\n}\n' },
    want: ['schemas/a.fn.json:3:84 input.properties.n.maximum: is a number too large to represent (it reads as Infinity); write one between -1.7976931348623157e308 and 1.7976931348623157e308'],
  }],
  ["YAML's .inf", {
    given: { 'schemas/a.fn.yaml': 'name: a\ninput:\n  type: object\n  properties:\n    n: { type: number, minimum: -.inf }\noutput: { type: object }\n' },
    want: ['schemas/a.fn.yaml:5:33 input.properties.n.minimum: is a number too large to represent (it reads as Infinity); write one between -1.7976931348623157e308 and 1.7976931348623157e308'],
  }],
  ...(['/a/../b', '//x', '/a/./b', '/%2e%2e/x', '/a%2Fb'] as const).map((p): Case => [`an http.path every client would rewrite (${p})`, {
    given: { 'schemas/a.fn.json': contract({ http: { path: p } }) },
    want: [`schemas/a.fn.json:23:13 http.path: "${p}" is invalid; start with "/", use URL path characters, and no empty, "." or ".." segments or encoded "." or "/" (clients and servers rewrite those; e.g. "/orders/submit")`],
  }]),
  ['unknown key, with did-you-mean', {
    given: { 'schemas/a.fn.json': contract({ descripton: 'x' }) },
    want: ['schemas/a.fn.json:22:3 descripton: unknown key "descripton"; did you mean "description"?'],
  }],
  ['missing output', {
    given: { 'schemas/a.fn.json': { name: 'a', input: { type: 'object' } } },
    want: ['schemas/a.fn.json:1:1 the contract is missing required key "output"; add "output": a JSON Schema with "type": "object" (use {"type": "object", "additionalProperties": false} for none)'],
  }],
  ['missing input', {
    given: { 'schemas/a.fn.json': { name: 'a', output: { type: 'object' } } },
    want: ['schemas/a.fn.json:1:1 the contract is missing required key "input"; add "input": a JSON Schema with "type": "object" (use {"type": "object", "additionalProperties": false} for none)'],
  }],
  ['invalid keyword values: "type": "strng" and "required": "x"', {
    given: { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { qty: { type: 'strng' } }, required: 'x' } }) },
    want: [
      'schemas/a.fn.json:7:17 input.properties.qty.type: "strng" is not a JSON Schema type; did you mean "string"?',
      'schemas/a.fn.json:10:17 input.required: must be an array of property names, e.g. ["x"], not "x"',
    ],
  }],
  ['unknown schema keyword', {
    given: { 'schemas/a.fn.json': contract({ input: { type: 'object', propertis: {} } }) },
    want: ['schemas/a.fn.json:5:5 input.propertis: unknown JSON Schema keyword "propertis"; did you mean "properties"?'],
  }],
  ['OpenAPI "nullable"', {
    given: { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { a: { type: 'string', nullable: true } } } }) },
    want: ['schemas/a.fn.json:8:9 input.properties.a.nullable: unknown JSON Schema keyword "nullable" (an OpenAPI 3.0 extension); list "null" in "type" instead, e.g. "type": ["string", "null"]'],
  }],
  ['$ref to a missing file', {
    given: { 'schemas/a.fn.json': contract({ input: { $ref: './defs/adress.json' } }), 'schemas/defs/address.json': { type: 'object' } },
    want: ['schemas/a.fn.json:4:13 input.$ref: $ref "./defs/adress.json" points to a missing file schemas/defs/adress.json; did you mean "./defs/address.json"?'],
  }],
  ['$ref to a missing pointer', {
    given: { 'schemas/a.fn.json': contract({ $defs: { Address: { type: 'object' } }, input: { type: 'object', properties: { a: { $ref: '#/$defs/Adress' } } } }) },
    want: ['schemas/a.fn.json:7:17 input.properties.a.$ref: $ref "#/$defs/Adress" points to a missing definition: this file has no "Adress" at #/$defs; did you mean "#/$defs/Address"?'],
  }],
  ['$ref to a missing pointer in another file', {
    given: { 'schemas/a.fn.json': contract({ input: { $ref: './defs/money.json#/$defs/Mony' } }), 'schemas/defs/money.json': { $defs: { Money: { type: 'object' } } } },
    want: ['schemas/a.fn.json:4:13 input.$ref: $ref "./defs/money.json#/$defs/Mony" points to a missing definition: schemas/defs/money.json has no "Mony" at #/$defs; did you mean "./defs/money.json#/$defs/Money"?'],
  }],
  ['two contracts with one name', {
    given: { 'schemas/a.fn.json': contract(), 'schemas/b.fn.json': contract() },
    want: ['schemas/b.fn.json:2:11 name: function name "ping" is already used by schemas/a.fn.json; every cloud function needs its own name'],
  }],
  ['invalid function name', {
    given: { 'schemas/a.fn.json': contract({ name: '1-bad name' }) },
    want: ['schemas/a.fn.json:2:11 name: "1-bad name" is invalid; use letters, digits, "_" and "-", starting with a letter, at most 60 characters (e.g. "submitOrder" or "user-login")'],
  }],
  ['an error with a success status', {
    given: { 'schemas/a.fn.json': contract({ errors: { NOPE: { status: 200 } } }) },
    want: ['schemas/a.fn.json:24:17 errors.NOPE.status: 200 is invalid; a declared error needs a 4xx or 5xx status (e.g. 409)'],
  }],
  ['an error code that is not UPPER_SNAKE', {
    given: { 'schemas/a.fn.json': contract({ errors: { outOfStock: { status: 409 } } }) },
    want: ['schemas/a.fn.json:23:5 errors.outOfStock: "outOfStock" is not a valid name here; error codes are UPPER_SNAKE (e.g. "OUT_OF_STOCK")'],
  }],
  ['a reserved error code', {
    given: { 'schemas/a.fn.json': contract({ errors: { INVALID_INPUT: { status: 400 } } }) },
    want: ['schemas/a.fn.json:23:5 errors.INVALID_INPUT: error code "INVALID_INPUT" is reserved for cloudfn\'s own responses; choose another name'],
  }],
  ['identifiers that collide after conversion', {
    given: { 'schemas/a.fn.json': contract({ name: 'user-login' }), 'schemas/b.fn.json': contract({ name: 'user_login' }) },
    want: ['schemas/b.fn.json:2:11 name: function name "user_login" and "user-login" (schemas/a.fn.json) both become the identifier userLogin / UserLogin in code; rename one of them'],
  }],
  ['two functions on one HTTP path', {
    given: { 'schemas/a.fn.json': contract({ name: 'a', http: { path: '/x' } }), 'schemas/b.fn.json': contract({ name: 'b', http: { path: '/x' } }) },
    want: ['schemas/b.fn.json:23:13 http.path: HTTP path "/x" is already used by schemas/a.fn.json; set a distinct "http.path"'],
  }],
  ['top level that is not an object', {
    given: { 'schemas/a.fn.json': contract({ input: { type: 'string' } }) },
    want: ['schemas/a.fn.json:3:12 input: must describe a JSON object (a cloud function\'s event and result are objects); add "type": "object" with "properties"'],
  }],
  ['invalid regular expression', {
    given: { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { a: { type: 'string', pattern: '([a-z' } } } }) },
    want: ['schemas/a.fn.json:8:20 input.properties.a.pattern: "([a-z" is not a valid regular expression (/([a-z/u: Unterminated character class); fix the pattern'],
  }],
  ['unknown format', {
    given: { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { a: { type: 'string', format: 'emial' } } } }) },
    want: ['schemas/a.fn.json:8:19 input.properties.a.format: "emial" is not a format the validators know; did you mean "email"?'],
  }],
];

describe('contract diagnostics', () => {
  test.each(cases)('%s', async (_name, { given, want }) => {
    const dir = tempProject(given);
    const error = await runGen(resolveConfig({}, dir)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message.split('\n')).toEqual(want);
    expect(existsSync(path.join(dir, 'generated'))).toBe(false);
    // The same problem reads in Chinese, whole.
    for (const d of (error as ContractError).diagnostics) expect(diagnosticZh(d.message), d.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('every problem across files is reported in one run, sorted by file and position', async () => {
    const dir = tempProject({
      'schemas/a.fn.json': contract({ name: 'a', descripton: 'x' }),
      'schemas/b.fn.json': contract({ name: 'b', input: { type: 'strng' } }),
    });
    const error = (await runGen(resolveConfig({}, dir)).catch((e: unknown) => e)) as ContractError;
    expect(error.diagnostics.map((d) => `${d.file}:${d.code}`)).toEqual(['schemas/a.fn.json:unknown-key', 'schemas/b.fn.json:schema-keyword']);
  });
});

test('editors get JSON Schema keywords inside input, output and error data; cloudfn still reports each problem once', () => {
  // What an editor does with the shipped meta-schema: the draft-07 meta-schema applies inside input.
  const meta = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/function.schema.json'), 'utf8')) as Record<string, unknown>;
  const editor = new Ajv({ allErrors: true, strict: false }).compile(meta);
  expect(editor({ name: 'a', input: { type: 'object', properties: { n: { type: 'strng' } } }, output: { type: 'object' } })).toBe(false);
  expect(editor.errors?.some((e) => e.instancePath.startsWith('/input/properties/n'))).toBe(true);
  expect(editor({ name: 'a', input: { type: 'object' }, output: { type: 'object' }, errors: { GONE: { status: 410, data: { type: 'object', minProperties: 'x' } } } })).toBe(false);
});

test('a byte order mark before a contract, a YAML contract or the config (Windows Notepad, PowerShell 5 write one) is read past; positions are as the editor shows them', async () => {
  const BOM = '\ufeff';
  const dir = tempProject({
    'cloudfn.config.json': `${BOM}{ "out": "gen2" }`,
    'schemas/a.fn.json': `${BOM}${JSON.stringify(contract({ name: 'a' }), null, 2)}`,
    'schemas/b.fn.yaml': `${BOM}name: b\ninput:\n  type: object\noutput:\n  type: object\n`,
  });
  await runGen(resolveConfig({}, dir));
  expect(readFileSync(path.join(dir, 'gen2/types.ts'), 'utf8')).toMatch(/export interface AInput[^]*export type BInput = /);
  const broken = tempProject({ 'schemas/a.fn.json': `${BOM}{"name": "a", "input": {"type": "strng"}, "output": {"type": "object"}}` });
  const error = (await runGen(resolveConfig({}, broken)).catch((e: unknown) => e)) as ContractError;
  expect(error.message).toMatch(/^schemas\/a\.fn\.json:1:33 input\.type: "strng" is not a JSON Schema type/);
});

test('a contract saved in GBK (or another legacy encoding) is refused where its first non-UTF-8 byte is, not read as replacement characters', async () => {
  // "查询订单" in GBK: B2 E9 D1 AF B6 A9 B5 A5 (the first byte, 0xB2, cannot start a UTF-8 character).
  const gbk = Buffer.from([0xb2, 0xe9, 0xd1, 0xaf, 0xb6, 0xa9, 0xb5, 0xa5]);
  const dir = tempProject({ 'schemas/ok.fn.json': contract({ name: 'ok', description: '查询' }) });
  writeFileSync(path.join(dir, 'schemas/gbk.fn.json'), Buffer.concat([Buffer.from('{\n  "name": "gbk",\n  "description": "'), gbk, Buffer.from('",\n  "input": {"type": "object"},\n  "output": {"type": "object"}\n}\n')]));
  const error = (await runGen(resolveConfig({}, dir)).catch((e: unknown) => e)) as ContractError;
  expect(error).toBeInstanceOf(ContractError);
  expect(error.message).toBe('schemas/gbk.fn.json:3:19 is not UTF-8 text: byte 0xB2 here is not part of a UTF-8 character (the file is probably in GBK or another legacy encoding); save it as UTF-8');
  expect(diagnosticZh(error.diagnostics[0]!.message)).toBe('不是 UTF-8 文本：此处的字节 0xB2 不属于任何 UTF-8 字符（文件可能是 GBK 或其他旧编码）；请将它另存为 UTF-8');
  expect(existsSync(path.join(dir, 'generated'))).toBe(false);
});

test('the first byte that is not UTF-8 is found exactly where Node stops reading UTF-8', async () => {
  const { isUtf8 } = await import('node:buffer');
  const { firstNonUtf8 } = await import('../../generator/stages/load.js');
  const fc = (await import('fast-check')).default;
  // Mostly text, with some bytes of every kind: ASCII, continuation bytes, lead bytes, invalid ones.
  const byte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
  const text = fc.array(fc.oneof(byte, fc.constantFrom(...Buffer.from('é中😀\ud7ff\ue000', 'utf8'))), { maxLength: 24 });
  fc.assert(
    fc.property(text, (list) => {
      const bytes = Uint8Array.from(list);
      const at = firstNonUtf8(bytes);
      if (at === undefined) return isUtf8(bytes);
      return !isUtf8(bytes) && isUtf8(bytes.subarray(0, at)) && !isUtf8(bytes.subarray(0, Math.min(bytes.length, at + 4)));
    }),
    { numRuns: 3000, seed: 20261127 },
  );
});

test('a shared definition file named only in Chinese (defs/地址.json) is refused at its position with the fix, not generated as `export interface  {`; with a title it generates', async () => {
  const files = (title?: string): Record<string, string | object> => ({
    'schemas/a.fn.json': contract({ name: 'a', input: { type: 'object', properties: { p: { $ref: './defs/地址.json' } } } }),
    'schemas/defs/地址.json': { type: 'object', ...(title ? { title } : {}), properties: { street: { type: 'string' } } },
  });
  const error = (await runGen(resolveConfig({}, tempProject(files()))).catch((e: unknown) => e)) as ContractError;
  expect(error).toBeInstanceOf(ContractError);
  expect(error.message).toBe('schemas/defs/地址.json:1:1 shared definition has no name usable in code: its title, key and file name hold no ASCII letter or digit; give it a "title" such as "Address"');
  const dir = tempProject(files('Address'));
  await runGen(resolveConfig({}, dir));
  expect(readFileSync(path.join(dir, 'generated/types.ts'), 'utf8')).toMatch(/export interface Address \{\n {2}street\?: string;/);
});
