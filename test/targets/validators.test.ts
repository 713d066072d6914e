/**
 * The precompiled validators are post-processed to stay small: ajv's error objects become calls to
 * the runtime's `issue()`, and the bookkeeping for `unevaluated*` keywords is left out when a
 * function does not use them. Both must keep every check.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { compactErrors, patternLiterals } from '../../generator/targets/node-handler/compact-code.js';
import { partValidator, validatorsModule } from '../../generator/targets/node-handler/validators.js';
import { contract, tempProject } from '../helpers/temp-project.js';

test('error objects become issue() calls, whatever their instance path and params hold', () => {
  const code = [
    'e=[{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0}}];',
    'e=[{instancePath:instancePath+"/tags/"+key0.replace(/~/g, "~0").replace(/\\//g, "~1"),schemaPath:"#/a",keyword:"maxLength",params:{limit: 40}}];',
    'e=[{instancePath:instancePath+"/p",schemaPath:"#/properties/p/pattern",keyword:"pattern",params:{pattern: "^[a-z]{3,8}$"}}];',
    'e=[{instancePath:instancePath+"/s",schemaPath:"#/x\\"y",keyword:"enum",params:{allowedValues: schema31.properties.s.enum}}];',
    'validate2(data.x, {instancePath:instancePath+"/x",parentData:data,parentDataProperty:"x",rootData});',
  ].join('\n');
  expect(compactErrors(code)).toBe(
    [
      'e=[issue(instancePath,"required",{missingProperty: missing0})];',
      'e=[issue(instancePath+"/tags/"+key0.replace(/~/g, "~0").replace(/\\//g, "~1"),"maxLength",{limit: 40})];',
      'e=[issue(instancePath+"/p","pattern",{pattern: "^[a-z]{3,8}$"})];',
      'e=[issue(instancePath+"/s","enum",{allowedValues: schema31.properties.s.enum})];',
      'validate2(data.x, {instancePath:instancePath+"/x",parentData:data,parentDataProperty:"x",rootData});',
    ].join('\n'),
  );
});

test('unevaluatedProperties keeps its checks; a function without it gets no evaluated-property bookkeeping', () => {
  const dir = tempProject({
    'cloudfn.config.json': {},
    'schemas/strict.fn.json': contract({
      name: 'strict',
      input: { type: 'object', allOf: [{ properties: { a: { type: 'string' } } }], properties: { b: { type: 'integer' } }, unevaluatedProperties: false },
    }),
    'schemas/plain.fn.json': contract({ name: 'plain' }),
  });
  const ir = compile(resolveConfig({}, dir));
  const [plain, strict] = ir.functions;
  const validate = partValidator(ir, strict!.input);
  expect([validate({ a: 'x', b: 1 }), validate({ a: 'x', c: true })]).toEqual([true, false]);
  expect(validate.errors?.[0]).toMatchObject({ keyword: 'unevaluatedProperties', params: { unevaluatedProperty: 'c' } });
  expect(validatorsModule(ir, strict!, './rt.js')).toContain('evaluated');
  const plainCode = validatorsModule(ir, plain!, './rt.js');
  expect(plainCode).not.toContain('evaluated');
  expect(plainCode).not.toContain('schemaPath');
});

test('compacted validators report exactly the errors ajv reports, and ship without the schema literal', async () => {
  const input = {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'tag-"q"'],
    properties: {
      kind: { enum: ['a', 'b', { deep: [1, 2] }] },
      'tag-"q"': { type: ['string', 'null'], enum: ['x', null] },
      nested: { type: 'object', properties: { level: { type: 'string', enum: ['low', 'high'] } } },
      pair: { type: 'array', prefixItems: [{ const: { k: 1 } }, { type: 'integer', enum: [1, 2, 3] }] },
      either: { oneOf: [{ type: 'string', maxLength: 2 }, { type: 'integer', minimum: 10 }] },
      chain: { $ref: '#/$defs/Link' },
    },
    $defs: { Link: { type: 'object', properties: { v: { enum: [1, 2] }, next: { $ref: '#/$defs/Link' } } } },
  };
  const dir = tempProject({ 'cloudfn.config.json': {}, 'schemas/shapes.fn.json': contract({ name: 'shapes', input }) });
  const ir = compile(resolveConfig({}, dir));
  const ours = partValidator(ir, ir.functions[0]!.input);
  const ajv = new Ajv2020({ allErrors: true, strict: false, ownProperties: true, unicodeRegExp: true });
  const theirs = ajv.compile(input);
  const cases: unknown[] = [
    { kind: 'a', 'tag-"q"': null },
    { kind: { deep: [1, 2] }, 'tag-"q"': 'x', nested: { level: 'high' }, pair: [{ k: 1 }, 2], either: 11 },
    { kind: 'z', 'tag-"q"': 'y', nested: { level: 'mid' }, pair: [{ k: 2 }, 7], either: 'long', extra: 1 },
    { kind: { deep: [2, 1] }, 'tag-"q"': 5, either: 3, chain: { v: 1, next: { v: 3, next: { next: 'x' } } } },
    {},
    [],
    'text',
  ];
  const shape = (errors: typeof theirs.errors): unknown => (errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params }));
  for (const data of cases) {
    expect(ours(data), JSON.stringify(data)).toBe(theirs(data));
    expect(shape(ours.errors), JSON.stringify(data)).toEqual(shape(theirs.errors));
  }
  // The shipped module: the values its errors quote are there, the whole schema literal is not.
  const { runGen } = await import('../../generator/pipeline.js');
  await runGen(resolveConfig({}, dir));
  const shipped = readFileSync(path.join(dir, 'generated/validators/shapes.ts'), 'utf8');
  expect(shipped).toContain('["low","high"]');
  expect(shipped).not.toContain('cloudfn:shapes/input');
  expect(shipped).not.toMatch(/\.push\(|parentData/);
});

test('on random schemas and random data, the compacted validators report what ajv reports', async () => {
  const fc = (await import('fast-check')).default;
  const KEYS = ['a', 'b-c', 'q"uote', 'with space', 'Ünï', '$d'];
  const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'y', '', 'é'), fc.boolean(), fc.constant(null));
  const json = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom(...KEYS), scalar, { maxKeys: 2 }));
  const { schema } = fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 0, max: 4 }).map((n) => ({ type: 'string', maxLength: n })),
      fc.integer({ min: -2, max: 2 }).map((n) => ({ type: 'integer', minimum: n })),
      fc.constantFrom({ type: 'number', multipleOf: 0.5 }, { type: ['string', 'null'] }, { type: 'boolean' }, { type: 'string', pattern: '^[a-z]+$' }),
      fc.uniqueArray(json, { minLength: 1, maxLength: 3, selector: (v) => JSON.stringify(v) }).map((values) => ({ enum: values })),
      json.map((value) => ({ const: value })),
      fc
        .tuple(fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 3 }), fc.subarray(KEYS, { maxLength: 2 }), fc.boolean())
        .map(([properties, required, closed]) => ({ type: 'object', properties, required: required.filter((k) => k in properties), ...(closed ? { additionalProperties: false } : {}) })),
      fc.tuple(tie('schema'), fc.integer({ min: 0, max: 3 }), fc.boolean()).map(([items, max, unique]) => ({ type: 'array', items, maxItems: max, ...(unique ? { uniqueItems: true } : {}) })),
      fc.tuple(fc.constantFrom('oneOf', 'anyOf'), tie('schema'), tie('schema')).map(([k, a, b]) => ({ [k]: [a, b] })),
    ),
  }));
  // Through JSON, as contracts and request bodies arrive (fast-check's dictionaries have no prototype).
  const cases = JSON.parse(
    JSON.stringify(fc.sample(fc.tuple(schema, fc.array(fc.oneof(json, fc.dictionary(fc.constantFrom(...KEYS), json, { maxKeys: 4 })), { minLength: 6, maxLength: 6 })), { numRuns: 100, seed: 20261127 })),
  ) as [Record<string, unknown>, unknown[]][];
  const files: Record<string, object> = { 'cloudfn.config.json': {} };
  cases.forEach(([s], i) => {
    files[`schemas/r${i}.fn.json`] = contract({ name: `r${i}`, input: { type: 'object', properties: { v: s } } });
  });
  const dir = tempProject(files);
  const ir = compile(resolveConfig({}, dir));
  const ajv = new Ajv2020({ allErrors: true, strict: false, ownProperties: true, unicodeRegExp: true });
  const shape = (errors: { instancePath: string; keyword: string; params: unknown }[] | null | undefined): unknown => (errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params }));
  let failing = 0;
  cases.forEach(([s, values], i) => {
    const fn = ir.functions.find((f) => f.name === `r${i}`)!;
    const ours = partValidator(ir, fn.input);
    const theirs = ajv.compile({ type: 'object', properties: { v: s } });
    for (const v of values) {
      const data = { v };
      const ok = ours(data);
      expect(ok, `${JSON.stringify(s)} on ${JSON.stringify(data)}`).toBe(theirs(data));
      expect(shape(ours.errors), `${JSON.stringify(s)} on ${JSON.stringify(data)}`).toEqual(shape(theirs.errors));
      if (!ok) failing++;
    }
  });
  // The data exercised errors, not only passing values.
  expect(failing).toBeGreaterThan(300);
  expect(cases.length * 6 - failing).toBeGreaterThan(20);
});

test('a definition several functions use is compiled once, into validators/_defs.ts, and each reports its errors as ajv does', async () => {
  const address = { type: 'object', additionalProperties: false, required: ['zip'], properties: { zip: { type: 'string', pattern: '^\\d{6}$' }, next: { $ref: '#' } } };
  const money = { type: 'object', required: ['cents'], properties: { cents: { type: 'integer', minimum: 0 }, where: { $ref: './address.json' } } };
  const withAddress = { type: 'object', properties: { to: { $ref: './defs/address.json' }, paid: { $ref: './defs/money.json' } } };
  const dir = tempProject({
    'cloudfn.config.json': {},
    'schemas/defs/address.json': address,
    'schemas/defs/money.json': money,
    'schemas/defs/coin.json': { type: 'string', pattern: '^coin[0-9]+$' },
    'schemas/coins.fn.json': contract({ name: 'coins', input: { type: 'object', properties: { c: { $ref: './defs/coin.json' } } } }),
    'schemas/ship.fn.json': contract({ name: 'ship', input: withAddress }),
    'schemas/bill.fn.json': contract({ name: 'bill', output: { ...withAddress, required: ['paid'] } }),
    // unevaluatedProperties needs to know what the definition evaluated: this one keeps its own copy.
    'schemas/strict.fn.json': contract({ name: 'strict', input: { type: 'object', allOf: [{ $ref: './defs/money.json' }], unevaluatedProperties: false } }),
  });
  const ir = compile(resolveConfig({}, dir));
  const fn = (name: string) => ir.functions.find((f) => f.name === name)!;
  const ajv = new Ajv2020({ allErrors: true, strict: false, ownProperties: true, unicodeRegExp: true });
  ajv.addSchema({ $id: 'https://x/defs/address.json', ...address }).addSchema({ $id: 'https://x/defs/money.json', ...money });
  const theirs = ajv.compile({ $id: 'https://x/ship.json', ...withAddress });
  const theirsStrict = ajv.compile({ $id: 'https://x/strict.json', type: 'object', allOf: [{ $ref: 'defs/money.json' }], unevaluatedProperties: false });
  const shape = (errors: { instancePath: string; keyword: string; params: unknown }[] | null | undefined): unknown => (errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params }));
  const cases: unknown[] = [
    { to: { zip: '100000', next: { zip: '2000000' } }, paid: { cents: 5, where: { zip: '300000' } } },
    { to: { zip: 'x', other: 1, next: { next: {} } }, paid: { cents: -1, where: { zip: 12 } } },
    { to: 'nowhere', paid: { where: [] } },
  ];
  for (const [ours, reference] of [
    [partValidator(ir, fn('ship').input), theirs],
    [partValidator(ir, fn('bill').output), ajv.compile({ $id: 'https://x/bill.json', ...withAddress, required: ['paid'] })],
  ] as const) {
    for (const data of cases) {
      expect(ours(data), JSON.stringify(data)).toBe(reference(data));
      expect(shape(ours.errors), JSON.stringify(data)).toEqual(shape(reference.errors));
    }
  }
  const strict = partValidator(ir, fn('strict').input);
  for (const data of [{ cents: 1, where: { zip: '100000' } }, { cents: 1, extra: true }, { cents: 'x' }]) {
    expect(strict(data), JSON.stringify(data)).toBe(theirsStrict(data));
    expect(shape(strict.errors), JSON.stringify(data)).toEqual(shape(theirsStrict.errors));
  }
  const { runGen } = await import('../../generator/pipeline.js');
  await runGen(resolveConfig({}, dir));
  const read = (name: string) => readFileSync(path.join(dir, 'generated/validators', name), 'utf8');
  const pattern = '"^\\\\d{6}$"';
  // The definitions' code once, in _defs.ts; the functions sharing them call it.
  expect(read('_defs.ts')).toContain(pattern);
  for (const name of ['ship.ts', 'bill.ts']) {
    expect(read(name)).toContain('from"./_defs.js"');
    expect(read(name)).not.toContain(pattern);
  }
  expect(read('strict.ts')).not.toContain('_defs.js');
  expect(read('strict.ts')).toContain(pattern);
  // A deployable folder holds the definitions its function uses, not the others.
  const deployed = (name: string) => readFileSync(path.join(dir, 'functions', name, 'dist/index.js'), 'utf8');
  expect(deployed('coins')).toContain('coin[0-9]+');
  expect(deployed('ship')).not.toContain('coin[0-9]+');
});

test('patterns become regular expression literals that match as the RegExp ajv wrote', () => {
  const patterns = ['^a/b$', '', '[/]x', '\\u{1F600}+', '^\\d{6}$', 'a\\nb', '\\/already', 'line\u2028sep', 'new RegExp("x", "u")', 'a\u0000b', '^[\u0001-\u0007]+$', 'tab\there'];
  const inputs = ['a/b', 'x', '/x', '😀😀', '123456', 'a\nb', '/already', 'line\u2028sep', 'new RegExp("x", "u")', 'a\u0000b', '\u0003\u0007', 'tab\there', 'tab here'];
  for (const p of patterns) {
    const code = `const pattern0 = new RegExp(${JSON.stringify(p)}, "u");return pattern0;`;
    const literal = patternLiterals(code);
    expect(literal, p).toMatch(/^const pattern0 = \//);
    // No control character lands raw in the module (a RegExp's source keeps them).
    expect(/[\u0000-\u001f\u007f]/.test(literal), p).toBe(false);
    const made = new Function(literal)() as RegExp;
    const ajvs = new RegExp(p, 'u');
    expect(made.flags, p).toBe(ajvs.flags);
    for (const s of inputs) expect(made.test(s), `${p} on ${JSON.stringify(s)}`).toBe(ajvs.test(s));
  }
  // Non-unicode expressions may escape a control character itself: the escape is kept.
  const escaped = new Function(patternLiterals(`return new RegExp(${JSON.stringify('a\\\u0000b')}, "");`))() as RegExp;
  expect([escaped.test('a\u0000b'), escaped.test('a\\x00b')]).toEqual([true, false]);
});

test('a definition that is the schema true or false keeps its meaning when shared', () => {
  const dir = tempProject({
    'cloudfn.config.json': {},
    'schemas/b.fn.json': {
      ...contract({ name: 'b', input: { type: 'object', properties: { never: { $ref: '#/$defs/Never' }, any: { $ref: '#/$defs/Any' } } } }),
      $defs: { Never: false, Any: true },
    },
  });
  const ir = compile(resolveConfig({}, dir));
  const validate = partValidator(ir, ir.functions[0]!.input);
  expect([validate({ any: 1 }), validate({ never: 1 })]).toEqual([true, false]);
  expect(validate.errors?.[0]).toMatchObject({ instancePath: '/never', keyword: 'false schema' });
});

test('the runtime builds the params of a one-parameter error from the same table the compaction rewrites by', async () => {
  const runtime = await import('../../templates/shared/validate-runtime.js');
  const { ONE_PARAM } = await import('../../generator/targets/node-handler/compact-code.js');
  expect(runtime.ONE_PARAM).toEqual(ONE_PARAM);
  expect(runtime.reportOne(null, '/a', 'maxItems', 3)).toEqual([{ instancePath: '/a', keyword: 'maxItems', params: { limit: 3 } }]);
  expect(runtime.wrongType(null, '/b', ['string', 'null'])).toEqual([{ instancePath: '/b', keyword: 'type', params: { type: ['string', 'null'] } }]);
  expect(runtime.missing(null, '', 'id')).toEqual([{ instancePath: '', keyword: 'required', params: { missingProperty: 'id' } }]);
});

test('a member counts only when it is the object\'s own, as ajv (ownProperties) decides: class instances, null prototypes, a polluted Object.prototype', () => {
  const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, nested: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } };
  const dir = tempProject({ 'cloudfn.config.json': {}, 'schemas/o.fn.json': contract({ name: 'o', input: schema }) });
  const ir = compile(resolveConfig({}, dir));
  const ours = partValidator(ir, ir.functions[0]!.input);
  const theirs = new Ajv2020({ allErrors: true, strict: false, ownProperties: true }).compile(schema);
  class Order {
    get id(): string {
      return 'from the prototype';
    }
  }
  const inherited = Object.create({ id: 'x', tags: 5 }) as Record<string, unknown>;
  const noPrototype = Object.assign(Object.create(null) as Record<string, unknown>, { id: 'x', nested: Object.assign(Object.create(null) as object, { n: 'one' }) });
  const values: unknown[] = [{ id: 'x' }, { id: 1 }, {}, new Order(), inherited, noPrototype, { id: 'x', nested: Object.create({ n: 1 }) as object }];
  const same = (data: unknown): void => {
    expect(ours(data), String(JSON.stringify(data))).toBe(theirs(data));
    expect(ours.errors ?? [], String(JSON.stringify(data))).toEqual((theirs.errors ?? []).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params })));
  };
  values.forEach(same);
  // A member on Object.prototype itself (a polluted prototype) is inherited by every plain object.
  const proto = Object.prototype as Record<string, unknown>;
  try {
    proto['id'] = 'polluted';
    proto['n'] = 'polluted';
    [{}, { nested: {} }, { id: 'x', nested: { n: 2 } }, JSON.parse('{"nested":{}}') as unknown].forEach(same);
    expect(ours({})).toBe(false);
  } finally {
    delete proto['id'];
    delete proto['n'];
  }
  expect(ours({ id: 'x' })).toBe(true);
});

test('the members an object is walked by (additionalProperties, patternProperties, propertyNames) are its own enumerable ones, in ajv\'s order, whatever its prototype holds', () => {
  const schema = {
    type: 'object',
    properties: { id: { type: 'string' }, closed: { type: 'object', additionalProperties: false, properties: { a: { type: 'integer' } } } },
    patternProperties: { '^n_': { type: 'number' } },
    propertyNames: { maxLength: 6 },
    additionalProperties: { type: 'string' },
  };
  const dir = tempProject({ 'cloudfn.config.json': {}, 'schemas/w.fn.json': contract({ name: 'w', input: schema }) });
  const ir = compile(resolveConfig({}, dir));
  const ours = partValidator(ir, ir.functions[0]!.input);
  const theirs = new Ajv2020({ allErrors: true, strict: false, ownProperties: true }).compile(schema);
  const shape = (errors: { instancePath: string; keyword: string; params: unknown }[] | null | undefined): unknown => (errors ?? []).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params }));
  const same = (data: unknown): void => {
    expect(ours(data), String(JSON.stringify(data))).toBe(theirs(data));
    expect(shape(ours.errors), String(JSON.stringify(data))).toEqual(shape(theirs.errors));
  };
  const hidden = Object.defineProperty({ id: 'x' }, 'n_hidden', { value: 'not a number', enumerable: false });
  const values: unknown[] = [
    { id: 'x', n_a: 1, zz: 'ok', 2: 'two', 1: 'one' },
    { long_name: 1, n_b: 'no', closed: { a: 1, b: 2, c: 3 } },
    Object.assign(Object.create({ n_inherited: 'no', too_long_name: 1 }) as object, { id: 'x', closed: Object.create({ b: 1 }) as object }),
    hidden,
  ];
  values.forEach(same);
  expect(ours(values[2])).toBe(true);
  const proto = Object.prototype as Record<string, unknown>;
  try {
    proto['polluted_key'] = 5;
    [{ id: 'x', closed: { a: 1 } }, JSON.parse('{"n_1":2,"closed":{"x":1}}') as unknown].forEach(same);
    expect(ours({ id: 'x', closed: { a: 1 } })).toBe(true);
  } finally {
    delete proto['polluted_key'];
  }
});

test('multipleOf 0.01 takes every amount written with cents: ajv\'s own test of the binary quotient refused 1,363 of 0.01 to 100.00 (0.07, 19.99…); the error is ajv\'s when it refuses', () => {
  const dir = tempProject({ 'schemas/pay.fn.json': contract({ name: 'pay', input: { type: 'object', properties: { amount: { type: 'number', multipleOf: 0.01 }, lots: { type: 'array', items: { type: 'integer', multipleOf: 5 } } } } }) });
  const ir = compile(resolveConfig({}, dir));
  const validate = partValidator(ir, ir.functions[0]!.input);
  const ajv = new Ajv2020({ strict: false }).compile({ type: 'number', multipleOf: 0.01 });
  const amounts = Array.from({ length: 10_000 }, (_, i) => Number(((i + 1) / 100).toFixed(2)));
  expect(amounts.filter((amount) => !validate({ amount }))).toEqual([]);
  expect(amounts.filter((amount) => !ajv(amount)).length).toBe(1363);
  expect([validate({ amount: 12345678901.23 }), validate({ amount: -0.07 }), validate({ lots: [5, 10, 0] })]).toEqual([true, true, true]);
  for (const [data, path, limit] of [[{ amount: 0.015 }, '/amount', 0.01], [{ amount: 1e-9 }, '/amount', 0.01], [{ lots: [5, 7] }, '/lots/1', 5]] as const) {
    expect(validate(data)).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword, e.params])).toEqual([[path, 'multipleOf', { multipleOf: limit }]]);
  }
  // The shipped module calls the runtime's test; no binary quotient is left in it.
  const shipped = validatorsModule(ir, ir.functions[0]!, '../_cloudfn/validate-runtime.js');
  expect([shipped.includes('multipleOf(data'), shipped.includes('parseInt')]).toEqual([true, false]);
});
