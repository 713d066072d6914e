<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * A generated model of a contract's object: read from decoded JSON, written back as JSON.
 * PHP 7.4 and later.
 */
interface Model
{
    /**
     * Reads decoded JSON, checking each member; a mismatch throws InvalidOutputException with its JSON pointer.
     *
     * @param array<string|int, mixed> $data
     * @return static
     */
    public static function fromArray(array $data, string $path = '');

    /**
     * The JSON-ready form: absent optional members are left out; an empty object is an empty array here.
     *
     * @return array<string, mixed>
     */
    public function toArray(): array;
}
