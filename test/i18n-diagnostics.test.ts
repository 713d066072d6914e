/**
 * Contract problems in Chinese: every family of diagnostic the stages write reads whole in Chinese
 * (the corpus below, plus the diagnostics and fuzz tests, which check the same on their inputs), and
 * the CLI prints them so when the language is Chinese.
 */
import { expect, test } from 'vitest';
import { resolveConfig } from '../generator/config.js';
import { ContractError } from '../generator/errors.js';
import { diagnosticZh } from '../generator/i18n/diagnostics-zh.js';
import { runGen } from '../generator/pipeline.js';
import { cloudfn } from './helpers/cli.js';
import { contract, tempProject } from './helpers/temp-project.js';

const prop = (schema: Record<string, unknown>) => contract({ input: { type: 'object', properties: { a: schema } } });

const CORPUS: [string, Record<string, string | object>][] = [
  ['type list empty', { 'schemas/a.fn.json': prop({ type: [] }) }],
  ['type listed twice', { 'schemas/a.fn.json': prop({ type: ['string', 'string'] }) }],
  ['type not a string', { 'schemas/a.fn.json': prop({ type: 3 }) }],
  ['required twice', { 'schemas/a.fn.json': contract({ input: { type: 'object', required: ['a', 'a'], properties: { a: { type: 'string' } } } }) }],
  ['enum empty', { 'schemas/a.fn.json': prop({ enum: [] }) }],
  ['multipleOf 0', { 'schemas/a.fn.json': prop({ type: 'number', multipleOf: 0 }) }],
  ['minItems negative', { 'schemas/a.fn.json': prop({ type: 'array', minItems: -1 }) }],
  ['maximum not a number', { 'schemas/a.fn.json': prop({ type: 'number', maximum: 'ten' }) }],
  ['uniqueItems not boolean', { 'schemas/a.fn.json': prop({ type: 'array', uniqueItems: 'yes' }) }],
  ['properties not an object', { 'schemas/a.fn.json': prop({ type: 'object', properties: [] }) }],
  ['allOf empty', { 'schemas/a.fn.json': prop({ allOf: [] }) }],
  ['examples not an array', { 'schemas/a.fn.json': prop({ examples: 'x' }) }],
  ['dependencies not an object', { 'schemas/a.fn.json': prop({ dependencies: 1 }) }],
  ['dependentRequired not an object', { 'schemas/a.fn.json': prop({ dependentRequired: 1 }) }],
  ['pattern not a string', { 'schemas/a.fn.json': prop({ type: 'string', pattern: 1 }) }],
  ['format not a string', { 'schemas/a.fn.json': prop({ type: 'string', format: 1 }) }],
  ['format unknown, nothing close', { 'schemas/a.fn.json': prop({ type: 'string', format: 'zzzzzz' }) }],
  ['nullable', { 'schemas/a.fn.json': prop({ type: 'string', nullable: true }) }],
  ['a description too long', { 'schemas/a.fn.json': prop({ type: 'string', description: 'x'.repeat(10_001) }) }],
  ['a subschema that is a number', { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { a: 3 } } }) }],
  ['ReDoS', { 'schemas/a.fn.json': prop({ type: 'string', pattern: '^(\\w+\\s?)*$' }) }],
  ['timeout out of range', { 'schemas/a.fn.json': contract({ timeoutSeconds: 0 }) }],
  ['runtime unknown', { 'schemas/a.fn.json': contract({ runtime: 'java' }) }],
  ['signing unknown', { 'schemas/a.fn.json': contract({ signing: 'md5' }) }],
  ['http.path bad', { 'schemas/a.fn.json': contract({ http: { path: 'orders' } }) }],
  ['unknown key under http', { 'schemas/a.fn.json': contract({ http: { pth: '/x' } }) }],
  ['error status missing', { 'schemas/a.fn.json': contract({ errors: { GONE: {} } }) }],
  ['example match unknown', { 'schemas/a.fn.json': contract({ examples: [{ name: 'x', input: {}, match: 'some' }] }) }],
  ['example with an undeclared error', { 'schemas/a.fn.json': contract({ examples: [{ name: 'x', input: {}, error: { code: 'NOPE' } }] }) }],
  ['an input default its own schema refuses', { 'schemas/a.fn.json': prop({ type: 'integer', maximum: 10, default: 50 }) }],
  ['idempotent not boolean', { 'schemas/a.fn.json': contract({ idempotent: 'yes' }) }],
  ['input not an object schema', { 'schemas/a.fn.json': contract({ input: { type: 'string' } }) }],
  ['plain-name $ref fragment', { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { a: { $ref: '#Address' } } } }) }],
  ['$ref to a whole contract', { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { a: { $ref: './b.fn.json' } } } }), 'schemas/b.fn.json': contract({ name: 'b' }) }],
  ['empty file', { 'schemas/a.fn.json': '' }],
  ['a comment in JSON', { 'schemas/a.fn.json': '{ // no\n "name": "a" }' }],
  ['an unclosed string', { 'schemas/a.fn.json': '{ "name": "a' }],
  ['a missing comma', { 'schemas/a.fn.json': '{ "name": "a" "input": {} }' }],
  ['an unclosed object', { 'schemas/a.fn.json': '{ "name": "a"' }],
  ['text after the value', { 'schemas/a.fn.json': '{ "name": "a" } x' }],
  ['a shared definition named in Chinese only', { 'schemas/a.fn.json': contract({ input: { type: 'object', properties: { a: { $ref: './defs/地址.json' } } } }), 'schemas/defs/地址.json': { type: 'string' } }],
];

test.each(CORPUS)('%s: every problem reads whole in Chinese', async (_name, files) => {
  const error = await runGen(resolveConfig({}, tempProject(files))).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ContractError);
  for (const d of (error as ContractError).diagnostics) expect(diagnosticZh(d.message), d.message).toMatch(/[\u4e00-\u9fff]/);
});

test('names and values stay as written, spaced from the Chinese around them', () => {
  expect(diagnosticZh('must be true or false, not "yes"')).toBe('必须是 true 或 false，而不是 "yes"');
  expect(diagnosticZh('must be object, not an array')).toBe('必须是对象，而不是数组');
  expect(diagnosticZh('must be an integer, not the string "3000"; write 3000 without quotes')).toBe('必须是整数，而不是字符串 "3000"；去掉引号，写成 3000');
});

test('a text no rule reads whole stays in English, never half translated', () => {
  expect(diagnosticZh('something new; did you mean "x"?')).toBeUndefined();
  expect(diagnosticZh('unknown key "a"; a fix nobody wrote down')).toBeUndefined();
});

test('the CLI prints contract problems in Chinese, at the same position, with the same names and values', () => {
  const dir = tempProject({ 'schemas/a.fn.json': contract({ descripton: 'x' }) });
  const zh = cloudfn(['gen'], dir, { LANG: 'zh_CN.UTF-8' });
  expect(zh.status).toBe(1);
  expect(zh.stderr).toBe('schemas/a.fn.json:22:3 descripton: 未知的键 "descripton"；你是不是想写 "description"？\n');
  expect(cloudfn(['gen'], dir).stderr).toBe('schemas/a.fn.json:22:3 descripton: unknown key "descripton"; did you mean "description"?\n');
});
