/**
 * The engine behind a generated client: calls a cloud function over the HTTP
 * trigger, the CloudBase HTTP API or the WeChat server API, validates input
 * before sending and output on receipt, times out, retries only where that is
 * safe, and turns every failure into a typed CloudFnError. Node 20+ built-ins
 * only (global fetch). This client is for servers: it holds the service key,
 * the API key or the AppSecret. The requests themselves are in
 * client-transports.ts.
 */
import {
  BusinessError,
  CloudFnError,
  GatewayError,
  HINTS,
  InvalidInputError,
  InvalidOutputError,
  NetworkError,
  TimeoutError,
  useHintTranslation,
  WeChatApiError,
} from "./client-errors.js";
import { localizedHint } from "./client-hints-zh.js";
import {
  TokenManager,
  type FetchLike,
  type TokenStore,
} from "./token-manager.js";
import { issuesOf, type Validator } from "../shared/validate-runtime.js";
import {
  checkedErrorData,
  isRecord,
  redactedCause,
  type Answer,
} from "./client-answers.js";
import {
  parseJson,
  viaApi,
  viaCloud,
  viaHttp,
  weChatApiBase,
} from "./client-transports.js";

// Hints in Chinese when the process's locale (or CLOUDFN_LANG) starts with zh.
useHintTranslation(localizedHint);

/** One function as the client knows it (generated from its contract). */
export interface FunctionSpec {
  name: string;
  path: string;
  timeoutSeconds: number;
  idempotent: boolean;
  /** Declared error codes and their statuses. */
  errors: Readonly<Record<string, number>>;
  validateInput: Validator;
  validateOutput: Validator;
  /** The data of each declared error that has data, by code (checked as the output is). */
  validateErrorData?: Readonly<Record<string, Validator>>;
  /** Requests over the HTTP trigger are signed (HMAC-SHA256 of timestamp, nonce and body). */
  signing?: boolean;
}

/** Call through the HTTP trigger (HTTP access service). */
export interface HttpTransport {
  /** e.g. `https://<envId>.service.tcloudbase.com`, without a trailing path. */
  baseUrl: string;
  /** The service key from the HTTP access service's security settings (not the env id or AppID). */
  serviceKey: string;
  /** Sent as `Authorization: Bearer …` when the path has the access service's identity authentication on. */
  bearerToken?: string;
  /** The shared secret of functions whose contract asks for signed requests (`"signing": "hmac-sha256"`). */
  signingSecret?: string;
}

/** Call through the CloudBase HTTP API (`POST /v1/functions/{name}`), the documented server-to-server way. */
export interface ApiTransport {
  /** The CloudBase environment id. */
  envId: string;
  /** An API key from the console's API Key page (long-lived, admin rights); or give getAccessToken. */
  apiKey?: string;
  /** Bring a token of your own (a user access token, 2 h); asked again once when the API answers 401. */
  getAccessToken?: () => Promise<string>;
  /** Default `https://<envId>.api.tcloudbasegateway.com`; the emulator and tests override it. */
  baseUrl?: string;
  /** A function version to call (`X-Qualifier`); default the released one. */
  qualifier?: string;
}

/** Call through the WeChat server API (`tcb/invokecloudfunction`). */
export interface CloudTransport {
  env: string;
  appId?: string;
  appSecret?: string;
  /** Bring your own token (e.g. from a central token service) instead of appId/appSecret. */
  getAccessToken?: () => Promise<string>;
  /** Use `cgi-bin/stable_token` (recommended when several servers share one app). */
  useStableToken?: boolean;
  /** Share the token across a fleet (Redis, a database); default in memory. */
  tokenStore?: TokenStore;
  /** Default `https://api.weixin.qq.com`; the emulator and tests override it. */
  apiBaseUrl?: string;
  refreshMarginSeconds?: number;
}

export interface RetryOptions {
  /** Extra attempts after the first. Default 2. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface RequestInfo {
  functionName: string;
  transport: "http" | "api" | "cloud";
  /** The URL called, with any access_token replaced by `***`. */
  url: string;
  attempt: number;
}

export interface ResponseInfo extends RequestInfo {
  status: number | undefined;
  durationMs: number;
  requestId: string | undefined;
  error: CloudFnError | undefined;
}

export interface ClientOptions {
  /** Exactly one of `http`, `api` and `cloud`. */
  http?: HttpTransport;
  api?: ApiTransport;
  cloud?: CloudTransport;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Validate input before sending. Default true. */
  validateInput?: boolean;
  /** Validate output on receipt. Default true. */
  validateOutput?: boolean;
  /** Added to the contract's timeout for the default per-call timeout. Default 5000. */
  timeoutMarginMs?: number;
  /** Retries for network errors and 502, only for idempotent functions; `false` to switch off. */
  retry?: RetryOptions | false;
  onRequest?: (info: RequestInfo) => void;
  onResponse?: (info: ResponseInfo) => void;
}

export interface CallOptions {
  /** Default: the contract's timeoutSeconds (the invoke API: at most 5 s) plus the margin. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const INVOKE_LIMIT_SECONDS = 5;
export class ClientCore {
  private readonly fetchImpl: FetchLike;
  private readonly tokens: TokenManager | undefined;
  private readonly options: ClientOptions;

  constructor(options: ClientOptions) {
    this.options = options;
    const given = [options.http, options.api, options.cloud].filter(Boolean);
    if (given.length !== 1)
      throw new TypeError(
        "cloudfn client: give exactly one of `http`, `api` or `cloud` in the options",
      );
    const api = options.api;
    if (api && (!api.envId || !api.apiKey === !api.getAccessToken))
      throw new TypeError(
        "cloudfn client: `api` needs envId, and one of apiKey or getAccessToken",
      );
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    const cloud = options.cloud;
    if (cloud && !cloud.getAccessToken) {
      if (!cloud.appId || !cloud.appSecret)
        throw new TypeError(
          "cloudfn client: `cloud` needs appId and appSecret, or getAccessToken",
        );
      this.tokens = new TokenManager(
        {
          appId: cloud.appId,
          appSecret: cloud.appSecret,
          ...(cloud.useStableToken !== undefined
            ? { useStableToken: cloud.useStableToken }
            : {}),
          ...(cloud.tokenStore ? { store: cloud.tokenStore } : {}),
          ...(cloud.refreshMarginSeconds !== undefined
            ? { refreshMarginSeconds: cloud.refreshMarginSeconds }
            : {}),
        },
        weChatApiBase(cloud),
        this.fetchImpl,
      );
    }
  }

  async call<O>(
    spec: FunctionSpec,
    input: unknown,
    callOptions: CallOptions = {},
  ): Promise<O> {
    if (this.options.validateInput !== false && !spec.validateInput(input)) {
      throw new InvalidInputError({
        code: "INVALID_INPUT",
        functionName: spec.name,
        message: "the input does not match the contract; nothing was sent",
        issues: issuesOf(spec.validateInput),
      });
    }
    const retry =
      this.options.retry === false
        ? { retries: 0 }
        : (this.options.retry ?? {});
    const retries = retry.retries ?? 2;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt<O>(spec, input, callOptions, attempt);
      } catch (e) {
        const busy = e instanceof WeChatApiError && e.errcode === -1;
        const transient =
          e instanceof NetworkError || e instanceof GatewayError;
        if (
          attempt > retries ||
          !(busy || (transient && spec.idempotent)) ||
          callOptions.signal?.aborted
        )
          throw e;
        const cap = Math.min(
          retry.maxDelayMs ?? 2000,
          (retry.baseDelayMs ?? 100) * 2 ** (attempt - 1),
        );
        await sleep(Math.random() * cap, callOptions.signal);
      }
    }
  }

  private async attempt<O>(
    spec: FunctionSpec,
    input: unknown,
    callOptions: CallOptions,
    attempt: number,
  ): Promise<O> {
    const transport = this.options.http
      ? "http"
      : this.options.api
        ? "api"
        : "cloud";
    const limit =
      transport === "cloud"
        ? Math.min(spec.timeoutSeconds, INVOKE_LIMIT_SECONDS)
        : spec.timeoutSeconds;
    const timeoutMs =
      callOptions.timeoutMs ??
      limit * 1000 + (this.options.timeoutMarginMs ?? 5000);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callOptions.signal
      ? AbortSignal.any([timeout, callOptions.signal])
      : timeout;
    const started = Date.now();
    let info: RequestInfo = {
      functionName: spec.name,
      transport,
      url: "",
      attempt,
    };
    let answer: Answer | undefined;
    try {
      const send = (url: string, init: RequestInit): Promise<Answer> => {
        info = {
          ...info,
          url: url.replace(/access_token=[^&]*/, "access_token=***"),
        };
        this.options.onRequest?.(info);
        return this.send(spec, url, init, signal, timeout, timeoutMs);
      };
      const seen = (a: Answer): void => void (answer = a);
      const { http, api, cloud } = this.options;
      const output = http
        ? await viaHttp(http, spec, input, send, seen)
        : api
          ? await viaApi(api, spec, input, send, seen)
          : await viaCloud(cloud!, this.tokens, spec, input, send, seen);
      if (
        this.options.validateOutput !== false &&
        !spec.validateOutput(output)
      ) {
        throw new InvalidOutputError({
          code: "INVALID_OUTPUT",
          functionName: spec.name,
          status: answer?.status,
          requestId: answer?.requestId,
          message: "the answer does not match the contract",
          issues: issuesOf(spec.validateOutput),
          hint: HINTS.contractMismatch,
        });
      }
      this.options.onResponse?.({
        ...info,
        status: answer?.status,
        durationMs: Date.now() - started,
        requestId: answer?.requestId,
        error: undefined,
      });
      return output as O;
    } catch (e) {
      let error =
        e instanceof CloudFnError
          ? e
          : new CloudFnError({
              code: "CLIENT",
              functionName: spec.name,
              message: "unexpected client failure",
              cause: e,
            });
      if (
        error instanceof BusinessError &&
        this.options.validateOutput !== false
      )
        error = checkedErrorData(spec, error);
      this.options.onResponse?.({
        ...info,
        status: error.status,
        durationMs: Date.now() - started,
        requestId: error.requestId,
        error,
      });
      throw error;
    }
  }

  private async send(
    spec: FunctionSpec,
    url: string,
    init: RequestInit,
    signal: AbortSignal,
    timeout: AbortSignal,
    timeoutMs: number,
  ): Promise<Answer> {
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { ...init, signal });
      text = await response.text();
    } catch (e) {
      const origin = new URL(url).origin;
      if (timeout.aborted)
        throw new TimeoutError({
          code: "TIMEOUT",
          functionName: spec.name,
          message: `no answer from ${origin} within ${timeoutMs} ms`,
          hint: HINTS.timeout,
        });
      if (signal.aborted)
        throw new CloudFnError({
          code: "ABORTED",
          functionName: spec.name,
          message: "the call was aborted",
          cause: signal.reason,
        });
      throw new NetworkError({
        code: "NETWORK",
        functionName: spec.name,
        message: `could not reach ${origin}`,
        hint: HINTS.network,
        cause: redactedCause(e),
      });
    }
    // A function's string value comes back as text/plain (HTTP API and trigger alike).
    const plain = /^text\/plain\b/i.test(
      response.headers.get("content-type") ?? "",
    );
    const body = plain && response.ok ? text : parseJson(text);
    const requestId =
      response.headers.get("x-request-id") ??
      (isRecord(body) && typeof body["requestId"] === "string"
        ? body["requestId"]
        : undefined);
    return { status: response.status, requestId, body };
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
