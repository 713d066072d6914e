<?php

declare(strict_types=1);

namespace CloudFn\Exception;

use CloudFn\Runtime\Json;

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
     * A subclass's data types, by code, as `Json::read()` takes them (a code not listed has no data);
     * null here: the data as sent.
     *
     * @var array<string, string|array<int, mixed>>|null
     */
    protected const DATA = null;

    /**
     * The data as the subclass types it for its code.
     *
     * @param mixed $data the error's data, as decoded
     * @return mixed
     */
    protected static function dataOf(string $code, $data)
    {
        if (static::DATA === null) {
            return $data;
        }
        return isset(static::DATA[$code]) ? Json::read(static::DATA[$code], $data, '/error/data') : null;
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
