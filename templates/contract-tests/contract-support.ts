/**
 * The suite every generated contract test registers (`contractSuite`): valid inputs give
 * contract-valid answers, invalid inputs are refused on both sides, declared errors reach the client
 * typed; with what a test hands it (`ContractSuite`, `ContractData`). The compile-time agreement of
 * the client's and the handler's types (`Agree`, `Expect`) is in contract-checks.ts, exported here.
 */
import { expect, vi } from "vitest";
import {
  captureHandlerLog,
  expectValidOutcome,
  issuePaths,
  postRaw,
  remoteTarget,
  SERVICE_KEY,
  SIGNING_SECRET,
} from "./contract-checks.js";

export {
  captureHandlerLog,
  expectValidOutcome,
  issuePaths,
  postRaw,
  remoteTarget,
  SERVICE_KEY,
  type Agree,
  type Expect,
  type RemoteTarget,
} from "./contract-checks.js";

/** A Node handler called in the test's process, or a PHP function folder run by `php`. */
export type HandlerRef =
  | { main: (event: unknown, context: unknown) => unknown }
  | { php: { dir: string; failure?: { code: string; data?: unknown } } };

/** What a generated contract test hands to `contractSuite`. */
export interface ContractSuite<C> {
  fn: {
    name: string;
    httpPath: string;
    timeoutSeconds: number;
    idempotent: boolean;
    /** The function takes signed requests only (`"signing": "hmac-sha256"`). */
    signed?: boolean;
  };
  /** Declared error codes → their status, and the message the handler sends when the implementation gives none. */
  errors: Readonly<Record<string, { status: number; message?: string }>>;
  data: ContractData;
  /** The function's validators module (`<out>/validators/<name>.ts`): answers are checked with its `validateOutput`. */
  validators: {
    validateOutput: Parameters<typeof expectValidOutcome>[1]["validateOutput"];
  };
  serviceKeyEnv: string;
  /** The variable a function that takes signed requests reads its secret from. */
  signingSecretEnv: string;
  /** How the emulator runs the real function: the generated index.ts with impl.ts, or a PHP function folder. */
  handler: HandlerRef;
  /** The same contract, with an implementation that throws this declared error. */
  failingHandler: (
    failure: { code: string; data?: unknown },
    suite: FunctionParts,
  ) => HandlerRef;
  startEmulator: (options: {
    functions: ({
      name: string;
      httpPath: string;
      timeoutSeconds: number;
      env: Record<string, string>;
    } & HandlerRef)[];
  }) => Promise<{ url: string; close(): Promise<void> }>;
  /** The generated client module: its factory and the error its input check throws. */
  client: {
    createClient: (
      options:
        | {
            http: {
              baseUrl: string;
              serviceKey: string;
              signingSecret?: string;
            };
            retry: false;
          }
        | {
            api: { envId: string; apiKey: string; baseUrl: string };
            retry: false;
          },
    ) => C;
    InvalidInputError: abstract new (...args: never[]) => unknown;
  };
  call: (client: C, input: unknown) => Promise<unknown>;
  isFailure: (e: unknown) => boolean;
}

/** The variables the emulator gives a function in-process: its service key and signing secret. */
function handlerEnv(s: {
  serviceKeyEnv: string;
  signingSecretEnv: string;
}): Record<string, string> {
  return {
    [s.serviceKeyEnv]: SERVICE_KEY,
    [s.signingSecretEnv]: SIGNING_SECRET,
  };
}

/** What a suite says of its function that a handler is built from. */
export type FunctionParts = Pick<
  ContractSuite<unknown>,
  "fn" | "errors" | "validators" | "serviceKeyEnv"
>;

/** The Node function runtime's `createMain` and `DeclaredFailure`. */
export interface NodeRuntime<S> {
  createMain: (spec: S) => (event: unknown, context?: unknown) => unknown;
  DeclaredFailure: new (code: string, data: unknown) => Error;
}

/**
 * The function's handler built again from its suite (name, errors, validators, key variable) by the Node
 * runtime, with an implementation that throws the declared error a test asks for.
 */
export function failingNode<S>(
  runtime: NodeRuntime<S>,
): (
  failure: { code: string; data?: unknown },
  suite: FunctionParts,
) => HandlerRef {
  return (failure, suite) => ({
    main: runtime.createMain({
      name: suite.fn.name,
      errors: suite.errors,
      ...suite.validators,
      // The variable the function's own handler reads its key from (the emulator sets that one).
      options: { serviceKeyEnv: suite.serviceKeyEnv },
      impl: async () => {
        throw new runtime.DeclaredFailure(failure.code, failure.data);
      },
    } as S),
  });
}

export interface ContractData {
  examples: {
    name: string;
    input: unknown;
    output?: unknown;
    /** `subset`: the answer may hold more members than `output` lists. */
    match?: "exact" | "subset";
    error?: { code: string; data?: unknown };
  }[];
  /** Inputs generated from the input schema (seeded, checked by ajv at generation time). */
  samples: unknown[];
  /**
   * Inputs that break the contract: `invalidBase(data)` with `value` set at `pointer` (or the member
   * there left out when there is no value), and the 400 must name that pointer.
   */
  invalid: (
    | [pointer: string, what: string, value: unknown]
    | [pointer: string, what: string]
  )[];
  /** Declared errors with sample data. */
  errors: { code: string; data?: unknown }[];
}

/** The input every invalid case changes: the first example that succeeds, else the first sample. */
export function invalidBase(data: ContractData): unknown {
  return data.examples.find((e) => !e.error)?.input ?? data.samples[0];
}

/** An invalid case's input: the base with the case's change at its pointer. */
export function invalidInput(
  base: unknown,
  c: ContractData["invalid"][number],
): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = c[0]
    .split("/")
    .slice(1)
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  if (c.length === 3) node[keys.at(-1)!] = c[2];
  else delete node[keys.at(-1)!];
  return copy;
}

/**
 * Registers the three groups of a function's contract tests; call it inside the function's own
 * `describe`, whose hooks then start its emulator before its tests and stop it after them.
 */
export function contractSuite<C>(
  s: ContractSuite<C>,
  t: {
    describe: typeof import("vitest").describe;
    test: typeof import("vitest").test;
    beforeAll: typeof import("vitest").beforeAll;
    afterAll: typeof import("vitest").afterAll;
  },
): void {
  const log = { lines: [] as string[], restore: () => {} };
  let emulator: { url: string; close(): Promise<void> };
  let client: C;
  const declared = Object.keys(s.errors);
  const remote = remoteTarget();
  // A deployed function is called with valid inputs only when that cannot repeat a side effect.
  const callable = !remote || s.fn.idempotent || remote.all;
  const valid = callable ? t.test : t.test.skip;
  const timeout = remote ? s.fn.timeoutSeconds * 1000 + 5000 : undefined;

  if (remote) {
    t.beforeAll(() => {
      client = s.client.createClient(
        remote.kind === "http"
          ? {
              http: {
                baseUrl: remote.baseUrl,
                serviceKey: remote.serviceKey,
                ...(remote.signingSecret
                  ? { signingSecret: remote.signingSecret }
                  : {}),
              },
              retry: false,
            }
          : {
              api: {
                envId: remote.envId,
                apiKey: remote.apiKey,
                baseUrl: remote.baseUrl,
              },
              retry: false,
            },
      );
    });
  } else
    t.beforeAll(async () => {
      vi.stubEnv(s.serviceKeyEnv, SERVICE_KEY);
      vi.stubEnv(s.signingSecretEnv, SIGNING_SECRET);
      emulator = await s.startEmulator({
        functions: [{ ...s.fn, env: handlerEnv(s), ...s.handler }],
      });
      client = s.client.createClient({
        http: {
          baseUrl: emulator.url,
          serviceKey: SERVICE_KEY,
          signingSecret: SIGNING_SECRET,
        },
        retry: false,
      });
      Object.assign(log, captureHandlerLog());
    });
  if (!remote)
    t.afterAll(async () => {
      log.restore();
      await emulator.close();
      vi.unstubAllEnvs();
    });

  const validTitle = callable
    ? "valid inputs give contract-valid answers"
    : "valid inputs give contract-valid answers (not idempotent: not called on a deployed environment unless CLOUDFN_TEST_ALL=1)";
  t.describe(validTitle, () => {
    valid.each(s.data.examples.map((e) => [e.name, e] as const))(
      "example: %s",
      async (_name, example) => {
        if (example.error) {
          const e = await s
            .call(client, example.input)
            .catch((x: unknown) => x);
          expect(s.isFailure(e), String(e)).toBe(true);
          expect(e).toMatchObject({
            code: example.error.code,
            ...(example.error.data !== undefined
              ? { data: example.error.data }
              : {}),
          });
          return;
        }
        const output = await expectValidOutcome(s.call(client, example.input), {
          validateOutput: s.validators.validateOutput,
          declared: [],
          log: log.lines,
        });
        if (example.output === undefined) return;
        // "subset": the answer may hold more (timestamps, ids) than the example lists.
        if (example.match === "subset")
          expect(output).toMatchObject(example.output as object);
        else expect(output).toEqual(example.output);
      },
      timeout,
    );
    valid.each(s.data.samples.map((input, i) => [i, input] as const))(
      "sample %i",
      async (_i, input) => {
        await expectValidOutcome(s.call(client, input), {
          validateOutput: s.validators.validateOutput,
          declared,
          log: log.lines,
        });
      },
      timeout,
    );
  });

  // An input schema that takes any object has no invalid input to send (vitest fails an empty group).
  if (s.data.invalid.length > 0)
    t.describe("invalid inputs are refused on both sides", () => {
      t.test.each(
        s.data.invalid.map(
          (c) =>
            [
              `${c[0]}: ${c[1]}`,
              { pointer: c[0], input: invalidInput(invalidBase(s.data), c) },
            ] as const,
        ),
      )(
        "%s",
        async (_name, c) => {
          const refused = await s
            .call(client, c.input)
            .catch((x: unknown) => x);
          expect(refused).toBeInstanceOf(s.client.InvalidInputError);
          expect(issuePaths(refused)).toContain(c.pointer);
          // Refused by the function too (it never reaches the implementation: safe on a deployed one).
          const raw =
            remote?.kind === "api"
              ? await postRaw(
                  `${remote.baseUrl}/v1/functions/${encodeURIComponent(s.fn.name)}`,
                  c.input,
                  { authorization: `Bearer ${remote.apiKey}` },
                )
              : await postRaw(
                  `${remote ? remote.baseUrl : emulator.url}${s.fn.httpPath}`,
                  c.input,
                  {
                    "x-wx-service-key": remote
                      ? remote.serviceKey
                      : SERVICE_KEY,
                  },
                  // A function that takes signed requests refuses an unsigned one before reading it.
                  s.fn.signed
                    ? remote
                      ? remote.signingSecret
                      : SIGNING_SECRET
                    : undefined,
                );
          // Over the HTTP API the handler's refusal is the function's value (200), as on a direct call.
          expect(raw.status).toBe(remote?.kind === "api" ? 200 : 400);
          expect(raw.body.error?.code).toBe("INVALID_INPUT");
          expect(issuePaths(raw.body.error)).toContain(c.pointer);
        },
        timeout,
      );
    });

  // Declared errors need an implementation that raises each: only the in-process emulator has one.
  if (s.data.errors.length === 0 || remote) return;
  t.describe("declared errors reach the client typed", () => {
    t.test.each(s.data.errors.map((e) => [e.code, e] as const))(
      "%s",
      async (_code, error) => {
        const failing = await s.startEmulator({
          functions: [
            {
              ...s.fn,
              env: handlerEnv(s),
              ...s.failingHandler(error, s),
            },
          ],
        });
        try {
          const failingClient = s.client.createClient({
            http: {
              baseUrl: failing.url,
              serviceKey: SERVICE_KEY,
              signingSecret: SIGNING_SECRET,
            },
            retry: false,
          });
          const input = s.data.samples[0] ?? s.data.examples[0]?.input;
          const e = await s.call(failingClient, input).catch((x: unknown) => x);
          expect(s.isFailure(e), String(e)).toBe(true);
          expect(e).toMatchObject({
            code: error.code,
            status: s.errors[error.code]?.status,
          });
          if (error.data !== undefined)
            expect((e as { data: unknown }).data).toEqual(error.data);
        } finally {
          await failing.close();
        }
      },
    );
  });
}
