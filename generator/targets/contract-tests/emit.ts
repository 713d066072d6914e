/**
 * Target `contract-tests`: `<out>/tests/cloudfn.contract.test.ts` (vitest), one `describe` per
 * function, proving that the generated client and each handler with the user's impl.ts agree; and
 * per function `<out>/tests/<name>.contract-data.ts`, what its suite replays. Samples and invalid
 * cases are computed now, checked by ajv, and written into the data: the tests need no faker at run
 * time.
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
  signingSecretEnv: string;
}

function options(targetOptions: TargetOptions['targetOptions']): ContractTestOptions {
  const raw = targetOptions['contract-tests'] ?? {};
  const handler = targetOptions['handler'] ?? {};
  return {
    samples: typeof raw['samples'] === 'number' ? raw['samples'] : DEFAULT_SAMPLES,
    emulatorImport: typeof raw['emulatorImport'] === 'string' ? raw['emulatorImport'] : 'cloudfn/emulator',
    serviceKeyEnv: typeof handler['serviceKeyEnv'] === 'string' ? handler['serviceKeyEnv'] : 'CLOUDFN_SERVICE_KEY',
    signingSecretEnv: typeof handler['signingSecretEnv'] === 'string' ? handler['signingSecretEnv'] : 'CLOUDFN_SIGNING_SECRET',
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

/** `    key: value,` in an object literal at `indent`, the value on the next line when it does not fit (as prettier breaks it). */
function member(indent: number, key: string, value: string): string {
  const pad = ' '.repeat(indent);
  const one = `${pad}${key}: ${value},`;
  return displayWidth(one) <= WIDTH ? one : `${pad}${key}:\n${pad}  ${value},`;
}

/** `head<A, B>tail` on one line when it fits, else one argument a line, each broken the same way when it does not fit (prettier's layout). */
function typeArgs(indent: number, head: string, args: readonly (string | { head: string; args: string[] })[], tail: string): string {
  const flat = (a: string | { head: string; args: string[] }): string => (typeof a === 'string' ? a : `${a.head}<${a.args.join(', ')}>`);
  const pad = ' '.repeat(indent);
  const one = `${pad}${head}<${args.map(flat).join(', ')}>${tail}`;
  if (displayWidth(one) <= WIDTH) return one;
  const lines = args.map((a, i) => {
    const end = i < args.length - 1 ? ',' : '';
    return typeof a === 'string' ? `${pad}  ${a}${end}` : typeArgs(indent + 2, a.head, a.args, end);
  });
  return `${pad}${head}<\n${lines.join('\n')}\n${pad}>${tail}`;
}

/** The names a function's modules are imported under in the one test file: its method name with a suffix, so no two functions' names meet. */
function names(fn: IrFunction): { method: string; handler: string; contract: string; validators: string; data: string } {
  const method = callerMethodName(fn.name);
  return { method, handler: `${method}Handler`, contract: `${method}Contract`, validators: `${method}Validators`, data: `${method}Data` };
}

/**
 * The file in the house style when every line fits (what prettier would print then), else left to
 * prettier: a name long enough to need a break prettier makes in ways not printed here.
 */
function houseOrPrettier(file: EmittedFile): EmittedFile {
  // Prettier leaves comments as they are, however long, and cannot break a namespace import or one
  // with a single name.
  const unbreakable = /^\s*(\/\/|\/\*\*|\* )|^import (type )?(\* as \S+|\{ [^,]+ \}) from "[^"]*";$/;
  const fits = file.contents.split('\n').every((line) => displayWidth(line) <= WIDTH || unbreakable.test(line));
  return fits ? { ...file, format: 'house' } : file;
}

/** What every suite shares: the key and secret variables, the emulator, the client. */
function commonLine(opts: ContractTestOptions): string {
  const members = [`serviceKeyEnv: ${q(opts.serviceKeyEnv)}`, `signingSecretEnv: ${q(opts.signingSecretEnv)}`, 'startEmulator', 'client'];
  const one = `const common = { ${members.join(', ')} };`;
  return displayWidth(one) <= WIDTH ? one : `const common = {\n${members.map((m) => `  ${m},`).join('\n')}\n};`;
}

/** One function's suite, in its own `describe` (its emulator starts before its tests and stops after them). */
function suiteBlock(fn: IrFunction, toFunctions: string): string {
  const n = names(fn);
  const php = fn.runtime === 'php';
  const inputType = php ? tsTypeNames(fn).input : `${n.contract}.Input`;
  const handlerLine = `      handler: { main: ${n.handler}.main },`;
  const lines = [
    `describe(${q(fn.name)}, () => {`,
    ...(php
      ? [
          "  // The function's folder (index.php, contract.php, impl.php), as deployed; vitest defines __dirname.",
          callLine(2, 'const dir = path.join(', ['__dirname', q(`${toFunctions}/${fn.name}`)], ');'),
        ]
      : []),
    '  contractSuite<Client>(',
    '    {',
    '      ...common,',
    `      fn: ${literal({ name: fn.name, httpPath: fn.httpPath, timeoutSeconds: fn.timeoutSeconds, idempotent: fn.idempotent, ...(fn.signing ? { signed: true } : {}) }, 6, 10, 1)},`,
    `      errors: ${literal(Object.fromEntries(fn.errors.map((e) => [e.code, { status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) }])), 6, 14, 1)},`,
    member(6, 'data', n.data),
    member(6, 'validators', n.validators),
    ...(php
      ? ['      handler: { php: { dir } },', '      failingHandler: (failure) => ({ php: { dir, failure } }),']
      : [displayWidth(handlerLine) <= WIDTH ? handlerLine : `      handler: {\n${member(8, 'main', `${n.handler}.main`)}\n      },`, '      failingHandler: failingNode(runtime),']),
    arrow(6, 'call', '(c, input)', `c.${n.method}`, `input as ${inputType}`),
    member(6, 'isFailure', `client.is${pascalCase(fn.name)}Failure`),
    '    },',
    '    hooks,',
    '  );',
    '});',
  ];
  return lines.join('\n');
}

/** `head(a, b)tail` at `indent`, one argument a line when it does not fit. */
function callLine(indent: number, head: string, args: readonly string[], tail: string): string {
  const pad = ' '.repeat(indent);
  const one = `${pad}${head}${args.join(', ')}${tail}`;
  return displayWidth(one) <= WIDTH ? one : `${pad}${head}\n${args.map((a) => `${pad}  ${a},`).join('\n')}\n${pad}${tail}`;
}

/** `key: (params) => fn(arg),` in an object literal, broken as prettier breaks it when it does not fit. */
function arrow(indent: number, key: string, params: string, fn: string, arg: string): string {
  const pad = ' '.repeat(indent);
  const one = `${pad}${key}: ${params} => ${fn}(${arg}),`;
  if (displayWidth(one) <= WIDTH) return one;
  const body = `${pad}  ${fn}(${arg}),`;
  if (displayWidth(body) <= WIDTH) return `${pad}${key}: ${params} =>\n${body}`;
  return `${pad}${key}: ${params} =>\n${pad}  ${fn}(\n${pad}    ${arg},\n${pad}  ),`;
}

/**
 * Every function's contract tests in one file, `<out>/tests/cloudfn.contract.test.ts`: vitest loads
 * the client (with every function's validators) and the emulator once for all of them, where one
 * file per function loaded them again for each file (40 functions: 41 s, and 8 s in one file).
 */
function testFile(ir: Ir, o: TargetOptions, opts: ContractTestOptions): string {
  const toFunctions = path.posix.relative(path.posix.join(o.roots.out, 'tests'), o.roots.functions) || '.';
  const node = ir.functions.filter((fn) => fn.runtime !== 'php');
  const php = ir.functions.filter((fn) => fn.runtime === 'php');
  const imports = ir.functions.flatMap((fn) => {
    const n = names(fn);
    return [
      ...(fn.runtime === 'php' ? [] : [`import * as ${n.handler} from ${q(`${toFunctions}/${fn.name}/index.js`)};`, `import type * as ${n.contract} from ${q(`${toFunctions}/${fn.name}/contract.js`)};`]),
      `import * as ${n.validators} from ${q(`../validators/${fn.name}.js`)};`,
      `import { data as ${n.data} } from ${q(`./${fn.name}.contract-data.js`)};`,
    ];
  });
  // One `Expect<Agree<…>>` per Node function: a function whose types disagree fails on its own line.
  const agreeArgs = node.map((fn) => {
    const n = names(fn);
    const filled = filledMembers(ir, fn);
    return [`Client[${q(n.method)}]`, `${n.contract}.Input`, `${n.contract}.Output`, ...(filled.length ? [filled.map(q).join(' | ')] : [])];
  });
  const tupleOne = `export type ClientAndHandlersAgree = [${agreeArgs.map((a) => `Expect<Agree<${a.join(', ')}>>`).join(', ')}];`;
  const tuple =
    displayWidth(tupleOne) <= WIDTH
      ? tupleOne
      : `export type ClientAndHandlersAgree = [\n${agreeArgs.map((a) => typeArgs(2, 'Expect', [{ head: 'Agree', args: a }], ',')).join('\n')}\n];`;
  return `${banner(`the contracts in ${o.schemasDir}/`)}
${php.length ? 'import path from "node:path";\n' : ''}import { afterAll, beforeAll, describe, test } from "vitest";
import { startEmulator } from ${q(opts.emulatorImport)};
${node.length ? `import * as runtime from ${q(`${toFunctions}/_cloudfn/runtime.js`)};\n` : ''}${importLine(['contractSuite', ...(node.length ? ['failingNode', 'type Agree', 'type Expect'] : [])], '../_cloudfn/contract-support.js')}
import * as client from "../client.js";
${php.length ? `${importLine(php.map((fn) => tsTypeNames(fn).input), '../types.js', 'import type')}\n` : ''}// Each function's handler and its types (Node functions), its validators, and its data: examples,
// samples, invalid inputs and error data, computed by \`cloudfn gen\` and checked by ajv.
${imports.join('\n')}

type Client = client.CloudFnClient;
${
  node.length
    ? `
/** Compile-time: the client's and each handler's input and output types are identical (a handler's with its defaults filled in). */
${tuple}
`
    : ''
}
${commonLine(opts)}
const hooks = { describe, test, beforeAll, afterAll };

${ir.functions.map((fn) => suiteBlock(fn, toFunctions)).join('\n\n')}
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
      ...ir.functions.map((fn): EmittedFile => ({ root: 'out', path: `tests/${fn.name}.contract-data.ts`, contents: o.memo ? o.memo.through(dataKey(ir, fn, opts), () => testData(ir, fn, opts)) : testData(ir, fn, opts), ownership: 'generated', format: false })),
      ...(ir.functions.length ? [houseOrPrettier({ root: 'out', path: 'tests/cloudfn.contract.test.ts', contents: testFile(ir, o, opts), ownership: 'generated' })] : []),
    ];
  },
};
