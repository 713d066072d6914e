/** JSDoc from descriptions and constraints: bounds that the type itself cannot say. */
import type { IrType } from '../../ir.js';
import { showControls } from '../../util/control-chars.js';

export interface DocTag {
  tagName: string;
  text?: string;
}

/** The description and tags a type's schema documents. */
export function docParts(t: IrType): { description?: string; tags: DocTag[] } {
  const tags: DocTag[] = [];
  const tag = (tagName: string, value: unknown): void => {
    if (value !== undefined) tags.push({ tagName, text: typeof value === 'string' ? value : JSON.stringify(value) });
  };
  switch (t.kind) {
    case 'string':
      tag('format', t.format);
      tag('minLength', t.minLength);
      tag('maxLength', t.maxLength);
      tag('pattern', t.pattern);
      break;
    case 'number':
      if (t.integer) tags.push({ tagName: 'integer' });
      tag('minimum', t.minimum);
      tag('maximum', t.maximum);
      tag('exclusiveMinimum', t.exclusiveMinimum);
      tag('exclusiveMaximum', t.exclusiveMaximum);
      tag('multipleOf', t.multipleOf);
      break;
    case 'array':
      tag('minItems', t.minItems);
      tag('maxItems', t.maxItems);
      if (t.uniqueItems) tags.push({ tagName: 'uniqueItems' });
      break;
    default:
      break;
  }
  tag('default', t.default);
  if (t.deprecated) tags.push({ tagName: 'deprecated' });
  return { ...(t.description !== undefined ? { description: escapeDoc(t.description) } : {}), tags: tags.map((x) => (x.text === undefined ? x : { ...x, text: escapeDoc(x.text) })) };
}

/**
 * Contract text made safe for a comment: a closing `*\/` would end it early, and other control
 * characters than tab and newline are shown (`\x00`), not written raw.
 */
export function escapeDoc(text: string): string {
  return showControls(text.replace(/\*\//g, '*\\/').replace(/\r\n?/g, '\n'));
}

/** A `/** … *\/` block with a trailing newline, or nothing when there is nothing to say. */
export function jsDocText(t: IrType): string {
  const { description, tags } = docParts(t);
  return docBlock(description, tags);
}

export function docBlock(description: string | undefined, tags: readonly DocTag[] = []): string {
  const lines = [...(description ? description.split('\n') : []), ...tags.map((t) => `@${t.tagName}${t.text !== undefined ? ` ${t.text}` : ''}`)].map(escapeDoc);
  if (lines.length === 0) return '';
  if (lines.length === 1) return `/** ${lines[0]!.trimEnd()} */\n`;
  return `/**\n${lines.map((l) => ` * ${l}`.trimEnd()).join('\n')}\n */\n`;
}
