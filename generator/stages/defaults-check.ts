/**
 * Every input default the handlers fill in must match its own schema: a caller who leaves the
 * member out would otherwise be refused for a value the contract chose. Loaded only when a
 * contract declares such a default (ajv and its formats take tens of milliseconds to load).
 */
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../errors.js';
import type { Ir } from '../ir.js';
import { filledDefault, type DeclaredDefault } from '../util/input-defaults.js';
import type { SourceDoc } from '../util/source.js';

const require = createRequire(import.meta.url);

const segments = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

export function checkDefaults(ir: Ir, declared: DeclaredDefault[], docs: ReadonlyMap<string, SourceDoc>): Diagnostic[] {
  const byFile = new Map([...docs.values()].map((d) => [d.file, d]));
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = (require('ajv-formats') as { default: (ajv: Ajv2020) => Ajv2020 }).default;
  const ajv = new Ajv({ strict: false, validateSchema: false, allowUnionTypes: true, unicodeRegExp: true, ownProperties: true });
  addFormats(ajv);
  const $defs = Object.fromEntries(ir.definitions.map((d) => [d.name, d.schema]));
  const out: Diagnostic[] = [];
  for (const d of declared) {
    // The member's schema as a root, its $refs (#/$defs/Name) reaching the project's definitions.
    const { default: _value, ...own } = d.schema;
    const schema = { ...own, $defs };
    let problem: string | undefined;
    try {
      const validate = ajv.compile(schema);
      if (!validate(filledDefault(ir, d))) {
        const e = validate.errors![0]!;
        problem = `${e.instancePath ? `${e.instancePath} ` : ''}${e.message ?? 'is invalid'}`;
      }
    } catch {
      continue; // The validators' own compile reports a schema ajv cannot take.
    }
    if (problem === undefined) continue;
    const [file, path] = 'fn' in d.owner ? [d.owner.fn.source, ['input', ...d.path]] : ((def) => [def.source.file, [...segments(def.source.pointer), ...d.path]])(ir.definitions.find((x) => x.name === (d.owner as { definition: string }).definition)!);
    const at = [...path, 'default'];
    const member = String(d.path.at(-1));
    out.push({
      code: 'default-invalid',
      file,
      path: at,
      position: byFile.get(file)?.locate(at),
      message: `default ${JSON.stringify(d.value)} does not match its own schema (the check says ${JSON.stringify(problem)}); the handler fills it in when a caller leaves ${JSON.stringify(member)} out, so those calls would be refused: correct the default or the schema`,
    });
  }
  return out;
}
