<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

use CloudFn\Exception\CloudFnException;
use CloudFn\Exception\InvalidOutputException;
use CloudFn\Exception\WeChatApiException;

/**
 * The three ways a server reaches a cloud function, each one request (or two,
 * after a rejected token) turned into the function's value or a typed
 * CloudFnException: the HTTP trigger (service key, optional signature), the
 * CloudBase HTTP API (Bearer API key) and the WeChat server API (access_token,
 * errcodes). `$send(url, headers, payload)` makes the request and returns
 * ['status', 'requestId', 'body']; ClientCore picks a transport, times it and
 * validates. PHP 7.4 and later.
 */
final class Transports
{
    private const TOKEN_REJECTED = [40001, 40014, 42001];
    private const NO_RETRY = [45009, 45011];

    /**
     * POST to the function's HTTP trigger path with the service key (and a signature when the contract asks).
     *
     * @param array<string, mixed> $http the client's `http` options
     * @param array<string, mixed> $spec
     * @return mixed the decoded output
     */
    public static function viaHttp(array $http, array $spec, string $payload, callable $send)
    {
        $headers = ['Content-Type' => 'application/json', 'X-WX-SERVICE-KEY' => $http['serviceKey']];
        if (($spec['signing'] ?? false) === true) {
            $secret = $http['signingSecret'] ?? null;
            if (!is_string($secret) || $secret === '') {
                throw new CloudFnException(
                    'SIGNING_SECRET_MISSING',
                    $spec['name'] . ' takes signed requests only; nothing was sent',
                    $spec['name'],
                    null,
                    null,
                    Hints::SIGNING
                );
            }
            $timestamp = (string) time();
            $nonce = bin2hex(random_bytes(16));
            $headers['X-CLOUDFN-TIMESTAMP'] = $timestamp;
            $headers['X-CLOUDFN-NONCE'] = $nonce;
            $signed = $timestamp . "\n" . $nonce . "\n" . $payload;
            $headers['X-CLOUDFN-SIGNATURE'] = hash_hmac('sha256', $signed, $secret);
        }
        if (is_string($http['bearerToken'] ?? null) && $http['bearerToken'] !== '') {
            // The access service's identity authentication, when it is on for the path.
            $headers['Authorization'] = 'Bearer ' . $http['bearerToken'];
        }
        $answer = $send(rtrim($http['baseUrl'], '/') . $spec['path'], $headers, $payload);
        if ($answer['status'] >= 200 && $answer['status'] < 300) {
            if (($answer['json'] ?? true) === false) {
                throw new InvalidOutputException(
                    'the answer is not JSON',
                    $spec['name'],
                    [],
                    $answer['status'],
                    $answer['requestId']
                );
            }
            return $answer['body'];
        }
        throw AnswerErrors::fromAnswer($spec, $answer);
    }

    /**
     * POST /v1/functions/{name} with a Bearer API key (or a token from getAccessToken, asked again once after a 401).
     *
     * @param array<string, mixed> $api the client's `api` options
     * @param array<string, mixed> $spec
     * @return mixed the decoded output
     */
    public static function viaApi(array $api, array $spec, string $payload, callable $send)
    {
        $base = rtrim((string) ($api['baseUrl'] ?? 'https://' . $api['envId'] . '.api.tcloudbasegateway.com'), '/');
        $token = self::apiToken($api);
        for ($again = false;; $again = true) {
            $headers = ['Content-Type' => 'application/json', 'Authorization' => 'Bearer ' . $token];
            if (is_string($api['qualifier'] ?? null) && $api['qualifier'] !== '') {
                $headers['X-Qualifier'] = $api['qualifier'];
            }
            $answer = $send($base . '/v1/functions/' . rawurlencode($spec['name']), $headers, $payload);
            if ($answer['status'] >= 200 && $answer['status'] < 300) {
                // The handler's own errors come back as its value, as on a direct call.
                if (AnswerErrors::handlerError($answer['body']) !== null) {
                    throw AnswerErrors::fromAnswer($spec, ['status' => null] + $answer);
                }
                return $answer['body'];
            }
            if ($answer['status'] === 401 && isset($api['getAccessToken']) && !$again) {
                $fresh = self::apiToken($api);
                if ($fresh !== $token) {
                    $token = $fresh;
                    continue;
                }
            }
            throw AnswerErrors::fromApiAnswer($spec, $answer, $token);
        }
    }

    /**
     * @param array<string, mixed> $api
     */
    private static function apiToken(array $api): string
    {
        return isset($api['getAccessToken']) ? (string) ($api['getAccessToken'])() : (string) $api['apiKey'];
    }

    /**
     * tcb/invokecloudfunction with an access_token: from getAccessToken, or from the token manager, which is
     * asked for a fresh one once when WeChat rejects it.
     *
     * @param array<string, mixed> $cloud the client's `cloud` options
     * @param array<string, mixed> $spec
     * @return mixed the decoded output
     */
    public static function viaCloud(
        array $cloud,
        ?TokenManager $tokens,
        array $spec,
        string $payload,
        callable $send
    ) {
        $token = self::token($cloud, $tokens, $spec['name']);
        for ($refreshed = false;; $refreshed = true) {
            $url = self::weChatApiBase($cloud) . '/tcb/invokecloudfunction?' . http_build_query(
                ['access_token' => $token, 'env' => $cloud['env'], 'name' => $spec['name']]
            );
            $answer = $send($url, ['Content-Type' => 'application/json'], $payload);
            $body = $answer['body'] instanceof \stdClass ? $answer['body'] : new \stdClass();
            $errcode = is_int($body->errcode ?? null) ? $body->errcode : ($answer['status'] === 200 ? 0 : -1);
            if ($errcode === 0 && is_string($body->resp_data ?? null)) {
                $data = self::decode($body->resp_data);
                if (AnswerErrors::handlerError($data) !== null) {
                    throw AnswerErrors::fromAnswer(
                        $spec,
                        ['status' => null, 'requestId' => $answer['requestId'], 'body' => $data]
                    );
                }
                return $data;
            }
            if (in_array($errcode, self::TOKEN_REJECTED, true) && !$refreshed && $tokens !== null) {
                $token = $tokens->refreshAfterRejection($token, $spec['name']);
                continue;
            }
            if ($errcode === 0) {
                // Success said (or assumed from a 200), but no answer of the function's to read.
                throw new WeChatApiException(
                    -1,
                    "the WeChat API answered without resp_data (the function's answer)",
                    $spec['name'],
                    $answer['status'],
                    $answer['requestId']
                );
            }
            $errmsg = is_string($body->errmsg ?? null)
                ? Redact::text($body->errmsg, [$token, $cloud['appSecret'] ?? null])
                : '';
            throw new WeChatApiException(
                $errcode,
                'the WeChat API answered errcode ' . $errcode . ($errmsg !== '' ? ' (' . $errmsg . ')' : '')
                    . (in_array($errcode, self::NO_RETRY, true) ? '; not retried' : ''),
                $spec['name'],
                $answer['status'],
                $answer['requestId'],
                Hints::weChat($errcode)
            );
        }
    }

    /**
     * @param array<string, mixed> $cloud
     */
    private static function token(array $cloud, ?TokenManager $tokens, string $functionName): string
    {
        $own = $cloud['getAccessToken'] ?? null;
        if ($own !== null) {
            return (string) $own();
        }
        return $tokens->get($functionName);
    }

    /**
     * The WeChat server API's base URL, without a trailing slash.
     *
     * @param array<string, mixed> $cloud
     */
    public static function weChatApiBase(array $cloud): string
    {
        return rtrim((string) ($cloud['apiBaseUrl'] ?? 'https://api.weixin.qq.com'), '/');
    }

    /**
     * JSON text decoded with objects as \stdClass (so `{}` and `[]` stay apart); null when not JSON,
     * and then `$isJson` false (JSON `null` is null too, with `$isJson` true).
     *
     * @return mixed
     */
    public static function decode(string $text, ?bool &$isJson = null)
    {
        $isJson = false;
        if ($text === '') {
            return null;
        }
        try {
            $value = json_decode($text, false, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            return null;
        }
        $isJson = true;
        return $value;
    }
}
