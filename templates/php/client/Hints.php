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
