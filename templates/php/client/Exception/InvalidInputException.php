<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** The input does not match the contract: refused before sending (nothing was sent), or by the function (400). */
class InvalidInputException extends CloudFnException
{
    /** @var list<array{path: string, message: string}> */
    private $issues;

    /**
     * @param list<array{path: string, message: string}> $issues
     */
    public function __construct(
        string $code,
        string $message,
        string $functionName,
        array $issues,
        ?int $status = null,
        ?string $requestId = null
    ) {
        parent::__construct($code, $message . self::describe($issues), $functionName, $status, $requestId);
        $this->issues = $issues;
    }

    /**
     * Each problem as a JSON pointer (`/items/0/quantity`) and a message.
     *
     * @return list<array{path: string, message: string}>
     */
    public function getIssues(): array
    {
        return $this->issues;
    }

    /**
     * @param list<array{path: string, message: string}> $issues
     */
    public static function describe(array $issues): string
    {
        $parts = [];
        foreach (array_slice($issues, 0, 5) as $issue) {
            $parts[] = $issue['path'] . ' ' . $issue['message'];
        }
        return $parts === [] ? '' : ': ' . implode('; ', $parts) . (count($issues) > 5 ? '; …' : '');
    }
}
