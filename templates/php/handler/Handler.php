<?php

declare(strict_types=1);

namespace CloudFn\Handler;

use CloudFn\Runtime\JsonObjects;
use CloudFn\Runtime\JsonValue;
use CloudFn\Runtime\SchemaValidator;

/**
 * The code that runs inside a PHP cloud function, in front of the user's
 * `impl.php`: the same checks, in the same order, with the same status
 * codes and bodies as the Node handler. Accepts both event shapes (HTTP
 * trigger and direct invoke), given as objects (the 7.4/8.0 runtimes) or
 * arrays; fails closed without a service key; never answers with a trace.
 * PHP 7.4 syntax, ext-json and ext-mbstring only.
 */
final class Handler
{
    private const DEFAULT_MAX_BODY = 6291456;
    private const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
    private const JSON_TYPE = '/^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i';
    private const JSON_DEPTH = 512;

    /**
     * Answers one invocation.
     *
     * @param array<string, mixed> $spec the function's contract (contract.php)
     * @param mixed $rawEvent
     * @param mixed $rawContext
     * @param callable(array<string|int, mixed>, array<string, mixed>): mixed $impl
     * @return mixed the integration response (HTTP trigger) or the result (direct call)
     */
    public static function run(array $spec, $rawEvent, $rawContext, callable $impl)
    {
        $event = JsonValue::toArrays($rawEvent);
        $event = is_array($event) ? $event : [];
        $context = JsonValue::toArrays($rawContext);
        $context = is_array($context) ? $context : [];
        $http = is_string($event['httpMethod'] ?? null) && is_array($event['headers'] ?? null);
        $requestContext = $http && is_array($event['requestContext'] ?? null) ? $event['requestContext'] : [];
        $requestId = $context['request_id'] ?? $requestContext['requestId'] ?? null;
        $requestId = is_string($requestId) ? $requestId : null;
        $headers = $http ? array_change_key_case($event['headers'], CASE_LOWER) : [];
        $sourceIp = is_string($requestContext['sourceIp'] ?? null) ? $requestContext['sourceIp'] : null;
        if ($http && ($spec['options']['trustForwardedFor'] ?? false) === true && isset($headers['x-forwarded-for'])) {
            // Behind a proxy of the user's own: the first hop, when it is an IP (else the allowlist fails).
            $first = trim(explode(',', (string) $headers['x-forwarded-for'])[0]);
            $sourceIp = filter_var($first, FILTER_VALIDATE_IP) !== false ? $first : null;
        }
        // The output is PHP arrays, where `[]` may stand for `{}`; the input, decoded with objects as
        // \stdClass, says which it is.
        $validator = new SchemaValidator($spec['defs']);
        $inputValidator = new SchemaValidator($spec['defs'], true);

        $userInfo = null;
        if ($http) {
            $input = self::readHttp($spec, $event, $headers, $sourceIp);
        } else {
            // A direct call: the event is the input, less the platform's userInfo. Given as arrays,
            // `{}` and `[]` look alike: an empty list where the schema wants an object is one.
            $input = is_object($rawEvent) ? clone $rawEvent : self::objects($event);
            if ($input instanceof \stdClass && isset($input->userInfo)) {
                $userInfo = JsonValue::toArrays($input->userInfo);
                unset($input->userInfo);
            }
            if (!is_object($rawEvent)) {
                $input = JsonObjects::restore($validator, $spec['input'], $input);
            }
        }

        if ($input instanceof Reply) {
            $result = $input;
        } else {
            if (isset($spec['defaults'])) {
                Defaults::fill($input, $spec['defaults']['input'], $spec['defaults']['defs'] ?? []);
            }
            $issues = $inputValidator->validate($spec['input'], $input);
            if ($issues !== []) {
                $result = Reply::error(
                    400,
                    'INVALID_INPUT',
                    'the input does not match the contract',
                    ['issues' => $issues]
                );
            } else {
                $ctx = [
                    'shape' => $http ? 'http' : 'direct',
                    'headers' => $headers,
                    'sourceIp' => $sourceIp,
                    'requestId' => $requestId,
                    'openId' => $http ? null : self::caller($userInfo, 'openId', 'WX_OPENID'),
                    'appId' => $http ? null : self::caller($userInfo, 'appId', 'WX_APPID'),
                    'unionId' => $http ? null : self::caller($userInfo, 'unionId', 'WX_UNIONID'),
                    'source' => $http ? null : self::caller(null, 'source', 'TCB_SOURCE'),
                    'functionName' => $spec['name'],
                ];
                $result = self::call($spec, $validator, $impl, JsonValue::toArrays($input), $ctx, $requestId);
            }
        }

        $status = $result instanceof Reply ? $result->status : 200;
        $body = $result instanceof Reply ? $result->body : $result;
        if (!$http) {
            return $body;
        }
        return [
            'statusCode' => $status,
            'headers' => ['content-type' => self::JSON_CONTENT_TYPE],
            'body' => self::encode($body),
            'isBase64Encoded' => false,
        ];
    }

    /**
     * @param array<string, mixed> $spec
     * @param array<string|int, mixed> $input
     * @param array<string, mixed> $ctx
     * @return Reply|mixed
     */
    private static function call(
        array $spec,
        SchemaValidator $validator,
        callable $impl,
        $input,
        array $ctx,
        ?string $requestId
    ) {
        try {
            $output = JsonObjects::restore($validator, $spec['output'], $impl($input, $ctx));
            $issues = $validator->validate($spec['output'], $output);
            if ($issues === []) {
                return $output;
            }
            $id = self::internalId($requestId);
            self::log($spec['name'], $id, 'INVALID_OUTPUT', self::encode($issues));
            return Reply::error(500, 'INVALID_OUTPUT', null, ['id' => $id]);
        } catch (Failure $failure) {
            return self::failureReply($spec, $validator, $failure, $requestId);
        } catch (\Throwable $e) {
            $id = self::internalId($requestId);
            self::log($spec['name'], $id, 'INTERNAL', (string) $e);
            return Reply::error(500, 'INTERNAL', null, ['id' => $id]);
        }
    }

    /**
     * Checks an HTTP event and returns the parsed body, or a Reply.
     *
     * @param array<string, mixed> $spec
     * @param array<string, mixed> $event
     * @param array<string, mixed> $headers
     * @return Reply|\stdClass
     */
    private static function readHttp(array $spec, array $event, array $headers, ?string $sourceIp)
    {
        $options = $spec['options'];
        $keyEnv = $options['serviceKeyEnv'];
        $expected = getenv($keyEnv);
        if (!is_string($expected) || $expected === '') {
            return Reply::error(
                500,
                'SERVICE_KEY_NOT_CONFIGURED',
                'set the ' . $keyEnv . ' environment variable of this function'
            );
        }
        $allowText = getenv($options['allowIpsEnv']);
        if (is_string($allowText) && $allowText !== '') {
            if ($sourceIp === null || !IpAllow::allowed(IpAllow::parse($allowText), $sourceIp)) {
                return Reply::error(403, 'IP_NOT_ALLOWED');
            }
        }
        $given = $headers['x-wx-service-key'] ?? '';
        if (!hash_equals($expected, is_string($given) ? $given : '')) {
            return Reply::error(401, 'UNAUTHORIZED');
        }
        if (strtoupper((string) $event['httpMethod']) !== 'POST') {
            return Reply::error(405, 'METHOD_NOT_ALLOWED', 'use POST');
        }
        $maxBody = (int) $options['maxBodyBytes'];
        $tooLarge = Reply::error(413, 'PAYLOAD_TOO_LARGE', 'the body is larger than ' . $maxBody . ' bytes');
        $body = is_string($event['body'] ?? null) ? $event['body'] : '';
        if (($event['isBase64Encoded'] ?? false) === true) {
            if (strlen($body) > ($maxBody + 2) / 3 * 4 + 4) {
                return $tooLarge;
            }
            $body = (string) base64_decode($body);
        }
        if (strlen($body) > $maxBody) {
            return $tooLarge;
        }
        $type = $headers['content-type'] ?? '';
        if (!is_string($type) || preg_match(self::JSON_TYPE, $type) !== 1) {
            return Reply::error(415, 'UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/json');
        }
        if (($spec['signing'] ?? false) === true) {
            // Verified before the body is parsed: unauthenticated input is never read.
            $refused = self::verifySignature($headers, $body, (string) ($options['signingSecretEnv'] ?? ''));
            if ($refused !== null) {
                return $refused;
            }
        }
        try {
            $input = json_decode($body, false, self::JSON_DEPTH, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            if ($e->getCode() === JSON_ERROR_DEPTH) {
                // Valid JSON, but deeper than the checks follow: refused as the Node handler refuses it.
                return Reply::error(400, 'INVALID_INPUT', 'the input is nested too deeply to check', [
                    'issues' => [['path' => '/', 'message' => 'is nested too deeply']],
                ]);
            }
            return Reply::error(400, 'INVALID_JSON', 'the body is not valid JSON');
        }
        if (!$input instanceof \stdClass) {
            return Reply::error(400, 'BAD_REQUEST', 'the body must be a JSON object');
        }
        self::stripProtoKeys($input);
        return $input;
    }

    /**
     * Removes `__proto__` members, and `constructor` members holding a `prototype`, as the Node
     * handler does (where they could pollute prototypes): both answer the same to the same body.
     *
     * @param mixed $value
     */
    private static function stripProtoKeys($value): void
    {
        $stack = [$value];
        for ($guard = 0; $stack !== [] && $guard < 1000000; $guard++) {
            $node = array_pop($stack);
            if ($node instanceof \stdClass) {
                unset($node->{'__proto__'});
                $ctor = $node->constructor ?? null;
                if ($ctor instanceof \stdClass && property_exists($ctor, 'prototype')) {
                    unset($node->constructor);
                }
                foreach (get_object_vars($node) as $child) {
                    $stack[] = $child;
                }
            } elseif (is_array($node)) {
                foreach ($node as $child) {
                    $stack[] = $child;
                }
            }
        }
    }

    /**
     * @param array<string, mixed> $spec
     */
    private static function failureReply(
        array $spec,
        SchemaValidator $validator,
        Failure $failure,
        ?string $requestId
    ): Reply {
        $code = $failure->getErrorCode();
        if ($code === 'NOT_IMPLEMENTED') {
            return Reply::error(501, 'NOT_IMPLEMENTED', $failure->getMessage());
        }
        $declared = $spec['errors'][$code] ?? null;
        $schema = $spec['errorData'][$code] ?? null;
        $data = $failure->hasData() ? JsonObjects::restore($validator, $schema ?? true, $failure->getData()) : null;
        $issues = $declared !== null && $schema !== null ? $validator->validate($schema, $data) : [];
        if ($declared !== null && $issues === []) {
            $message = $failure->getMessage() !== $code ? $failure->getMessage() : ($declared['message'] ?? $code);
            return Reply::error($declared['status'], $code, $message, $failure->hasData() ? ['data' => $data] : []);
        }
        $id = self::internalId($requestId);
        if ($declared !== null) {
            self::log(
                $spec['name'],
                $id,
                'INVALID_OUTPUT: data of ' . $code . ' does not match the contract',
                self::encode($issues)
            );
            return Reply::error(500, 'INVALID_OUTPUT', null, ['id' => $id]);
        }
        self::log($spec['name'], $id, 'INTERNAL: undeclared error code ' . $code, (string) $failure);
        return Reply::error(500, 'INTERNAL', null, ['id' => $id]);
    }

    /** The id that ties a logged failure to the response: the platform's request id when there is one. */
    /** @var array<string, int> nonces seen by this instance, with when they may be forgotten */
    private static $nonces = [];

    /**
     * Checks a signed request as the Node handler does: HMAC-SHA256 over timestamp, nonce and body,
     * compared in constant time; a timestamp more than 5 minutes off or a nonce seen before is
     * refused; fails closed when the secret is not configured.
     *
     * @param array<string, mixed> $headers
     */
    private static function verifySignature(array $headers, string $body, string $secretEnv): ?Reply
    {
        $secret = getenv($secretEnv);
        if (!is_string($secret) || $secret === '') {
            return Reply::error(
                500,
                'SIGNING_SECRET_NOT_CONFIGURED',
                'set the ' . $secretEnv . ' environment variable of this function'
            );
        }
        $timestamp = is_string($headers['x-cloudfn-timestamp'] ?? null) ? $headers['x-cloudfn-timestamp'] : '';
        $nonce = is_string($headers['x-cloudfn-nonce'] ?? null) ? $headers['x-cloudfn-nonce'] : '';
        $signature = is_string($headers['x-cloudfn-signature'] ?? null) ? $headers['x-cloudfn-signature'] : '';
        if ($timestamp === '' || $nonce === '' || $signature === '') {
            return Reply::error(
                401,
                'SIGNATURE_REQUIRED',
                'send x-cloudfn-timestamp, x-cloudfn-nonce and x-cloudfn-signature'
            );
        }
        $now = time();
        $fresh = preg_match('/^\d{1,12}$/', $timestamp) === 1 && abs($now - (int) $timestamp) <= 300;
        if (!$fresh || strlen($nonce) > 128) {
            return Reply::error(401, 'SIGNATURE_EXPIRED', "the request's timestamp is more than 5 minutes off");
        }
        $expected = hash_hmac('sha256', $timestamp . "\n" . $nonce . "\n" . $body, $secret);
        if (!hash_equals($expected, strtolower($signature))) {
            return Reply::error(401, 'BAD_SIGNATURE', 'the signature does not match the request');
        }
        foreach (self::$nonces as $seen => $until) {
            if ($until < $now) {
                unset(self::$nonces[$seen]);
            }
        }
        if (isset(self::$nonces[$nonce])) {
            return Reply::error(401, 'REPLAYED', 'this request was already received');
        }
        if (count(self::$nonces) >= 10000) {
            array_shift(self::$nonces);
        }
        self::$nonces[$nonce] = $now + 600;
        return null;
    }

    /**
     * A caller field of a direct call: the event's userInfo, else the variable getWXContext() reads.
     *
     * @param mixed $userInfo
     */
    private static function caller($userInfo, string $key, string $env): ?string
    {
        $value = is_array($userInfo) ? ($userInfo[$key] ?? null) : null;
        if (is_string($value) && $value !== '') {
            return $value;
        }
        $fromEnv = getenv($env);
        return is_string($fromEnv) && $fromEnv !== '' ? $fromEnv : null;
    }

    private static function internalId(?string $requestId): string
    {
        $now = base_convert((string) (int) (microtime(true) * 1000), 10, 36);
        return $requestId ?? 'cf-' . $now . '-' . bin2hex(random_bytes(4));
    }

    private static function log(string $name, string $id, string $what, string $detail): void
    {
        error_log('[cloudfn] ' . $name . ' ' . $what . ' id=' . $id . ' ' . $detail);
    }

    /** @param mixed $value */
    private static function encode($value): string
    {
        return (string) json_encode(
            $value,
            JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR
        );
    }

    /**
     * Arrays with string keys turned into \stdClass, so that JSON objects and arrays stay apart.
     *
     * @param mixed $value
     * @return mixed
     */
    private static function objects($value)
    {
        if (!is_array($value)) {
            return $value;
        }
        $out = array_map([self::class, 'objects'], $value);
        return JsonValue::isList($value) ? $out : (object) $out;
    }
}
