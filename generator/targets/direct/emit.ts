/**
 * Target `direct`: typed wrappers for the calls that never cross HTTP. `<out>/direct.ts` types
 * `callFunction` of any SDK object (a mini program's `wx.cloud`, `cloud` from wx-server-sdk, `app`
 * from @cloudbase/js-sdk or @cloudbase/node-sdk); `<out>/direct-validators.ts` adds the optional
 * input checks; `<out>/miniprogram/cloudfn.ts` binds the mini program's global `wx`, and
 * `miniprogram/js/cloudfn.js` + `cloudfn.d.ts` are the same for mini programs without a TypeScript build
 * (self-contained CommonJS, validation left out to keep the package small).
 */
import { MINIPROGRAM_JS } from '../../config.js';
import type { Ir, IrFunction } from '../../ir.js';
import { callerMethodName, camelCase } from '../../util/naming.js';
import { banner, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { templateForOutput } from '../templates.js';
import { failureTypeName, tsTypeNames, typesFile } from '../ts-types/emit.js';
import { displayWidth, importLine, literal, paramsLine, q, returnLine, WIDTH } from '../ts/house.js';
import { escapeDoc } from '../ts/jsdoc.js';
import { builtRuntime, runtimeExports } from './miniprogram-runtime.js';

const RUNTIME_DIR = '_cloudfn';
const doc = (fn: IrFunction): string => `  /** \`${fn.name}\`${fn.description ? `: ${escapeDoc(fn.description.split('\n')[0]!).trimEnd()}` : ''} */\n`;

/** `head rest`, or `rest` on the next line, indented two more, when the line does not fit. */
function arrowLine(head: string, rest: string, indent: number): string {
  const one = `${head} ${rest}`;
  return displayWidth(one) <= WIDTH ? one : `${head}\n${' '.repeat(indent + 2)}${rest}`;
}

/** The interface every wrapper implements (the same in TypeScript and in the declarations). */
function cloudFnsInterface(ir: Ir): string {
  const methods = ir.functions.map((fn) => {
    const n = tsTypeNames(fn);
    return `${doc(fn)}${paramsLine(`  ${callerMethodName(fn.name)}`, [`input: ${n.input}`], `: Promise<${n.output}>;`).replace(/\n(?=.)/g, '\n  ')}`;
  });
  return `/** The project's cloud functions, called directly (no HTTP): \`fns.submitOrder(input)\`. */
export interface CloudFns {
${methods.join('\n')}
}`;
}

/** Each function's failure type and guard; `declared` prints the guard as a declaration. */
function guards(ir: Ir, declared: boolean): string {
  return ir.functions
    .map((fn) => {
      const t = failureTypeName(fn);
      const signature = paramsLine(`export ${declared ? 'declare ' : ''}function is${t}Failure`, ['error: unknown'], `: error is ${t}Failure${declared ? ';' : ' {'}`);
      return `/** A declared error of \`${escapeDoc(fn.name)}\`, as thrown: \`switch (err.code)\` narrows \`err.data\`. */
export type ${t}Failure = BusinessError & ${tsTypeNames(fn).error};

/** True for a declared error of \`${escapeDoc(fn.name)}\`. */
${declared ? signature : `${signature}\n${returnLine(`error instanceof BusinessError && error.functionName === ${q(fn.name)}`)}\n}`}`;
    })
    .join('\n\n');
}

/** One entry of the FUNCTIONS table: on one line when it fits, else one member per line. */
function specEntry(fn: IrFunction): string {
  const errors = Object.fromEntries(fn.errors.map((e) => [e.code, e.status]));
  const key = camelCase(fn.name);
  const one = `  ${key}: { name: ${q(fn.name)}, errors: ${literal(errors, 4, 0, 0)} },`;
  if (displayWidth(one) <= WIDTH && !one.includes('\n')) return one;
  return `  ${key}: {\n    name: ${q(fn.name)},\n    errors: ${literal(errors, 4, 12, 1)},\n  },`;
}

const CREATE_DOC = `/**
 * Typed calls through an SDK object's \`callFunction\`: a mini program's \`wx.cloud\`, \`cloud\` from
 * wx-server-sdk, or \`app\` from @cloudbase/js-sdk or @cloudbase/node-sdk. Outputs are the function's
 * answers; declared errors throw \`BusinessError\` (narrow with the \`is…Failure\` guards), refused
 * input \`InvalidInputError\`, platform failures \`CallFunctionError\`.
 */`;

/** The wrapper's body after its imports: the interface, the guards, the table and the factory. */
function wrapperBody(ir: Ir): string {
  const bodies = ir.functions.map((fn) => arrowLine(`    ${callerMethodName(fn.name)}: (input) =>`, `call(FUNCTIONS.${camelCase(fn.name)}, input),`, 4));
  return `${cloudFnsInterface(ir)}

${guards(ir, false)}

const FUNCTIONS = {
${ir.functions.map(specEntry).join('\n')}
} satisfies Record<string, DirectSpec>;

${CREATE_DOC}
export function createCloudFns(
  sdk: CallFunctionSdk,
  options: DirectOptions = {},
): CloudFns {
  // Each method's output type is the contract's, from CloudFns.
  function call<T>(spec: DirectSpec, input: unknown): Promise<T> {
    return callDirect(sdk, spec, input, options) as Promise<T>;
  }
  return {
${bodies.join('\n')}
  };
}
`;
}

function directFile(ir: Ir, options: TargetOptions): string {
  const types = ir.functions.flatMap((fn) => [tsTypeNames(fn).input, tsTypeNames(fn).output, tsTypeNames(fn).error]);
  const errors = `./${RUNTIME_DIR}/client-errors.js`;
  const core = `./${RUNTIME_DIR}/direct-core.js`;
  return `${banner(`the contracts in ${options.schemasDir}/`)}
${importLine(['BusinessError'], errors)}
${importLine(['callDirect', 'type CallFunctionSdk', 'type DirectOptions', 'type DirectSpec'], core)}
${importLine(types, './types.js', 'import type')}

${importLine(['BusinessError', 'CloudFnError', 'InvalidInputError'], errors, 'export')}
${importLine(['CallFunctionError', 'type CallFunctionSdk', 'type DirectOptions', 'type InputCheck'], core, 'export')}

${wrapperBody(ir)}`;
}

function validatorsFile(ir: Ir, options: TargetOptions): string {
  const imports = ir.functions.map((fn, i) => `import { validateInput as v${i} } from ${q(`./validators/${fn.name}.js`)};`).join('\n');
  const entries = ir.functions.map((fn, i) => `  ${/^[A-Za-z_$][\w$]*$/.test(fn.name) ? fn.name : q(fn.name)}: check(v${i}),`).join('\n');
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

const WX_DOC = '/** The project\'s functions over the mini program\'s `wx.cloud.callFunction`. */';

const WX_BINDING = `/** The mini program's global \`wx\` (declared here, never imported). */
declare const wx: { cloud: CallFunctionSdk };

${WX_DOC}
export function miniProgramFns(options: DirectOptions = {}): CloudFns {
  return createCloudFns(wx.cloud, options);
}
`;

function miniProgramTs(options: TargetOptions): string {
  return `${banner(`the contracts in ${options.schemasDir}/`)}
// In a mini program: \`const fns = miniProgramFns(); const order = await fns.submitOrder(input);\`
${importLine(['createCloudFns', 'type CallFunctionSdk', 'type CloudFns', 'type DirectOptions'], '../direct.js')}

export * from "../direct.js";

${WX_BINDING}`;
}

/** The bundle holds esbuild's helpers and uses the mini program's globals (`wx`, `module`): no linter's business. */
const JS_HEADER = (from: string): string => `${banner(from)}/* eslint-disable */\n// For mini programs without a TypeScript build: require("./cloudfn.js").miniProgramFns(). Input is checked by the functions.\n`;

/** The plain-JS wrapper: the prebuilt runtime, then the project's functions, as ES2017 CommonJS. */
function miniProgramJs(ir: Ir, from: string): string {
  const guardFns = ir.functions.map((fn) => {
    const t = failureTypeName(fn);
    return `/** True for a declared error of \`${escapeDoc(fn.name)}\`. */
${paramsLine(`function is${t}Failure`, ['error'], ' {')}
${returnLine(`error instanceof BusinessError && error.functionName === ${q(fn.name)}`)}
}`;
  });
  const bodies = ir.functions.map((fn) => arrowLine(`    ${callerMethodName(fn.name)}: (input) =>`, `callDirect(sdk, FUNCTIONS.${camelCase(fn.name)}, input, options),`, 4));
  const exported = [...runtimeExports(), ...ir.functions.map((fn) => `is${failureTypeName(fn)}Failure`), 'createCloudFns', 'miniProgramFns'];
  return `${JS_HEADER(from)}"use strict";

${builtRuntime().js}
${guardFns.join('\n\n')}

const FUNCTIONS = {
${ir.functions.map(specEntry).join('\n')}
};

${CREATE_DOC}
function createCloudFns(sdk, options = {}) {
  return {
${bodies.join('\n')}
  };
}

${WX_DOC}
function miniProgramFns(options = {}) {
  return createCloudFns(wx.cloud, options);
}

module.exports = {
${exported.map((name) => `  ${name},`).join('\n')}
};
`;
}

/** The declarations of the plain-JS wrapper: the prebuilt runtime's, the contract types, the wrapper's. */
function miniProgramDts(ir: Ir, options: TargetOptions, from: string): { contents: string; house: boolean } {
  const types = typesFile(ir, options, 'types.ts');
  const typeDecls = types.contents.replace(/^\/\/.*\n/gm, '').replace(/^import[\s\S]*?from\s+["'][^"']+["'];\n/gm, '').replace(/^\n+/, '');
  const contents = `${banner(from)}${builtRuntime().dts}
${typeDecls.trimEnd()}

${cloudFnsInterface(ir)}

${guards(ir, true)}

${CREATE_DOC}
${paramsLine('export declare function createCloudFns', ['sdk: CallFunctionSdk', 'options?: DirectOptions'], ': CloudFns;')}

${WX_DOC}
export declare function miniProgramFns(options?: DirectOptions): CloudFns;
`;
  return { contents, house: types.format === 'house' };
}

/** A file printed in the house style (function names and error codes are ASCII identifiers by the meta-schema). */
function house(path: string, contents: string): EmittedFile {
  return { root: 'out', path, contents, ownership: 'generated', format: 'house' };
}

export const directTarget: Target = {
  id: 'direct',
  emit(ir, options): EmittedFile[] {
    const raw = options.targetOptions['direct'];
    if (raw?.['enabled'] === false || ir.functions.length === 0) return [];
    const from = `the contracts in ${options.schemasDir}/`;
    const files: EmittedFile[] = [
      { root: 'out', path: `${RUNTIME_DIR}/direct-core.ts`, contents: `${banner('templates/direct/direct-core.ts')}\n${templateForOutput('direct/direct-core.ts')}`, ownership: 'generated', format: 'template' },
      house('direct.ts', directFile(ir, options)),
      house('direct-validators.ts', validatorsFile(ir, options)),
      house('miniprogram/cloudfn.ts', miniProgramTs(options)),
    ];
    // Decided by the config (config.ts, withMiniprogramJs): in a WeChat DevTools project, or when asked for.
    if (raw?.['miniprogramJs'] !== false) {
      const runtime = builtRuntime();
      files.push({ ...house(MINIPROGRAM_JS, miniProgramJs(ir, from)), prettierOutput: [runtime.js] });
      const dts = miniProgramDts(ir, options, from);
      files.push({ root: 'out', path: 'miniprogram/js/cloudfn.d.ts', contents: dts.contents, ownership: 'generated', ...(dts.house ? { format: 'house' as const, prettierOutput: [runtime.dts] } : {}) });
    }
    return files;
  },
};
