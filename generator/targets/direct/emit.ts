/**
 * Target `direct`: typed wrappers for the calls that never cross HTTP. `<out>/direct.ts` types
 * `callFunction` of any SDK object (a mini program's `wx.cloud`, `cloud` from wx-server-sdk, `app`
 * from @cloudbase/js-sdk or @cloudbase/node-sdk); `<out>/direct-validators.ts` adds the optional
 * input checks; `<out>/miniprogram/cloudfn.ts` binds the mini program's global `wx`, and
 * `miniprogram/js/cloudfn.js` + `cloudfn.d.ts` are the same for mini programs without a TypeScript build
 * (self-contained CommonJS, validation left out to keep the package small).
 */
import { createRequire } from 'node:module';
import type { Ir, IrFunction } from '../../ir.js';
import { camelCase } from '../../util/naming.js';
import { banner, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { readTemplate, templateForOutput } from '../templates.js';
import { tsTypeNames, typesFile } from '../ts-types/emit.js';

const RUNTIME_DIR = '_cloudfn';
const typeName = (fn: IrFunction): string => tsTypeNames(fn).input.replace(/Input$/, '');
const doc = (fn: IrFunction): string => `  /** \`${fn.name}\`${fn.description ? `: ${fn.description.split('\n')[0]!.replace(/\*\//g, '*\\/')}` : ''} */\n`;

/** The wrapper's body after its imports: the interface, the guards, the table and the factory. */
function wrapperBody(ir: Ir): string {
  const methods = ir.functions.map((fn) => `${doc(fn)}  ${camelCase(fn.name)}(input: ${tsTypeNames(fn).input}): Promise<${tsTypeNames(fn).output}>;`).join('\n');
  const guards = ir.functions
    .map((fn) => {
      const t = typeName(fn);
      return `/** A declared error of \`${fn.name}\`, as thrown: \`switch (err.code)\` narrows \`err.data\`. */
export type ${t}Failure = BusinessError & ${tsTypeNames(fn).error};

/** True for a declared error of \`${fn.name}\`. */
export function is${t}Failure(error: unknown): error is ${t}Failure {
  return error instanceof BusinessError && error.functionName === ${JSON.stringify(fn.name)};
}`;
    })
    .join('\n\n');
  const table = ir.functions.map((fn) => `  ${camelCase(fn.name)}: { name: ${JSON.stringify(fn.name)}, errors: ${JSON.stringify(Object.fromEntries(fn.errors.map((e) => [e.code, e.status])))} },`).join('\n');
  const bodies = ir.functions.map((fn) => `    ${camelCase(fn.name)}: (input) => callDirect(sdk, FUNCTIONS.${camelCase(fn.name)}, input, options) as Promise<${tsTypeNames(fn).output}>,`).join('\n');
  return `/** The project's cloud functions, called directly (no HTTP): \`fns.submitOrder(input)\`. */
export interface CloudFns {
${methods}
}

${guards}

const FUNCTIONS = {
${table}
} satisfies Record<string, DirectSpec>;

/**
 * Typed calls through an SDK object's \`callFunction\`: a mini program's \`wx.cloud\`, \`cloud\` from
 * wx-server-sdk, or \`app\` from @cloudbase/js-sdk or @cloudbase/node-sdk. Outputs are the function's
 * answers; declared errors throw \`BusinessError\` (narrow with the \`is…Failure\` guards), refused
 * input \`InvalidInputError\`, platform failures \`CallFunctionError\`.
 */
export function createCloudFns(sdk: CallFunctionSdk, options: DirectOptions = {}): CloudFns {
  return {
${bodies}
  };
}
`;
}

function directFile(ir: Ir, options: TargetOptions): string {
  const types = ir.functions.flatMap((fn) => [tsTypeNames(fn).input, tsTypeNames(fn).output, tsTypeNames(fn).error]);
  return `${banner(`the contracts in ${options.schemasDir}/`)}
import { BusinessError } from "./${RUNTIME_DIR}/client-errors.js";
import { callDirect, type CallFunctionSdk, type DirectOptions, type DirectSpec } from "./${RUNTIME_DIR}/direct-core.js";
import type { ${types.join(', ')} } from "./types.js";

export { BusinessError, CloudFnError, InvalidInputError } from "./${RUNTIME_DIR}/client-errors.js";
export { CallFunctionError, type CallFunctionSdk, type DirectOptions, type InputCheck } from "./${RUNTIME_DIR}/direct-core.js";

${wrapperBody(ir)}`;
}

function validatorsFile(ir: Ir, options: TargetOptions): string {
  const imports = ir.functions.map((fn, i) => `import { validateInput as v${i} } from "./validators/${fn.name}.js";`).join('\n');
  const entries = ir.functions.map((fn, i) => `  ${JSON.stringify(fn.name)}: check(v${i}),`).join('\n');
  return `${banner(`the contracts in ${options.schemasDir}/`)}
// Optional input checks for the direct-call wrappers: \`createCloudFns(sdk, { validators })\`.
import { issuesOf, type Validator } from "./${RUNTIME_DIR}/validate-runtime.js";
import type { InputCheck } from "./${RUNTIME_DIR}/direct-core.js";
${imports}

const check =
  (validate: Validator): InputCheck =>
  (input) =>
    validate(input) ? undefined : issuesOf(validate);

/** Input checks by function name, precompiled from the contracts. */
export const validators: Readonly<Record<string, InputCheck>> = {
${entries}
};
`;
}

const WX_BINDING = `/** The mini program's global \`wx\` (declared here, never imported). */
declare const wx: { cloud: CallFunctionSdk };

/** The project's functions over the mini program's \`wx.cloud.callFunction\`. */
export function miniProgramFns(options: DirectOptions = {}): CloudFns {
  return createCloudFns(wx.cloud, options);
}
`;

function miniProgramTs(options: TargetOptions): string {
  return `${banner(`the contracts in ${options.schemasDir}/`)}
// In a mini program: \`const fns = miniProgramFns(); const order = await fns.submitOrder(input);\`
import { createCloudFns, type CallFunctionSdk, type CloudFns, type DirectOptions } from "../direct.js";

export * from "../direct.js";

${WX_BINDING}`;
}

/** Strips a module's import lines (the pieces are joined into one). */
function withoutImports(text: string): string {
  return text.replace(/^import[\s\S]*?from\s+["'][^"']+["'];\n/gm, '').replace(/^export \{[^}]*\} from\s+["'][^"']+["'];\n/gm, '');
}

/** One TypeScript module of everything a plain-JS mini program needs (no validators). */
function selfContainedTs(ir: Ir, options: TargetOptions): string {
  const types = typesFile(ir, options, 'types.ts');
  return [
    withoutImports(readTemplate('ts-client/client-errors.ts')),
    withoutImports(readTemplate('direct/direct-core.ts')),
    withoutImports(types.contents.replace(/^\/\/.*\n/gm, '')),
    wrapperBody(ir),
    WX_BINDING,
  ].join('\n');
}

const JS_HEADER = (from: string): string => `${banner(from)}// For mini programs without a TypeScript build: require("./cloudfn.js").miniProgramFns(). Input is checked by the functions.\n`;

export const directTarget: Target = {
  id: 'direct',
  emit(ir, options): EmittedFile[] {
    const raw = options.targetOptions['direct'];
    if (raw?.['enabled'] === false || ir.functions.length === 0) return [];
    const from = `the contracts in ${options.schemasDir}/`;
    const files: EmittedFile[] = [
      { root: 'out', path: `${RUNTIME_DIR}/direct-core.ts`, contents: `${banner('templates/direct/direct-core.ts')}\n${templateForOutput('direct/direct-core.ts')}`, ownership: 'generated', format: 'template' },
      { root: 'out', path: 'direct.ts', contents: directFile(ir, options), ownership: 'generated' },
      { root: 'out', path: 'direct-validators.ts', contents: validatorsFile(ir, options), ownership: 'generated' },
      { root: 'out', path: 'miniprogram/cloudfn.ts', contents: miniProgramTs(options), ownership: 'generated' },
    ];
    if (raw?.['miniprogramJs'] !== false) {
      const source = selfContainedTs(ir, options);
      const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
      const js = esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2017', legalComments: 'none', charset: 'utf8' }).code;
      files.push({ root: 'out', path: 'miniprogram/js/cloudfn.js', contents: `${JS_HEADER(from)}${js}`, ownership: 'generated' });
      files.push({ root: 'out', path: 'miniprogram/js/cloudfn.d.ts', contents: `${banner(from)}${declarations(source)}`, ownership: 'generated' });
    }
    return files;
  },
};

/** The declarations of the self-contained module, written by TypeScript itself. */
function declarations(source: string): string {
  const { ts } = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
  const out = ts.transpileDeclaration(source, { compilerOptions: { strict: true, target: ts.ScriptTarget.ES2017 }, reportDiagnostics: false });
  return out.outputText;
}
