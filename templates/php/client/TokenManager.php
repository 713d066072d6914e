<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

use CloudFn\Exception\WeChatApiException;

/**
 * access_token for the WeChat server API: cached in a store until a margin
 * before `expires_in`, refreshed under the store's lock (so concurrent
 * processes fetch one token), once more after a rejection, and from
 * `cgi-bin/stable_token` on request.
 */
final class TokenManager
{
    /** @var string */
    private $appId;

    /** @var string */
    private $appSecret;

    /** @var bool */
    private $useStableToken;

    /** @var TokenStore */
    private $store;

    /** @var int */
    private $marginMs;

    /** @var string */
    private $apiBaseUrl;

    /** @var Http */
    private $http;

    public function __construct(
        string $appId,
        #[\SensitiveParameter]
        string $appSecret,
        bool $useStableToken,
        TokenStore $store,
        int $refreshMarginSeconds,
        string $apiBaseUrl,
        Http $http
    ) {
        $this->appId = $appId;
        $this->appSecret = $appSecret;
        $this->useStableToken = $useStableToken;
        $this->store = $store;
        $this->marginMs = $refreshMarginSeconds * 1000;
        $this->apiBaseUrl = $apiBaseUrl;
        $this->http = $http;
    }

    /** A valid token: the stored one, or a new one fetched under the store's lock. */
    public function get(string $functionName): string
    {
        $cached = $this->store->get();
        if ($cached !== null && $cached['expiresAt'] - $this->marginMs > self::now()) {
            return $cached['token'];
        }
        return $this->store->locked(function () use ($functionName): string {
            // Another process may have refreshed while this one waited for the lock.
            $cached = $this->store->get();
            if ($cached !== null && $cached['expiresAt'] - $this->marginMs > self::now()) {
                return $cached['token'];
            }
            return $this->fetch(false, $functionName);
        });
    }

    /** After the API rejected `$rejected`: a newer token another process already stored, or a fresh one. */
    public function refreshAfterRejection(
        #[\SensitiveParameter]
        string $rejected,
        string $functionName
    ): string {
        return $this->store->locked(function () use ($rejected, $functionName): string {
            $cached = $this->store->get();
            if ($cached !== null && !hash_equals($cached['token'], $rejected) && $cached['expiresAt'] > self::now()) {
                return $cached['token'];
            }
            $this->store->clear();
            return $this->fetch(true, $functionName);
        });
    }

    private function fetch(bool $force, string $functionName): string
    {
        if ($this->useStableToken) {
            $body = ['grant_type' => 'client_credential', 'appid' => $this->appId, 'secret' => $this->appSecret];
            if ($force) {
                $body['force_refresh'] = true;
            }
            $answer = $this->http->request(
                'POST',
                $this->apiBaseUrl . '/cgi-bin/stable_token',
                ['Content-Type' => 'application/json'],
                (string) json_encode($body),
                10000,
                $functionName
            );
        } else {
            $query = http_build_query(
                ['grant_type' => 'client_credential', 'appid' => $this->appId, 'secret' => $this->appSecret]
            );
            $answer = $this->http->request(
                'GET',
                $this->apiBaseUrl . '/cgi-bin/token?' . $query,
                [],
                null,
                10000,
                $functionName
            );
        }
        $data = json_decode($answer['body'], true);
        if (!is_array($data) || !is_string($data['access_token'] ?? null) || $data['access_token'] === '') {
            $errcode = is_array($data) && is_int($data['errcode'] ?? null) ? $data['errcode'] : -1;
            $said = is_array($data) ? ($data['errmsg'] ?? null) : null;
            $errmsg = is_string($said) ? ' (' . Redact::text($said, [$this->appSecret]) . ')' : '';
            throw new WeChatApiException(
                $errcode,
                'could not get an access_token: errcode ' . $errcode . $errmsg,
                $functionName,
                $answer['status'],
                null,
                Hints::weChat($errcode)
            );
        }
        // The documented lifetime when the answer gives none that makes sense (not a positive number).
        $expiresIn = is_int($data['expires_in'] ?? null) && $data['expires_in'] > 0 ? $data['expires_in'] : 7200;
        $this->store->set($data['access_token'], self::now() + $expiresIn * 1000);
        return $data['access_token'];
    }

    /** Epoch milliseconds. */
    private static function now(): int
    {
        return (int) floor(microtime(true) * 1000);
    }
}
