/**
 * The contract format reference in the README (and its Chinese twin), written from the contract
 * meta-schema, `schemas/function.schema.json`, so that it never drifts from what `gen` accepts: one
 * row per member, with its type, whether it is required, its limits and its description (in
 * Chinese from the message catalogue). `node scripts/update-readme-reference.mjs` rewrites the
 * README sections; a test holds them current.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { referenceText, type Language } from '../i18n/messages.js';

interface Node {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  required?: string[];
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  propertyNames?: Node;
  items?: Node;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  allOf?: { $ref?: string }[];
}

/** One documented member: its path in a contract and its schema. */
export interface ReferenceEntry {
  path: string;
  node: Node;
  required: boolean;
}

export const BEGIN = '<!-- contract-reference:begin (written from schemas/function.schema.json; do not edit) -->';
export const END = '<!-- contract-reference:end -->';

/** Every member of a contract the meta-schema describes, in the meta-schema's order. */
export function referenceEntries(): ReferenceEntry[] {
  const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'schemas/function.schema.json'), 'utf8')) as Node;
  const out: ReferenceEntry[] = [];
  const walk = (node: Node, prefix: string): void => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const at = `${prefix}${name}`;
      out.push({ path: at, node: child, required: (node.required ?? []).includes(name) });
      if (child.properties) walk(child, `${at}.`);
      if (child.additionalProperties && typeof child.additionalProperties === 'object' && child.additionalProperties.properties) {
        walk(child.additionalProperties, `${at}.<CODE>.`);
      }
      if (child.items?.properties) walk(child.items, `${at}[].`);
    }
  };
  walk(schema, '');
  return out;
}

function typeOf(node: Node): string {
  if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (node.allOf?.some((a) => a.$ref?.includes('json-schema.org'))) return 'JSON Schema';
  const t = Array.isArray(node.type) ? node.type.join(' \\| ') : (node.type ?? 'any');
  return node.items ? `${t} of ${node.items.type ?? 'object'}` : t;
}

function limits(node: Node, lang: Language): string {
  const parts: string[] = [];
  if (node.pattern) parts.push(`\`${node.pattern.replace(/\|/g, '\\|')}\``);
  if (node.minimum !== undefined && node.maximum !== undefined) parts.push(`${node.minimum}–${node.maximum}`);
  if (node.maxLength !== undefined) parts.push(lang === 'zh' ? `最多 ${node.maxLength} 个字符` : `≤ ${node.maxLength} characters`);
  if (node.propertyNames?.pattern) parts.push(`${lang === 'zh' ? '键' : 'keys'} \`${node.propertyNames.pattern}\``);
  return parts.join(', ');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The reference as a Markdown table, between the markers the README keeps it in. */
export function contractReference(lang: Language): string {
  const head =
    lang === 'zh'
      ? '| 字段 | 类型 | 必填 | 取值限制 | 说明 |\n| --- | --- | :---: | --- | --- |'
      : '| member | type | required | limits | what it is |\n| --- | --- | :---: | --- | --- |';
  const rows = referenceEntries().map((e) => {
    const description = lang === 'zh' ? referenceText(e.path) : (e.node.description ?? '');
    return `| \`${e.path}\` | ${typeOf(e.node)} | ${e.required ? (lang === 'zh' ? '是' : 'yes') : ''} | ${limits(e.node, lang)} | ${cell(description)} |`;
  });
  return `${BEGIN}\n${head}\n${rows.join('\n')}\n${END}`;
}

/** The document with its reference section replaced by `section`; undefined when it has no markers. */
export function withReference(document: string, section: string): string | undefined {
  const begin = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (begin < 0 || end < begin) return undefined;
  return document.slice(0, begin) + section + document.slice(end + END.length);
}
