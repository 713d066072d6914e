<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

use CloudFn\Exception\NetworkException;
use CloudFn\Exception\TimeoutException;

/**
 * One cURL handle per client, reused for every call so that connections are
 * kept alive (curl_reset clears the options, not the connection cache). The
 * handle is freed with the client: no curl_close, a no-op since PHP 8.0 and
 * deprecated in 8.5.
 */
final class Http
{
    /** @var resource|\CurlHandle|null */
    private $handle;

    /** @var int */
    private $connectTimeoutMs;

    public function __construct(int $connectTimeoutMs = 5000)
    {
        $this->connectTimeoutMs = $connectTimeoutMs;
    }

    /**
     * Sends one request; a status of any kind is an answer, only a failure to get one throws.
     *
     * @param array<string, string> $headers
     * @return array{status: int, headers: array<string, string>, body: string}
     * @throws NetworkException|TimeoutException
     */
    public function request(
        string $method,
        #[\SensitiveParameter]
        string $url,
        #[\SensitiveParameter]
        array $headers,
        ?string $body,
        int $timeoutMs,
        string $functionName
    ): array {
        if ($this->handle === null) {
            $this->handle = curl_init();
        } else {
            curl_reset($this->handle);
        }
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $received = [];
        $options = [
            CURLOPT_URL => $url,
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT_MS => max(1, $timeoutMs),
            CURLOPT_CONNECTTIMEOUT_MS => max(1, min($timeoutMs, $this->connectTimeoutMs)),
            CURLOPT_NOSIGNAL => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_HEADERFUNCTION => static function ($handle, string $line) use (&$received): int {
                $colon = strpos($line, ':');
                if ($colon !== false) {
                    $received[strtolower(trim(substr($line, 0, $colon)))] = trim(substr($line, $colon + 1));
                }
                return strlen($line);
            },
        ];
        if ($body !== null) {
            $options[CURLOPT_POSTFIELDS] = $body;
        }
        curl_setopt_array($this->handle, $options);
        $text = curl_exec($this->handle);
        if ($text === false || !is_string($text)) {
            $errno = curl_errno($this->handle);
            $origin = self::origin($url);
            if ($errno === CURLE_OPERATION_TIMEDOUT) {
                throw new TimeoutException(
                    'TIMEOUT',
                    'no answer from ' . $origin . ' within ' . $timeoutMs . ' ms',
                    $functionName,
                    null,
                    null,
                    Hints::TIMEOUT
                );
            }
            // curl_error() can name the URL, and with it an access_token: keep only the error number.
            throw new NetworkException(
                'NETWORK',
                'could not reach ' . $origin . ' (cURL error ' . $errno . ')',
                $functionName,
                null,
                null,
                Hints::NETWORK
            );
        }
        return [
            'status' => (int) curl_getinfo($this->handle, CURLINFO_RESPONSE_CODE),
            'headers' => $received,
            'body' => $text,
        ];
    }

    /** Scheme, host and port of a URL: safe to show, unlike its query. */
    public static function origin(string $url): string
    {
        $parts = parse_url($url);
        if (!is_array($parts) || !isset($parts['host'])) {
            return '(invalid URL)';
        }
        $port = isset($parts['port']) ? ':' . $parts['port'] : '';
        return ($parts['scheme'] ?? 'http') . '://' . $parts['host'] . $port;
    }
}
