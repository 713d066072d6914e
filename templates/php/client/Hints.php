<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * What to do about each failure: the same text the TypeScript client gives
 * (a test keeps the two identical).
 */
final class Hints
{
    public const NOT_FOUND = 'enable the HTTP trigger (HTTP access service) for this path and publish the function';
    public const UNAUTHORIZED = 'send the service key from the HTTP access service security settings,'
        . ' not the env id or the AppID';
    public const IP_NOT_ALLOWED = "add this server's public IP to the security whitelist";
    public const GATEWAY = 'the function is not published, crashed or timed out; check its logs with the request id';
    public const TIMEOUT = "the function did not answer in time;"
        . " raise the contract's timeoutSeconds or the call's timeoutMs";
    public const NETWORK = 'check the base URL and that this server can reach it';
    public const SERVICE_KEY_NOT_CONFIGURED = 'set the CLOUDFN_SERVICE_KEY environment variable of the function';
    public const NOT_IMPLEMENTED = "write the function's impl.ts and deploy it";
    public const SIGNING = "sign requests with the function's signing secret (http.signingSecret)"
        . " and keep this server's clock in sync";
    public const SIGNING_SECRET_NOT_CONFIGURED = 'set the CLOUDFN_SIGNING_SECRET environment variable of the function';
    public const BEARER = 'identity authentication is on for this path:'
        . " pass bearerToken, an API key from the console's API Key page";
    public const API_UNAUTHORIZED = "HTTP API authentication: pass an API key from the console's API Key page";
    public const API_FORBIDDEN = "the token's identity may not call this function:"
        . " check the function's security rules and identity authentication";
    public const FUNCTION_NOT_FOUND = 'check the envId and the function name,'
        . ' and that the function is deployed in this env';
    public const QUALIFIER_NOT_FOUND = 'no such version: check the qualifier,'
        . ' or leave it out to call the released version';
    public const API_BAD_BODY = 'the HTTP API takes a JSON object as the body, and only event functions';
    public const RESOURCE_LIMIT = 'the function is at its concurrency or memory limit;'
        . ' retry later or raise the limit in the console';
    public const INVALID_HOST = 'use https://<envId>.api.tcloudbasegateway.com as the base URL, with the right env id';
    public const INTERNAL = "the function failed; find the id in the function's logs";
    public const CONTRACT_MISMATCH = 'caller and function disagree on the contract: regenerate and redeploy both';

    /** The hints in Chinese, by their English text (the TypeScript client's table; a test keeps them equal). */
    public const ZH = [
        'enable the HTTP trigger (HTTP access service) for this path and publish the function'
            => '为该路径开启 HTTP 触发（HTTP 访问服务）并发布函数',
        'send the service key from the HTTP access service security settings, not the env id or the AppID'
            => '发送 HTTP 访问服务安全设置中的服务密钥（service key），不是环境 ID 或 AppID',
        'add this server\'s public IP to the security whitelist' => '把本服务器的公网 IP 加入安全白名单',
        'the function is not published, crashed or timed out; check its logs with the request id'
            => '函数未发布、崩溃或超时；用请求 ID 查看它的日志',
        'the function did not answer in time; raise the contract\'s timeoutSeconds or the call\'s timeoutMs'
            => '函数没有按时应答；调大契约中的 timeoutSeconds 或本次调用的 timeoutMs',
        'check the base URL and that this server can reach it' => '检查 baseUrl，以及本服务器能否访问它',
        'set the CLOUDFN_SERVICE_KEY environment variable of the function' => '为函数设置环境变量 CLOUDFN_SERVICE_KEY',
        'write the function\'s impl.ts and deploy it' => '编写函数的 impl.ts 并部署',
        'identity authentication is on for this path: pass bearerToken, an API key from the console\'s API'
            . ' Key page'
            => '该路径开启了身份认证：传入 bearerToken，即控制台 API Key 页面上的 API Key',
        'sign requests with the function\'s signing secret (http.signingSecret) and keep this server\'s'
            . ' clock in sync'
            => '用函数的签名密钥（http.signingSecret）为请求签名，并保持本服务器时钟准确',
        'set the CLOUDFN_SIGNING_SECRET environment variable of the function' => '为函数设置环境变量 CLOUDFN_SIGNING_SECRET',
        'HTTP API authentication: pass an API key from the console\'s API Key page'
            => 'HTTP API 认证：传入控制台 API Key 页面上的 API Key',
        'the token\'s identity may not call this function: check the function\'s security rules and'
            . ' identity authentication'
            => '该令牌的身份无权调用此函数：检查函数的安全规则和身份认证设置',
        'check the envId and the function name, and that the function is deployed in this env'
            => '检查 envId 和函数名，以及函数是否已部署在该环境中',
        'no such version: check the qualifier, or leave it out to call the released version'
            => '没有这个版本：检查 qualifier，或省略它以调用已发布的版本',
        'the HTTP API takes a JSON object as the body, and only event functions'
            => 'HTTP API 的请求体必须是 JSON 对象，且只能调用事件函数',
        'the function is at its concurrency or memory limit; retry later or raise the limit in the'
            . ' console'
            => '函数已达并发或内存上限；稍后重试，或在控制台调高上限',
        'use https://<envId>.api.tcloudbasegateway.com as the base URL, with the right env id'
            => '以 https://<envId>.api.tcloudbasegateway.com 作为 baseUrl，并使用正确的环境 ID',
        'the function failed; find the id in the function\'s logs' => '函数执行失败；在函数日志中查找这个 id',
        'caller and function disagree on the contract: regenerate and redeploy both' => '调用方与函数的契约不一致：两端都重新生成并重新部署',
        'check the AppSecret (reset it in the WeChat console if it leaked)' => '检查 AppSecret（如已泄露，在微信公众平台重置）',
        'check the AppID' => '检查 AppID',
        'the access_token is invalid or expired; one refresher per app, and prefer stable_token when'
            . ' several servers share it'
            => 'access_token 无效或已过期；每个应用只由一处刷新，多台服务器共用时优先用 stable_token',
        'add this server\'s IP to the API IP whitelist in the WeChat console' => '在微信公众平台把本服务器 IP 加入接口 IP 白名单',
        'the API quota is used up; cache the access_token instead of fetching one per call'
            => '接口调用额度已用完；缓存 access_token，不要每次调用都重新获取',
        'cloud development is not enabled for this app' => '该小程序未开通云开发',
        'the WeChat API is busy; retry later' => '微信接口繁忙；稍后重试',
        'check the env id, the function name, and that the function is deployed in this env'
            => '检查环境 ID 和函数名，以及函数是否已部署在该环境中',
        'a cloud system error on the platform\'s side; retry later' => '云开发平台侧系统错误；稍后重试',
        'the invoke API gives a function 5 s; use the HTTP trigger for longer calls'
            => 'invoke 接口只给函数 5 秒；更长的调用请用 HTTP 触发',
        'the environment\'s request quota is used up; see its quota in the console' => '环境的请求额度已用完；在控制台查看额度',
        'the function failed while running; its logs in the console say why' => '函数运行失败；原因见控制台中的函数日志',
    ];

    /**
     * The hint in the process's language: Chinese when CLOUDFN_LANG, LC_ALL, LC_MESSAGES or LANG
     * (the first one set) starts with "zh", English otherwise or without a translation.
     */
    public static function localized(string $hint): string
    {
        foreach (['CLOUDFN_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as $name) {
            $value = getenv($name);
            if (is_string($value) && $value !== '') {
                return strncasecmp($value, 'zh', 2) === 0 ? (self::ZH[$hint] ?? $hint) : $hint;
            }
        }
        return $hint;
    }

    /** Hints for WeChat API errcodes a caller can act on. */
    public static function weChat(int $errcode): ?string
    {
        switch ($errcode) {
            case 40001:
                return 'check the AppSecret (reset it in the WeChat console if it leaked)';
            case 40013:
                return 'check the AppID';
            case 40014:
            case 42001:
                return 'the access_token is invalid or expired; one refresher per app, '
                    . 'and prefer stable_token when several servers share it';
            case 40164:
                return "add this server's IP to the API IP whitelist in the WeChat console";
            case 45009:
            case 45011:
                return 'the API quota is used up; cache the access_token instead of fetching one per call';
            case 85088:
                return 'cloud development is not enabled for this app';
            case -1:
                return 'the WeChat API is busy; retry later';
            case -501000:
                return 'check the env id, the function name, and that the function is deployed in this env';
            case -501001:
                return 'a cloud system error on the platform\'s side; retry later';
            case -501002:
                return 'the invoke API gives a function 5 s; use the HTTP trigger for longer calls';
            case -501003:
                return 'the environment\'s request quota is used up; see its quota in the console';
            case -504002:
                return 'the function failed while running; its logs in the console say why';
            default:
                return null;
        }
    }
}
