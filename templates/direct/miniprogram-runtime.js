// Built from templates/ts-client/client-errors.ts and templates/direct/direct-core.ts by scripts/build-miniprogram-runtime.mjs (ES2017 script).
var __defProp = Object.defineProperty;
var __defProps = Object.defineProperties;
var __getOwnPropDescs = Object.getOwnPropertyDescriptors;
var __getOwnPropSymbols = Object.getOwnPropertySymbols;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __propIsEnum = Object.prototype.propertyIsEnumerable;
var __defNormalProp = (obj, key, value) =>
  key in obj
    ? __defProp(obj, key, {
        enumerable: true,
        configurable: true,
        writable: true,
        value,
      })
    : (obj[key] = value);
var __spreadValues = (a, b) => {
  for (var prop in b || (b = {}))
    if (__hasOwnProp.call(b, prop)) __defNormalProp(a, prop, b[prop]);
  if (__getOwnPropSymbols)
    for (var prop of __getOwnPropSymbols(b)) {
      if (__propIsEnum.call(b, prop)) __defNormalProp(a, prop, b[prop]);
    }
  return a;
};
var __spreadProps = (a, b) => __defProps(a, __getOwnPropDescs(b));
var __publicField = (obj, key, value) =>
  __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);
let translateHint;
function useHintTranslation(translate) {
  translateHint = translate;
}
class CloudFnError extends Error {
  constructor(init) {
    super(init.message, init.cause === void 0 ? void 0 : { cause: init.cause });
    /** Stable code: a declared business code, a cloudfn code (`UNAUTHORIZED`, …) or `WECHAT_<errcode>`. */
    __publicField(this, "code");
    /** HTTP status, when there was a response. */
    __publicField(this, "status");
    __publicField(this, "requestId");
    __publicField(this, "functionName");
    /** What to do about it. */
    __publicField(this, "hint");
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.functionName = init.functionName;
    this.hint =
      init.hint !== void 0 && translateHint
        ? translateHint(init.hint)
        : init.hint;
  }
  toString() {
    const id = this.requestId ? ` (request ${this.requestId})` : "";
    return `${this.name} [${this.code}] ${this.functionName}: ${this.message}${id}${
      this.hint
        ? `
hint: ${this.hint}`
        : ""
    }`;
  }
}
class TriggerNotEnabledError extends CloudFnError {}
class FunctionNotFoundError extends CloudFnError {}
class UnauthorizedError extends CloudFnError {}
class IpNotAllowedError extends CloudFnError {}
class GatewayError extends CloudFnError {}
class TimeoutError extends CloudFnError {}
class NetworkError extends CloudFnError {}
class ServerError extends CloudFnError {}
function described(issues) {
  if (issues.length === 0) return "";
  const parts = issues.slice(0, 5).map((i) => `${i.path} ${i.message}`);
  return `: ${parts.join("; ")}${issues.length > 5 ? "; …" : ""}`;
}
class InvalidInputError extends CloudFnError {
  constructor(init) {
    super(
      __spreadProps(__spreadValues({}, init), {
        message: init.message + described(init.issues),
      }),
    );
    __publicField(this, "issues");
    this.issues = init.issues;
  }
}
class InvalidOutputError extends CloudFnError {
  constructor(init) {
    super(
      __spreadProps(__spreadValues({}, init), {
        message: init.message + described(init.issues),
      }),
    );
    __publicField(this, "issues");
    this.issues = init.issues;
  }
}
class WeChatApiError extends CloudFnError {
  constructor(init) {
    super(init);
    __publicField(this, "errcode");
    this.errcode = init.errcode;
  }
}
class BusinessError extends CloudFnError {
  constructor(init) {
    super(init);
    __publicField(this, "data");
    this.data = init.data;
  }
}
const HINTS = {
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
};
function weChatHint(errcode) {
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
    case -501e3:
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
      return void 0;
  }
}
class CallFunctionError extends CloudFnError {
  constructor(init) {
    super(init);
    /** The mini program / wx-server-sdk `errCode`, when there is one. */
    __publicField(this, "errCode");
    this.errCode = init.errCode;
  }
}
const isRec = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v) => (typeof v === "string" ? v : void 0);
function platformHint(code, errCode) {
  if (/NOT_FOUND|NOT_EXIST/.test(code) || errCode === -501e3)
    return "check the function name and that it is deployed in this environment";
  if (/TIME_LIMIT|TIMEOUT/.test(code) || errCode === -501002)
    return "the function did not answer in time; raise the contract's timeoutSeconds";
  if (/EXECUTE_FAIL|INVOCATION_FAILED/.test(code) || errCode === -504002)
    return "the function threw or crashed; its logs in the console say why";
  return "the platform could not run the call; retry, or check the environment and its logs";
}
function platformFailure(name, failure, requestId) {
  var _a, _b, _c, _d, _e;
  const f = isRec(failure) ? failure : {};
  const errCode = typeof f["errCode"] === "number" ? f["errCode"] : void 0;
  const code =
    (_a = str(f["code"])) != null
      ? _a
      : errCode !== void 0
        ? `WX_${errCode}`
        : "CALL_FAILED";
  const message =
    (_c = (_b = str(f["errMsg"])) != null ? _b : str(f["message"])) != null
      ? _c
      : failure instanceof Error
        ? failure.message
        : "the call failed";
  return new CallFunctionError({
    code,
    errCode,
    functionName: name,
    requestId:
      (_e = (_d = str(f["requestId"])) != null ? _d : str(f["requestID"])) !=
      null
        ? _e
        : requestId,
    message,
    hint: platformHint(code, errCode),
  });
}
function handlerFailure(spec, error, requestId) {
  var _a;
  const code = error["code"];
  const message = (_a = str(error["message"])) != null ? _a : code;
  const base = { functionName: spec.name, requestId, code, message };
  if (Object.prototype.hasOwnProperty.call(spec.errors, code))
    return new BusinessError(
      __spreadProps(__spreadValues({}, base), {
        status: spec.errors[code],
        data: error["data"],
      }),
    );
  if (code === "INVALID_INPUT")
    return new InvalidInputError(
      __spreadProps(__spreadValues({}, base), {
        issues: Array.isArray(error["issues"]) ? error["issues"] : [],
      }),
    );
  const id = str(error["id"]);
  return new CloudFnError(
    __spreadProps(__spreadValues({}, base), {
      message: id ? `${message} (id ${id})` : message,
    }),
  );
}
async function callDirect(sdk, spec, input, options = {}) {
  var _a, _b, _c, _d;
  const issues =
    (_b = (_a = options.validators) == null ? void 0 : _a[spec.name]) == null
      ? void 0
      : _b.call(_a, input);
  if (issues)
    throw new InvalidInputError({
      code: "INVALID_INPUT",
      functionName: spec.name,
      message: "the input does not match the contract; nothing was sent",
      issues,
    });
  let answer;
  try {
    answer = await sdk.callFunction({ name: spec.name, data: input });
  } catch (e) {
    throw platformFailure(spec.name, e, void 0);
  }
  const a = isRec(answer) ? answer : {};
  const requestId =
    (_c = str(a["requestId"])) != null ? _c : str(a["requestID"]);
  if (
    !("result" in a) &&
    (str(a["code"]) || /:fail/.test((_d = str(a["errMsg"])) != null ? _d : ""))
  )
    throw platformFailure(spec.name, a, requestId);
  const result = a["result"];
  if (
    isRec(result) &&
    Object.keys(result).length === 1 &&
    isRec(result["error"]) &&
    typeof result["error"]["code"] === "string"
  )
    throw handlerFailure(spec, result["error"], requestId);
  return result;
}
