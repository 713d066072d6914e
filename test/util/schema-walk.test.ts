/**
 * What the PHP validators receive: a contract's schemas without annotations. Property names and
 * data that look like annotations stay; every subschema loses its own.
 */
import { expect, test } from 'vitest';
import { withoutAnnotations } from '../../generator/util/schema-walk.js';

test.each([
  ['annotations and x- extensions go', { type: 'string', title: 'T', description: 'D', examples: ['a'], $comment: 'c', deprecated: true, readOnly: true, writeOnly: false, 'x-fix': 'f', maxLength: 3 }, { type: 'string', maxLength: 3 }],
  ['a property named like an annotation stays', { type: 'object', properties: { description: { type: 'string', description: 'the text' }, title: { const: 'x' } }, required: ['description'] }, { type: 'object', properties: { description: { type: 'string' }, title: { const: 'x' } }, required: ['description'] }],
  ['data keywords keep their values', { enum: [{ description: 'kept' }], const: { title: 'kept' }, default: { examples: [1] } }, { enum: [{ description: 'kept' }], const: { title: 'kept' }, default: { examples: [1] } }],
  [
    'every kind of subschema is cleaned',
    { items: { description: 'i', type: 'integer' }, prefixItems: [{ title: 'p' }], anyOf: [{ description: 'a' }], not: { description: 'n' }, $defs: { D: { description: 'd', type: 'null' } }, additionalProperties: { description: 'ap' }, dependencies: { a: ['b'], c: { description: 'dep' } } },
    { items: { type: 'integer' }, prefixItems: [{}], anyOf: [{}], not: {}, $defs: { D: { type: 'null' } }, additionalProperties: {}, dependencies: { a: ['b'], c: {} } },
  ],
  ['boolean schemas stay', { properties: { a: true, b: false } }, { properties: { a: true, b: false } }],
])('%s', (_name, given, want) => {
  expect(withoutAnnotations(given)).toEqual(want);
});
