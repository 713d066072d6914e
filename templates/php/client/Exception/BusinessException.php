<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/**
 * A business error the contract declares. Each function with declared errors
 * has its own subclass (`SubmitOrderException`) whose error code is an enum
 * and whose data is the typed class declared for that code.
 */
class BusinessException extends CloudFnException
{
    /** @var mixed */
    private $data;

    /**
     * @param mixed $data the error's data, as sent
     */
    public function __construct(
        string $code,
        string $message,
        string $functionName,
        $data,
        ?int $status = null,
        ?string $requestId = null
    ) {
        parent::__construct($code, $message, $functionName, $status, $requestId);
        $this->data = static::dataOf($code, $data);
    }

    /**
     * The data as the subclass types it for its code (here: as sent).
     *
     * @param mixed $data the error's data, as decoded
     * @return mixed
     */
    protected static function dataOf(string $code, $data)
    {
        return $data;
    }

    /**
     * The data sent with the error (null when the contract declares none).
     *
     * @return mixed
     */
    public function getData()
    {
        return $this->data;
    }
}
