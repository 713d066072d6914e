<?php

declare(strict_types=1);

namespace CloudFn\Handler;

/**
 * A declared business error, thrown by an implementation:
 * `throw Failure::of('OUT_OF_STOCK', ['sku' => $sku, 'available' => 0]);`
 * The handler answers with the contract's status for that code.
 */
final class Failure extends \RuntimeException
{
    /** @var string */
    private $errorCode;

    /** @var mixed */
    private $data;

    /** @var bool */
    private $hasData;

    /**
     * @param mixed $data
     */
    private function __construct(string $code, $data, bool $hasData, ?string $message)
    {
        parent::__construct($message ?? $code);
        $this->errorCode = $code;
        $this->data = $data;
        $this->hasData = $hasData;
    }

    /**
     * A declared error, with its data when the contract declares data for it.
     *
     * @param mixed ...$data at most one value: the error's data
     */
    public static function of(string $code, ...$data): self
    {
        return new self($code, $data[0] ?? null, count($data) > 0, null);
    }

    /** What a new `impl.php` throws until it is written: the function answers 501. */
    public static function notImplemented(string $functionName): self
    {
        return new self('NOT_IMPLEMENTED', null, false, $functionName . ' is not implemented yet');
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }

    /** @return mixed */
    public function getData()
    {
        return $this->data;
    }

    public function hasData(): bool
    {
        return $this->hasData;
    }
}
