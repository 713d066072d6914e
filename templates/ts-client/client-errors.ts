/**
 * Errors a cloudfn client throws. Every one is a `CloudFnError` with `code`,
 * `status`, `requestId`, `functionName` and a `hint` saying what to do; a
 * subclass per failure a caller handles differently. No message, field or
 * `toString()` ever holds the service key, the AppSecret or an access_token.
 */

export interface CloudFnErrorInit {
  code: string;
  message: string;
  functionName: string;
  status?: number | undefined;
  requestId?: string | undefined;
  hint?: string | undefined;
  cause?: unknown;
}

let translateHint: ((hint: string) => string) | undefined;

/** Installs a translation of hints (the server client installs the Chinese one: client-hints-zh.ts). */
export function useHintTranslation(translate: (hint: string) => string): void {
  translateHint = translate;
}

export class CloudFnError extends Error {
  /** Stable code: a declared business code, a cloudfn code (`UNAUTHORIZED`, …) or `WECHAT_<errcode>`. */
  readonly code: string;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly functionName: string;
  /** What to do about it. */
  readonly hint: string | undefined;

  constructor(init: CloudFnErrorInit) {
    super(
      init.message,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.functionName = init.functionName;
    this.hint =
      init.hint !== undefined && translateHint
        ? translateHint(init.hint)
        : init.hint;
  }

  override toString(): string {
    const id = this.requestId ? ` (request ${this.requestId})` : "";
    return `${this.name} [${this.code}] ${this.functionName}: ${this.message}${id}${this.hint ? `\nhint: ${this.hint}` : ""}`;
  }
}

/** 404 from the gateway: no trigger at that path. */
export class TriggerNotEnabledError extends CloudFnError {}
/** 404 from the HTTP API: no such function (or version) in the environment. */
export class FunctionNotFoundError extends CloudFnError {}
/** 401: missing or wrong X-WX-SERVICE-KEY, or (HTTP API) a missing or invalid Bearer token. */
export class UnauthorizedError extends CloudFnError {}
/** 403: this server's IP is not on the whitelist. */
export class IpNotAllowedError extends CloudFnError {}
/** 502: the function is not published, crashed or timed out on the platform. */
export class GatewayError extends CloudFnError {}
/** No answer within the call's timeout. */
export class TimeoutError extends CloudFnError {}
/** The network failed before an answer (connection refused, reset, DNS). */
export class NetworkError extends CloudFnError {}
/** The function answered 5xx itself (INTERNAL, INVALID_OUTPUT, SERVICE_KEY_NOT_CONFIGURED, NOT_IMPLEMENTED). */
export class ServerError extends CloudFnError {}

export interface Issue {
  /** JSON pointer of the offending value, e.g. `/items/0/quantity`. */
  path: string;
  message: string;
}

/** The first five issues for a message: `: /items/0/quantity must be >= 1; /payment is required`. */
function described(issues: readonly Issue[]): string {
  if (issues.length === 0) return "";
  const parts = issues.slice(0, 5).map((i) => `${i.path} ${i.message}`);
  return `: ${parts.join("; ")}${issues.length > 5 ? "; …" : ""}`;
}

/** The input does not match the contract: refused before sending, or by the function (400). */
export class InvalidInputError extends CloudFnError {
  readonly issues: Issue[];
  constructor(init: CloudFnErrorInit & { issues: Issue[] }) {
    super({ ...init, message: init.message + described(init.issues) });
    this.issues = init.issues;
  }
}

/** The function's answer does not match the contract. */
export class InvalidOutputError extends CloudFnError {
  readonly issues: Issue[];
  constructor(init: CloudFnErrorInit & { issues: Issue[] }) {
    super({ ...init, message: init.message + described(init.issues) });
    this.issues = init.issues;
  }
}

/** The WeChat server API answered a non-zero errcode. */
export class WeChatApiError extends CloudFnError {
  readonly errcode: number;
  constructor(init: CloudFnErrorInit & { errcode: number }) {
    super(init);
    this.errcode = init.errcode;
  }
}

/** A business error the contract declares; generated guards narrow `code` and `data` per function. */
export class BusinessError extends CloudFnError {
  readonly data: unknown;
  constructor(init: CloudFnErrorInit & { data: unknown }) {
    super(init);
    this.data = init.data;
  }
}

export const HINTS = {
  notFound:
    "enable the HTTP trigger (HTTP access service) for this path and publish the function",
  unauthorized:
    "send the service key from the HTTP access service security settings, not the env id or the AppID",
  ipNotAllowed: "add this server's public IP to the security whitelist",
  gateway:
    "the function is not published, crashed or timed out; check its logs with the request id",
  timeout:
    "the function did not answer in time; raise the contract's timeoutSeconds or the call's timeoutMs",
  network: "check the base URL and that this server can reach it",
  serviceKeyNotConfigured:
    "set the CLOUDFN_SERVICE_KEY environment variable of the function",
  notImplemented: "write the function's impl.ts and deploy it",
  bearer:
    "identity authentication is on for this path: pass bearerToken, an API key from the console's API Key page",
  signing:
    "sign requests with the function's signing secret (http.signingSecret) and keep this server's clock in sync",
  signingSecretNotConfigured:
    "set the CLOUDFN_SIGNING_SECRET environment variable of the function",
  apiUnauthorized:
    "HTTP API authentication: pass an API key from the console's API Key page",
  apiForbidden:
    "the token's identity may not call this function: check the function's security rules and identity authentication",
  functionNotFound:
    "check the envId and the function name, and that the function is deployed in this env",
  qualifierNotFound:
    "no such version: check the qualifier, or leave it out to call the released version",
  apiBadBody:
    "the HTTP API takes a JSON object as the body, and only event functions",
  resourceLimit:
    "the function is at its concurrency or memory limit; retry later or raise the limit in the console",
  invalidHost:
    "use https://<envId>.api.tcloudbasegateway.com as the base URL, with the right env id",
  internal: "the function failed; find the id in the function's logs",
  contractMismatch:
    "caller and function disagree on the contract: regenerate and redeploy both",
} as const;

/** Hints for WeChat API errcodes a caller can act on. */
export function weChatHint(errcode: number): string | undefined {
  switch (errcode) {
    case 40001:
      return "check the AppSecret (reset it in the WeChat console if it leaked)";
    case 40013:
      return "check the AppID";
    case 40014:
    case 42001:
      return "the access_token is invalid or expired; one refresher per app, and prefer stable_token when several servers share it";
    case 40164:
      return "add this server's IP to the API IP whitelist in the WeChat console";
    case 45009:
    case 45011:
      return "the API quota is used up; cache the access_token instead of fetching one per call";
    case 85088:
      return "cloud development is not enabled for this app";
    case -1:
      return "the WeChat API is busy; retry later";
    case -501000:
      return "check the env id, the function name, and that the function is deployed in this env";
    case -501001:
      return "a cloud system error on the platform's side; retry later";
    case -501002:
      return "the invoke API gives a function 5 s; use the HTTP trigger for longer calls";
    case -501003:
      return "the environment's request quota is used up; see its quota in the console";
    case -504002:
      return "the function failed while running; its logs in the console say why";
    default:
      return undefined;
  }
}
