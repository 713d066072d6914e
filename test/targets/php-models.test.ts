/**
 * PHP model classes as files: one class per object, each named once. A shared definition that
 * becomes a variant of a union (and so implements its interface) keeps its own classes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { runGen } from '../../generator/pipeline.js';
import { tempProject } from '../helpers/temp-project.js';

test('a definition that joins a union keeps the classes of its members: no second copy under another name, every class used', async () => {
  const circle = { type: 'object', required: ['kind'], properties: { kind: { const: 'circle' }, center: { type: 'object', properties: { x: { type: 'number' } } } } };
  const square = { type: 'object', required: ['kind'], properties: { kind: { const: 'square' }, side: { type: 'number' } } };
  const dir = tempProject({
    'cloudfn.config.json': { schemas: 'schemas', targets: { 'contract-tests': { enabled: false } } },
    'schemas/draw.fn.json': {
      name: 'draw',
      // Circle is first used as a member (its class written), then as a variant of the union.
      input: { type: 'object', properties: { circle: { $ref: '#/$defs/Circle' }, shape: { oneOf: [{ $ref: '#/$defs/Circle' }, { $ref: '#/$defs/Square' }] } } },
      output: { type: 'object', properties: {} },
      $defs: { Circle: circle, Square: square },
    },
  });
  await runGen(resolveConfig({}, dir));
  const models = path.join(dir, 'generated/php/src/Model');
  const classes = readdirSync(models).map((f) => f.replace(/\.php$/, '')).sort();
  expect(classes).toEqual(['Circle', 'CircleCenter', 'DrawInput', 'DrawInputShape', 'Square']);
  const circleFile = readFileSync(path.join(models, 'Circle.php'), 'utf8');
  expect(circleFile).toContain('final class Circle implements Model, DrawInputShape\n');
  expect(circleFile).toContain("'center' => [CircleCenter::class, false],");
  // Every class but the input's is named in another's file.
  const text = new Map(classes.map((c) => [c, readFileSync(path.join(models, `${c}.php`), 'utf8')]));
  for (const c of classes.filter((c) => c !== 'DrawInput')) {
    expect([...text].filter(([other, t]) => other !== c && new RegExp(`\\b${c}\\b`).test(t)).length, c).toBeGreaterThan(0);
  }
});
