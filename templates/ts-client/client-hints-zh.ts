/**
 * The client's hints in Chinese, by their English text (client-errors.ts). The server client
 * installs this translation; it applies when `CLOUDFN_LANG`, `LC_ALL`, `LC_MESSAGES` or `LANG` of
 * the process starts with `zh`, read when the error is made. A test holds it complete.
 */
import { HINTS } from "./client-errors.js";

export const HINTS_ZH: Readonly<Record<string, string>> = {
  [HINTS.notFound]: "为该路径开启 HTTP 触发（HTTP 访问服务）并发布函数",
  [HINTS.unauthorized]:
    "发送 HTTP 访问服务安全设置中的服务密钥（service key），不是环境 ID 或 AppID",
  [HINTS.ipNotAllowed]: "把本服务器的公网 IP 加入安全白名单",
  [HINTS.gateway]: "函数未发布、崩溃或超时；用请求 ID 查看它的日志",
  [HINTS.timeout]:
    "函数没有按时应答；调大契约中的 timeoutSeconds 或本次调用的 timeoutMs",
  [HINTS.network]: "检查 baseUrl，以及本服务器能否访问它",
  [HINTS.serviceKeyNotConfigured]: "为函数设置环境变量 CLOUDFN_SERVICE_KEY",
  [HINTS.notImplemented]: "编写函数的 impl.ts 并部署",
  [HINTS.bearer]:
    "该路径开启了身份认证：传入 bearerToken，即控制台 API Key 页面上的 API Key",
  [HINTS.signing]:
    "用函数的签名密钥（http.signingSecret）为请求签名，并保持本服务器时钟准确",
  [HINTS.signingSecretNotConfigured]:
    "为函数设置环境变量 CLOUDFN_SIGNING_SECRET",
  [HINTS.apiUnauthorized]: "HTTP API 认证：传入控制台 API Key 页面上的 API Key",
  [HINTS.apiForbidden]:
    "该令牌的身份无权调用此函数：检查函数的安全规则和身份认证设置",
  [HINTS.functionNotFound]: "检查 envId 和函数名，以及函数是否已部署在该环境中",
  [HINTS.qualifierNotFound]:
    "没有这个版本：检查 qualifier，或省略它以调用已发布的版本",
  [HINTS.apiBadBody]: "HTTP API 的请求体必须是 JSON 对象，且只能调用事件函数",
  [HINTS.resourceLimit]: "函数已达并发或内存上限；稍后重试，或在控制台调高上限",
  [HINTS.invalidHost]:
    "以 https://<envId>.api.tcloudbasegateway.com 作为 baseUrl，并使用正确的环境 ID",
  [HINTS.internal]: "函数执行失败；在函数日志中查找这个 id",
  [HINTS.contractMismatch]:
    "调用方与函数的契约不一致：两端都重新生成并重新部署",
  "check the AppSecret (reset it in the WeChat console if it leaked)":
    "检查 AppSecret（如已泄露，在微信公众平台重置）",
  "check the AppID": "检查 AppID",
  "the access_token is invalid or expired; one refresher per app, and prefer stable_token when several servers share it":
    "access_token 无效或已过期；每个应用只由一处刷新，多台服务器共用时优先用 stable_token",
  "add this server's IP to the API IP whitelist in the WeChat console":
    "在微信公众平台把本服务器 IP 加入接口 IP 白名单",
  "the API quota is used up; cache the access_token instead of fetching one per call":
    "接口调用额度已用完；缓存 access_token，不要每次调用都重新获取",
  "cloud development is not enabled for this app": "该小程序未开通云开发",
  "the WeChat API is busy; retry later": "微信接口繁忙；稍后重试",
  "check the env id, the function name, and that the function is deployed in this env":
    "检查环境 ID 和函数名，以及函数是否已部署在该环境中",
  "a cloud system error on the platform's side; retry later":
    "云开发平台侧系统错误；稍后重试",
  "the invoke API gives a function 5 s; use the HTTP trigger for longer calls":
    "invoke 接口只给函数 5 秒；更长的调用请用 HTTP 触发",
  "the environment's request quota is used up; see its quota in the console":
    "环境的请求额度已用完；在控制台查看额度",
  "the function failed while running; its logs in the console say why":
    "函数运行失败；原因见控制台中的函数日志",
};

/** True when the process asks for Chinese. */
export function wantsChinese(): boolean {
  const env =
    (globalThis as { process?: { env?: Record<string, string | undefined> } })
      .process?.env ?? {};
  const locale =
    env["CLOUDFN_LANG"] ||
    env["LC_ALL"] ||
    env["LC_MESSAGES"] ||
    env["LANG"] ||
    "";
  return /^zh/i.test(locale);
}

/** The hint in the process's language (English when it has no translation). */
export function localizedHint(hint: string): string {
  return wantsChinese() ? (HINTS_ZH[hint] ?? hint) : hint;
}
