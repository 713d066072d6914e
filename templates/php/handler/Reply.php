<?php

declare(strict_types=1);

namespace CloudFn\Handler;

/** An answer that is not the implementation's output: a status and an error body. */
final class Reply
{
    /** @var int */
    public $status;

    /** @var array{error: array<string, mixed>} */
    public $body;

    /**
     * @param array{error: array<string, mixed>} $body
     */
    private function __construct(int $status, array $body)
    {
        $this->status = $status;
        $this->body = $body;
    }

    /**
     * `{"error": {"code": …, "message"?: …, …$extra}}` with this status.
     *
     * @param array<string, mixed> $extra
     */
    public static function error(int $status, string $code, ?string $message = null, array $extra = []): self
    {
        $error = ['code' => $code];
        if ($message !== null) {
            $error['message'] = $message;
        }
        return new self($status, ['error' => $error + $extra]);
    }
}
