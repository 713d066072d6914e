/**
 * Random JSON Schemas (every keyword cloudfn's validators implement, nested) and random JSON
 * values, for the tests that hold generated code to what the schema admits.
 */
import fc from 'fast-check';

/**
 * Definitions the random schemas refer to (`#/$defs/<Name>`): put them at the root of each contract,
 * and of each schema ajv compiles, so the references resolve the same way for both.
 */
export const DEFS: Record<string, Record<string, unknown>> = {
  Named: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } } },
  Tree: { type: 'object', properties: { v: { type: 'integer' }, kids: { type: 'array', items: { $ref: '#/$defs/Tree' } } } },
  Choice: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
};

const KEYS = ['a', 'b', 'c1', 'x-y'];
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'yy', '', 'A1', 'é', 2.5), fc.boolean(), fc.constant(null));
export const json = fc.letrec<{ v: unknown }>((tie) => ({ v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 3 })) })).v;
/** Leaf schemas of every keyword both validators (ajv and the PHP runtime) implement. */
export const VALIDATOR_LEAVES: Record<string, unknown>[] = [
  { type: 'string', minLength: 1, maxLength: 2 }, { type: 'integer', minimum: 0, exclusiveMaximum: 2 }, { type: 'number', multipleOf: 0.5 }, { type: ['string', 'null'] },
  { type: 'boolean' }, { type: 'string', pattern: '^[a-z]+$' }, { type: 'string', format: 'date' }, { enum: ['x', 1, null] }, { const: 'x' }, { type: 'array', uniqueItems: true },
  { type: 'object', minProperties: 1, maxProperties: 2 }, { type: 'array', minItems: 1, maxItems: 2 }, { not: { type: 'string' } }, {}, { type: 'null' },
  { type: 'array', contains: { type: 'integer' }, minContains: 2 }, { type: 'object', dependentRequired: { a: ['b'] } }, { type: 'object', propertyNames: { pattern: '^[a-c]' } },
  { type: 'array', maxItems: 1, uniqueItems: true, items: { type: ['integer', 'object'] } },
];

/** String subschemas for a string's combinations. */
const STRING_BRANCHES: Record<string, unknown>[] = [{ minLength: 2 }, { pattern: '^[a-z]+$' }, { const: 'x' }, { enum: ['a', 'bb'] }, { format: 'date' }, { maxLength: 1 }];

/** Schemas built from `leaves`, nested at random under objects, arrays, tuples, combinations, conditions and patterns. */
export function schemasOf(leaves: Record<string, unknown>[], options: { beside?: boolean } = {}): fc.Arbitrary<Record<string, unknown>> {
  return fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...leaves),
      fc.tuple(fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 3 }), fc.subarray(KEYS, { maxLength: 2 }), fc.constantFrom(undefined, false, true, 'schema', 'uneval')).chain(([properties, required, closed]) =>
        (closed === 'schema' ? tie('schema') : fc.constant(closed)).map((extra) => ({ type: 'object', properties, required, ...(closed === 'uneval' ? { unevaluatedProperties: false } : extra === undefined ? {} : { additionalProperties: extra }) })),
      ),
      fc.tuple(tie('schema'), fc.integer({ min: 0, max: 3 })).map(([items, max]) => ({ type: 'array', items, maxItems: max })),
      fc.tuple(tie('schema'), tie('schema'), fc.constantFrom(false, undefined, 'uneval', 'min1')).map(([a, b, rest]) => ({ type: 'array', prefixItems: [a, b], ...(rest === false ? { items: false } : rest === 'uneval' ? { unevaluatedItems: false } : rest === 'min1' ? { minItems: 1 } : {}) })),
      fc.tuple(fc.constantFrom('oneOf', 'anyOf', 'allOf'), tie('schema'), tie('schema')).map(([k, a, b]) => ({ [k]: [a, b] })),
      fc.tuple(tie('schema'), tie('schema'), tie('schema')).map(([i, t, e]) => ({ if: i, then: t, else: e })),
      // With `beside`: combinations beside keywords of one type, for the validators' order of issues.
      ...(options.beside
        ? [
          // A combination beside keywords of one type: ajv reports the combination first, and the type's
          // error (the value being of another type) with that type's keywords. Branches of that type,
          // as contracts write them (a branch of another type makes a contradiction the types cannot show).
          fc.tuple(fc.constantFrom('oneOf', 'anyOf', 'allOf'), fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 2 }), fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 2 }), fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 2 }), fc.subarray(KEYS, { maxLength: 2 })).map(([k, properties, a, b, required]) => ({
            type: 'object',
            properties,
            required,
            [k]: [{ properties: a }, { properties: b, required: Object.keys(b).slice(0, 1) }],
          })),
          fc.tuple(fc.constantFrom('oneOf', 'anyOf', 'allOf', 'not'), fc.constantFrom(...STRING_BRANCHES), fc.constantFrom(...STRING_BRANCHES)).map(([k, a, b]) => ({ type: 'string', maxLength: 3, ...(k === 'not' ? { not: a, enum: ['a', 'bb', 1] } : { [k]: [a, b] }) })),
          // unevaluatedProperties seeing the members a combination's passing branches evaluate (an array
          // of these once let a member through that an earlier item's branch had declared).
          fc.tuple(fc.constantFrom('oneOf', 'anyOf', 'allOf'), fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 2 }), fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 2 })).map(([k, a, b]) => ({
            type: 'object',
            [k]: [{ properties: a }, { properties: b }],
            unevaluatedProperties: false,
          })),
          ]
        : []),
      fc.tuple(fc.dictionary(fc.constantFrom('^a', '^x-'), tie('schema'), { minKeys: 1, maxKeys: 2 }), fc.boolean()).map(([pp, closed]) => ({ type: 'object', patternProperties: pp, ...(closed ? { additionalProperties: false } : {}) })),
    ),
  })).schema;
}

/** The soundness tests' schemas: the validators' leaves, and shapes generated code once got wrong. */
export const schema = schemasOf([
  ...VALIDATOR_LEAVES,
  { type: ['integer', 'string'] }, { enum: [1, 2] }, { const: null }, { type: 'array', minItems: 2, items: { type: 'integer' } },
  { enum: [{ a: 1 }, [1], 'x'] }, { const: { a: 1 } }, { type: ['object', 'array'] }, { type: ['array', 'null'], items: { type: 'integer' } },
  { type: 'object', required: ['b'] }, { type: 'object', anyOf: [{ required: ['a'] }, { required: ['b'] }] }, { type: 'number', const: 1 }, { type: 'object', properties: { a: { type: 'integer' } }, minProperties: 2 },
  { $ref: '#/$defs/Named' }, { $ref: '#/$defs/Tree' }, { $ref: '#/$defs/Choice' },
]);
