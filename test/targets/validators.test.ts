/**
 * The precompiled validators are post-processed to stay small: ajv's error objects become calls to
 * the runtime's `issue()`, and the bookkeeping for `unevaluated*` keywords is left out when a
 * function does not use them. Both must keep every check.
 */
import { expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import { compile } from '../../generator/pipeline.js';
import { compactErrors, partValidator, validatorsModule } from '../../generator/targets/node-handler/validators.js';
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
