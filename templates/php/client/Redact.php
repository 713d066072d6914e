<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/** Removes secrets from text that came back from a server before it reaches a message. */
final class Redact
{
    /**
     * @param list<string|null> $secrets
     */
    public static function text(
        string $text,
        #[\SensitiveParameter]
        array $secrets
    ): string {
        foreach ($secrets as $secret) {
            if ($secret !== null && $secret !== '') {
                $text = str_replace($secret, '***', $text);
            }
        }
        return $text;
    }

    /** A URL with its access_token replaced by `***`, for hooks and messages. */
    public static function url(string $url): string
    {
        return (string) preg_replace('/access_token=[^&]*/', 'access_token=***', $url);
    }
}
