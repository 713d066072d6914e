/**
 * A fix to ajv 8's code for `unevaluatedProperties`, applied once, when ajv-load.ts loads ajv
 * to compile the first validator of a run (`fixAjv`).
 *
 * ajv tracks a schema's evaluated members in a variable it first declares inside the block of a
 * combination branch (anyOf, oneOf, if/then/else) that passed. Where no branch
 * passes, the variable keeps what it held: for the items of an array or the members of a map, the
 * members an earlier item's branch declared, so a later item's member the contract forbids is let
 * through (`[{ "kind": "a", "x": 1 }, { "kind": "b", "x": 1 }]` past a oneOf on `kind` with
 * `unevaluatedProperties: false`); and where nothing assigned it yet, a `patternProperties` mark
 * on it throws a TypeError, which crashed the handler. Declared before the combination instead, it
 * is fresh for every value and always an object. Only there: elsewhere (properties, items…) ajv's
 * tracking is left exactly as it is.
 */
import { createRequire } from 'node:module';
import type { KeywordCxt, Name } from 'ajv';
import type { evaluatedPropsToName } from 'ajv/dist/compile/util.js';

type Subschema = KeywordCxt['subschema'];

/**
 * The keywords whose branches only some values pass, and whose first branch ajv generates where
 * the schema's own code runs (dependentSchemas' is inside the test for its member: left as it is).
 */
const COMBINATIONS = new Set(['anyOf', 'oneOf', 'if', 'then', 'else']);

/** Applies the fix to the ajv that `require` loads (once: a second call finds it applied). */
export function fixAjv(require: NodeJS.Require = createRequire(import.meta.url)): void {
  const ajv = require('ajv') as { KeywordCxt: typeof KeywordCxt; Name: typeof Name };
  const util = require('ajv/dist/compile/util.js') as { evaluatedPropsToName: typeof evaluatedPropsToName };
  const prototype = ajv.KeywordCxt.prototype as { subschema: Subschema; cloudfnFixed?: true };
  if (prototype.cloudfnFixed) return;
  const original = prototype.subschema;
  // Before a combination's first branch, in a schema with unevaluatedProperties, its variable is
  // declared where the schema's own code runs, not inside the branch.
  prototype.subschema = function (this: KeywordCxt, appl, valid) {
    const { it, gen } = this;
    const schema = it.schema as Record<string, unknown> | boolean;
    if (it.opts.unevaluated && COMBINATIONS.has(String(appl.keyword)) && typeof schema === 'object' && schema['unevaluatedProperties'] !== undefined && it.props !== true && !(it.props instanceof ajv.Name)) {
      it.props = util.evaluatedPropsToName(gen, it.props);
    }
    return original.call(this, appl, valid);
  };
  prototype.cloudfnFixed = true;
}
