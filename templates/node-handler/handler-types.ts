/**
 * What the handler runtime (runtime.ts) takes and gives: the spec a generated
 * index.ts hands to `createMain`, the context an implementation receives, and
 * the shapes of its answers.
 */
import type { Validator } from "../shared/validate-runtime.js";
import type { InputDefaults } from "./defaults.js";

/** What an implementation knows about the call. */
export interface CallContext {
  /** `http`: through the HTTP trigger; `direct`: `callFunction` / the invoke API. */
  shape: "http" | "direct";
  /** Request headers, lower-cased (empty for direct calls). */
  headers: Readonly<Record<string, string>>;
  /** Caller IP when the platform reports it. */
  sourceIp: string | undefined;
  /** The platform's request id, when it gives one. */
  requestId: string | undefined;
  /**
   * The caller on a direct call, as `getWXContext()` gives it: from the event's `userInfo`, else
   * the platform's per-call variables (`WX_OPENID`, `WX_APPID`, `WX_UNIONID`, `TCB_SOURCE`).
   */
  openId: string | undefined;
  appId: string | undefined;
  unionId: string | undefined;
  /** Who called: `wx_client` (a mini program), `wx_http` (the WeChat API), `scf` (another function), … */
  source: string | undefined;
  /** The cloud function's name. */
  functionName: string;
}

/** Options of the generated handler; every field has a safe default. */
export interface HandlerOptions {
  /** Environment variable holding the service key. Default `CLOUDFN_SERVICE_KEY`. */
  serviceKeyEnv?: string;
  /** Environment variable holding the IP/CIDR allowlist (comma-separated). Default `CLOUDFN_ALLOW_IPS`. */
  allowIpsEnv?: string;
  /** Largest accepted body, in bytes. Default 6 MB, the platform's limit. */
  maxBodyBytes?: number;
  /**
   * Behind a proxy of your own that sets `X-Forwarded-For`: take the caller IP from its first hop
   * (a value that is not an IP fails the allowlist). Off by default: anyone can send that header.
   */
  trustForwardedFor?: boolean;
  /** Environment variable holding the signing secret. Default `CLOUDFN_SIGNING_SECRET`. */
  signingSecretEnv?: string;
}

export interface HandlerSpec<I, O> {
  name: string;
  /** Declared errors: code → status and default message. */
  errors: Readonly<Record<string, { status: number; message?: string }>>;
  validateInput: Validator;
  /** Defaults the contract declares, filled into members a caller left out before the input is checked. */
  defaults?: InputDefaults;
  validateOutput: Validator;
  /** Validators of declared errors' data, by code. */
  validateErrorData?: Readonly<Record<string, Validator>>;
  /** Signed requests over HTTP: `x-cloudfn-timestamp`, `x-cloudfn-nonce`, `x-cloudfn-signature`. */
  signing?: boolean;
  impl: (input: I, ctx: CallContext) => Promise<O> | O;
  options?: HandlerOptions;
}

/** The integration response the HTTP trigger turns into an HTTP response. */
export interface IntegrationResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export interface ErrorBody {
  error: {
    code: string;
    message?: string;
    data?: unknown;
    issues?: { path: string; message: string }[];
    id?: string;
  };
}
