/**
 * Target `contract-tests`: `<out>/tests/<name>.contract.test.ts` (vitest) for
 * every function, proving that the generated client and the handler with the
 * user's impl.ts agree. Samples and invalid cases are computed now, checked
 * by ajv, and written into the file: the tests need no faker at run time.
 */
import path from 'node:path';
import type { Ir, IrFunction } from '../../ir.js';
import { camelCase, pascalCase } from '../../util/naming.js';
import { banner, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { templateForOutput } from '../templates.js';
import { negativeCases } from './negative.js';
import { validSamples } from './samples.js';

const DEFAULT_SAMPLES = 20;

interface ContractTestOptions {
  samples: number;
  /** Module specifier of the emulator, from `<out>/tests/`. Default `cloudfn/emulator`. */
  emulatorImport: string;
  serviceKeyEnv: string;
}

function options(o: TargetOptions): ContractTestOptions {
  const raw = o.targetOptions['contract-tests'] ?? {};
  const handler = o.targetOptions['handler'] ?? {};
  return {
    samples: typeof raw['samples'] === 'number' ? raw['samples'] : DEFAULT_SAMPLES,
    emulatorImport: typeof raw['emulatorImport'] === 'string' ? raw['emulatorImport'] : 'cloudfn/emulator',
    serviceKeyEnv: typeof handler['serviceKeyEnv'] === 'string' ? handler['serviceKeyEnv'] : 'CLOUDFN_SERVICE_KEY',
  };
}

const json = (v: unknown): string => JSON.stringify(v);

function errorsBlock(fn: IrFunction, method: string, pascal: string): string {
  return `describe(${json(`${fn.name}: declared errors reach the client typed`)}, () => {
  let failing: Emulator;
  let failingClient: CloudFnClient;
  let next: { code: string; data?: unknown } | undefined;
  beforeAll(async () => {
    const failingMain = createMain({
      name: FUNCTION.name,
      errors: ${json(Object.fromEntries(fn.errors.map((e) => [e.code, { status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) }])))},
      validateInput: handlerValidators.validateInput,
      validateOutput: handlerValidators.validateOutput,
      validateErrorData: handlerValidators.validateErrorData,
      impl: async () => {
        throw new DeclaredFailure(next!.code, next!.data);
      },
    });
    failing = await startEmulator({ functions: [{ ...FUNCTION, main: failingMain }] });
    failingClient = createClient({ http: { baseUrl: failing.url, serviceKey: SERVICE_KEY }, retry: false });
  });
  afterAll(() => failing.close());

  test.each(ERRORS.map((e) => [e.code, e] as const))('%s', async (_code, error) => {
    next = error;
    const input = SAMPLES[0] ?? EXAMPLES[0]?.input;
    const e = await failingClient.${method}(input as HandlerInput).catch((x: unknown) => x);
    expect(is${pascal}Failure(e), String(e)).toBe(true);
    expect(e).toMatchObject({ code: error.code, status: ${json(Object.fromEntries(fn.errors.map((x) => [x.code, x.status])))}[error.code] });
    if (error.data !== undefined) expect((e as { data: unknown }).data).toEqual(error.data);
  });
});
`;
}

function testFile(ir: Ir, fn: IrFunction, o: TargetOptions, opts: ContractTestOptions): string {
  const method = camelCase(fn.name);
  const pascal = pascalCase(fn.name);
  const toFunctions = path.posix.relative(path.posix.join(o.roots.out, 'tests'), o.roots.functions) || '.';
  const fnDir = `${toFunctions}/${fn.name}`;
  const samples = validSamples(ir, fn.input, `${fn.name}:input`, opts.samples);
  const base = fn.examples.find((e) => !e.error)?.input ?? samples[0];
  const invalid = base === undefined ? [] : negativeCases(ir, fn.input, base, fn.name);
  const errors = fn.errors.map((e) => ({ code: e.code, data: e.data ? validSamples(ir, e.data, `${fn.name}:error:${e.code}`, 1)[0] : undefined }));
  const declared = fn.errors.map((e) => e.code);
  return `${banner(fn.source)}
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startEmulator, type Emulator } from ${json(opts.emulatorImport)};
import { createMain, DeclaredFailure } from '${toFunctions}/_cloudfn/runtime.js';
import type { Input as HandlerInput, Output as HandlerOutput } from '${fnDir}/contract.js';
import { main } from '${fnDir}/index.js';
import * as handlerValidators from '${fnDir}/validators.js';
import { captureHandlerLog, expectValidOutcome, issuePaths, postRaw, SERVICE_KEY } from '../_cloudfn/contract-support.js';
import { createClient, InvalidInputError, is${pascal}Failure, type CloudFnClient } from '../client.js';
import { ${method}Output as validateOutput } from '../validators.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** Compile-time: the client's and the handler's input and output types are identical. */
export type ClientAndHandlerAgree = [
  Expect<Equal<Parameters<CloudFnClient[${json(method)}]>[0], HandlerInput>>,
  Expect<Equal<Awaited<ReturnType<CloudFnClient[${json(method)}]>>, HandlerOutput>>,
];

const FUNCTION = { name: ${json(fn.name)}, httpPath: ${json(fn.httpPath)}, timeoutSeconds: ${fn.timeoutSeconds} };
const DECLARED: string[] = ${json(declared)};
const EXAMPLES: { name: string; input: unknown; output?: unknown; error?: { code: string; data?: unknown } }[] = ${json(fn.examples)};
/** ${samples.length} inputs generated from the input schema (seeded, checked by ajv at generation time). */
const SAMPLES: unknown[] = ${json(samples)};
/** Inputs that break the contract, and the JSON pointer each 400 must name. */
const INVALID: { name: string; input: unknown; pointer: string }[] = ${json(invalid)};
const ERRORS: { code: string; data?: unknown }[] = ${json(errors)};

const log = { lines: [] as string[], restore: () => {} };
let emulator: Emulator;
let client: CloudFnClient;

beforeAll(async () => {
  vi.stubEnv(${json(opts.serviceKeyEnv)}, SERVICE_KEY);
  emulator = await startEmulator({ functions: [{ ...FUNCTION, main }] });
  client = createClient({ http: { baseUrl: emulator.url, serviceKey: SERVICE_KEY }, retry: false });
  Object.assign(log, captureHandlerLog());
});

afterAll(async () => {
  log.restore();
  await emulator.close();
  vi.unstubAllEnvs();
});

const call = (input: unknown) => client.${method}(input as HandlerInput);

describe(${json(`${fn.name}: valid inputs give contract-valid answers`)}, () => {
  test.each(EXAMPLES.map((e) => [e.name, e] as const))('example: %s', async (_name, example) => {
    if (example.error) {
      const e = await call(example.input).catch((x: unknown) => x);
      expect(is${pascal}Failure(e), String(e)).toBe(true);
      expect(e).toMatchObject({ code: example.error.code, ...(example.error.data !== undefined ? { data: example.error.data } : {}) });
      return;
    }
    const output = await expectValidOutcome(call(example.input), { validateOutput, declared: [], log: log.lines });
    if (example.output !== undefined) expect(output).toEqual(example.output);
  });

  test.each(SAMPLES.map((input, i) => [i, input] as const))('sample %i', async (_i, input) => {
    await expectValidOutcome(call(input), { validateOutput, declared: DECLARED, log: log.lines });
  });
});

describe(${json(`${fn.name}: invalid inputs are refused on both sides`)}, () => {
  test.each(INVALID.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const refused = await call(c.input).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect(issuePaths(refused)).toContain(c.pointer);
    const raw = await postRaw(\`\${emulator.url}\${FUNCTION.httpPath}\`, c.input);
    expect(raw.status).toBe(400);
    expect(raw.body.error?.code).toBe('INVALID_INPUT');
    expect(issuePaths(raw.body.error)).toContain(c.pointer);
  });
});

${errors.length ? errorsBlock(fn, method, pascal) : ''}`;
}

export const contractTestsTarget: Target = {
  id: 'contract-tests',
  emit(ir: Ir, o: TargetOptions): EmittedFile[] {
    const opts = options(o);
    return [
      { root: 'out', path: '_cloudfn/contract-support.ts', contents: `${banner('templates/contract-tests/contract-support.ts')}\n${templateForOutput('contract-tests/contract-support.ts')}`, ownership: 'generated' },
      ...ir.functions.map((fn): EmittedFile => ({ root: 'out', path: `tests/${fn.name}.contract.test.ts`, contents: testFile(ir, fn, o, opts), ownership: 'generated' })),
    ];
  },
};
