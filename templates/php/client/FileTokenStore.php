<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * The token in a file readable by this user only, shared by every PHP process
 * on the machine; `locked()` holds an exclusive flock() on a sibling lock
 * file, so that PHP-FPM workers that find the token expired together fetch
 * one new token between them. Writes are atomic (temporary file + rename).
 */
final class FileTokenStore implements TokenStore
{
    /** @var string */
    private $path;

    public function __construct(string $path)
    {
        $this->path = $path;
    }

    /**
     * The default file for an app and API base: in the system temp folder, named by an HMAC of both
     * keyed with the app secret, so that another user of the machine cannot create it first (the
     * name does not reveal the secret). Without a secret, a hash of the app id and API base.
     */
    public static function forApp(
        string $appId,
        string $apiBaseUrl,
        #[\SensitiveParameter]
        string $appSecret = ''
    ): self {
        $identity = $appId . "\n" . $apiBaseUrl;
        $key = $appSecret === ''
            ? substr(sha1($identity), 0, 16)
            : substr(hash_hmac('sha256', $identity, $appSecret), 0, 32);
        return new self(rtrim(sys_get_temp_dir(), '/\\') . '/cloudfn-token-' . $key . '.json');
    }

    public function get(): ?array
    {
        // The store writes its file readable by its owner only: one that others may read or write
        // was put there by someone else, and its token is not used.
        $mode = @fileperms($this->path);
        if ($mode === false || ($mode & 0077) !== 0) {
            return null;
        }
        $text = @file_get_contents($this->path);
        if ($text === false || $text === '') {
            return null;
        }
        $data = json_decode($text, true);
        if (!is_array($data) || !is_string($data['token'] ?? null) || !is_int($data['expiresAt'] ?? null)) {
            return null;
        }
        return ['token' => $data['token'], 'expiresAt' => $data['expiresAt']];
    }

    public function set(
        #[\SensitiveParameter]
        string $token,
        int $expiresAt
    ): void {
        $this->write((string) json_encode(['token' => $token, 'expiresAt' => $expiresAt]));
    }

    public function clear(): void
    {
        $this->write('');
    }

    public function locked(callable $critical)
    {
        $lock = @fopen($this->path . '.lock', 'c');
        if ($lock === false) {
            throw new \RuntimeException(
                'cloudfn: cannot open the token lock file next to ' . $this->path . '; pass a writable path'
            );
        }
        try {
            if (!flock($lock, LOCK_EX)) {
                throw new \RuntimeException('cloudfn: cannot lock ' . $this->path . '.lock');
            }
            return $critical();
        } finally {
            flock($lock, LOCK_UN);
            fclose($lock);
        }
    }

    private function write(string $contents): void
    {
        $temp = $this->path . '.' . getmypid() . '.' . bin2hex(random_bytes(4)) . '.tmp';
        $old = umask(0077);
        try {
            if (@file_put_contents($temp, $contents) === false || !@rename($temp, $this->path)) {
                @unlink($temp);
                throw new \RuntimeException(
                    'cloudfn: cannot write the token file ' . $this->path . '; pass a writable path'
                );
            }
        } finally {
            umask($old);
        }
    }
}
