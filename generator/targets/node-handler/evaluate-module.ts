/**
 * Runs a validator module body in memory, for checking values at generation time (contract-test
 * samples, examples): the body as it ships, with the helpers it imports from validate-runtime
 * given as the same functions (ajv's own, where validate-runtime copies them).
 */
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { multipleOf } from '../../../templates/shared/validate-runtime.js';
import { ONE_PARAM } from './compact-code.js';

/** The names a validator module imports from validate-runtime (the minifier drops those it does not use). */
export const RUNTIME_HELPERS = ['equal', 'formats', 'issue', 'missing', 'multipleOf', 'report', 'reportOne', 'ucs2length', 'wrongType'] as const;

const require = createRequire(import.meta.url);
let helpers: Record<(typeof RUNTIME_HELPERS)[number], unknown> | undefined;

/** validate-runtime's `report`. */
function report(errors: unknown[] | null, instancePath: string, keyword: string, params: unknown): unknown[] {
  const one = { instancePath, keyword, params };
  if (errors === null) return [one];
  errors.push(one);
  return errors;
}

function runtimeHelpers(): Record<(typeof RUNTIME_HELPERS)[number], unknown> {
  helpers ??= {
    equal: (require('ajv/dist/runtime/equal') as { default: unknown }).default,
    formats: (require('ajv-formats/dist/formats') as { fullFormats: unknown }).fullFormats,
    issue: (instancePath: string, keyword: string, params: unknown) => ({ instancePath, keyword, params }),
    missing: (errors: unknown[] | null, instancePath: string, missingProperty: unknown) => report(errors, instancePath, 'required', { missingProperty }),
    multipleOf,
    report,
    reportOne: (errors: unknown[] | null, instancePath: string, keyword: string, value: unknown) => report(errors, instancePath, keyword, { [ONE_PARAM[keyword]!]: value }),
    ucs2length: (require('ajv/dist/runtime/ucs2length') as { default: unknown }).default,
    wrongType: (errors: unknown[] | null, instancePath: string, type: unknown) => report(errors, instancePath, 'type', { type }),
  };
  return helpers;
}

/** The validators a module body exports, `defs` bound to the name `defsName` (its import of the shared definitions). */
export function evaluateModule(body: string, defs: Record<string, ValidateFunction>, defsName: string): Record<string, ValidateFunction> {
  const given = runtimeHelpers();
  const exports: Record<string, ValidateFunction> = {};
  const code = body.replace(/(^|[;}\n])export const (\w+) = /g, '$1const $2 = exports.$2 = ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code is ajv's, compiled from the contract just now
  new Function(...RUNTIME_HELPERS, 'exports', defsName, code)(...RUNTIME_HELPERS.map((n) => given[n]), exports, defs);
  return exports;
}
