/**
 * Target `types`: `<out>/types.ts` with each shared definition once, and for
 * each function its Input, Output, ErrorCode, ErrorData and Error types.
 */
import type { InterfaceDeclarationStructure, TypeAliasDeclarationStructure } from 'ts-morph';
import type { Ir, IrError, IrFunction, IrType } from '../../ir.js';
import { pascalCase } from '../../util/naming.js';
import { banner, memoKey, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { indexSignatureType, printType, propertyKey } from '../ts/print-type.js';
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
  out.push({
    kind: tsMorph().StructureKind.Interface,
    name: names.errorData,
    isExported: true,
    docs: docs(`Data sent with each declared error of \`${fn.name}\`, by code (\`undefined\`: the error has no data).`),
    properties: fn.errors.map((e) => ({ name: e.code, type: e.data ? printType(e.data.type) : 'undefined', docs: docs(e.description) })),
  });
  out.push({
    kind: tsMorph().StructureKind.TypeAlias,
    name: names.error,
    isExported: true,
    docs: docs(`A declared error of \`${fn.name}\`; \`switch (err.code)\` narrows \`data\`.`),
    type: fn.errors.length ? fn.errors.map((e) => errorMember(names, e)).join(' | ') : 'never',
  });
  return out;
}

const rendered = new WeakMap<Ir, Map<string, string>>();

/**
 * The text of a types file: every shared definition, then each function's types. Rendered once
 * per IR and banner (the out folder and the functions' runtime folder hold the same file), piece
 * by piece: the same text as one rendering (tested), and with a memo a function whose contract did
 * not change is not rendered again.
 */
export function typesFile(ir: Ir, options: TargetOptions, path: string): string {
  const from = banner(`the contracts in ${options.schemasDir}/`);
  let byBanner = rendered.get(ir);
  if (!byBanner) rendered.set(ir, (byBanner = new Map()));
  let text = byBanner.get(from);
  if (text === undefined) {
    const memo = options.memo ?? { through: (_key: string, compute: () => string) => compute() };
    // The banner is rendered with what follows it (the definitions, or else the first function), as
    // one rendering would; each further function is one piece, joined by the blank line ts-morph puts.
    const defs = (): Statement[] => ir.definitions.map((d) => declareType(d.name, d.type, d.type.description ? undefined : `Shared definition from ${d.source.file}${d.source.pointer ? `#${d.source.pointer}` : ''}.`));
    const [first, ...rest] = ir.definitions.length ? [undefined, ...ir.functions] : ir.functions;
    const head = memo.through(memoKey('ts-types-head', from, path, ir.definitions, first ?? null), () => renderTsFile(path, from, first ? functionStatements(first) : defs()));
    const parts = rest.map((fn) => memo.through(memoKey('ts-types-function', fn!), () => renderTsFile(path, '', functionStatements(fn!))));
    byBanner.set(from, (text = [head, ...parts].join('\n')));
  }
  return text;
}

export const tsTypesTarget: Target = {
  id: 'types',
  emit(ir: Ir, options: TargetOptions): EmittedFile[] {
    return [{ root: 'out', path: 'types.ts', contents: typesFile(ir, options, 'types.ts'), ownership: 'generated' }];
  },
};
