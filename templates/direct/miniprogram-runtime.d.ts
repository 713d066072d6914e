// Built from templates/ts-client/client-errors.ts and templates/direct/direct-core.ts by scripts/build-miniprogram-runtime.mjs (declarations).
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
/** Installs a translation of hints (the server client installs the Chinese one: client-hints-zh.ts). */
export declare function useHintTranslation(
  translate: (hint: string) => string,
): void;
export declare class CloudFnError extends Error {
  /** Stable code: a declared business code, a cloudfn code (`UNAUTHORIZED`, …) or `WECHAT_<errcode>`. */
  readonly code: string;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly functionName: string;
  /** What to do about it. */
  readonly hint: string | undefined;
  constructor(init: CloudFnErrorInit);
  toString(): string;
}
/** 404 from the gateway: no trigger at that path. */
export declare class TriggerNotEnabledError extends CloudFnError {}
/** 404 from the HTTP API: no such function (or version) in the environment. */
export declare class FunctionNotFoundError extends CloudFnError {}
/** 401: missing or wrong X-WX-SERVICE-KEY, or (HTTP API) a missing or invalid Bearer token. */
export declare class UnauthorizedError extends CloudFnError {}
/** 403: this server's IP is not on the whitelist. */
export declare class IpNotAllowedError extends CloudFnError {}
/** 502: the function is not published, crashed or timed out on the platform. */
export declare class GatewayError extends CloudFnError {}
/** No answer within the call's timeout. */
export declare class TimeoutError extends CloudFnError {}
/** The network failed before an answer (connection refused, reset, DNS). */
export declare class NetworkError extends CloudFnError {}
/** The function answered 5xx itself (INTERNAL, INVALID_OUTPUT, SERVICE_KEY_NOT_CONFIGURED, NOT_IMPLEMENTED). */
export declare class ServerError extends CloudFnError {}
export interface Issue {
  /** JSON pointer of the offending value, e.g. `/items/0/quantity`. */
  path: string;
  message: string;
}
/** The input does not match the contract: refused before sending, or by the function (400). */
export declare class InvalidInputError extends CloudFnError {
  readonly issues: Issue[];
  constructor(
    init: CloudFnErrorInit & {
      issues: Issue[];
    },
  );
}
/** The function's answer does not match the contract. */
export declare class InvalidOutputError extends CloudFnError {
  readonly issues: Issue[];
  constructor(
    init: CloudFnErrorInit & {
      issues: Issue[];
    },
  );
}
/** The WeChat server API answered a non-zero errcode. */
export declare class WeChatApiError extends CloudFnError {
  readonly errcode: number;
  constructor(
    init: CloudFnErrorInit & {
      errcode: number;
    },
  );
}
/** A business error the contract declares; generated guards narrow `code` and `data` per function. */
export declare class BusinessError extends CloudFnError {
  readonly data: unknown;
  constructor(
    init: CloudFnErrorInit & {
      data: unknown;
    },
  );
}
export declare const HINTS: {
  readonly notFound: "enable the HTTP trigger (HTTP access service) for this path and publish the function";
  readonly unauthorized: "send the service key from the HTTP access service security settings, not the env id or the AppID";
  readonly ipNotAllowed: "add this server's public IP to the security whitelist";
  readonly gateway: "the function is not published, crashed or timed out; check its logs with the request id";
  readonly timeout: "the function did not answer in time; raise the contract's timeoutSeconds or the call's timeoutMs";
  readonly network: "check the base URL and that this server can reach it";
  readonly serviceKeyNotConfigured: "set the CLOUDFN_SERVICE_KEY environment variable of the function";
  readonly notImplemented: "write the function's impl.ts and deploy it";
  readonly bearer: "identity authentication is on for this path: pass bearerToken, an API key from the console's API Key page";
  readonly signing: "sign requests with the function's signing secret (http.signingSecret) and keep this server's clock in sync";
  readonly signingSecretNotConfigured: "set the CLOUDFN_SIGNING_SECRET environment variable of the function";
  readonly apiUnauthorized: "HTTP API authentication: pass an API key from the console's API Key page";
  readonly apiForbidden: "the token's identity may not call this function: check the function's security rules and identity authentication";
  readonly functionNotFound: "check the envId and the function name, and that the function is deployed in this env";
  readonly qualifierNotFound: "no such version: check the qualifier, or leave it out to call the released version";
  readonly apiBadBody: "the HTTP API takes a JSON object as the body, and only event functions";
  readonly resourceLimit: "the function is at its concurrency or memory limit; retry later or raise the limit in the console";
  readonly invalidHost: "use https://<envId>.api.tcloudbasegateway.com as the base URL, with the right env id";
  readonly internal: "the function failed; find the id in the function's logs";
  readonly contractMismatch: "caller and function disagree on the contract: regenerate and redeploy both";
};
/** Hints for WeChat API errcodes a caller can act on. */
export declare function weChatHint(errcode: number): string | undefined;
/**
 * The engine behind the generated direct-call wrappers (`<out>/direct.ts`): calls a cloud
 * function through the SDK object the caller already has, never over HTTP. One shape fits all
 * four: `wx.cloud` in a mini program and `cloud` from wx-server-sdk answer
 * `{ errMsg, result, requestID }` and reject with `{ errCode, errMsg }`; `app` from
 * @cloudbase/js-sdk and @cloudbase/node-sdk answer `{ result, requestId }` and fail with
 * `{ code, message, requestId }` (thrown, or returned in place of a result). The function's own
 * answer is its value: an output, or the handler's `{ error: { code, … } }`, mapped to the same
 * typed errors as the server client. No dependency, no Node built-in: runs in a mini program.
 */
/** Anything with the SDKs' `callFunction({ name, data })`. */
export interface CallFunctionSdk {
  callFunction(options: { name: string; data?: unknown }): Promise<unknown>;
}
/** One function as the wrapper knows it (generated from its contract). */
export interface DirectSpec {
  name: string;
  /** Declared error codes and their statuses. */
  errors: Readonly<Record<string, number>>;
}
/** Checks an input; the issues when it breaks the contract. */
export type InputCheck = (input: unknown) => Issue[] | undefined;
export interface DirectOptions {
  /**
   * Input checks by function name (`import { validators } from "./direct-validators.js"`): invalid
   * input is refused before calling. Left out, the function checks it (and the package stays small).
   */
  validators?: Readonly<Record<string, InputCheck>>;
}
/** The platform could not run the call: the SDK's failure (`errCode`/`errMsg`, or `code`/`message`). */
export declare class CallFunctionError extends CloudFnError {
  /** The mini program / wx-server-sdk `errCode`, when there is one. */
  readonly errCode: number | undefined;
  constructor(
    init: CloudFnErrorInit & {
      errCode: number | undefined;
    },
  );
}
/** Calls one function through `sdk`; resolves with its output, or throws a typed CloudFnError. */
export declare function callDirect(
  sdk: CallFunctionSdk,
  spec: DirectSpec,
  input: unknown,
  options?: DirectOptions,
): Promise<unknown>;
