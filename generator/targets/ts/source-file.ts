/**
 * Builds a TypeScript file from ts-morph structures in one pass, in the one
 * in-memory project of this process (ts-morph re-parses on each manipulation,
 * so files are created whole, never edited).
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import type { JSDocStructure, OptionalKind, Project, StatementStructures } from 'ts-morph';
import type { IrType } from '../../ir.js';
import { docParts, escapeDoc, type DocTag } from './jsdoc.js';

let lib: typeof TsMorph | undefined;

/** ts-morph, loaded on first use: a run whose types all come from the cache never pays for it. */
export function tsMorph(): typeof TsMorph {
  return (lib ??= createRequire(import.meta.url)('ts-morph') as typeof TsMorph);
}

let project: Project | undefined;

function memoryProject(): Project {
  project ??= new (tsMorph().Project)({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  return project;
}

export type Statement = string | StatementStructures;

/** Renders statements to text; the banner goes first, verbatim. */
export function renderTsFile(path: string, banner: string, statements: Statement[]): string {
  const file = memoryProject().createSourceFile(`/${path}`, { statements: [banner.trimEnd(), ...statements] }, { overwrite: true });
  // ts-morph separates most declarations with a blank line, but not one after a one-line type alias.
  const text = file.getFullText().replace(/^(export type [^\n]*;)\n(?=\S)/gm, '$1\n\n');
  memoryProject().removeSourceFile(file);
  return text;
}

/** JSDoc structures for a declaration, from a type's description and constraints. */
export function docsFor(t: IrType, extraDescription?: string): OptionalKind<JSDocStructure>[] {
  const { description, tags } = docParts(t);
  return docs([extraDescription, description].filter((x): x is string => !!x).join('\n\n') || undefined, tags);
}

export function docs(description: string | undefined, tags: readonly DocTag[] = []): OptionalKind<JSDocStructure>[] {
  if (!description && tags.length === 0) return [];
  return [
    {
      ...(description ? { description: description.includes('\n') ? `\n${escapeDoc(description)}` : escapeDoc(description) } : {}),
      tags: tags.map((t) => ({ kind: tsMorph().StructureKind.JSDocTag, tagName: t.tagName, ...(t.text !== undefined ? { text: t.text } : {}) })),
    },
  ];
}
