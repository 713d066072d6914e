<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * For a model whose optional members may be null: such a member is left out of the JSON while it is
 * null, unless it arrived as an explicit null or `withNull()` asks for one. The model lists those
 * members in its `NULLABLE` constant. PHP 7.4 and later.
 */
trait ExplicitNulls
{
    /** @var array<string, true> optional members that arrived as an explicit null, written back as null */
    private $explicitNulls = [];

    /**
     * A copy that sends `$member` as an explicit null while it is null (an optional member is otherwise left out).
     *
     * @param string $member the JSON name of an optional, nullable member (one of the model's NULLABLE)
     */
    public function withNull(string $member): self
    {
        if (!in_array($member, self::NULLABLE, true)) {
            throw new \InvalidArgumentException($member . ' is not an optional, nullable member of ' . self::class);
        }
        $copy = clone $this;
        $copy->explicitNulls[$member] = true;
        return $copy;
    }

    /**
     * This model, remembering which of its optional, nullable members `$data` holds as null.
     *
     * @param array<string|int, mixed> $data
     */
    private function keepExplicitNulls(array $data): self
    {
        foreach (self::NULLABLE as $key) {
            if (array_key_exists($key, $data) && $data[$key] === null) {
                $this->explicitNulls[$key] = true;
            }
        }
        return $this;
    }
}
