// Builds a synthetic project of N contracts that share definitions by relative $ref.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeSyntheticProject(dir, count) {
  mkdirSync(path.join(dir, 'schemas/defs'), { recursive: true });
  writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify({ schemas: 'schemas', out: 'generated', functions: 'functions' }));
  const address = {
    type: 'object', additionalProperties: false, required: ['city', 'street'],
    properties: { city: { type: 'string' }, street: { type: 'string', maxLength: 120 }, zip: { type: 'string', pattern: '^\\d{6}$' } },
  };
  writeFileSync(path.join(dir, 'schemas/defs/address.json'), JSON.stringify(address, null, 2));
  for (let i = 0; i < count; i++) {
    const contract = {
      name: `fn${i}`,
      description: `Synthetic function ${i}`,
      http: { path: `/bench/fn${i}` },
      input: {
        type: 'object', additionalProperties: false, required: ['id', 'lines'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: { type: 'string', enum: ['a', 'b', 'c'] },
          lines: {
            type: 'array', minItems: 1, maxItems: 5,
            items: {
              type: 'object', required: ['sku', 'qty'],
              properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 }, tags: { type: 'array', maxItems: 3, items: { type: 'string' } } },
            },
          },
          shipTo: { $ref: './defs/address.json' },
          note: { type: ['string', 'null'] },
        },
      },
      output: {
        type: 'object', required: ['ok', 'result'],
        properties: {
          ok: { type: 'boolean' },
          result: {
            oneOf: [
              { type: 'object', required: ['type', 'value'], properties: { type: { const: 'num' }, value: { type: 'number' } } },
              { type: 'object', required: ['type', 'text'], properties: { type: { const: 'str' }, text: { type: 'string' } } },
            ],
          },
          matrix: { type: 'array', maxItems: 4, items: { type: 'array', maxItems: 4, items: { type: 'integer' } } },
        },
      },
      errors: { NOT_FOUND: { status: 404, data: { type: 'object', properties: { id: { type: 'string' } } } } },
    };
    writeFileSync(path.join(dir, `schemas/fn${i}.fn.json`), JSON.stringify(contract, null, 2));
  }
}
