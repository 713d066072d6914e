<?php

declare(strict_types=1);

namespace CloudFn\Exception;

use CloudFn\Runtime\Hints;

/**
 * Every failure of a cloudfn client: a stable string code (`getCode()`, as
 * PDOException does), the HTTP status when there was an answer, the request
 * id, the function called and a hint saying what to do. No message, field,
 * trace argument or string form ever holds the service key, the AppSecret or
 * an access_token.
 */
class CloudFnException extends \RuntimeException
{
    /** @var int|null */
    private $status;

    /** @var string|null */
    private $requestId;

    /** @var string */
    private $functionName;

    /** @var string|null */
    private $hint;

    public function __construct(
        string $code,
        string $message,
        string $functionName,
        ?int $status = null,
        ?string $requestId = null,
        ?string $hint = null,
        ?\Throwable $previous = null
    ) {
        parent::__construct($message, 0, $previous);
        // A string code, as PDOException keeps its SQLSTATE: a declared business code, a cloudfn
        // code (UNAUTHORIZED, …) or WECHAT_<errcode>.
        $this->code = $code;
        $this->functionName = $functionName;
        $this->status = $status;
        $this->requestId = $requestId;
        $this->hint = $hint === null ? null : Hints::localized($hint);
    }

    /** The HTTP status, when there was an answer. */
    public function getStatus(): ?int
    {
        return $this->status;
    }

    public function getRequestId(): ?string
    {
        return $this->requestId;
    }

    /** The cloud function's name. */
    public function getFunctionName(): string
    {
        return $this->functionName;
    }

    /** What to do about it. */
    public function getHint(): ?string
    {
        return $this->hint;
    }

    public function __toString(): string
    {
        $id = $this->requestId !== null ? ' (request ' . $this->requestId . ')' : '';
        $hint = $this->hint !== null ? "\nhint: " . $this->hint : '';
        $name = substr((string) strrchr('\\' . get_class($this), '\\'), 1);
        return $name . ' [' . $this->getCode() . '] ' . $this->functionName . ': ' . $this->getMessage() . $id . $hint;
    }
}
