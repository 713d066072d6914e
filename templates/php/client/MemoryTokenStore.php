<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/** A token kept in this process only (long-running workers, tests). */
final class MemoryTokenStore implements TokenStore
{
    /** @var array{token: string, expiresAt: int}|null */
    private $current;

    public function get(): ?array
    {
        return $this->current;
    }

    public function set(
        #[\SensitiveParameter]
        string $token,
        int $expiresAt
    ): void {
        $this->current = ['token' => $token, 'expiresAt' => $expiresAt];
    }

    public function clear(): void
    {
        $this->current = null;
    }

    public function locked(callable $critical)
    {
        return $critical();
    }
}
