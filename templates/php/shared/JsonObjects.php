<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * Decoded to PHP arrays, `{}` and `[]` are alike (an empty array), and so are `{"0": "a"}` and
 * `["a"]` (a list), which json_encode writes as JSON arrays. Before a value is sent, each such
 * array that stands where its schema wants an object becomes a \stdClass, so that it is written as
 * an object again. PHP 7.4 and later.
 */
final class JsonObjects
{
    /**
     * Turns PHP lists (empty or not) that stand where the schema wants an object into \stdClass, so
     * that json_encode writes them as objects.
     *
     * @param SchemaValidator $validator resolves the schema's `$ref`s and picks the branches of
     *     `anyOf`/`oneOf` the value matches
     * @param array<string, mixed>|bool $schema
     * @param mixed $value
     * @return mixed
     */
    public static function restore(SchemaValidator $validator, $schema, $value, int $depth = 0)
    {
        if (!is_array($schema) || $depth > 512) {
            return $value;
        }
        $types = isset($schema['type']) ? (array) $schema['type'] : [];
        $wantsObject = in_array('object', $types, true)
            || ($types === [] && (isset($schema['properties']) || isset($schema['additionalProperties'])));
        if ($wantsObject && !in_array('array', $types, true) && is_array($value) && JsonValue::isList($value)) {
            // `{}`, or members named 0, 1, …: PHP holds either as a list, which json_encode writes as an array.
            $value = (object) $value;
        } elseif ($value === []) {
            // Where the type is not stated here (under if/then/else, not, a combination): `{}` when only
            // an object fits the whole schema, else `[]` (also when either fits: a list is what `[]` means
            // in PHP). Decided here, once: it has no members to restore, and a branch alone may say otherwise.
            $strict = $validator->forDecodedObjects();
            return !$strict->isValid($schema, []) && $strict->isValid($schema, new \stdClass()) ? new \stdClass() : [];
        }
        if (isset($schema['$ref'])) {
            $value = self::restore($validator, $validator->resolve((string) $schema['$ref']), $value, $depth + 1);
        }
        foreach (['allOf', 'anyOf', 'oneOf'] as $keyword) {
            foreach (isset($schema[$keyword]) ? $schema[$keyword] : [] as $sub) {
                if ($keyword === 'allOf' || $validator->isValid($sub, $value)) {
                    $value = self::restore($validator, $sub, $value, $depth + 1);
                }
            }
        }
        if (isset($schema['if'])) {
            $branch = $validator->isValid($schema['if'], $value) ? 'then' : 'else';
            if (isset($schema[$branch])) {
                $value = self::restore($validator, $schema[$branch], $value, $depth + 1);
            }
        }
        if (JsonValue::isList($value)) {
            $prefix = isset($schema['prefixItems']) ? $schema['prefixItems'] : [];
            foreach ($value as $i => $item) {
                $sub = isset($prefix[$i]) ? $prefix[$i] : (isset($schema['items']) ? $schema['items'] : null);
                if ($sub !== null) {
                    $value[$i] = self::restore($validator, $sub, $item, $depth + 1);
                }
            }
            return $value;
        }
        if (is_array($value) || $value instanceof \stdClass) {
            $isArray = is_array($value);
            $properties = isset($schema['properties']) ? $schema['properties'] : [];
            $patterns = isset($schema['patternProperties']) ? $schema['patternProperties'] : [];
            $additional = isset($schema['additionalProperties']) ? $schema['additionalProperties'] : null;
            foreach (JsonValue::props($value) as $key => $item) {
                // Each schema the member must match: its property and the patterns its name matches, or
                // else additionalProperties.
                $subs = array_key_exists((string) $key, $properties) ? [$properties[(string) $key]] : [];
                foreach ($patterns as $pattern => $sub) {
                    if (JsonValue::matches((string) $pattern, (string) $key)) {
                        $subs[] = $sub;
                    }
                }
                if ($subs === [] && $additional !== null) {
                    $subs[] = $additional;
                }
                foreach ($subs as $sub) {
                    if (is_bool($sub)) {
                        continue;
                    }
                    $item = self::restore($validator, $sub, $item, $depth + 1);
                }
                if ($isArray) {
                    $value[$key] = $item;
                } else {
                    $value->{$key} = $item;
                }
            }
        }
        return $value;
    }
}
