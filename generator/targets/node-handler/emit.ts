/**
 * Target `handler`: the code that runs inside each cloud function.
 *   <functions>/_cloudfn/   runtime, IP allowlist, validator runtime, types (shared, generated)
 *   <functions>/<name>/     index.ts (entry), contract.ts (typed fail), impl.ts (user-owned), and mock.ts in
 *                           mock mode; the validators are <out>/validators/<name>.ts, shared with the client
 */
import path from 'node:path';
import { usedDefinitions, type Ir, type IrFunction } from '../../ir.js';
import { filledMembers, inputDefaults, type InputDefaults } from '../../util/input-defaults.js';
import { camelBinding } from '../../util/naming.js';
import { banner, memoKey, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { templateForOutput } from '../templates.js';
import { tsTypeNames } from '../ts-types/emit.js';
import { importLine, literal, NotHouseStyle, paramsLine, q, typeArgsCall } from '../ts/house.js';
import { escapeDoc } from '../ts/jsdoc.js';
import { validSamples } from '../contract-tests/samples.js';
import { partValidator } from './validators.js';

const MOCK_SAMPLES = 5;

export const RUNTIME_DIR = '_cloudfn';
const RUNTIME_FILES = ['node-handler/runtime.ts', 'node-handler/handler-types.ts', 'node-handler/request-checks.ts', 'node-handler/ip-allow.ts', 'node-handler/defaults.ts', 'node-handler/failures.ts', 'shared/validate-runtime.ts'];
/** The mocks' example matching: written in mock mode only (`serve --mock` alone builds it in memory). */
export const MOCK_RUNTIME_FILE = 'node-handler/mock-examples.ts';

/** Options under `targets.handler` in cloudfn.config.json. */
export interface HandlerTargetOptions {
  serviceKeyEnv?: string;
  allowIpsEnv?: string;
  maxBodyBytes?: number;
  trustForwardedFor?: boolean;
  signingSecretEnv?: string;
  /** Serve generated samples (`mock.ts`) instead of `impl.ts`: a caller team can work before the function exists. */
  mock?: boolean;
}

function handlerOptions(options: TargetOptions): HandlerTargetOptions {
  const raw = options.targetOptions['handler'] ?? {};
  const out: HandlerTargetOptions = {};
  if (typeof raw['serviceKeyEnv'] === 'string') out.serviceKeyEnv = raw['serviceKeyEnv'];
  if (typeof raw['allowIpsEnv'] === 'string') out.allowIpsEnv = raw['allowIpsEnv'];
  if (typeof raw['maxBodyBytes'] === 'number') out.maxBodyBytes = raw['maxBodyBytes'];
  if (raw['trustForwardedFor'] === true) out.trustForwardedFor = true;
  if (typeof raw['signingSecretEnv'] === 'string') out.signingSecretEnv = raw['signingSecretEnv'];
  if (raw['mock'] === true) out.mock = true;
  return out;
}

/** A defaults plan in the house style; as JSON (prettier then formats the file) where the house printer does not follow prettier. */
function planText(plan: InputDefaults): string {
  try {
    return literal(plan, 2, 12, 1);
  } catch (e) {
    if (!(e instanceof NotHouseStyle)) throw e;
    // A key "__proto__" (JSON text never has `"__proto__":` inside a string) as a computed key: an own member, not the prototype.
    return JSON.stringify(plan).replaceAll('"__proto__":', '["__proto__"]:');
  }
}

function entryFile(ir: Ir, fn: IrFunction, opts: HandlerTargetOptions, roots: TargetOptions['roots']): string {
  const names = tsTypeNames(fn);
  const plan = inputDefaults(ir, fn);
  const defaults = plan ? `\n  defaults: ${planText(plan)},` : '';
  // The implementation's Input, with the members its defaults fill in required.
  const filled = filledMembers(ir, fn).length > 0;
  const errors = Object.fromEntries(fn.errors.map((e) => [e.code, { status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) }]));
  const { mock, ...runtimeOptions } = opts;
  const options = Object.keys(runtimeOptions).length ? `\n  options: ${literal(runtimeOptions, 2, 11, 1)},` : '';
  return `${banner(fn.source)}
${importLine(['createMain'], `../${RUNTIME_DIR}/runtime.js`)}
${filled ? `${importLine([names.output], `../${RUNTIME_DIR}/types.js`, 'import type')}\n${importLine(['Input'], './contract.js', 'import type')}` : importLine([names.input, names.output], `../${RUNTIME_DIR}/types.js`, 'import type')}
import impl from ${q(`./${mock ? 'mock' : 'impl'}.js`)};
${importLine(['validateErrorData', 'validateInput', 'validateOutput'], validatorsImport(fn, roots))}

/** The entry CloudBase calls (\`exports.main\` of the deployed index.js), over the HTTP trigger or a direct call. */
${typeArgsCall('export const main = createMain', [filled ? 'Input' : names.input, names.output], '({')}
  name: ${q(fn.name)},
  errors: ${literal(errors, 2, 10, 1)},
  validateInput,${defaults}
  validateOutput,
  validateErrorData,${fn.signing ? '\n  signing: true,' : ''}
  impl,${options}
});
`;
}

/**
 * The mock implementation, in the house style; when a sample needs line breaking the house printer
 * does not copy from prettier (long arrays of numbers), the samples are written as JSON for
 * prettier to format (`house: false`). The contract's examples that name an answer are answered
 * with it (mock-examples.ts), most specific input first.
 */
export function mockFile(ir: Ir, fn: IrFunction): { contents: string; house: boolean } {
  const { samples, examples } = mockAnswers(ir, fn);
  let house = true;
  const print = (head: string, value: unknown): string => {
    try {
      return `${head}${literal(value, 0, head.length, 1)};`;
    } catch (e) {
      if (!(e instanceof NotHouseStyle)) throw e;
      house = false;
      return `${head}${JSON.stringify(value)};`;
    }
  };
  const samplesLine = print('const SAMPLES: Output[] = ', samples);
  const examplesPart = examples.length
    ? `
/** The contract's examples that name an answer, the most specific input first. */
${print('const EXAMPLES: MockExample[] = ', examples)}
`
    : '';
  const doc = examples.length
    ? `/**
 * Mock implementation of \`${fn.name}\`: set \`"targets": { "handler": { "mock": true } }\` or run \`cloudfn gen --mock\`.
 * An input that holds an example's input gets the example's answer; any other, the samples in turn.
 */`
    : `/** Mock implementation of \`${fn.name}\`: set \`"targets": { "handler": { "mock": true } }\` or run \`cloudfn gen --mock\`. */`;
  const body = examples.length
    ? `  void ctx;
  const answer = exampleAnswer(EXAMPLES, input);
  if (answer !== undefined) return answer as Output;
  return SAMPLES[next++ % SAMPLES.length]!;`
    : `  void input;
  void ctx;
  return SAMPLES[next++ % SAMPLES.length]!;`;
  return {
    house,
    contents: `${banner(fn.source)}
${examples.length ? `${importLine(['exampleAnswer', 'type MockExample'], `../${RUNTIME_DIR}/mock-examples.js`)}\n` : ''}${importLine(['CallContext', 'Input', 'Output'], './contract.js', 'import type')}
${examplesPart}
/** Schema-valid outputs, generated from the contract; served in turn when mock mode is on. */
${samplesLine}
let next = 0;

${doc}
${paramsLine('export default async function mock', ['input: Input', 'ctx: CallContext'], ': Promise<Output> {')}
${body}
}
`,
  };
}

/**
 * The samples mock mode serves (the Node and the PHP mock alike), and the examples it answers:
 * those with an output or a declared error whose answer the contract accepts. A `subset` output
 * is laid over the first sample it makes valid; an error example without data gets sample data
 * when its code declares data. An example whose answer the contract refuses is left out: the
 * samples answer it, and its contract test shows why.
 */
export function mockAnswers(ir: Ir, fn: IrFunction): { samples: unknown[]; examples: MockExampleValue[] } {
  const samples = validSamples(ir, fn.output, `${fn.name}:mock`, MOCK_SAMPLES);
  return { samples, examples: mockExamples(ir, fn, samples) };
}

function mockExamples(ir: Ir, fn: IrFunction, samples: unknown[]): MockExampleValue[] {
  const validOutput = partValidator(ir, fn.output);
  const out: MockExampleValue[] = [];
  for (const example of fn.examples) {
    if (example.error) {
      const declared = fn.errors.find((e) => e.code === example.error!.code);
      if (!declared) continue;
      if (!declared.data) {
        out.push({ input: example.input, error: { code: declared.code } });
        continue;
      }
      const data = example.error.data !== undefined ? example.error.data : validSamples(ir, declared.data, `${fn.name}:mock:${declared.code}`, 1)[0];
      if (data !== undefined && partValidator(ir, declared.data)(data)) out.push({ input: example.input, error: { code: declared.code, data } });
      continue;
    }
    if (example.output === undefined) continue;
    const candidates = example.match === 'subset' ? [...samples.map((sample) => laidOver(sample, example.output)), example.output] : [example.output];
    const output = candidates.find((c) => validOutput(c));
    if (output !== undefined) out.push({ input: example.input, output });
  }
  // Most specific first: an example whose input lists more is tried before one it would shadow.
  return out.map((e, i) => [e, JSON.stringify(e.input).length, i] as const).sort((a, b) => b[1] - a[1] || a[2] - b[2]).map(([e]) => e);
}

export interface MockExampleValue {
  input: unknown;
  output?: unknown;
  error?: { code: string; data?: unknown };
}

/** `top` laid over `base`: objects member by member, anything else replaced. */
function laidOver(base: unknown, top: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(top)) return top;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) out[k] = Object.prototype.hasOwnProperty.call(base, k) ? laidOver(base[k], v) : v;
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function contractFile(ir: Ir, fn: IrFunction): string {
  const names = tsTypeNames(fn);
  const filled = filledMembers(ir, fn);
  const input = filled.length ? `${names.input} & Required<Pick<${names.input}, ${filled.map(q).join(' | ')}>>` : names.input;
  const inputDoc = filled.length
    ? `/** Input of \`${fn.name}\`, validated before your implementation runs; members with a default are there even when a caller left them out. */`
    : `/** Input of \`${fn.name}\`, validated before your implementation runs. */`;
  const example = fn.errors[0];
  const usage = example ? ` e.g. \`throw fail(${JSON.stringify(example.code)}${example.data ? ', { … }' : ''})\`` : '';
  return `${banner(fn.source)}
${importLine(['failWith'], `../${RUNTIME_DIR}/runtime.js`)}
${importLine([names.errorData, names.input, names.output], `../${RUNTIME_DIR}/types.js`, 'import type')}

${importLine(['CallContext'], `../${RUNTIME_DIR}/runtime.js`, 'export type')}
${inputDoc}
export type Input = ${input};
/** Output of \`${fn.name}\`, validated before it is sent. */
export type Output = ${names.output};

/** Raises a declared error;${usage}. Only declared codes compile, with their declared data. */
export const fail = failWith<${names.errorData}>();
`;
}

function implScaffold(fn: IrFunction): string {
  const what = fn.description ? `\n *\n${escapeDoc(fn.description).split('\n').map((l) => ` * ${l}`.trimEnd()).join('\n')}` : '';
  const codes = fn.errors.map((e) => e.code).join(', ');
  return `${importLine(['notImplemented'], `../${RUNTIME_DIR}/runtime.js`)}
${importLine(['CallContext', 'Input', 'Output'], './contract.js', 'import type')}

/**
 * Implementation of \`${fn.name}\`. This file is yours: \`cloudfn gen\` created it once and never touches it again.${what}
 *${codes ? ` Declared errors: ${codes}; raise them with \`throw fail(CODE, data)\` (import \`fail\` from './contract.js').\n *` : ''}
 * Until written, the function answers 501 NOT_IMPLEMENTED.
 */
${paramsLine(`export default async function ${camelBinding(fn.name)}`, ['input: Input', 'ctx: CallContext'], ': Promise<Output> {')}
  void input;
  void ctx;
  throw notImplemented(${q(fn.name)});
}
`;
}

function mockEmitted(ir: Ir, fn: IrFunction, path: string, options: TargetOptions): EmittedFile {
  const mock = options.memo
    ? (JSON.parse(options.memo.through(memoKey('mock', fn, usedDefinitions(ir, fn)), () => JSON.stringify(mockFile(ir, fn)))) as ReturnType<typeof mockFile>)
    : mockFile(ir, fn);
  return { root: 'functions', path, contents: mock.contents, ownership: 'generated', ...(mock.house ? { format: 'house' as const } : {}) };
}

/**
 * Where a function's handler finds its precompiled validators: the one module per function that the
 * client emits under `<out>/validators/` (bundled into the deployable folder, so not deployed apart).
 */
function validatorsImport(fn: IrFunction, roots: TargetOptions['roots']): string {
  const up = path.posix.relative(path.posix.join(roots.functions, fn.name), roots.out) || '.';
  return `${up.startsWith('.') ? up : `./${up}`}/validators/${fn.name}.js`;
}

/**
 * The functions' contract types: the callers' `<out>/types.ts`, re-exported as types only (erased
 * from the compiled code), so the two sides read one file and cannot differ.
 */
function typesReexport(options: TargetOptions): string {
  const up = path.posix.relative(path.posix.join(options.roots.functions, RUNTIME_DIR), options.roots.out) || '.';
  return `${banner(`the contracts in ${options.schemasDir}/`)}
/** Every contract type, from the file the clients use: one set of types for both sides. */
export type * from ${q(`${up.startsWith('.') ? up : `./${up}`}/types.js`)};
`;
}

export const nodeHandlerTarget: Target = {
  id: 'handler',
  // In mock mode its samples are checked by the validators.
  readsValidators: true,
  emit(ir: Ir, options: TargetOptions): EmittedFile[] {
    const opts = handlerOptions(options);
    const files: EmittedFile[] = [...RUNTIME_FILES, ...(opts.mock ? [MOCK_RUNTIME_FILE] : [])].map((f) => ({
      root: 'functions',
      path: `${RUNTIME_DIR}/${f.slice(f.indexOf('/') + 1)}`,
      contents: `${banner(`templates/${f}`)}\n${templateForOutput(f)}`,
      ownership: 'generated',
      // Templates are kept in the house style (a test holds them to it): no prettier pass.
      format: 'template',
    }));
    files.push({ root: 'functions', path: `${RUNTIME_DIR}/types.ts`, contents: typesReexport(options), ownership: 'generated', format: 'house' });
    for (const fn of ir.functions.filter((f) => f.runtime === 'nodejs')) {
      const dir = fn.name;
      files.push(
        // With defaults, prettier formats the entry and the contract types (plans and type lines it breaks by its own rules).
        { root: 'functions', path: `${dir}/index.ts`, contents: entryFile(ir, fn, opts, options.roots), ownership: 'generated', ...(inputDefaults(ir, fn) ? {} : { format: 'house' as const }) },
        { root: 'functions', path: `${dir}/contract.ts`, contents: contractFile(ir, fn), ownership: 'generated', ...(filledMembers(ir, fn).length ? {} : { format: 'house' as const }) },
        { root: 'functions', path: `${dir}/impl.ts`, contents: implScaffold(fn), ownership: 'scaffold', format: 'house' },
      );
      // Only in mock mode: `serve --mock` without it builds the same module in memory.
      if (opts.mock) files.push(mockEmitted(ir, fn, `${dir}/mock.ts`, options));
    }
    return files;
  },
};
