<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * Where the access_token lives between calls and between processes. Give one
 * backed by Redis or a database to share it across servers; the default
 * FileTokenStore shares it between the PHP-FPM workers of one machine.
 */
interface TokenStore
{
    /**
     * The stored token, or null.
     *
     * @return array{token: string, expiresAt: int}|null expiresAt in epoch milliseconds
     */
    public function get(): ?array;

    public function set(
        #[\SensitiveParameter]
        string $token,
        int $expiresAt
    ): void;

    /** Drops the token (it was rejected). */
    public function clear(): void;

    /**
     * Runs `$critical` holding the store's exclusive lock (across processes, for a shared store)
     * and returns what it returns: the token manager re-reads and refreshes under it, so that many
     * processes that find the token expired fetch one new token between them.
     *
     * @template T
     * @param callable(): T $critical
     * @return T
     */
    public function locked(callable $critical);
}
