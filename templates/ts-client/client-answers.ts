/**
 * What the client makes of an answer: the gateway's, the platform's or the handler's error shapes
 * turned into typed CloudFnErrors, with secrets redacted from anything echoed back.
 */
import {
  BusinessError,
  CloudFnError,
  FunctionNotFoundError,
  GatewayError,
  HINTS,
  InvalidInputError,
  InvalidOutputError,
  IpNotAllowedError,
  ServerError,
  TriggerNotEnabledError,
  UnauthorizedError,
  type CloudFnErrorInit,
} from "./client-errors.js";
import type { FunctionSpec } from "./client-core.js";
import { issuesOf } from "../shared/validate-runtime.js";

export type Answer = {
  status: number | undefined;
  requestId: string | undefined;
  body: unknown;
};

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The handler's error shape: `{ "error": { "code": … } }` and nothing else. */
export function handlerError(
  body: unknown,
): Record<string, unknown> | undefined {
  if (
    !isRecord(body) ||
    Object.keys(body).length !== 1 ||
    !isRecord(body["error"])
  )
    return undefined;
  return typeof body["error"]["code"] === "string" ? body["error"] : undefined;
}

export function redactText(
  text: string,
  ...secrets: (string | undefined)[]
): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join("***");
  return out;
}

/** Network errors can carry the URL (with an access_token); keep only their code. */
export function redactedCause(e: unknown): unknown {
  const cause =
    e instanceof Error ? ((e as { cause?: unknown }).cause ?? e) : e;
  const code =
    isRecord(cause) && typeof cause["code"] === "string"
      ? cause["code"]
      : undefined;
  return code ? { code } : undefined;
}

/** Maps a non-success answer (handler error body, or gateway status) to its error class. */
export function errorFromAnswer(
  spec: FunctionSpec,
  answer: Answer,
): CloudFnError {
  const base = {
    functionName: spec.name,
    status: answer.status,
    requestId: answer.requestId,
  };
  const err = handlerError(answer.body);
  if (err) {
    const code = err["code"] as string;
    const message = typeof err["message"] === "string" ? err["message"] : code;
    const withId =
      typeof err["id"] === "string" ? `${message} (id ${err["id"]})` : message;
    if (Object.prototype.hasOwnProperty.call(spec.errors, code))
      return new BusinessError({
        ...base,
        status: spec.errors[code],
        code,
        message,
        data: err["data"],
      });
    const init: CloudFnErrorInit = { ...base, code, message: withId };
    switch (code) {
      case "INVALID_INPUT":
        return new InvalidInputError({
          ...init,
          issues: Array.isArray(err["issues"])
            ? (err["issues"] as { path: string; message: string }[])
            : [],
        });
      case "UNAUTHORIZED":
        return new UnauthorizedError({ ...init, hint: HINTS.unauthorized });
      case "SIGNATURE_REQUIRED":
      case "BAD_SIGNATURE":
      case "SIGNATURE_EXPIRED":
      case "REPLAYED":
        return new UnauthorizedError({ ...init, hint: HINTS.signing });
      case "SIGNING_SECRET_NOT_CONFIGURED":
        return new ServerError({
          ...init,
          hint: HINTS.signingSecretNotConfigured,
        });
      case "IP_NOT_ALLOWED":
        return new IpNotAllowedError({ ...init, hint: HINTS.ipNotAllowed });
      case "SERVICE_KEY_NOT_CONFIGURED":
        return new ServerError({
          ...init,
          hint: HINTS.serviceKeyNotConfigured,
        });
      case "NOT_IMPLEMENTED":
        return new ServerError({ ...init, hint: HINTS.notImplemented });
      case "INTERNAL":
      case "INVALID_OUTPUT":
        return new ServerError({ ...init, hint: HINTS.internal });
      default:
        return new CloudFnError(init);
    }
  }
  const gateway =
    isRecord(answer.body) && typeof answer.body["code"] === "string"
      ? answer.body["code"]
      : undefined;
  const text =
    isRecord(answer.body) && typeof answer.body["message"] === "string"
      ? answer.body["message"]
      : `HTTP ${answer.status}`;
  switch (answer.status) {
    case 404:
      return new TriggerNotEnabledError({
        ...base,
        code: gateway ?? "NOT_FOUND",
        message: `${text} (${spec.path})`,
        hint: HINTS.notFound,
      });
    case 401:
      // The access service's identity authentication answers MISSING_/INVALID_CREDENTIALS.
      return gateway === "MISSING_CREDENTIALS" ||
        gateway === "INVALID_CREDENTIALS"
        ? new UnauthorizedError({
            ...base,
            code: gateway,
            message: text,
            hint: HINTS.bearer,
          })
        : new UnauthorizedError({
            ...base,
            code: "UNAUTHORIZED",
            message: text,
            hint: HINTS.unauthorized,
          });
    case 403:
      return new IpNotAllowedError({
        ...base,
        code: "IP_NOT_ALLOWED",
        message: text,
        hint: HINTS.ipNotAllowed,
      });
    case 502:
    case 503:
    case 504:
      return new GatewayError({
        ...base,
        code: gateway ?? "GATEWAY",
        message: text,
        hint: HINTS.gateway,
      });
    default:
      return new CloudFnError({
        ...base,
        code: gateway ?? `HTTP_${answer.status}`,
        message: text,
      });
  }
}

/**
 * Maps a CloudBase HTTP API failure (`{ code, message, requestId }`) to its error class and hint;
 * anything else is read as the trigger's answers are. `token` is redacted from the message.
 */
export function apiErrorFromAnswer(
  spec: FunctionSpec,
  answer: Answer,
  token: string,
): CloudFnError {
  const body = isRecord(answer.body) ? answer.body : {};
  const code = typeof body["code"] === "string" ? body["code"] : undefined;
  if (!code) return errorFromAnswer(spec, answer);
  const init = {
    functionName: spec.name,
    status: answer.status,
    requestId: answer.requestId,
    code,
    message: redactText(
      typeof body["message"] === "string" ? body["message"] : code,
      token,
    ),
  };
  switch (code) {
    case "MISSING_CREDENTIALS":
    case "INVALID_CREDENTIALS":
    case "CREDENTIALS_EXPIRED":
      return new UnauthorizedError({ ...init, hint: HINTS.apiUnauthorized });
    case "EXCEED_AUTHORITY":
    case "ACTION_FORBIDDEN":
      return new UnauthorizedError({ ...init, hint: HINTS.apiForbidden });
    case "FUNCTION_NOT_FOUND":
      return new FunctionNotFoundError({
        ...init,
        hint: HINTS.functionNotFound,
      });
    case "FUNCTION_QUALIFIER_NOT_FOUND":
      return new FunctionNotFoundError({
        ...init,
        hint: HINTS.qualifierNotFound,
      });
    case "FUNCTION_PARAM_INVALID":
      return new CloudFnError({ ...init, hint: HINTS.apiBadBody });
    case "FUNCTION_TIME_LIMIT_EXCEEDED":
      return new GatewayError({ ...init, hint: HINTS.timeout });
    case "FUNCTION_EXCEED_RESOURCE_LIMIT":
    case "FUNCTION_MEMORY_LIMIT_EXCEEDED":
      return new GatewayError({ ...init, hint: HINTS.resourceLimit });
    case "FUNCTION_INVOCATION_FAILED":
    case "FUNCTION_STATUS_ABNORMAL":
      return new GatewayError({ ...init, hint: HINTS.gateway });
    case "INVALID_HOST":
      return new CloudFnError({ ...init, hint: HINTS.invalidHost });
    default:
      return errorFromAnswer(spec, answer);
  }
}

/**
 * A declared error whose data does not match what the contract declares for its code is a
 * contract failure (InvalidOutputError, its issues under `/error/data`), as an answer is.
 */
export function checkedErrorData(
  spec: FunctionSpec,
  error: BusinessError,
): CloudFnError {
  const validate = spec.validateErrorData?.[error.code];
  if (!validate || validate(error.data)) return error;
  return new InvalidOutputError({
    code: "INVALID_OUTPUT",
    functionName: spec.name,
    status: error.status,
    requestId: error.requestId,
    message: `the data of ${error.code} does not match the contract`,
    issues: issuesOf(validate).map((i) => ({
      ...i,
      path: i.path === "/" ? "/error/data" : `/error/data${i.path}`,
    })),
    hint: HINTS.contractMismatch,
  });
}
