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
        if (isset($schema['multipleOf'])) {
            // As ajv decides it: the quotient must equal parseInt of its JavaScript text, which from
            // 1e21 on is written with an exponent ("1e+21" reads as 1).
            $quotient = $value / $schema['multipleOf'];
            if (!is_finite($quotient) || $quotient != floor($quotient) || abs($quotient) >= 1e21) {
                $messages[] = 'must be a multiple of ' . JsonValue::json($schema['multipleOf']);
            }
        }
        return $messages;
    }
}
