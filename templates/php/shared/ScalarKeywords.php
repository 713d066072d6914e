<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * The keywords of strings and numbers, with ajv's messages (SchemaValidator records them at the
 * value's pointer). PHP 7.4 and later, ext-mbstring for lengths in characters.
 */
final class ScalarKeywords
{
    /**
     * The failures of a string against the string keywords: lengths in characters, then pattern
     * and format. A string that is not UTF-8 is no JSON string at all, and checked no further.
     *
     * @param array<string, mixed> $schema
     * @return list<string>
     */
    public static function string(array $schema, string $value): array
    {
        if (!mb_check_encoding($value, 'UTF-8')) {
            // A string in another encoding (GBK from an older database) cannot be sent as JSON.
            return ["is not UTF-8 text; convert it first, e.g. mb_convert_encoding(\$text, 'UTF-8', 'GBK')"];
        }
        $messages = [];
        $length = null;
        if (isset($schema['maxLength'])) {
            $length = mb_strlen($value, 'UTF-8');
            if ($length > $schema['maxLength']) {
                $messages[] = 'must have at most ' . $schema['maxLength'] . ' characters';
            }
        }
        if (isset($schema['minLength'])) {
            $length = $length ?? mb_strlen($value, 'UTF-8');
            if ($length < $schema['minLength']) {
                $messages[] = 'must have at least ' . $schema['minLength'] . ' characters';
            }
        }
        // Lengths first: a string over maxLength is refused before any pattern or format runs over it,
        // so that maxLength bounds the work a request can cause (the Node validators do the same).
        if (isset($schema['maxLength']) && $length > $schema['maxLength']) {
            return $messages;
        }
        if (isset($schema['pattern']) && !JsonValue::matches((string) $schema['pattern'], $value)) {
            $messages[] = 'must match pattern ' . JsonValue::json($schema['pattern']);
        }
        if (isset($schema['format']) && !Formats::check((string) $schema['format'], $value)) {
            $messages[] = 'must be a valid ' . $schema['format'];
        }
        return $messages;
    }

    /**
     * The failures of a number against the bounds and multipleOf.
     *
     * @param array<string, mixed> $schema
     * @param int|float $value
     * @return list<string>
     */
    public static function number(array $schema, $value): array
    {
        $messages = [];
        $bounds = ['maximum' => '<=', 'minimum' => '>=', 'exclusiveMaximum' => '<', 'exclusiveMinimum' => '>'];
        foreach ($bounds as $keyword => $comparison) {
            if (!isset($schema[$keyword])) {
                continue;
            }
            $limit = $schema[$keyword];
            $ok = $comparison === '<=' ? $value <= $limit : ($comparison === '>=' ? $value >= $limit
                : ($comparison === '<' ? $value < $limit : $value > $limit));
            if (!$ok) {
                $messages[] = 'must be ' . $comparison . ' ' . JsonValue::json($limit);
            }
        }
        if (isset($schema['multipleOf']) && !self::isMultipleOf($value, $schema['multipleOf'])) {
            $messages[] = 'must be a multiple of ' . JsonValue::json($schema['multipleOf']);
        }
        return $messages;
    }

    /**
     * `multipleOf` on the decimal numbers JSON writes, as the Node validators decide it (their
     * runtime's multipleOf): 19.99 is a multiple of 0.01, though 19.99 / 0.01 is not whole in binary
     * floating point. Both scaled to whole numbers by their decimal places; beyond 2^53 after
     * scaling, ajv's test of the quotient: it must equal parseInt of its JavaScript text, which from
     * 1e21 on is written with an exponent ("1e+21" reads as 1).
     *
     * @param int|float $value
     * @param int|float $divisor
     */
    public static function isMultipleOf($value, $divisor): bool
    {
        $abs = abs((float) $value);
        $placesOfValue = self::decimalPlaces($abs);
        $placesOfDivisor = self::decimalPlaces((float) $divisor);
        if ($placesOfValue >= 0 && $placesOfDivisor >= 0) {
            $scale = 10.0 ** max($placesOfValue, $placesOfDivisor);
            $whole = self::round($abs * $scale);
            $step = self::round((float) $divisor * $scale);
            if ($whole <= 9007199254740991.0 && $step <= 9007199254740991.0 && $step > 0) {
                return fmod($whole, $step) === 0.0;
            }
        }
        $quotient = $value / $divisor;
        return is_finite($quotient) && $quotient == floor($quotient) && abs($quotient) < 1e21;
    }

    /** The decimal places a number is written with (19.99: 2; up to 20), or -1, found as Node finds them. */
    private static function decimalPlaces(float $value): int
    {
        for ($places = 0; $places <= 20; $places++) {
            $scale = 10.0 ** $places;
            if (self::round($value * $scale) / $scale === $value) {
                return $places;
            }
        }
        return -1;
    }

    /** JavaScript's Math.round (PHP's round() pre-rounds, and differs near .5). */
    private static function round(float $value): float
    {
        $floor = floor($value);
        return $value - $floor >= 0.5 ? $floor + 1.0 : $floor;
    }
}
