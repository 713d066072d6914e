/**
 * `cloudfn diff` rules, one before/after pair each: the severity, the JSON pointer and the reason a
 * user reads. Contracts are compiled exactly as `gen` compiles them.
 */
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { diffContracts, type Change } from '../../generator/diff/rules.js';
import { diffReasonZh } from '../../generator/i18n/diff-zh.js';
import { compile } from '../../generator/pipeline.js';
import { tempProject } from '../helpers/temp-project.js';

type Contract = Record<string, unknown>;
const base = (over: Contract = {}): Contract => ({
  name: 'fn',
  timeoutSeconds: 10,
  idempotent: true,
  input: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string' } } },
  output: { type: 'object', additionalProperties: false, required: ['ok'], properties: { ok: { type: 'boolean' } } },
  ...over,
});
const input = (props: Contract, required: string[] = ['id'], extra: Contract = {}): Contract => ({ input: { type: 'object', additionalProperties: false, required, properties: { id: { type: 'string' }, ...props }, ...extra } });
const output = (props: Contract, required: string[] = ['ok'], extra: Contract = {}): Contract => ({ output: { type: 'object', additionalProperties: false, required, properties: { ok: { type: 'boolean' }, ...props }, ...extra } });

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  const ir = (files: Record<string, unknown>) => compile(resolveConfig({}, tempProject(Object.fromEntries(Object.entries(files).map(([k, v]) => [`schemas/${k}`, v as object])))));
  const changes = diffContracts(ir(before), ir(after));
  // Every description also reads whole in Chinese (the text report's, under LANG=zh_*).
  for (const c of changes) expect(diffReasonZh(c.reason), c.reason).toMatch(/[\u4e00-\u9fff]/);
  return changes;
}
const one = (before: Contract, after: Contract): Change[] => diff({ 'fn.fn.json': base(before) }, { 'fn.fn.json': base(after) });
const brief = (cs: Change[]) => cs.map((c) => [c.severity, c.pointer, c.reason]);

describe('functions', () => {
  test('removed: breaking for callers; added: compatible', () => {
    const cs = diff({ 'a.fn.json': base({ name: 'a' }) }, { 'b.fn.json': base({ name: 'b', input: { type: 'object' } }) });
    expect(brief(cs)).toEqual([
      ['breaking-callers', '', 'function removed'],
      ['compatible', '', 'function added'],
    ]);
  });
  test('renamed: removed + added, with a hint when the contract body is identical', () => {
    const cs = diff({ 'a.fn.json': base({ name: 'getThing' }) }, { 'b.fn.json': base({ name: 'fetchThing' }) });
    expect(cs.find((c) => c.fn === 'getThing')!.reason).toBe('function removed; renamed to fetchThing? its contract is identical (callers must switch to the new name)');
    expect(cs.find((c) => c.fn === 'fetchThing')!.reason).toBe('function added');
  });
  test('http.path changed', () => {
    expect(brief(one({ http: { path: '/a' } }, { http: { path: '/b' } }))).toEqual([['breaking-callers', '/http/path', 'http.path changed (/a → /b): callers of the trigger must follow']]);
  });
  test('timeoutSeconds lowered breaks callers; raised is compatible', () => {
    expect(brief(one({}, { timeoutSeconds: 3 }))).toEqual([['breaking-callers', '/timeoutSeconds', 'timeoutSeconds lowered (10 → 3): calls that took longer now time out']]);
    expect(brief(one({}, { timeoutSeconds: 30 }))[0]![0]).toBe('compatible');
  });
  test('idempotent switched off', () => {
    expect(one({}, { idempotent: false })[0]).toMatchObject({ severity: 'breaking-callers', pointer: '/idempotent' });
  });
  test('description only: compatible, and listed', () => {
    expect(brief(one({ description: 'old' }, { description: 'new' }))).toEqual([['compatible', '/description', 'description changed']]);
    expect(brief(one(input({ n: { type: 'integer', description: 'a' } }), input({ n: { type: 'integer', description: 'b' } })))).toEqual([['compatible', '/input/properties/n/description', 'description changed']]);
  });
  test('no change, no report', () => {
    expect(one({}, {})).toEqual([]);
  });
});

describe('input (callers → function)', () => {
  test('property added as required breaks callers; with a default it is compatible; as optional, compatible', () => {
    expect(brief(one({}, input({ n: { type: 'integer' } }, ['id', 'n'])))).toEqual([['breaking-callers', '/input/properties/n', 'property "n" added as required']]);
    expect(brief(one({}, input({ n: { type: 'integer', default: 1 } }, ['id', 'n'])))).toEqual([['compatible', '/input/properties/n', 'property "n" added as required (it has a default)']]);
    expect(brief(one({}, input({ n: { type: 'integer' } })))).toEqual([['compatible', '/input/properties/n', 'property "n" added as optional']]);
  });
  test('defaults, which the handler fills in: losing one breaks whoever relied on it; getting or changing one is compatible', () => {
    const n = (extra: Contract = {}) => ({ n: { type: 'integer', ...extra } });
    expect(brief(one(input(n({ default: 1 }), ['id', 'n']), input(n(), ['id', 'n'])))).toEqual([['breaking-callers', '/input/properties/n/default', 'property "n" lost its default: callers that leave it out are refused']]);
    expect(brief(one(input(n({ default: 1 })), input(n())))).toEqual([['breaking-function', '/input/properties/n/default', 'property "n" lost its default: the function must handle its absence']]);
    expect(brief(one(input(n()), input(n({ default: 1 }))))).toEqual([['compatible', '/input/properties/n/default', 'property "n" got a default (1)']]);
    expect(brief(one(input(n({ default: 1 })), input(n({ default: 2 }))))).toEqual([['compatible', '/input/properties/n/default', 'property "n"\'s default changed (1 → 2): callers that leave it out get the new one']]);
    expect(brief(one(input(n()), input(n({ default: 1 }), ['id', 'n'])))).toContainEqual(['compatible', '/input/properties/n', 'property "n" made required (it has a default)']);
    expect(brief(one(input(n({ default: 1 }), ['id', 'n']), input(n({ default: 1 }))))).toEqual([['compatible', '/input/properties/n', 'property "n" made optional (it has a default)']]);
    // In the output a default is documentation only.
    expect(brief(one(output({ m: { type: 'integer', default: 1 } }), output({ m: { type: 'integer' } })))).toEqual([['compatible', '/output/properties/m/default', 'default changed']]);
  });
  test('property removed under additionalProperties false: callers that send it are refused', () => {
    expect(brief(one(input({ n: { type: 'integer' } }), {}))).toEqual([['breaking-callers', '/input/properties/n', 'property "n" removed: callers that send it are refused (additionalProperties false)']]);
  });
  test('type narrowed breaks callers; widened asks more of the function', () => {
    expect(brief(one(input({ n: { type: ['integer', 'string'] } }), input({ n: { type: 'integer' } })))).toEqual([['breaking-callers', '/input/properties/n/type', 'type string no longer accepted']]);
    expect(brief(one(input({ n: { type: 'integer' } }), input({ n: { type: 'number' } })))).toEqual([['breaking-function', '/input/properties/n/type', 'type number now accepted']]);
  });
  test('enum value removed breaks callers', () => {
    expect(brief(one(input({ c: { enum: ['a', 'b'] } }), input({ c: { enum: ['a'] } })))).toEqual([['breaking-callers', '/input/properties/c/enum', 'value "b" no longer accepted']]);
  });
  test.each([
    ['minimum', { minimum: 1 }, { minimum: 5 }, 'minimum tightened (1 → 5)'],
    ['maximum', { maximum: 10 }, { maximum: 5 }, 'maximum tightened (10 → 5)'],
    ['exclusiveMinimum', {}, { exclusiveMinimum: 0 }, 'exclusiveMinimum tightened (none → 0)'],
    ['exclusiveMaximum', { exclusiveMaximum: 9 }, { exclusiveMaximum: 8 }, 'exclusiveMaximum tightened (9 → 8)'],
  ])('%s tightened in input breaks callers', (_k, before, after, reason) => {
    const cs = one(input({ n: { type: 'number', ...before } }), input({ n: { type: 'number', ...after } }));
    expect(brief(cs)).toEqual([['breaking-callers', `/input/properties/n/${_k}`, reason]]);
  });
  test.each([
    ['minLength', { minLength: 1 }, { minLength: 2 }],
    ['maxLength', { maxLength: 9 }, { maxLength: 4 }],
    ['pattern', {}, { pattern: '^a' }],
    ['format', {}, { format: 'email' }],
  ])('%s tightened in input breaks callers', (k, before, after) => {
    expect(one(input({ s: { type: 'string', ...before } }), input({ s: { type: 'string', ...after } }))).toEqual([expect.objectContaining({ severity: 'breaking-callers', pointer: `/input/properties/s/${k}` })]);
  });
  test.each([
    ['minItems', { minItems: 0 }, { minItems: 1 }],
    ['maxItems', { maxItems: 5 }, { maxItems: 3 }],
  ])('%s tightened in input breaks callers', (k, before, after) => {
    expect(one(input({ l: { type: 'array', items: { type: 'string' }, ...before } }), input({ l: { type: 'array', items: { type: 'string' }, ...after } }))).toEqual([expect.objectContaining({ severity: 'breaking-callers', pointer: `/input/properties/l/${k}` })]);
  });
  test('additionalProperties tightened in input breaks callers', () => {
    const open = { input: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } };
    expect(brief(one(open, {}))).toEqual([['breaking-callers', '/input/additionalProperties', 'additionalProperties tightened (true → false)']]);
  });
  test('oneOf branch removed from input breaks callers', () => {
    const branches = (...kinds: string[]) => input({ pay: { oneOf: kinds.map((k) => ({ type: 'object', required: ['kind'], properties: { kind: { const: k } } })) } });
    expect(brief(one(branches('card', 'cash'), branches('card')))).toEqual([['breaking-callers', '/input/properties/pay/oneOf/1', 'oneOf branch "cash" removed: its values no longer accepted']]);
  });
});

describe('output (function → callers)', () => {
  test('property removed breaks callers', () => {
    expect(brief(one(output({ n: { type: 'integer' } }, ['ok', 'n']), {}))).toEqual([['breaking-callers', '/output/properties/n', 'property "n" removed from the output']]);
  });
  test('property made optional, or nullable, breaks callers', () => {
    expect(brief(one(output({ n: { type: 'integer' } }, ['ok', 'n']), output({ n: { type: 'integer' } })))).toEqual([['breaking-callers', '/output/properties/n', 'property "n" made optional: callers can no longer count on it']]);
    expect(brief(one(output({ n: { type: 'integer' } }), output({ n: { type: ['integer', 'null'] } })))).toEqual([['breaking-callers', '/output/properties/n/type', 'made nullable: null now returned']]);
  });
  test('type changed', () => {
    expect(brief(one(output({ n: { type: 'integer' } }), output({ n: { type: 'string' } })))).toEqual([
      ['breaking-callers', '/output/properties/n/type', 'type string now returned'],
      ['breaking-function', '/output/properties/n/type', 'type integer no longer returned'],
    ]);
  });
  test('enum value added to output breaks callers; removed asks more of the function', () => {
    expect(brief(one(output({ s: { enum: ['a'] } }), output({ s: { enum: ['a', 'b'] } })))).toEqual([['breaking-callers', '/output/properties/s/enum', 'value "b" now returned']]);
    expect(one(output({ s: { enum: ['a', 'b'] } }), output({ s: { enum: ['a'] } }))[0]!.severity).toBe('breaking-function');
  });
  test('constraints loosened in output break callers', () => {
    expect(brief(one(output({ s: { type: 'string', maxLength: 10 } }), output({ s: { type: 'string', maxLength: 20 } })))).toEqual([['breaking-callers', '/output/properties/s/maxLength', 'maxLength loosened (10 → 20)']]);
    expect(brief(one(output({ s: { type: 'string', format: 'uri' } }), output({ s: { type: 'string' } })))).toEqual([['breaking-callers', '/output/properties/s/format', 'format "uri" removed']]);
  });
  test('a property added to a closed output breaks callers with the old contract', () => {
    expect(one({}, output({ n: { type: 'integer' } }))[0]).toMatchObject({ severity: 'breaking-callers', pointer: '/output/properties/n' });
  });
  test('oneOf branch added to output breaks callers', () => {
    const branches = (...kinds: string[]) => output({ pay: { oneOf: kinds.map((k) => ({ type: 'object', required: ['kind'], properties: { kind: { const: k } } })) } });
    expect(brief(one(branches('card'), branches('card', 'cash')))).toEqual([['breaking-callers', '/output/properties/pay/oneOf/1', 'oneOf branch "cash" added: more values returned']]);
  });
  test('discriminator changed', () => {
    const by = (key: string) => output({ pay: { oneOf: ['a', 'b'].map((k) => ({ type: 'object', required: [key], properties: { [key]: { const: k } } })) } });
    expect(one(by('kind'), by('type')).some((c) => c.reason === 'discriminator changed (kind → type)' && c.severity === 'breaking-callers')).toBe(true);
  });
  test('tuple length and element type changed', () => {
    const tuple = (...items: Contract[]) => output({ at: { type: 'array', prefixItems: items, items: false } });
    expect(brief(one(tuple({ type: 'number' }, { type: 'number' }), tuple({ type: 'number' })))).toContainEqual(['breaking-callers', '/output/properties/at/prefixItems', 'tuple length changed (2 → 1)']);
    expect(brief(one(tuple({ type: 'number' }), tuple({ type: 'string' })))).toContainEqual(['breaking-callers', '/output/properties/at/prefixItems/0/type', 'type string now returned']);
  });
  test('map value type changed', () => {
    const map = (v: Contract) => output({ tags: { type: 'object', additionalProperties: v } });
    expect(brief(one(map({ type: 'string' }), map({ type: ['string', 'integer'] })))).toEqual([['breaking-callers', '/output/properties/tags/additionalProperties/type', 'type integer now returned']]);
  });
});

describe('declared errors', () => {
  const err = (e: Contract) => ({ errors: e });
  test('added breaks callers; removed breaks the function', () => {
    expect(brief(one({}, err({ GONE: { status: 410 } })))).toEqual([['breaking-callers', '/errors/GONE', 'declared error GONE (410) added: callers do not handle it yet']]);
    expect(brief(one(err({ GONE: { status: 410 } }), {}))).toEqual([['breaking-function', '/errors/GONE', 'declared error GONE removed: the function may no longer raise it']]);
  });
  test('status changed; data changed (flows to callers)', () => {
    expect(brief(one(err({ GONE: { status: 410 } }), err({ GONE: { status: 404 } })))).toEqual([['breaking-callers', '/errors/GONE/status', 'status of GONE changed (410 → 404)']]);
    const data = (req: string[]) => err({ LIMIT: { status: 409, data: { type: 'object', required: req, properties: { max: { type: 'integer' } } } } });
    expect(brief(one(data(['max']), data([])))).toEqual([['breaking-callers', '/errors/LIMIT/data/properties/max', 'property "max" made optional: callers can no longer count on it']]);
  });
});

test('a shared $ref definition changed: reported at the definition, once per affected function and direction', () => {
  const addr = (required: string[]) => ({ type: 'object', additionalProperties: false, required, properties: { city: { type: 'string' }, zip: { type: 'string' } } });
  const fn = (name: string, where: 'input' | 'output') => ({ ...base({ name }), [where]: { type: 'object', required: ['a'], properties: { a: { $ref: './address.json' } } } });
  const before = { 'address.json': addr(['city', 'zip']), 'a.fn.json': fn('a', 'output'), 'b.fn.json': fn('b', 'input') };
  const after = { ...before, 'address.json': addr(['city']) };
  expect(diff(before, after).map((c) => [c.fn, c.severity, c.file, c.pointer])).toEqual([
    ['a', 'breaking-callers', 'schemas/address.json', '/properties/zip'],
    ['b', 'breaking-function', 'schemas/address.json', '/properties/zip'],
  ]);
});

describe('keywords that apply conditionally, and ones no rule reads', () => {
  test('under if/then/else (same condition) and contains: read as anywhere else', () => {
    const cond = (then: Contract) => input({ v: { if: { type: 'string' }, then, else: { type: 'integer' } } });
    expect(brief(one(cond({ maxLength: 5 }), cond({ maxLength: 3 })))).toEqual([['breaking-callers', '/input/properties/v/then/maxLength', 'maxLength tightened (5 → 3)']]);
    const has = (contains: Contract, extra: Contract = {}) => output({ v: { type: 'array', contains, ...extra } });
    expect(brief(one(has({ type: 'integer' }), has({ type: 'integer' }, { minContains: 2 })))).toEqual([['breaking-function', '/output/properties/v/minContains', 'minContains tightened (none → 2)']]);
  });
  test('a changed if condition, or a changed keyword no rule reads: breaking, since cloudfn cannot tell for whom', () => {
    const cond = (type: string) => input({ v: { if: { type }, then: { minLength: 1 } } });
    expect(brief(one(cond('string'), cond('integer')))).toEqual([['breaking-callers', '/input/properties/v/if', 'if changed: which values then and else apply to moved (cloudfn cannot tell whom that breaks)']]);
    expect(brief(one(input({ v: { not: { type: 'string' } } }), input({ v: { not: { type: 'integer' } } })))).toEqual([['breaking-callers', '/input/properties/v/not', 'not changed: cloudfn cannot tell whom that breaks']]);
  });
  test('dependentRequired: a member now required with another narrows', () => {
    const dep = (names: string[]) => input({ v: { type: 'object', dependentRequired: { a: names } } });
    expect(brief(one(dep([]), dep(['b'])))).toEqual([['breaking-callers', '/input/properties/v/dependentRequired/a', '"b" now required with "a"']]);
    expect(brief(one(dep(['b']), dep([])))).toEqual([['breaking-function', '/input/properties/v/dependentRequired/a', '"b" no longer required with "a"']]);
  });
});

test('keywords beside a $ref to the same definition are compared too', () => {
  const files = (extra: Contract) => ({ 'named.json': { type: 'object', properties: { name: { type: 'string' } } }, 'fn.fn.json': base(input({ v: { $ref: './named.json', ...extra } })) });
  expect(diff(files({}), files({ required: ['name'] })).map((c) => [c.severity, c.pointer, c.reason])).toEqual([['breaking-callers', '/input/properties/v/properties/name', 'property "name" made required']]);
});
