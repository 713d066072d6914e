/**
 * Target `types`: `<out>/types.ts` with each shared definition once, and for
 * each function its Input, Output, ErrorCode, ErrorData and Error types.
 */
import type { InterfaceDeclarationStructure, TypeAliasDeclarationStructure } from 'ts-morph';
import type { Ir, IrError, IrFunction, IrType } from '../../ir.js';
import { pascalCase } from '../../util/naming.js';
import { banner, memoKey, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { indexSignatureType, printType, propertyKey } from '../ts/print-type.js';
import { attempt, declaration, docAt, namedInterface, typeAlias } from '../ts/print-decl.js';
import { q } from '../ts/house.js';
import { docs, docsFor, renderTsFile, tsMorph, type Statement } from '../ts/source-file.js';

/** An object becomes an interface; anything else a type alias. */
export function declareType(name: string, t: IrType, extraDoc?: string): InterfaceDeclarationStructure | TypeAliasDeclarationStructure {
  const jsDocs = docsFor(t, extraDoc);
  if (t.kind === 'object' && (t.properties.length > 0 || typeof t.additional === 'object')) {
    return {
      kind: tsMorph().StructureKind.Interface,
      name,
      isExported: true,
      docs: jsDocs,
      properties: t.properties.map((p) => ({ name: propertyKey(p.name), type: printType(p.type), hasQuestionToken: !p.required, docs: docsFor(p.type) })),
      indexSignatures: typeof t.additional === 'object' ? [{ keyName: 'key', keyType: 'string', returnType: indexSignatureType(t.properties, t.additional) }] : [],
    };
  }
  return { kind: tsMorph().StructureKind.TypeAlias, name, isExported: true, docs: jsDocs, type: printType(t) };
}

/** Names of a function's types in TypeScript. */
/** The base name of a function's types (`SubmitOrder`), as its `is…Failure` guard and `…Failure` type use it. */
export function failureTypeName(fn: IrFunction): string {
  return tsTypeNames(fn).input.replace(/Input$/, '');
}

export function tsTypeNames(fn: IrFunction): { input: string; output: string; error: string; errorCode: string; errorData: string } {
  const p = pascalCase(fn.name);
  return { input: `${p}Input`, output: `${p}Output`, error: `${p}Error`, errorCode: `${p}ErrorCode`, errorData: `${p}ErrorData` };
}

function errorMember(names: ReturnType<typeof tsTypeNames>, e: IrError): string {
  const data = e.data ? `\ndata: ${names.errorData}[${JSON.stringify(e.code)}];` : '';
  return `{\ncode: ${JSON.stringify(e.code)};\nstatus: ${e.status};\nmessage: string;${data}\n}`;
}

export function functionStatements(fn: IrFunction): Statement[] {
  const names = tsTypeNames(fn);
  const what = fn.description ? `: ${fn.description}` : '';
  const out: Statement[] = [
    declareType(names.input, fn.input.type, `Input of \`${fn.name}\`${what}`),
    declareType(names.output, fn.output.type, `Output of \`${fn.name}\`.`),
  ];
  out.push({
    kind: tsMorph().StructureKind.TypeAlias,
    name: names.errorCode,
    isExported: true,
    docs: docs(`Codes of the errors \`${fn.name}\` declares.`),
    type: fn.errors.length ? fn.errors.map((e) => JSON.stringify(e.code)).join(' | ') : 'never',
  });
  const errorDataDocs = docs(`Data sent with each declared error of \`${fn.name}\`, by code (\`undefined\`: the error has no data).`);
  out.push(
    fn.errors.length
      ? {
          kind: tsMorph().StructureKind.Interface,
          name: names.errorData,
          isExported: true,
          docs: errorDataDocs,
          properties: fn.errors.map((e) => ({ name: e.code, type: e.data ? printType(e.data.type) : 'undefined', docs: docs(e.description) })),
        }
      : // No member: an empty interface would accept any value but null and undefined.
        { kind: tsMorph().StructureKind.TypeAlias, name: names.errorData, isExported: true, docs: errorDataDocs, type: 'Record<never, never>' },
  );
  out.push({
    kind: tsMorph().StructureKind.TypeAlias,
    name: names.error,
    isExported: true,
    docs: docs(`A declared error of \`${fn.name}\`; \`switch (err.code)\` narrows \`data\`.`),
    type: fn.errors.length ? fn.errors.map((e) => errorMember(names, e)).join(' | ') : 'never',
  });
  return out;
}

/**
 * A function's types in the house style, printed directly (no ts-morph, no prettier pass needed):
 * the same text as `functionStatements` rendered and formatted, or undefined when a type is outside
 * the direct printer's reach.
 */
export function houseFunctionTypes(fn: IrFunction): string | undefined {
  const names = tsTypeNames(fn);
  const what = fn.description ? `: ${fn.description}` : '';
  return attempt(() => {
    const errors: IrType[] = fn.errors.map((e) => ({
      kind: 'object',
      additional: 'closed',
      properties: [
        { name: 'code', required: true, type: { kind: 'literal', value: e.code } },
        { name: 'status', required: true, type: { kind: 'literal', value: e.status } },
        { name: 'message', required: true, type: { kind: 'string' } },
        ...(e.data ? [{ name: 'data', required: true, type: { kind: 'ref', name: `${names.errorData}[${q(e.code)}]` } satisfies IrType }] : []),
      ],
    }));
    return [
      declaration(names.input, fn.input.type, `Input of \`${fn.name}\`${what}`),
      declaration(names.output, fn.output.type, `Output of \`${fn.name}\`.`),
      `${docAt('', `Codes of the errors \`${fn.name}\` declares.`)}${typeAlias(names.errorCode, fn.errors.length ? { kind: 'enum', values: fn.errors.map((e) => e.code) } : { kind: 'never' })}`,
      namedInterface(
        docAt('', `Data sent with each declared error of \`${fn.name}\`, by code (\`undefined\`: the error has no data).`),
        names.errorData,
        fn.errors.map((e) => ({ name: e.code, type: e.data ? e.data.type : { kind: 'ref', name: 'undefined' }, ...(e.description ? { description: e.description } : {}) })),
      ),
      `${docAt('', `A declared error of \`${fn.name}\`; \`switch (err.code)\` narrows \`data\`.`)}${typeAlias(names.error, errors.length === 0 ? { kind: 'never' } : errors.length === 1 ? errors[0]! : { kind: 'union', variants: errors, exclusive: true })}`,
    ].join('\n\n');
  });
}

/** The shared definitions in the house style, or undefined (see `houseFunctionTypes`). */
export function houseDefinitions(ir: Ir): string | undefined {
  return attempt(() => ir.definitions.map((d) => declaration(d.name, d.type, definitionDoc(d))).join('\n\n'));
}

function definitionDoc(d: Ir['definitions'][number]): string | undefined {
  return d.type.description ? undefined : `Shared definition from ${d.source.file}${d.source.pointer ? `#${d.source.pointer}` : ''}.`;
}

const rendered = new WeakMap<Ir, Map<string, TypesFile>>();

export interface TypesFile {
  contents: string;
  /** `house` when printed directly (no prettier pass needed), else undefined (prettier formats it). */
  format: 'house' | undefined;
}

/**
 * The types file: every shared definition, then each function's types. Printed directly in the
 * house style when every declaration is within the direct printer's reach; otherwise rendered with
 * ts-morph piece by piece (the same text as one rendering, tested; with a memo a function whose
 * contract did not change is not rendered again) for prettier to format. Rendered once per IR and
 * banner: the out folder and the functions' runtime folder hold the same file.
 */
export function typesFile(ir: Ir, options: TargetOptions, path: string): TypesFile {
  const from = banner(`the contracts in ${options.schemasDir}/`);
  let byBanner = rendered.get(ir);
  if (!byBanner) rendered.set(ir, (byBanner = new Map()));
  let file = byBanner.get(from);
  if (file === undefined) {
    file = directTypesFile(ir, from) ?? { contents: renderedTypesFile(ir, options, path, from), format: undefined };
    byBanner.set(from, file);
  }
  return file;
}

function directTypesFile(ir: Ir, from: string): TypesFile | undefined {
  const pieces: string[] = [];
  if (ir.definitions.length) {
    const defs = houseDefinitions(ir);
    if (defs === undefined) return undefined;
    pieces.push(defs);
  }
  for (const fn of ir.functions) {
    const text = houseFunctionTypes(fn);
    if (text === undefined) return undefined;
    pieces.push(text);
  }
  return { contents: pieces.length ? `${from}\n${pieces.join('\n\n')}\n` : from, format: 'house' };
}

export function renderedTypesFile(ir: Ir, options: TargetOptions, path: string, from: string): string {
  const memo = options.memo ?? { through: (_key: string, compute: () => string) => compute() };
  // The banner is rendered with what follows it (the definitions, or else the first function), as
  // one rendering would; each further function is one piece, joined by the blank line ts-morph puts.
  const defs = (): Statement[] => ir.definitions.map((d) => declareType(d.name, d.type, definitionDoc(d)));
  const [first, ...rest] = ir.definitions.length ? [undefined, ...ir.functions] : ir.functions;
  const head = memo.through(memoKey('ts-types-head', from, path, ir.definitions, first ?? null), () => renderTsFile(path, from, first ? functionStatements(first) : defs()));
  const parts = rest.map((fn) => memo.through(memoKey('ts-types-function', fn!), () => renderTsFile(path, '', functionStatements(fn!))));
  return [head, ...parts].join('\n');
}

export const tsTypesTarget: Target = {
  id: 'types',
  emit(ir: Ir, options: TargetOptions): EmittedFile[] {
    const { contents, format } = typesFile(ir, options, 'types.ts');
    return [{ root: 'out', path: 'types.ts', contents, ownership: 'generated', ...(format ? { format } : {}) }];
  },
};
