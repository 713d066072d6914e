/**
 * Target `contract-tests`: `<out>/tests/<name>.contract.test.ts` (vitest) for
 * every function, proving that the generated client and the handler with the
 * user's impl.ts agree. Samples and invalid cases are computed now, checked
 * by ajv, and written into the file: the tests need no faker at run time.
 */
import path from "node:path";
import { usedDefinitions, type Ir, type IrFunction } from '../../ir.js';
import { callerMethodName, pascalCase } from '../../util/naming.js';
import { displayWidth, importLine, literal, q, WIDTH } from '../ts/house.js';
import { banner, memoKey, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { tsTypeNames } from '../ts-types/emit.js';
import { templateForOutput } from '../templates.js';
import { filledMembers } from '../../util/input-defaults.js';
import { negativeCases } from './negative.js';
import { validSamples } from './samples.js';

const DEFAULT_SAMPLES = 20;

interface ContractTestOptions {
  samples: number;
  /** Module specifier of the emulator, from `<out>/tests/`. Default `cloudfn/emulator`. */
  emulatorImport: string;
  serviceKeyEnv: string;
}

function options(targetOptions: TargetOptions['targetOptions']): ContractTestOptions {
  const raw = targetOptions['contract-tests'] ?? {};
  const handler = targetOptions['handler'] ?? {};
  return {
    samples: typeof raw['samples'] === 'number' ? raw['samples'] : DEFAULT_SAMPLES,
    emulatorImport: typeof raw['emulatorImport'] === 'string' ? raw['emulatorImport'] : 'cloudfn/emulator',
    serviceKeyEnv: typeof handler['serviceKeyEnv'] === 'string' ? handler['serviceKeyEnv'] : 'CLOUDFN_SERVICE_KEY',
  };
}


/** The data a contract test replays: computed now, so the test needs no faker at run time. */
function testData(ir: Ir, fn: IrFunction, opts: ContractTestOptions): string {
  const samples = validSamples(ir, fn.input, `${fn.name}:input`, opts.samples);
  // The same rule as the test's invalidBase(data), which finds this base again.
  const base = fn.examples.find((e) => !e.error)?.input ?? samples[0];
  const invalid = base === undefined ? [] : negativeCases(ir, fn.input, base);
  const errors = fn.errors.map((e) => ({ code: e.code, ...(e.data ? { data: validSamples(ir, e.data, `${fn.name}:error:${e.code}`, 1)[0] } : {}) }));
  // Each invalid case is the base input changed at its pointer: stored as that change only,
  // `[pointer, what, value]`, or `[pointer, what]` for a member left out.
  const changes = invalid.map((c) => ('set' in c.change ? [c.pointer, c.what, c.change.set] : [c.pointer, c.what]));
  // One case per line: small, and a changed case is one line of diff.
  const list = (items: readonly unknown[]): string => (items.length ? `[\n    ${items.map((x) => JSON.stringify(x)).join(',\n    ')}\n  ]` : '[]');
  return `${banner(fn.source)}
import type { ContractData } from "../_cloudfn/contract-support.js";

export const data: ContractData = {\n  "examples": ${list(fn.examples)},\n  "samples": ${list(samples)},\n  "invalid": ${list(changes)},\n  "errors": ${list(errors)}\n};\n`;
}

function dataKey(ir: Ir, fn: IrFunction, opts: ContractTestOptions): string {
  return memoKey('contract-data', fn, usedDefinitions(ir, fn), opts);
}

/** The memo key the target looks a function's contract-test data up by. */
export function contractDataKey(ir: Ir, fn: IrFunction, targetOptions: TargetOptions['targetOptions']): string {
  return dataKey(ir, fn, options(targetOptions));
}

/**
 * A function's contract-test data module, computed apart from the target (on a worker thread, in a
 * large project) and put in the memo under `contractDataKey`, where the target then finds it.
 */
export function contractData(ir: Ir, fn: IrFunction, targetOptions: TargetOptions['targetOptions']): string {
  return testData(ir, fn, options(targetOptions));
}

/**
 * The test data, a TypeScript module next to the test (no JSON read at run time, so the test has no
 * `import.meta` and compiles as CommonJS too).
 */
const DATA_IMPORT = (fn: IrFunction): string => `/** Examples, samples, invalid inputs and error data: computed by \`cloudfn gen\`, checked by ajv. */
import { data } from ${q(`./${fn.name}.contract-data.js`)};`;

/** `    key: (params) => body,` in an object literal, the body on the next line when it does not fit. */
function arrowMember(key: string, params: string, body: string): string {
  const one = `    ${key}: ${params} => ${body},`;
  return displayWidth(one) <= WIDTH ? one : `    ${key}: ${params} =>\n      ${body},`;
}

function testFile(ir: Ir, fn: IrFunction, o: TargetOptions, opts: ContractTestOptions): string {
  const filled = filledMembers(ir, fn);
  const method = callerMethodName(fn.name);
  const pascal = pascalCase(fn.name);
  const toFunctions = path.posix.relative(path.posix.join(o.roots.out, 'tests'), o.roots.functions) || '.';
  const fnDir = `${toFunctions}/${fn.name}`;
  const handlerErrors = Object.fromEntries(fn.errors.map((e) => [e.code, { status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) }]));
  return `${banner(fn.source)}
import { afterAll, beforeAll, describe, test } from "vitest";
import { startEmulator } from ${q(opts.emulatorImport)};
import * as runtime from ${q(`${toFunctions}/_cloudfn/runtime.js`)};
${importLine(['Input', 'Output'], `${fnDir}/contract.js`, 'import type')}
${importLine(['main'], `${fnDir}/index.js`)}
import * as validators from ${q(`../validators/${fn.name}.js`)};
${importLine(['contractSuite', 'failingNode', 'type Agree', 'type Expect'], '../_cloudfn/contract-support.js')}
import * as client from "../client.js";
${DATA_IMPORT(fn)}

type Method = client.CloudFnClient[${q(method)}];
${
  filled.length
    ? `/** Compile-time: the client's and the handler's input and output types are identical (the handler's with its defaults filled in). */\nexport type ClientAndHandlerAgree = Expect<Agree<Method, Input, Output, ${filled.map(q).join(' | ')}>>;`
    : '/** Compile-time: the client\'s and the handler\'s input and output types are identical. */\nexport type ClientAndHandlerAgree = Expect<Agree<Method, Input, Output>>;'
}

contractSuite<client.CloudFnClient>(
  {
    fn: ${literal({ name: fn.name, httpPath: fn.httpPath, timeoutSeconds: fn.timeoutSeconds, idempotent: fn.idempotent }, 4, 8, 1)},
    errors: ${literal(Object.fromEntries(fn.errors.map((e) => [e.code, e.status])), 4, 12, 1)},
    data,
    serviceKeyEnv: ${q(opts.serviceKeyEnv)},
    handler: { main },
    failingHandler: failingNode(runtime, {
      name: ${q(fn.name)},
      errors: ${literal(handlerErrors, 6, 14, 1)},
      ...validators,
    }),
    startEmulator,
    client,
${arrowMember('call', '(c, input)', `c.${method}(input as Input)`)}
    isFailure: client.is${pascal}Failure,
    validateOutput: validators.validateOutput,
  },
  { describe, test, beforeAll, afterAll },
);
`;
}

/** The same suite for a PHP function: the emulator runs its folder with the local \`php\`. */
function phpTestFile(fn: IrFunction, o: TargetOptions, opts: ContractTestOptions): string {
  const method = callerMethodName(fn.name);
  const pascal = pascalCase(fn.name);
  const toFunctions = path.posix.relative(path.posix.join(o.roots.out, 'tests'), o.roots.functions) || '.';
  const input = tsTypeNames(fn).input;
  return `${banner(fn.source)}
import path from "node:path";
import { afterAll, beforeAll, describe, test } from "vitest";
import { startEmulator } from ${q(opts.emulatorImport)};
import { contractSuite } from "../_cloudfn/contract-support.js";
import * as client from "../client.js";
${importLine([input], '../types.js', 'import type')}
${importLine(['validateOutput'], `../validators/${fn.name}.js`)}
${DATA_IMPORT(fn)}

/** The PHP function's folder (index.php, contract.php, impl.php), as deployed (vitest defines __dirname). */
const dir = path.join(__dirname, ${q(`${toFunctions}/${fn.name}`)});

contractSuite<client.CloudFnClient>(
  {
    fn: ${literal({ name: fn.name, httpPath: fn.httpPath, timeoutSeconds: fn.timeoutSeconds, idempotent: fn.idempotent }, 4, 8, 1)},
    errors: ${literal(Object.fromEntries(fn.errors.map((e) => [e.code, e.status])), 4, 12, 1)},
    data,
    serviceKeyEnv: ${q(opts.serviceKeyEnv)},
    handler: { php: { dir } },
    failingHandler: (failure) => ({ php: { dir, failure } }),
    startEmulator,
    client,
${arrowMember('call', '(c, input)', `c.${method}(input as ${input})`)}
    isFailure: client.is${pascal}Failure,
    validateOutput,
  },
  { describe, test, beforeAll, afterAll },
);
`;
}

export const contractTestsTarget: Target = {
  id: 'contract-tests',
  readsValidators: true,
  emit(ir: Ir, o: TargetOptions): EmittedFile[] {
    if (o.targetOptions['contract-tests']?.['enabled'] === false) return [];
    const opts = options(o.targetOptions);
    return [
      ...['contract-support.ts', 'contract-checks.ts'].map((f): EmittedFile => ({ root: 'out', path: `_cloudfn/${f}`, contents: `${banner(`templates/contract-tests/${f}`)}\n${templateForOutput(`contract-tests/${f}`)}`, ownership: 'generated', format: 'template' })),
      ...ir.functions.flatMap((fn): EmittedFile[] => [
        // With defaults filled in, the type check's line is left to prettier to break.
        { root: 'out', path: `tests/${fn.name}.contract.test.ts`, contents: fn.runtime === 'php' ? phpTestFile(fn, o, opts) : testFile(ir, fn, o, opts), ownership: 'generated', ...(fn.runtime === 'nodejs' && filledMembers(ir, fn).length ? {} : { format: 'house' as const }) },
        { root: 'out', path: `tests/${fn.name}.contract-data.ts`, contents: o.memo ? o.memo.through(dataKey(ir, fn, opts), () => testData(ir, fn, opts)) : testData(ir, fn, opts), ownership: 'generated', format: false },
      ]),
    ];
  },
};
