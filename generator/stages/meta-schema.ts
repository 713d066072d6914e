/**
 * The contract meta-schema (schemas/function.schema.json) serves editors and the validate stage.
 * For editors, `input`, `output` and each error's `data` also reference the JSON Schema meta-schema,
 * so keywords complete inside them; the validate stage checks those schemas with its own rules and
 * messages, so it compiles the meta-schema without those references.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const JSON_SCHEMA = 'http://json-schema.org/draft-07/schema#';

function withoutEditorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutEditorRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'allOf' && Array.isArray(v) && v.length === 1 && (v[0] as { $ref?: unknown }).$ref === JSON_SCHEMA) continue;
    out[k] = withoutEditorRefs(v);
  }
  return out;
}

/** The meta-schema as the validate stage compiles it. */
export function validationMetaSchema(packageRoot: string): Record<string, unknown> {
  return withoutEditorRefs(JSON.parse(readFileSync(path.join(packageRoot, 'schemas', 'function.schema.json'), 'utf8'))) as Record<string, unknown>;
}
