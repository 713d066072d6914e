/**
 * The three ways a server reaches a cloud function, each one request (or two,
 * after a rejected token) turned into the function's value or a typed
 * CloudFnError: the HTTP trigger (service key, optional signature), the
 * CloudBase HTTP API (Bearer API key) and the WeChat server API
 * (access_token, errcodes). `ClientCore` picks one, times it and validates.
 */
import { createHmac, randomBytes } from "node:crypto";
import {
  CloudFnError,
  HINTS,
  InvalidOutputError,
  NetworkError,
  WeChatApiError,
  weChatHint,
} from "./client-errors.js";
import type { TokenManager } from "./token-manager.js";
import {
  apiErrorFromAnswer,
  errorFromAnswer,
  handlerError,
  isRecord,
  redactText,
  redactedCause,
  type Answer,
} from "./client-answers.js";
import type {
  ApiTransport,
  CloudTransport,
  FunctionSpec,
  HttpTransport,
} from "./client-core.js";

/** Sends one request (the core adds the signal, the timing and the hooks). */
export type Send = (url: string, init: RequestInit) => Promise<Answer>;

/** Called with each answer as it arrives, so that a failure after it still reports its status. */
export type Seen = (answer: Answer) => void;

const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
const NO_RETRY_CODES = new Set([45009, 45011]);

/** JSON text as a value; undefined when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The WeChat server API's base URL, without a trailing slash. */
export function weChatApiBase(cloud: CloudTransport | undefined): string {
  return (cloud?.apiBaseUrl ?? "https://api.weixin.qq.com").replace(/\/+$/, "");
}

/** POST to the function's HTTP trigger path with the service key (and a signature when the contract asks). */
export async function viaHttp(
  http: HttpTransport,
  spec: FunctionSpec,
  input: unknown,
  send: Send,
  seen: Seen,
): Promise<unknown> {
  const body = JSON.stringify(input);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-wx-service-key": http.serviceKey,
  };
  if (http.bearerToken) headers["authorization"] = `Bearer ${http.bearerToken}`;
  if (spec.signing) {
    if (!http.signingSecret)
      throw new CloudFnError({
        code: "SIGNING_SECRET_MISSING",
        functionName: spec.name,
        message: `${spec.name} takes signed requests only; nothing was sent`,
        hint: HINTS.signing,
      });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString("hex");
    headers["x-cloudfn-timestamp"] = timestamp;
    headers["x-cloudfn-nonce"] = nonce;
    headers["x-cloudfn-signature"] = createHmac("sha256", http.signingSecret)
      .update(`${timestamp}\n${nonce}\n${body}`)
      .digest("hex");
  }
  const answer = await send(`${http.baseUrl.replace(/\/+$/, "")}${spec.path}`, {
    method: "POST",
    headers,
    body,
  });
  seen(answer);
  if (
    answer.status !== undefined &&
    answer.status >= 200 &&
    answer.status < 300
  ) {
    if (answer.body === undefined)
      throw new InvalidOutputError({
        code: "INVALID_OUTPUT",
        functionName: spec.name,
        status: answer.status,
        requestId: answer.requestId,
        message: "the answer is not JSON",
        issues: [],
      });
    return answer.body;
  }
  throw errorFromAnswer(spec, answer);
}

/** POST /v1/functions/{name} with a Bearer API key (or a token from getAccessToken, asked again once after a 401). */
export async function viaApi(
  api: ApiTransport,
  spec: FunctionSpec,
  input: unknown,
  send: Send,
  seen: Seen,
): Promise<unknown> {
  const base = (
    api.baseUrl ?? `https://${api.envId}.api.tcloudbasegateway.com`
  ).replace(/\/+$/, "");
  let token = await apiToken(api, spec);
  for (let again = false; ; again = true) {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    };
    if (api.qualifier) headers["x-qualifier"] = api.qualifier;
    const answer = await send(
      `${base}/v1/functions/${encodeURIComponent(spec.name)}`,
      { method: "POST", headers, body: JSON.stringify(input) },
    );
    seen(answer);
    if (
      answer.status !== undefined &&
      answer.status >= 200 &&
      answer.status < 300
    ) {
      // The handler's own errors come back as its value, as on a direct call.
      if (handlerError(answer.body))
        throw errorFromAnswer(spec, { ...answer, status: undefined });
      return answer.body;
    }
    if (answer.status === 401 && api.getAccessToken && !again) {
      const fresh = await apiToken(api, spec);
      if (fresh !== token) {
        token = fresh;
        continue;
      }
    }
    throw apiErrorFromAnswer(spec, answer, token);
  }
}

async function apiToken(
  api: ApiTransport,
  spec: FunctionSpec,
): Promise<string> {
  if (api.apiKey) return api.apiKey;
  try {
    return await api.getAccessToken!();
  } catch (e) {
    throw new CloudFnError({
      code: "ACCESS_TOKEN",
      functionName: spec.name,
      message: "getAccessToken failed",
      hint: HINTS.apiUnauthorized,
      cause: e,
    });
  }
}

/**
 * tcb/invokecloudfunction with an access_token: from getAccessToken, or from the
 * token manager, which is asked for a fresh one once when WeChat rejects it.
 */
export async function viaCloud(
  cloud: CloudTransport,
  tokens: TokenManager | undefined,
  spec: FunctionSpec,
  input: unknown,
  send: Send,
  seen: Seen,
): Promise<unknown> {
  let token = await cloudToken(cloud, tokens, spec);
  for (let refreshed = false; ; refreshed = true) {
    const url = `${weChatApiBase(cloud)}/tcb/invokecloudfunction?access_token=${encodeURIComponent(token)}&env=${encodeURIComponent(cloud.env)}&name=${encodeURIComponent(spec.name)}`;
    const answer = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    seen(answer);
    const body = isRecord(answer.body) ? answer.body : {};
    const errcode =
      typeof body["errcode"] === "number"
        ? body["errcode"]
        : answer.status === 200
          ? 0
          : -1;
    if (errcode === 0 && typeof body["resp_data"] === "string") {
      const data = parseJson(body["resp_data"]);
      if (handlerError(data))
        throw errorFromAnswer(spec, {
          ...answer,
          status: undefined,
          body: data,
        });
      return data;
    }
    if (TOKEN_REJECTED.has(errcode) && !refreshed && tokens) {
      token = await tokens.refreshAfterRejection(token);
      continue;
    }
    if (errcode === 0)
      // Success said (or assumed from a 200), but no answer of the function's to read.
      throw new WeChatApiError({
        code: "WECHAT_-1",
        errcode: -1,
        functionName: spec.name,
        status: answer.status,
        requestId: answer.requestId,
        message:
          "the WeChat API answered without resp_data (the function's answer)",
      });
    const errmsg =
      typeof body["errmsg"] === "string"
        ? redactText(body["errmsg"], token, cloud.appSecret)
        : "";
    throw new WeChatApiError({
      code: `WECHAT_${errcode}`,
      errcode,
      functionName: spec.name,
      status: answer.status,
      requestId: answer.requestId,
      message: `the WeChat API answered errcode ${errcode}${errmsg ? ` (${errmsg})` : ""}${NO_RETRY_CODES.has(errcode) ? "; not retried" : ""}`,
      hint: weChatHint(errcode),
    });
  }
}

async function cloudToken(
  cloud: CloudTransport,
  tokens: TokenManager | undefined,
  spec: FunctionSpec,
): Promise<string> {
  if (cloud.getAccessToken) return cloud.getAccessToken();
  try {
    return await tokens!.get();
  } catch (e) {
    if (e instanceof CloudFnError) throw e;
    throw new NetworkError({
      code: "NETWORK",
      functionName: spec.name,
      message: `could not reach ${weChatApiBase(cloud)} for an access_token`,
      hint: HINTS.network,
      cause: redactedCause(e),
    });
  }
}
