<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** The function's answer does not match the contract. */
class InvalidOutputException extends CloudFnException
{
    /** @var list<array{path: string, message: string}> */
    private $issues;

    /**
     * @param list<array{path: string, message: string}> $issues
     */
    public function __construct(
        string $message,
        string $functionName,
        array $issues,
        ?int $status = null,
        ?string $requestId = null,
        ?string $hint = null
    ) {
        parent::__construct(
            'INVALID_OUTPUT',
            $message . InvalidInputException::describe($issues),
            $functionName,
            $status,
            $requestId,
            $hint
        );
        $this->issues = $issues;
    }

    /**
     * Each problem as a JSON pointer and a message.
     *
     * @return list<array{path: string, message: string}>
     */
    public function getIssues(): array
    {
        return $this->issues;
    }
}
