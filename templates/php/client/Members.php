<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * `fromArray()`, `toArray()` and `withNull()` for a generated model, read from its `MEMBERS` constant:
 * JSON name => [type, required], plus the property's name where it differs from the JSON name, in the
 * constructor's order. A type is written as `Json::read()` takes it. An optional member that is null
 * is left out of the JSON, unless it arrived as an explicit null or `withNull()` asks for one.
 * Members the contract does not name (an object it leaves open) are kept as they arrived, in
 * `extraMembers()`, and written back after the named ones, so nothing read is lost when sent on.
 * PHP 7.4 and later.
 */
trait Members
{
    /** @var array<string, true> optional members that arrived as an explicit null, written back as null */
    private $explicitNulls = [];

    /** @var array<string, mixed> members the contract does not name, as they arrived */
    private $extraMembers = [];

    /**
     * @param array<string|int, mixed> $data
     */
    public static function fromArray(array $data, string $path = ''): self
    {
        $args = [];
        $nulls = [];
        foreach (self::MEMBERS as $key => $member) {
            $key = (string) $key;
            if (array_key_exists($key, $data)) {
                $value = $data[$key];
                if ($value === null && !$member[1]) {
                    $nulls[$key] = true;
                }
                $at = strpbrk($key, '~/') === false ? $key : JsonValue::escape($key);
                $args[] = Json::read($member[0], $value, $path . '/' . $at);
            } elseif ($member[1]) {
                Json::field($data, $key, $path); // throws: the member is required
            } else {
                $args[] = null;
            }
        }
        $model = new self(...$args);
        $model->explicitNulls = $nulls;
        foreach ($data as $key => $value) {
            if (!array_key_exists((string) $key, self::MEMBERS)) {
                $model->extraMembers[(string) $key] = $value;
            }
        }
        return $model;
    }

    /**
     * The members the contract does not name (an object it leaves open), as they arrived.
     *
     * @return array<string, mixed>
     */
    public function extraMembers(): array
    {
        return $this->extraMembers;
    }

    /**
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        $data = [];
        foreach (self::MEMBERS as $key => $member) {
            $value = $this->{$member[2] ?? $key};
            if ($value !== null || $member[1] || isset($this->explicitNulls[$key])) {
                // A scalar is written as it is; lists, objects, models and enums go through Json::write.
                $data[$key] = is_array($value) || is_object($value) ? Json::write($member[0], $value) : $value;
            }
        }
        return $data + $this->extraMembers;
    }

    /**
     * A copy that sends `$member` as an explicit null while it is null (an optional member is otherwise left out).
     *
     * @param string $member the JSON name of an optional member that may be null
     */
    public function withNull(string $member): self
    {
        $type = self::MEMBERS[$member][0] ?? null;
        if ($type === null || self::MEMBERS[$member][1] || ($type !== 'mixed' && ($type[0] ?? '') !== 'nullable')) {
            throw new \InvalidArgumentException(
                $member . ' is not an optional member of ' . self::class . ' that may be null'
            );
        }
        $copy = clone $this;
        $copy->explicitNulls[$member] = true;
        return $copy;
    }
}
