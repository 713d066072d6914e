/**
 * Target `client`: a typed caller for servers, `<out>/client.ts`, with both
 * transports. Its runtime (templates/ts-client, templates/shared) is copied to
 * `<out>/_cloudfn/`; validators are precompiled into `<out>/validators.js`.
 */
import type { Ir, IrFunction } from '../../ir.js';
import { callerMethodName, camelCase } from '../../util/naming.js';
import { definitionsModule, DEFINITIONS_MODULE, validatorsModule } from '../node-handler/validators.js';
import { banner, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { templateForOutput } from '../templates.js';
import { failureTypeName, tsTypeNames } from '../ts-types/emit.js';
import { displayWidth, importLine, literal, paramsLine, q, returnLine, WIDTH } from '../ts/house.js';
import { docBlock } from '../ts/jsdoc.js';

const RUNTIME_DIR = '_cloudfn';
const VALIDATOR_RUNTIME_FILES = ['shared/validate-runtime.ts'];
const RUNTIME_FILES = ['ts-client/client-core.ts', 'ts-client/client-answers.ts', 'ts-client/client-transports.ts', 'ts-client/client-errors.ts', 'ts-client/client-hints-zh.ts', 'ts-client/token-manager.ts', ...VALIDATOR_RUNTIME_FILES];

const SERVER_ONLY =
  '// Server-side client: it holds the service key, the API key or the AppSecret. Never ship it to a\n' +
  '// browser or a mini program; mini programs call functions directly with wx.cloud.callFunction.\n';

/** ajv's code is checked by neither the compiler nor a linter (a project's `eslint .` included); its exports are typed. */
const VALIDATORS_HEADER = '/* eslint-disable */\n// @ts-nocheck: precompiled by ajv from the contract, tested with it; the exports are typed.\n';

/** The namespace a function's validator module is imported as in client.ts. */
function validatorsAlias(fn: IrFunction): string {
  return `${camelCase(fn.name)}Validators`;
}

function methodDoc(fn: IrFunction): string {
  const lines = [fn.description ?? `Calls \`${fn.name}\`.`, ''];
  lines.push(`Cloud function \`${fn.name}\`, HTTP path \`${fn.httpPath}\`, timeout ${fn.timeoutSeconds} s${fn.idempotent ? ', idempotent (retried on network errors and 502)' : ''}.`);
  if (fn.errors.length) lines.push(`Declared errors (\`is${failureTypeName(fn)}Failure(err)\` narrows them): ${fn.errors.map((e) => `\`${e.code}\` (${e.status})`).join(', ')}.`);
  return docBlock(lines.join('\n').trim());
}

/** `  head(a, b): tail`, or one parameter per line when that is wider than the house style. */
function methodLine(head: string, params: readonly string[], tail: string): string {
  const one = `  ${head}(${params.join(', ')})${tail}`;
  return displayWidth(one) <= WIDTH ? one : `  ${head}(\n${params.map((p) => `    ${p},`).join('\n')}\n  )${tail}`;
}

/** One entry of the FUNCTIONS table: on one line when it fits, else one member per line. */
function specEntry(fn: IrFunction): string {
  const v = validatorsAlias(fn);
  const errors = Object.fromEntries(fn.errors.map((e) => [e.code, e.status]));
  const members: [string, (used: number) => string][] = [
    ['name', () => q(fn.name)],
    ['path', () => q(fn.httpPath)],
    ['timeoutSeconds', () => String(fn.timeoutSeconds)],
    ['idempotent', () => String(fn.idempotent)],
    ['errors', (used) => literal(errors, 4, used, 1)],
    ['validateInput', () => `${v}.validateInput`],
    ['validateOutput', () => `${v}.validateOutput`],
    ...(fn.errors.some((e) => e.data) ? [['validateErrorData', () => `${v}.validateErrorData`] as [string, (used: number) => string]] : []),
    ...(fn.signing ? [['signing', () => 'true'] as [string, (used: number) => string]] : []),
  ];
  const key = camelCase(fn.name);
  const one = `  ${key}: { ${members.map(([k, value]) => `${k}: ${value(0)}`).join(', ')} },`;
  if (displayWidth(one) <= WIDTH && !one.includes('\n')) return one;
  return `  ${key}: {\n${members.map(([k, value]) => `    ${k}: ${value(6 + k.length)},`).join('\n')}\n  },`;
}

/** One method of the object createClient returns: the call after the arrow on the next line when it does not fit. */
function methodBody(fn: IrFunction): string {
  const head = `    ${callerMethodName(fn.name)}: (input, callOptions) =>`;
  const callee = `core.call<${tsTypeNames(fn).output}>`;
  const args = [`FUNCTIONS.${camelCase(fn.name)}`, 'input', 'callOptions'];
  const call = `${callee}(${args.join(', ')}),`;
  if (displayWidth(`${head} ${call}`) <= WIDTH) return `${head} ${call}`;
  if (displayWidth(`      ${call}`) <= WIDTH) return `${head}\n      ${call}`;
  // Still too wide on its own line: one argument per line, as prettier breaks a call.
  return `${head}\n      ${callee}(\n${args.map((a) => `        ${a},`).join('\n')}\n      ),`;
}

/** client.ts, printed in the house style (the format stage hands it to prettier only if a line is too long). */
function clientFile(ir: Ir, options: TargetOptions): string {
  const imports = ir.functions.flatMap((fn) => {
    const n = tsTypeNames(fn);
    return [n.input, n.output, n.error];
  });
  const methods = ir.functions.map((fn) => {
    const n = tsTypeNames(fn);
    const doc = methodDoc(fn)
      .split('\n')
      .map((line) => (line ? `  ${line}` : line))
      .join('\n');
    return `${doc}${methodLine(callerMethodName(fn.name), [`input: ${n.input}`, 'options?: CallOptions'], `: Promise<${n.output}>;`)}`;
  });
  const failures = ir.functions.map((fn) => {
    const n = tsTypeNames(fn);
    const t = failureTypeName(fn);
    return `/** A declared error of \`${fn.name}\`, as thrown: \`switch (err.code)\` narrows \`err.data\`. */
export type ${t}Failure = BusinessError & ${n.error};

/** True for a declared error of \`${fn.name}\`. */
${paramsLine(`export function is${t}Failure`, ['error: unknown'], `: error is ${t}Failure {`)}
${returnLine(`error instanceof BusinessError && error.functionName === ${q(fn.name)}`)}
}`;
  });
  const validatorImports = ir.functions.map((fn) => `import * as ${validatorsAlias(fn)} from ${q(`./validators/${fn.name}.js`)};`);
  const core = `./${RUNTIME_DIR}/client-core.js`;
  const errors = `./${RUNTIME_DIR}/client-errors.js`;
  return `${banner(`the contracts in ${options.schemasDir}/`)}${SERVER_ONLY}
${importLine(['ClientCore', 'type CallOptions', 'type ClientOptions', 'type FunctionSpec'], core)}
${importLine(['BusinessError'], errors)}
${importLine(imports, './types.js', 'import type')}
${validatorImports.join('\n')}

${importLine(['ApiTransport', 'CallOptions', 'ClientOptions', 'CloudTransport', 'HttpTransport', 'RequestInfo', 'ResponseInfo', 'RetryOptions'], core, 'export type')}
${importLine(['BusinessError', 'CloudFnError', 'FunctionNotFoundError', 'GatewayError', 'InvalidInputError', 'InvalidOutputError', 'IpNotAllowedError', 'NetworkError', 'ServerError', 'TimeoutError', 'TriggerNotEnabledError', 'UnauthorizedError', 'WeChatApiError'], errors, 'export')}
${importLine(['StoredToken', 'TokenStore'], `./${RUNTIME_DIR}/token-manager.js`, 'export type')}

/** The project's cloud functions, callable from a server. */
export interface CloudFnClient {
${methods.join('\n')}
}

${failures.join('\n\n')}

const FUNCTIONS = {
${ir.functions.map(specEntry).join('\n')}
} satisfies Record<string, FunctionSpec>;

/**
 * A client over the HTTP trigger (\`{ http: { baseUrl, serviceKey } }\`), the CloudBase HTTP API
 * (\`{ api: { envId, apiKey } }\`) or the WeChat server API (\`{ cloud: { appId, appSecret, env } }\`
 * or \`{ cloud: { getAccessToken, env } }\`).
 */
export function createClient(options: ClientOptions): CloudFnClient {
  const core = new ClientCore(options);
  return {
${ir.functions.map(methodBody).join('\n')}
  };
}
`;
}

export const tsClientTarget: Target = {
  id: 'client',
  readsValidators: true,
  emit(ir: Ir, options: TargetOptions): EmittedFile[] {
    // Without the client, the validators stay (the handlers import them), with the runtime they use.
    const enabled = options.targetOptions['client']?.['enabled'] !== false;
    const files: EmittedFile[] = (enabled ? RUNTIME_FILES : VALIDATOR_RUNTIME_FILES).map((f) => ({
      root: 'out',
      path: `${RUNTIME_DIR}/${f.slice(f.indexOf('/') + 1)}`,
      contents: `${banner(`templates/${f}`)}\n${templateForOutput(f)}`,
      ownership: 'generated',
      // Templates are kept in the house style (a test holds them to it): no prettier pass.
      format: 'template',
    }));
    if (enabled) files.push({ root: 'out', path: 'client.ts', contents: clientFile(ir, options), ownership: 'generated', format: 'house' });
    // The same modules the handlers use (same relative runtime import), compiled once.
    const defs = definitionsModule(ir, `../${RUNTIME_DIR}/validate-runtime.js`, options.memo);
    if (defs !== undefined) {
      files.push({
        root: 'out',
        path: `validators/${DEFINITIONS_MODULE}.ts`,
        contents: `${banner(`the definitions in ${options.schemasDir}/`)}${VALIDATORS_HEADER}${defs}`,
        ownership: 'generated',
        format: 'validators',
      });
    }
    for (const fn of ir.functions) {
      files.push(
        // TypeScript, so that every build (tsc to CommonJS or ESM, tsx, bundlers) compiles and places it
        // like the rest; ajv's code is not type-checked (`@ts-nocheck`), its exports are typed.
        {
          root: 'out',
          path: `validators/${fn.name}.ts`,
          contents: `${banner(fn.source)}${VALIDATORS_HEADER}${validatorsModule(ir, fn, `../${RUNTIME_DIR}/validate-runtime.js`, options.memo)}`,
          ownership: 'generated',
          format: 'validators',
        },
      );
    }
    return files;
  },
};
