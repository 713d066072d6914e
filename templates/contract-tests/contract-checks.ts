/**
 * What the generated contract tests check with, apart from the suite itself: the service key they
 * run with, capture of the handler's own log (so an invalid output names its field), the rule for
 * a valid outcome, raw HTTP calls that bypass the client, the remote mode (the same cases against
 * a deployed environment), and the compile-time agreement of the client's and the handler's types
 * (`Agree`).
 */
import { createHmac, randomBytes } from "node:crypto";
import { expect, vi } from "vitest";

/** The key the in-process handler and the clients of a contract test use. */
export const SERVICE_KEY = "contract-test-service-key";

/** The signing secret of functions that take signed requests (`"signing": "hmac-sha256"`), in-process. */
export const SIGNING_SECRET = "contract-test-signing-secret";

/** The headers of a signed request: HMAC-SHA256 of `timestamp + "\n" + nonce + "\n" + body`, as the clients sign. */
export function signedHeaders(
  secret: string,
  body: string,
): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("hex");
  const signature = createHmac("sha256", secret)
    .update(`${timestamp}\n${nonce}\n${body}`)
    .digest("hex");
  return {
    "x-cloudfn-timestamp": timestamp,
    "x-cloudfn-nonce": nonce,
    "x-cloudfn-signature": signature,
  };
}

/** Collects what the handler logs (`[cloudfn] <name> INVALID_OUTPUT id=… [issues]`) while a test runs. */
export function captureHandlerLog(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spy = vi
    .spyOn(console, "error")
    .mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) =>
            typeof a === "string"
              ? a
              : a instanceof Error
                ? (a.stack ?? a.message)
                : JSON.stringify(a),
          )
          .join(" "),
      );
    });
  return { lines, restore: () => spy.mockRestore() };
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  issues?: { path: string; message: string }[];
  functionName?: string;
}

/** The JSON pointers an InvalidInputError (or a 400 body) names. */
export function issuePaths(e: unknown): string[] {
  const issues = (e as ErrorLike | undefined)?.issues;
  return Array.isArray(issues) ? issues.map((i) => i.path) : [];
}

/**
 * Passes when the call produced output that validates against the output schema, or one of the
 * function's declared errors; fails with a message naming the fields otherwise.
 */
export async function expectValidOutcome(
  call: Promise<unknown>,
  opts: {
    validateOutput: {
      (data: unknown): boolean;
      errors?:
        | {
            instancePath: string;
            keyword: string;
            params: Record<string, unknown>;
          }[]
        | null;
    };
    declared: readonly string[];
    log: string[];
  },
): Promise<unknown> {
  let result: unknown;
  try {
    result = await call;
  } catch (e) {
    const err = e as ErrorLike;
    if (
      err.name === "BusinessError" &&
      err.code &&
      opts.declared.includes(err.code)
    )
      return e;
    if (err.code === "INVALID_OUTPUT") {
      const detail = opts.log.find((l) => l.includes("INVALID_OUTPUT")) ?? "";
      expect.fail(
        `the implementation's output does not match the contract: ${detail.replace(/^.*?id=\S+\s*/, "") || err.message}`,
      );
    }
    expect.fail(`the call failed: ${String(e)}`);
  }
  if (!opts.validateOutput(result)) {
    const issues = (opts.validateOutput.errors ?? []).map(
      (x) =>
        `${x.instancePath || "/"} ${x.keyword} ${JSON.stringify(x.params)}`,
    );
    expect.fail(`the output does not match the contract: ${issues.join("; ")}`);
  }
  return result;
}

/**
 * A deployed environment the tests call instead of the in-process emulator, from the environment:
 * `CLOUDFN_TEST_TARGET` (the HTTP trigger's base URL) with `CLOUDFN_TEST_SERVICE_KEY` (and
 * `CLOUDFN_TEST_SIGNING_SECRET` for functions that take signed requests), or
 * `CLOUDFN_TEST_API_ENV` (an env id, for the CloudBase HTTP API) with `CLOUDFN_TEST_API_KEY` and
 * optionally `CLOUDFN_TEST_API_BASE_URL`. Only idempotent functions are called there unless
 * `CLOUDFN_TEST_ALL=1`.
 */
export type RemoteTarget =
  | {
      kind: "http";
      baseUrl: string;
      serviceKey: string;
      signingSecret?: string;
      all: boolean;
    }
  | {
      kind: "api";
      envId: string;
      apiKey: string;
      baseUrl: string;
      all: boolean;
    };

export function remoteTarget(
  env: Record<string, string | undefined> = process.env,
): RemoteTarget | undefined {
  const all = env["CLOUDFN_TEST_ALL"] === "1";
  const target = env["CLOUDFN_TEST_TARGET"];
  if (target) {
    const serviceKey = env["CLOUDFN_TEST_SERVICE_KEY"];
    if (!serviceKey)
      throw new Error(
        "CLOUDFN_TEST_TARGET is set: set CLOUDFN_TEST_SERVICE_KEY to the environment's service key too",
      );
    const signingSecret = env["CLOUDFN_TEST_SIGNING_SECRET"];
    return {
      kind: "http",
      baseUrl: target.replace(/\/+$/, ""),
      serviceKey,
      ...(signingSecret ? { signingSecret } : {}),
      all,
    };
  }
  const envId = env["CLOUDFN_TEST_API_ENV"];
  if (envId) {
    const apiKey = env["CLOUDFN_TEST_API_KEY"];
    if (!apiKey)
      throw new Error(
        "CLOUDFN_TEST_API_ENV is set: set CLOUDFN_TEST_API_KEY to an API key of that environment too",
      );
    const baseUrl =
      env["CLOUDFN_TEST_API_BASE_URL"] ??
      `https://${envId}.api.tcloudbasegateway.com`;
    return {
      kind: "api",
      envId,
      apiKey,
      baseUrl: baseUrl.replace(/\/+$/, ""),
      all,
    };
  }
  return undefined;
}

/** POSTs a body straight to the function, bypassing the client: its trigger, or the HTTP API. */
export async function postRaw(
  url: string,
  body: unknown,
  headers: Record<string, string> = { "x-wx-service-key": SERVICE_KEY },
  signingSecret?: string,
): Promise<{ status: number; body: { error?: ErrorLike } }> {
  const text = JSON.stringify(body);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...headers,
      ...(signingSecret ? signedHeaders(signingSecret, text) : {}),
    },
    body: text,
  });
  const answer = await res.text();
  let parsed: { error?: ErrorLike } = {};
  try {
    parsed = JSON.parse(answer) as { error?: ErrorLike };
  } catch {
    // not JSON: the assertions on status and code will say so
  }
  return { status: res.status, body: parsed };
}

/** Whether two types are the same type (not merely assignable either way). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;

/** A caller's input as the handler gives it on: the members `D`, which have defaults, present. */
type Filled<T, D extends PropertyKey> = [D] extends [never]
  ? T
  : T & Required<Pick<T, D & keyof T>>;

/**
 * `true` when a client method takes exactly `I` (less the defaults `D` the handler fills in) and
 * resolves to exactly `O`.
 */
export type Agree<
  M extends (...args: never[]) => unknown,
  I,
  O,
  D extends PropertyKey = never,
> =
  Equal<Filled<Parameters<M>[0], D>, I> extends true
    ? Equal<Awaited<ReturnType<M>>, O>
    : false;

/** Compiles only for `true`. */
export type Expect<T extends true> = T;
