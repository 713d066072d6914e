/**
 * ajv and ajv-formats, loaded when the first validator of a run is compiled (and fixed then,
 * ajv-fixes.ts): a run that finds every validator in its cache, as after a contract edit, does
 * without them (~65 ms).
 */
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { _ as Code, Name as CodeName } from 'ajv';
import type { callRef as CallRef } from 'ajv/dist/vocabularies/core/ref.js';
import { fixAjv } from './ajv-fixes.js';

/** The parts of ajv (and ajv-formats) that compiling a validator takes. */
export interface AjvParts {
  Ajv2020: typeof Ajv2020;
  standalone: (ajv: Ajv2020, refs: Record<string, string>) => string;
  addFormats: (ajv: Ajv2020) => Ajv2020;
  _: typeof Code;
  Name: typeof CodeName;
  callRef: typeof CallRef;
}

let ajvLoaded: AjvParts | undefined;

/** The parts, loaded on the first call. */
export function ajvParts(): AjvParts {
  if (!ajvLoaded) {
    const require = createRequire(import.meta.url);
    fixAjv(require);
    const core = require('ajv') as { _: typeof Code; Name: typeof CodeName };
    ajvLoaded = {
      Ajv2020: (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020,
      standalone: (require('ajv/dist/standalone/index.js') as { default: AjvParts['standalone'] }).default,
      addFormats: (require('ajv-formats') as { default: AjvParts['addFormats'] }).default,
      _: core._,
      Name: core.Name,
      callRef: (require('ajv/dist/vocabularies/core/ref.js') as { callRef: typeof CallRef }).callRef,
    };
  }
  return ajvLoaded;
}
