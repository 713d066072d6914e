/**
 * The code that runs inside a cloud function, in front of the user's
 * implementation: accepts both event shapes, checks the service key and caller
 * IP, decodes and parses the body, validates input and output with
 * precompiled validators, and maps errors to responses without leaking
 * internals. No dependencies beyond Node built-ins.
 */
import { fillDefaults } from "./defaults.js";
import { DeclaredFailure, FAILURE } from "./failures.js";
import { ipAllowed, parseAllowList, type AllowList } from "./ip-allow.js";
import {
  forwardedIp,
  holdsLoneSurrogate,
  lowerCaseKeys,
  mayHoldProtoKeys,
  platformIp,
  secretMatches,
  stripProtoKeys,
  verifySignature,
} from "./request-checks.js";
import { issuesOf } from "../shared/validate-runtime.js";
import type { CallContext, ErrorBody, HandlerSpec } from "./handler-types.js";

export type { Validator } from "../shared/validate-runtime.js";
export { DeclaredFailure, failWith, notImplemented } from "./failures.js";
export type {
  CallContext,
  ErrorBody,
  HandlerOptions,
  HandlerSpec,
  IntegrationResponse,
} from "./handler-types.js";

const DEFAULT_MAX_BODY = 6 * 1024 * 1024;
const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
/** application/json, application/<x>+json, with or without parameters. */
const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

type Event = Record<string, unknown>;

/** The HTTP trigger's event: the platform always gives it a method and a headers object. */
function isHttpEvent(event: Event): boolean {
  return (
    typeof event["httpMethod"] === "string" &&
    typeof event["headers"] === "object" &&
    event["headers"] !== null
  );
}

class Reply {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    this.status = status;
    this.body = body;
  }
}

function reply(
  status: number,
  code: string,
  message?: string,
  extra?: Partial<ErrorBody["error"]>,
): Reply {
  return new Reply(status, {
    error: { code, ...(message !== undefined ? { message } : {}), ...extra },
  });
}

/**
 * The id that ties a logged failure to the response. It is a correlation id, not a secret:
 * no node:crypto, whose import alone costs ~5 ms of cold start.
 */
function internalId(requestId: string | undefined): string {
  return (
    requestId ??
    `cf-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  );
}

const nonEmpty = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : undefined;

/** A caller field of a direct call: the event's `userInfo`, else the variable `getWXContext()` reads. */
function callerField(
  userInfo: Record<string, unknown> | undefined,
  key: string,
  env: string,
): string | undefined {
  return nonEmpty(userInfo?.[key]) ?? nonEmpty(process.env[env]);
}

/** Builds the `main` CloudBase calls: `exports.main = async (event, context) => …`. */
export function createMain<I, O>(
  spec: HandlerSpec<I, O>,
): (event: unknown, context?: unknown) => Promise<unknown> {
  const keyEnv = spec.options?.serviceKeyEnv ?? "CLOUDFN_SERVICE_KEY";
  const ipsEnv = spec.options?.allowIpsEnv ?? "CLOUDFN_ALLOW_IPS";
  const maxBody = spec.options?.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let allowCache: { text: string; list: AllowList } | undefined;

  const log = (id: string, what: string, detail: unknown): void => {
    // Errors print with their stack; anything else as one JSON line that log search can read.
    console.error(
      `[cloudfn] ${spec.name} ${what} id=${id}`,
      detail instanceof Error ? detail : JSON.stringify(detail),
    );
  };

  const signatureOptions = {
    secretEnv: spec.options?.signingSecretEnv ?? "CLOUDFN_SIGNING_SECRET",
    nonces: new Map<string, number>(),
  };

  /** Checks an HTTP event and returns its body text, or a reply. */
  const readHttp = (
    event: Event,
    headers: Record<string, string>,
    sourceIp: string | undefined,
  ): string | Reply => {
    const expected = process.env[keyEnv];
    if (!expected)
      return reply(
        500,
        "SERVICE_KEY_NOT_CONFIGURED",
        `set the ${keyEnv} environment variable of this function`,
      );
    const allowText = process.env[ipsEnv];
    if (allowText) {
      if (allowCache?.text !== allowText)
        allowCache = { text: allowText, list: parseAllowList(allowText) };
      if (!sourceIp || !ipAllowed(allowCache.list, sourceIp))
        return reply(403, "IP_NOT_ALLOWED");
    }
    if (!secretMatches(headers["x-wx-service-key"], expected))
      return reply(401, "UNAUTHORIZED");
    const method = event["httpMethod"];
    if (method !== "POST" && String(method).toUpperCase() !== "POST")
      return reply(405, "METHOD_NOT_ALLOWED", "use POST");

    let body = typeof event["body"] === "string" ? event["body"] : "";
    if (event["isBase64Encoded"] === true) {
      if (body.length > ((maxBody + 2) / 3) * 4 + 4)
        return reply(
          413,
          "PAYLOAD_TOO_LARGE",
          `the body is larger than ${maxBody} bytes`,
        );
      try {
        // JSON text is UTF-8: bytes that are not are refused, never patched with U+FFFD.
        body = new TextDecoder("utf-8", { fatal: true }).decode(
          Buffer.from(body, "base64"),
        );
      } catch {
        return reply(400, "INVALID_JSON", "the body is not valid JSON");
      }
    }
    if (
      body.length > maxBody ||
      (body.length * 3 > maxBody && Buffer.byteLength(body) > maxBody)
    ) {
      return reply(
        413,
        "PAYLOAD_TOO_LARGE",
        `the body is larger than ${maxBody} bytes`,
      );
    }
    const type = headers["content-type"];
    if (type !== "application/json" && !(type && JSON_TYPE.test(type))) {
      return reply(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "send Content-Type: application/json",
      );
    }
    return body;
  };

  /** The input of a checked HTTP body, or a reply. */
  const parseHttp = (body: string): unknown => {
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch (e) {
      // V8 names the position, except for a body that ends too soon: then the end is the position.
      const message = (e as Error).message;
      const at =
        /position (\d+)/.exec(message)?.[1] ??
        (/end of JSON input/.test(message) ? String(body.length) : undefined);
      return reply(
        400,
        "INVALID_JSON",
        at
          ? `the body is not valid JSON (at position ${at})`
          : "the body is not valid JSON",
      );
    }
    if (input === null || typeof input !== "object" || Array.isArray(input))
      return reply(400, "BAD_REQUEST", "the body must be a JSON object");
    if (mayHoldProtoKeys(body)) {
      stripProtoKeys(input);
      // Escapes may also make half a surrogate pair: refused, as PHP's json_decode refuses it.
      if (body.includes("\\u") && holdsLoneSurrogate(input))
        return reply(400, "INVALID_JSON", "the body is not valid JSON");
    }
    return input;
  };

  /**
   * A reply when the input, its defaults filled in, does not match the contract. Input nested
   * deeper than the validator can follow (a recursive schema's validator recurses once per level)
   * is refused as invalid, not left to overflow the stack.
   */
  const checkInput = (input: unknown): Reply | undefined => {
    try {
      if (spec.defaults) fillDefaults(input, spec.defaults);
      if (spec.validateInput(input)) return undefined;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return reply(
        400,
        "INVALID_INPUT",
        "the input is nested too deeply to check",
        { issues: [{ path: "/", message: "is nested too deeply" }] },
      );
    }
    return reply(
      400,
      "INVALID_INPUT",
      "the input does not match the contract",
      { issues: issuesOf(spec.validateInput) },
    );
  };

  return async function main(
    rawEvent: unknown,
    rawContext?: unknown,
  ): Promise<unknown> {
    const event = (
      rawEvent && typeof rawEvent === "object" ? rawEvent : {}
    ) as Event;
    const context = (
      rawContext && typeof rawContext === "object" ? rawContext : {}
    ) as Record<string, unknown>;
    const http = isHttpEvent(event);
    const requestContext = (
      http && typeof event["requestContext"] === "object"
        ? event["requestContext"]
        : undefined
    ) as Record<string, unknown> | undefined;
    const requestId =
      nonEmpty(context["request_id"]) ??
      nonEmpty(requestContext?.["requestId"]);
    const headers = http ? lowerCaseKeys(event["headers"]) : {};
    const sourceIp =
      http && spec.options?.trustForwardedFor
        ? forwardedIp(headers, requestContext)
        : platformIp(requestContext);

    let input: unknown;
    let userInfo: Record<string, unknown> | undefined;
    if (http) {
      const body = readHttp(event, headers, sourceIp);
      if (body instanceof Reply) input = body;
      else if (spec.signing) {
        // Verified before the body is parsed: unauthenticated input is never read.
        const refused = await verifySignature(headers, body, signatureOptions);
        input = refused
          ? reply(refused.status, refused.code, refused.message)
          : parseHttp(body);
      } else input = parseHttp(body);
    } else {
      const { userInfo: info, ...rest } = event;
      userInfo =
        info && typeof info === "object"
          ? (info as Record<string, unknown>)
          : undefined;
      input = rest;
    }

    let result: Reply | O;
    const refused = input instanceof Reply ? input : checkInput(input);
    if (refused) result = refused;
    else {
      const ctx: CallContext = {
        shape: http ? "http" : "direct",
        headers,
        sourceIp,
        requestId,
        openId: http ? undefined : callerField(userInfo, "openId", "WX_OPENID"),
        appId: http ? undefined : callerField(userInfo, "appId", "WX_APPID"),
        unionId: http
          ? undefined
          : callerField(userInfo, "unionId", "WX_UNIONID"),
        source: http ? undefined : nonEmpty(process.env["TCB_SOURCE"]),
        functionName: spec.name,
      };
      try {
        result = await spec.impl(input as I, ctx);
        if (!spec.validateOutput(result)) {
          const id = internalId(requestId);
          log(id, "INVALID_OUTPUT", issuesOf(spec.validateOutput));
          result = reply(500, "INVALID_OUTPUT", undefined, { id });
        }
      } catch (e) {
        result = failureReply(e, requestId);
      }
    }

    if (result instanceof Reply) {
      return http
        ? {
            statusCode: result.status,
            headers: { "content-type": JSON_CONTENT_TYPE },
            body: JSON.stringify(result.body),
            isBase64Encoded: false,
          }
        : result.body;
    }
    return http
      ? {
          statusCode: 200,
          headers: { "content-type": JSON_CONTENT_TYPE },
          body: JSON.stringify(result),
          isBase64Encoded: false,
        }
      : result;
  };

  function failureReply(e: unknown, requestId: string | undefined): Reply {
    if (
      e instanceof Error &&
      (e as Partial<DeclaredFailure>)[FAILURE] === true
    ) {
      const failure = e as DeclaredFailure;
      if (failure.code === "NOT_IMPLEMENTED")
        return reply(501, "NOT_IMPLEMENTED", failure.message);
      const declared = Object.prototype.hasOwnProperty.call(
        spec.errors,
        failure.code,
      )
        ? spec.errors[failure.code]
        : undefined;
      const validateData = spec.validateErrorData?.[failure.code];
      if (declared && (!validateData || validateData(failure.data))) {
        const message =
          failure.message !== failure.code
            ? failure.message
            : (declared.message ?? failure.code);
        return reply(
          declared.status,
          failure.code,
          message,
          failure.data === undefined ? {} : { data: failure.data },
        );
      }
      const id = internalId(requestId);
      log(
        id,
        declared
          ? `INVALID_OUTPUT: data of ${failure.code} does not match the contract`
          : `INTERNAL: undeclared error code ${failure.code}`,
        validateData ? issuesOf(validateData) : e,
      );
      return reply(500, declared ? "INVALID_OUTPUT" : "INTERNAL", undefined, {
        id,
      });
    }
    const id = internalId(requestId);
    log(id, "INTERNAL", e);
    return reply(500, "INTERNAL", undefined, { id });
  }
}
