<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

use CloudFn\Exception\InvalidOutputException;

/**
 * The checks generated models run while mapping decoded JSON to classes
 * (`fromArray`) and back (`toArray`). Each failure is an
 * InvalidOutputException naming the JSON pointer of the offending value.
 */
final class Json
{
    /** Types whose values are written back as they are. */
    private const AS_IS = [
        'string' => true,
        'int' => true,
        'number' => true,
        'float' => true,
        'bool' => true,
        'mixed' => true,
    ];

    /** @var array<string, bool> class name => whether it is a model (else a backed enum) */
    private static $models = [];

    /**
     * A value of the type `$type`, read from decoded JSON and checked as it goes. A type is one of 'string', 'int',
     * 'number', 'float', 'bool', 'object' (any object, as an array) and 'mixed'; a model or backed enum class; or
     * ['list', T], ['map', T], ['nullable', T], ['oneOf', [allowed values]],
     * ['variant', discriminator, [discriminator value => model class]], ['tuple', [T, ...], minItems, rest T].
     *
     * @param string|array<int, mixed> $type
     * @param mixed $value
     * @return mixed
     */
    public static function read($type, $value, string $path)
    {
        if (is_array($type)) {
            switch ($type[0]) {
                case 'list':
                    if (!JsonValue::isList($value)) {
                        throw self::invalid($path, 'must be array');
                    }
                    $out = [];
                    foreach ($value as $i => $item) {
                        $out[] = self::read($type[1], $item, $path . '/' . $i);
                    }
                    return $out;
                case 'map':
                    $out = [];
                    foreach (self::object($value, $path) as $key => $item) {
                        $key = (string) $key;
                        $out[$key] = self::read($type[1], $item, $path . '/' . JsonValue::escape($key));
                    }
                    return $out;
                case 'nullable':
                    return $value === null ? null : self::read($type[1], $value, $path);
                case 'oneOf':
                    return self::oneOf($type[1], $value, $path);
                case 'variant':
                    return self::variant($value, $path, $type[1], $type[2]);
                default:
                    return self::tuple($value, $path, $type[1], $type[2], $type[3] ?? null);
            }
        }
        switch ($type) {
            case 'string':
                return self::string($value, $path);
            case 'int':
                return self::int($value, $path);
            case 'number':
                return self::number($value, $path);
            case 'float':
                return self::float($value, $path);
            case 'bool':
                return self::bool($value, $path);
            case 'object':
                return self::object($value, $path);
            case 'mixed':
                return $value;
        }
        if (self::$models[$type] ?? (self::$models[$type] = is_subclass_of($type, Model::class))) {
            return $type::fromArray(self::object($value, $path), $path);
        }
        return self::enum($type, $value, $path);
    }

    /**
     * A value of the type `$type` (as `read()` takes it) in its JSON-ready form.
     *
     * @param string|array<int, mixed> $type
     * @param mixed $value
     * @return mixed
     */
    public static function write($type, $value)
    {
        if ($value instanceof Model) {
            return self::members($value->toArray());
        }
        if ($value instanceof \BackedEnum) {
            return $value->value;
        }
        if (!is_array($value)) {
            return $value;
        }
        if (!is_array($type)) {
            return $type === 'object' ? self::members($value) : $value;
        }
        switch ($type[0]) {
            case 'list':
            case 'map':
                $item = $type[1];
                if (is_string($item) && isset(self::AS_IS[$item])) {
                    return $type[0] === 'map' ? self::members($value) : $value;
                }
                foreach ($value as $key => $element) {
                    $value[$key] = self::write($item, $element);
                }
                return $type[0] === 'map' ? self::members($value) : $value;
            case 'nullable':
                return self::write($type[1], $value);
            case 'tuple':
                foreach ($value as $i => $element) {
                    $item = $type[1][$i] ?? $type[3] ?? 'mixed';
                    if (!is_string($item) || !isset(self::AS_IS[$item])) {
                        $value[$i] = self::write($item, $element);
                    }
                }
                return $value;
            default:
                return $value;
        }
    }

    /**
     * A required member of an object.
     *
     * @param array<string|int, mixed> $data
     * @return mixed
     */
    public static function field(array $data, string $key, string $path)
    {
        if (!array_key_exists($key, $data)) {
            throw self::invalid($path . '/' . JsonValue::escape($key), 'is required');
        }
        return $data[$key];
    }

    /**
     * @param mixed $value
     */
    public static function string($value, string $path): string
    {
        if (!is_string($value)) {
            throw self::invalid($path, 'must be string');
        }
        return $value;
    }

    /**
     * @param mixed $value
     */
    public static function int($value, string $path): int
    {
        if (is_float($value) && JsonValue::hasType($value, 'integer') && abs($value) <= PHP_INT_MAX) {
            return (int) $value;
        }
        if (!is_int($value)) {
            throw self::invalid($path, 'must be integer');
        }
        return $value;
    }

    /**
     * @param mixed $value
     * @return int|float
     */
    public static function number($value, string $path)
    {
        if (!JsonValue::hasType($value, 'number')) {
            throw self::invalid($path, 'must be number');
        }
        return $value;
    }

    /**
     * @param mixed $value
     */
    public static function float($value, string $path): float
    {
        return (float) self::number($value, $path);
    }

    /**
     * @param mixed $value
     */
    public static function bool($value, string $path): bool
    {
        if (!is_bool($value)) {
            throw self::invalid($path, 'must be boolean');
        }
        return $value;
    }

    /**
     * A JSON object as an array of its members. Any PHP array is one: decoded to arrays, `{"0": "a"}`
     * is the list `["a"]` (the models' checks are on the members they declare).
     *
     * @param mixed $value
     * @return array<string|int, mixed>
     */
    public static function object($value, string $path): array
    {
        if ($value instanceof \stdClass) {
            return get_object_vars($value);
        }
        if (!is_array($value)) {
            throw self::invalid($path, 'must be object');
        }
        return $value;
    }

    /**
     * A JSON array of fixed positions: `$items[$i]` is the type of position i (`$rest` of the others; none
     * allowed without it); `$minItems` are required.
     *
     * @param mixed $value
     * @param list<string|array<int, mixed>> $items
     * @param string|array<int, mixed>|null $rest
     * @return list<mixed>
     */
    private static function tuple($value, string $path, array $items, int $minItems, $rest): array
    {
        if (!JsonValue::isList($value)) {
            throw self::invalid($path, 'must be array');
        }
        if (count($value) < $minItems) {
            throw self::invalid($path, 'must have at least ' . $minItems . ' items');
        }
        if ($rest === null && count($value) > count($items)) {
            throw self::invalid($path, 'must have at most ' . count($items) . ' items');
        }
        $out = [];
        foreach ($value as $i => $element) {
            $out[] = self::read($items[$i] ?? $rest, $element, $path . '/' . $i);
        }
        return $out;
    }

    /**
     * One of the allowed scalar values.
     *
     * @param list<string|int|float|bool|null> $allowed
     * @param mixed $value
     * @return string|int|float|bool|null
     */
    public static function oneOf(array $allowed, $value, string $path)
    {
        foreach ($allowed as $candidate) {
            if (JsonValue::equal($candidate, $value)) {
                return $candidate;
            }
        }
        throw self::invalid(
            $path,
            'must be one of ' . json_encode($allowed, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)
        );
    }

    /**
     * A case of a backed enum (PHP 8.1+): `$enum::tryFrom($value)`.
     *
     * @template T
     * @param class-string<T> $enum
     * @param mixed $value
     * @return T
     */
    public static function enum(string $enum, $value, string $path)
    {
        $case = is_string($value) || is_int($value) ? $enum::tryFrom($value) : null;
        if ($case === null) {
            throw self::invalid($path, 'must be one of the values of ' . $enum);
        }
        return $case;
    }

    /**
     * The branch class of a discriminated union, chosen by the discriminator's value.
     *
     * @param mixed $value
     * @param array<string, class-string> $classes discriminator value => class with fromArray()
     * @return object
     */
    public static function variant($value, string $path, string $discriminator, array $classes)
    {
        $data = self::object($value, $path);
        $tag = $data[$discriminator] ?? null;
        if (!is_string($tag) || !isset($classes[$tag])) {
            throw self::invalid(
                $path . '/' . JsonValue::escape($discriminator),
                'must be one of ' . json_encode(array_keys($classes), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)
            );
        }
        return $classes[$tag]::fromArray($data, $path);
    }

    /**
     * An object's members for json_encode: as a \stdClass when PHP holds them as a list (none, or
     * members named 0, 1, …), so that they are written as an object and not an array.
     *
     * @param array<string|int, mixed> $members
     * @return array<string|int, mixed>|\stdClass
     */
    public static function members(array $members)
    {
        return JsonValue::isList($members) ? (object) $members : $members;
    }

    private static function invalid(string $path, string $message): InvalidOutputException
    {
        $pointer = $path === '' ? '/' : $path;
        return new InvalidOutputException(
            'the answer does not match the contract',
            '',
            [['path' => $pointer, 'message' => $message]]
        );
    }
}
