<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** The WeChat server API answered a non-zero errcode. */
class WeChatApiException extends CloudFnException
{
    /** @var int */
    private $errcode;

    public function __construct(
        int $errcode,
        string $message,
        string $functionName,
        ?int $status = null,
        ?string $requestId = null,
        ?string $hint = null
    ) {
        parent::__construct('WECHAT_' . $errcode, $message, $functionName, $status, $requestId, $hint);
        $this->errcode = $errcode;
    }

    public function getErrcode(): int
    {
        return $this->errcode;
    }
}
