<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

use CloudFn\Exception\CloudFnException;
use CloudFn\Exception\GatewayException;
use CloudFn\Exception\InvalidInputException;
use CloudFn\Exception\InvalidOutputException;
use CloudFn\Exception\NetworkException;
use CloudFn\Exception\WeChatApiException;

/**
 * The engine behind a generated PHP client: calls a cloud function over the
 * HTTP trigger, the CloudBase HTTP API or the WeChat server API, validates
 * input before sending and output on receipt, times out, retries only where
 * that is safe, and turns every failure into a typed CloudFnException.
 * ext-curl, ext-json and ext-mbstring only. This client is for servers: it
 * holds the service key, the API key or the AppSecret. The requests themselves
 * are in Transports.
 */
final class ClientCore
{
    private const INVOKE_LIMIT_SECONDS = 5;

    /** @var array<string, mixed> */
    private $options;

    /** @var Http */
    private $http;

    /** @var SchemaValidator */
    private $validator;

    /** @var SchemaValidator checks JSON as it is sent and received: objects are \stdClass, `[]` is a list */
    private $json;

    /** @var TokenManager|null */
    private $tokens;

    /**
     * @param array<string, mixed> $options see the generated Client's constructor
     * @param array<string, mixed> $definitions shared schema definitions
     */
    public function __construct(
        #[\SensitiveParameter]
        array $options,
        array $definitions
    ) {
        $http = $options['http'] ?? null;
        $api = $options['api'] ?? null;
        $cloud = $options['cloud'] ?? null;
        if (count(array_filter([$http, $api, $cloud], 'is_array')) !== 1) {
            throw new \InvalidArgumentException(
                'cloudfn client: give exactly one of "http", "api" or "cloud" in the options'
            );
        }
        if ($api !== null) {
            $hasKey = is_string($api['apiKey'] ?? null) && $api['apiKey'] !== '';
            $hasEnv = is_string($api['envId'] ?? null) && $api['envId'] !== '';
            if (!$hasEnv || $hasKey === isset($api['getAccessToken'])) {
                throw new \InvalidArgumentException(
                    'cloudfn client: "api" needs "envId", and one of "apiKey" or "getAccessToken"'
                );
            }
        }
        $keyMissing = !is_string($http['serviceKey'] ?? null) || $http['serviceKey'] === '';
        if ($http !== null && (!is_string($http['baseUrl'] ?? null) || $keyMissing)) {
            throw new \InvalidArgumentException('cloudfn client: "http" needs "baseUrl" and a non-empty "serviceKey"');
        }
        $this->options = $options;
        $this->http = new Http((int) ($options['connectTimeoutMs'] ?? 5000));
        $this->validator = new SchemaValidator($definitions);
        $this->json = new SchemaValidator($definitions, true);
        if ($cloud !== null) {
            if (!is_string($cloud['env'] ?? null) || $cloud['env'] === '') {
                throw new \InvalidArgumentException(
                    'cloudfn client: "cloud" needs "env", the CloudBase environment id'
                );
            }
            if (!isset($cloud['getAccessToken'])) {
                if (!is_string($cloud['appId'] ?? null) || !is_string($cloud['appSecret'] ?? null)) {
                    throw new \InvalidArgumentException(
                        'cloudfn client: "cloud" needs "appId" and "appSecret", or "getAccessToken"'
                    );
                }
                $apiBase = Transports::weChatApiBase($cloud);
                $store = $cloud['tokenStore'] ?? FileTokenStore::forApp($cloud['appId'], $apiBase, $cloud['appSecret']);
                $this->tokens = new TokenManager(
                    $cloud['appId'],
                    $cloud['appSecret'],
                    (bool) ($cloud['useStableToken'] ?? false),
                    $store,
                    (int) ($cloud['refreshMarginSeconds'] ?? 300),
                    $apiBase,
                    $this->http
                );
            }
        }
    }

    /**
     * Calls one function: checks the input, sends it, checks the answer and maps it with `$map`.
     *
     * @template T
     * @param array<string, mixed> $spec the function's contract (generated)
     * @param mixed $input the input as JSON-ready data
     * @param array{timeoutMs?: int} $callOptions
     * @param callable(mixed): T $map maps the decoded answer (objects as arrays) to the result
     * @return T
     */
    public function call(array $spec, $input, array $callOptions, callable $map)
    {
        $body = JsonObjects::restore($this->validator, $spec['input'], $input === [] ? new \stdClass() : $input);
        if (($this->options['validateInput'] ?? true) !== false) {
            // What is sent: objects restored as \stdClass, so `[]` is a list here, as the function reads it.
            $issues = $this->json->validate($spec['input'], $body);
            if ($issues !== []) {
                throw new InvalidInputException(
                    'INVALID_INPUT',
                    'the input does not match the contract; nothing was sent',
                    $spec['name'],
                    $issues
                );
            }
        }
        $retry = $this->options['retry'] ?? [];
        $retries = $retry === false ? 0 : (int) ($retry['retries'] ?? 2);
        for ($attempt = 1;; $attempt++) {
            try {
                return $this->attempt($spec, $body, $callOptions, $attempt, $map);
            } catch (CloudFnException $e) {
                $busy = $e instanceof WeChatApiException && $e->getErrcode() === -1;
                $transient = $e instanceof NetworkException || $e instanceof GatewayException;
                if ($attempt > $retries || !($busy || $transient) || !$spec['idempotent']) {
                    throw $e;
                }
                $cap = min(
                    (int) ($retry['maxDelayMs'] ?? 2000),
                    (int) ($retry['baseDelayMs'] ?? 100) * 2 ** ($attempt - 1)
                );
                usleep(random_int(0, max(0, $cap)) * 1000);
            }
        }
    }

    /**
     * @template T
     * @param array<string, mixed> $spec
     * @param array<string|int, mixed>|\stdClass $body
     * @param array{timeoutMs?: int} $callOptions
     * @param callable(mixed): T $map
     * @return T
     */
    private function attempt(array $spec, $body, array $callOptions, int $attempt, callable $map)
    {
        $transport = isset($this->options['http']) ? 'http' : (isset($this->options['api']) ? 'api' : 'cloud');
        $limit = $transport === 'cloud'
            ? min($spec['timeoutSeconds'], self::INVOKE_LIMIT_SECONDS)
            : $spec['timeoutSeconds'];
        $margin = (int) ($this->options['timeoutMarginMs'] ?? 5000);
        $timeoutMs = (int) ($callOptions['timeoutMs'] ?? $limit * 1000 + $margin);
        $info = ['functionName' => $spec['name'], 'transport' => $transport, 'url' => '', 'attempt' => $attempt];
        $started = microtime(true);
        $answer = null;
        try {
            $send = function (
                string $url,
                array $headers,
                string $payload
            ) use (
                &$info,
                &$answer,
                $spec,
                $timeoutMs
            ): array {
                $info['url'] = Redact::url($url);
                $this->hook('onRequest', $info);
                $raw = $this->http->request('POST', $url, $headers, $payload, $timeoutMs, $spec['name']);
                // A function's string value comes back as text/plain (HTTP API and trigger alike).
                $plain = preg_match('~^text/plain\b~i', $raw['headers']['content-type'] ?? '') === 1;
                $ok = $raw['status'] >= 200 && $raw['status'] < 300;
                $isJson = true;
                $answer = [
                    'status' => $raw['status'],
                    'requestId' => $raw['headers']['x-request-id'] ?? null,
                    'body' => $plain && $ok ? $raw['body'] : Transports::decode($raw['body'], $isJson),
                    'json' => $isJson,
                ];
                $bodyId = $answer['body'] instanceof \stdClass ? ($answer['body']->requestId ?? null) : null;
                if ($answer['requestId'] === null && is_string($bodyId)) {
                    $answer['requestId'] = $bodyId;
                }
                return $answer;
            };
            try {
                $payload = (string) json_encode(
                    $body,
                    JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR
                );
            } catch (\JsonException $e) {
                // Reached with validateInput off: text that is not UTF-8, INF or NaN, a resource.
                throw new InvalidInputException(
                    'INVALID_INPUT',
                    'the input cannot be written as JSON (' . $e->getMessage() . '); nothing was sent',
                    $spec['name'],
                    []
                );
            }
            // A declared error's data is checked as the answer is, unless validateOutput is off.
            $checksAnswers = ($this->options['validateOutput'] ?? true) !== false;
            $answerSpec = $checksAnswers ? ['answers' => $this->json] + $spec : $spec;
            if ($transport === 'http') {
                $output = Transports::viaHttp($this->options['http'], $answerSpec, $payload, $send);
            } elseif ($transport === 'api') {
                $output = Transports::viaApi($this->options['api'], $answerSpec, $payload, $send);
            } else {
                $output = Transports::viaCloud($this->options['cloud'], $this->tokens, $answerSpec, $payload, $send);
            }
            $status = $answer['status'] ?? null;
            $requestId = $answer['requestId'] ?? null;
            if (($this->options['validateOutput'] ?? true) !== false) {
                $issues = $this->json->validate($spec['output'], $output);
                if ($issues !== []) {
                    throw new InvalidOutputException(
                        'the answer does not match the contract',
                        $spec['name'],
                        $issues,
                        $status,
                        $requestId,
                        Hints::CONTRACT_MISMATCH
                    );
                }
            }
            $data = JsonValue::toArrays($output);
            try {
                $result = $map($data);
            } catch (InvalidOutputException $e) {
                throw new InvalidOutputException(
                    'the answer does not match the contract',
                    $spec['name'],
                    $e->getIssues(),
                    $status,
                    $requestId,
                    Hints::CONTRACT_MISMATCH
                );
            }
            $this->hook(
                'onResponse',
                $info + [
                    'status' => $status,
                    'durationMs' => self::since($started),
                    'requestId' => $requestId,
                    'error' => null,
                ]
            );
            return $result;
        } catch (CloudFnException $e) {
            $this->hook(
                'onResponse',
                $info + [
                    'status' => $e->getStatus(),
                    'durationMs' => self::since($started),
                    'requestId' => $e->getRequestId(),
                    'error' => $e,
                ]
            );
            throw $e;
        }
    }

    /**
     * @param array<string, mixed> $info
     */
    private function hook(string $name, array $info): void
    {
        if (isset($this->options[$name]) && is_callable($this->options[$name])) {
            ($this->options[$name])($info);
        }
    }

    private static function since(float $started): int
    {
        return (int) round((microtime(true) - $started) * 1000);
    }
}
