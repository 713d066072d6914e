<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * What a decoded JSON value is, in JSON Schema's terms, however PHP decoded
 * it: a \stdClass or a non-list array is an object, a list is an array, an
 * empty array is either. Also JSON pointers and ECMAScript patterns as PCRE.
 * PHP 7.4 and later.
 */
final class JsonValue
{
    /**
     * @param mixed $value
     */
    public static function hasType($value, string $type): bool
    {
        switch ($type) {
            case 'string':
                return is_string($value);
            case 'integer':
                return is_int($value) || (is_float($value) && is_finite($value) && floor($value) === $value);
            case 'number':
                return is_int($value) || (is_float($value) && is_finite($value));
            case 'boolean':
                return is_bool($value);
            case 'null':
                return $value === null;
            case 'array':
                return self::isList($value);
            case 'object':
                return self::isObject($value);
            default:
                return false;
        }
    }

    /**
     * A JSON array: a PHP list (an empty PHP array counts as one).
     *
     * @param mixed $value
     */
    public static function isList($value): bool
    {
        if (!is_array($value)) {
            return false;
        }
        $i = 0;
        foreach ($value as $key => $unused) {
            if ($key !== $i++) {
                return false;
            }
        }
        return true;
    }

    /**
     * A JSON object: a \stdClass, a PHP array with keys other than 0..n-1, or an empty PHP array.
     *
     * @param mixed $value
     */
    public static function isObject($value): bool
    {
        return $value instanceof \stdClass || $value === [] || (is_array($value) && !self::isList($value));
    }

    /**
     * @param array<string|int, mixed>|\stdClass $value
     * @return array<string|int, mixed>
     */
    public static function props($value): array
    {
        return is_array($value) ? $value : get_object_vars($value);
    }

    /**
     * Structural equality of JSON values: 1 equals 1.0, key order does not matter.
     *
     * @param mixed $a
     * @param mixed $b
     * @param bool $objectsDecoded both from a body decoded with objects as \stdClass, where `[]` is an
     *     array and never the empty object (a schema's own values write `{}` as `[]`)
     */
    public static function equal($a, $b, bool $objectsDecoded = false): bool
    {
        if ((is_int($a) || is_float($a)) && (is_int($b) || is_float($b))) {
            return $a == $b;
        }
        if ($objectsDecoded && ($a instanceof \stdClass) !== ($b instanceof \stdClass)) {
            // Both from a body decoded with objects as \stdClass: an object is never an array.
            return false;
        }
        if ($a instanceof \stdClass) {
            $a = get_object_vars($a);
        }
        if ($b instanceof \stdClass) {
            $b = get_object_vars($b);
        }
        if (!is_array($a) || !is_array($b)) {
            return $a === $b;
        }
        if (count($a) !== count($b) || self::isList($a) !== self::isList($b)) {
            return false;
        }
        foreach ($a as $key => $item) {
            if (!array_key_exists($key, $b) || !self::equal($item, $b[$key], $objectsDecoded)) {
                return false;
            }
        }
        return true;
    }

    /** A JSON Schema (ECMAScript) pattern tested with PCRE, with ECMAScript's meaning (see Pattern). */
    public static function matches(string $pattern, string $subject): bool
    {
        return preg_match(Pattern::pcre($pattern), $subject) === 1;
    }

    /** Escapes a property name for a JSON pointer. */
    public static function escape(string $name): string
    {
        return str_replace(['~', '/'], ['~0', '~1'], $name);
    }

    /**
     * @param mixed $value
     */
    public static function json($value): string
    {
        return (string) json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    }

    /**
     * Decoded JSON with every object turned into an array (as json_decode(..., true) gives).
     *
     * @param mixed $value
     * @return mixed
     */
    public static function toArrays($value)
    {
        if (is_object($value)) {
            $value = get_object_vars($value);
        }
        if (is_array($value)) {
            foreach ($value as $key => $item) {
                if (is_array($item) || is_object($item)) {
                    $value[$key] = self::toArrays($item);
                }
            }
        }
        return $value;
    }
}
