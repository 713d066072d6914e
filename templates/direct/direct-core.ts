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
import {
  BusinessError,
  CloudFnError,
  InvalidInputError,
  type CloudFnErrorInit,
  type Issue,
} from "../ts-client/client-errors.js";

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
export class CallFunctionError extends CloudFnError {
  /** The mini program / wx-server-sdk `errCode`, when there is one. */
  readonly errCode: number | undefined;
  constructor(init: CloudFnErrorInit & { errCode: number | undefined }) {
    super(init);
    this.errCode = init.errCode;
  }
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : undefined;

function platformHint(code: string, errCode: number | undefined): string {
  if (/NOT_FOUND|NOT_EXIST/.test(code) || errCode === -501000)
    return "check the function name and that it is deployed in this environment";
  if (/TIME_LIMIT|TIMEOUT/.test(code) || errCode === -501002)
    return "the function did not answer in time; raise the contract's timeoutSeconds";
  if (/EXECUTE_FAIL|INVOCATION_FAILED/.test(code) || errCode === -504002)
    return "the function threw or crashed; its logs in the console say why";
  return "the platform could not run the call; retry, or check the environment and its logs";
}

/** The SDK's failure as a CallFunctionError. */
function platformFailure(
  name: string,
  failure: unknown,
  requestId: string | undefined,
): CallFunctionError {
  const f = isRec(failure) ? failure : {};
  const errCode = typeof f["errCode"] === "number" ? f["errCode"] : undefined;
  const code =
    str(f["code"]) ?? (errCode !== undefined ? `WX_${errCode}` : "CALL_FAILED");
  const message =
    str(f["errMsg"]) ??
    str(f["message"]) ??
    (failure instanceof Error ? failure.message : "the call failed");
  return new CallFunctionError({
    code,
    errCode,
    functionName: name,
    requestId: str(f["requestId"]) ?? str(f["requestID"]) ?? requestId,
    message,
    hint: platformHint(code, errCode),
  });
}

/** The handler's answer for a refused call, as the server client maps it. */
function handlerFailure(
  spec: DirectSpec,
  error: Rec,
  requestId: string | undefined,
): CloudFnError {
  const code = error["code"] as string;
  const message = str(error["message"]) ?? code;
  const base = { functionName: spec.name, requestId, code, message };
  if (Object.prototype.hasOwnProperty.call(spec.errors, code))
    return new BusinessError({
      ...base,
      status: spec.errors[code],
      data: error["data"],
    });
  if (code === "INVALID_INPUT")
    return new InvalidInputError({
      ...base,
      issues: Array.isArray(error["issues"])
        ? (error["issues"] as { path: string; message: string }[])
        : [],
    });
  const id = str(error["id"]);
  return new CloudFnError({
    ...base,
    message: id ? `${message} (id ${id})` : message,
  });
}

/** Calls one function through `sdk`; resolves with its output, or throws a typed CloudFnError. */
export async function callDirect(
  sdk: CallFunctionSdk,
  spec: DirectSpec,
  input: unknown,
  options: DirectOptions = {},
): Promise<unknown> {
  const issues = options.validators?.[spec.name]?.(input);
  if (issues)
    throw new InvalidInputError({
      code: "INVALID_INPUT",
      functionName: spec.name,
      message: "the input does not match the contract; nothing was sent",
      issues,
    });
  let answer: unknown;
  try {
    answer = await sdk.callFunction({ name: spec.name, data: input });
  } catch (e) {
    throw platformFailure(spec.name, e, undefined);
  }
  const a = isRec(answer) ? answer : {};
  const requestId = str(a["requestId"]) ?? str(a["requestID"]);
  if (
    !("result" in a) &&
    (str(a["code"]) || /:fail/.test(str(a["errMsg"]) ?? ""))
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
