<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * Checks a decoded JSON value against a normalized JSON Schema (2020-12, the
 * form cloudfn's IR emits: `$ref`s point to `#/$defs/<Name>`), with the
 * semantics and messages of the ajv validators the Node side uses, so that a
 * PHP caller or handler refuses exactly what the TypeScript ones refuse.
 *
 * Values may come decoded either way: a \stdClass is an object, a PHP list
 * is an array, any other PHP array is an object, and an empty PHP array is
 * taken as whichever of the two the schema expects, unless the values were
 * decoded with objects as \stdClass (a handler's input): then it is an array
 * only, as `[]` in the JSON was. Written for PHP 7.4 and later, with ext-json
 * and ext-mbstring only.
 */
final class SchemaValidator
{
    use ArrayKeywords;
    use ObjectKeywords;

    /** At most this many issues are reported, as the Node side does. */
    public const MAX_ISSUES = 20;

    /** The keywords ajv checks on values of one type only, by type (its rule groups). */
    private const KEYWORDS_OF = [
        'number' => ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'format'],
        'string' => ['maxLength', 'minLength', 'pattern', 'format'],
        'array' => [
            'maxItems', 'minItems', 'prefixItems', 'items', 'contains', 'uniqueItems', 'maxContains', 'minContains',
            'unevaluatedItems',
        ],
        'object' => [
            'maxProperties', 'minProperties', 'required', 'propertyNames', 'additionalProperties', 'dependencies',
            'properties', 'patternProperties', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties',
        ],
    ];

    /** @var array<string, mixed> */
    private $defs;

    /** @var list<array{path: string, message: string}> */
    private $issues = [];

    /** @var bool */
    private $objectsDecoded;

    /** @var self|null this validator for decoded objects, made once */
    private $decodedObjects;

    /**
     * @param array<string, mixed> $defs shared definitions by name (`#/$defs/<Name>`)
     * @param bool $objectsDecoded the values' objects are \stdClass: an empty PHP array is `[]`
     */
    public function __construct(array $defs = [], bool $objectsDecoded = false)
    {
        $this->defs = $defs;
        $this->objectsDecoded = $objectsDecoded;
    }

    /**
     * @param mixed $value
     */
    private function isObject($value): bool
    {
        return JsonValue::isObject($value) && !($this->objectsDecoded && $value === []);
    }

    /**
     * The problems of `$value` against `$schema`, as JSON pointers and messages; empty when valid.
     *
     * @param array<string, mixed>|bool $schema
     * @param mixed $value
     * @return list<array{path: string, message: string}>
     */
    public function validate($schema, $value): array
    {
        $this->issues = [];
        $this->check($schema, $value, '', true);
        return array_slice($this->issues, 0, self::MAX_ISSUES);
    }

    /**
     * @param array<string, mixed>|bool $schema
     * @param mixed $value
     */
    public function isValid($schema, $value): bool
    {
        return $this->check($schema, $value, '', false);
    }

    /**
     * Checks one value; records issues when `$report` is true. Returns whether it is valid, and
     * through `$evaluated` which properties or items were evaluated (for unevaluated*).
     *
     * @param array<string, mixed>|bool $schema
     * @param mixed $value
     * @param array{props: array<string, true>, items: int, allItems: bool}|null $evaluated
     */
    private function check($schema, $value, string $path, bool $report, ?array &$evaluated = null): bool
    {
        $evaluated = ['props' => [], 'items' => 0, 'allItems' => false];
        if ($schema === true || $schema === []) {
            return true;
        }
        if ($schema === false) {
            return $this->fail($report, $path, 'is not allowed');
        }
        $valid = true;
        $types = isset($schema['type']) ? (array) $schema['type'] : [];
        // As ajv: one type whose own keywords the schema has is checked with them, after the keywords
        // of any type; any other `type` before everything.
        $deferred = count($types) === 1 && self::hasKeywordsOf($schema, $types[0]) ? $types[0] : null;
        if ($types !== [] && $deferred === null && !$this->hasType($value, $types)) {
            // As ajv with allErrors: the keywords of every type (enum, const, allOf…) still apply.
            $valid = $this->fail($report, $path, 'must be ' . implode(',', $types));
        }
        if (isset($schema['$ref'])) {
            $target = $this->resolve((string) $schema['$ref']);
            $valid = $this->check($target, $value, $path, $report, $inner) && $valid;
            $evaluated = self::merge($evaluated, $inner);
        }
        if (array_key_exists('const', $schema) && !JsonValue::equal($value, $schema['const'])) {
            $valid = $this->fail($report, $path, 'must be ' . JsonValue::json($schema['const']));
        }
        if (isset($schema['enum']) && is_array($schema['enum'])) {
            $found = false;
            foreach ($schema['enum'] as $allowed) {
                if (JsonValue::equal($value, $allowed)) {
                    $found = true;
                    break;
                }
            }
            if (!$found) {
                $valid = $this->fail($report, $path, 'must be one of ' . JsonValue::json($schema['enum']));
            }
        }
        $combined = isset($schema['not']) || isset($schema['anyOf']) || isset($schema['oneOf'])
            || isset($schema['allOf']) || array_key_exists('if', $schema);
        if ($combined) {
            $valid = $this->checkCombinators($schema, $value, $path, $report, $evaluated) && $valid;
        }
        // Then the keywords of each type, in ajv's order of the types; the deferred type's error in
        // its place when the value is of another type.
        if (is_int($value) || is_float($value)) {
            $valid = $this->failEach($report, $path, ScalarKeywords::number($schema, $value)) && $valid;
        } elseif ($deferred === 'number') {
            $valid = $this->fail($report, $path, 'must be number');
        }
        if (is_string($value)) {
            $valid = $this->failEach($report, $path, ScalarKeywords::string($schema, $value)) && $valid;
        } elseif ($deferred === 'string') {
            $valid = $this->fail($report, $path, 'must be string');
        }
        // A scalar is neither array nor object: two calls saved on most values.
        $composite = is_array($value) || $value instanceof \stdClass;
        if ($composite && JsonValue::isList($value)) {
            $valid = $this->checkArray($schema, $value, $path, $report, $evaluated) && $valid;
        } elseif ($deferred === 'array') {
            $valid = $this->fail($report, $path, 'must be array');
        }
        if ($composite && $this->isObject($value)) {
            $valid = $this->checkObject($schema, JsonValue::props($value), $path, $report, $evaluated) && $valid;
        } elseif ($deferred === 'object') {
            $valid = $this->fail($report, $path, 'must be object');
        }
        return $valid;
    }

    /**
     * @param mixed $value
     * @param list<string> $types
     */
    private function hasType($value, array $types): bool
    {
        foreach ($types as $type) {
            if ($type === 'object' ? $this->isObject($value) : JsonValue::hasType($value, $type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the schema has a keyword that ajv checks on values of this type only (its rule groups).
     *
     * @param array<string, mixed> $schema
     */
    private static function hasKeywordsOf(array $schema, string $type): bool
    {
        foreach (isset(self::KEYWORDS_OF[$type]) ? self::KEYWORDS_OF[$type] : [] as $keyword) {
            if (array_key_exists($keyword, $schema)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param array<string, mixed> $schema
     * @param mixed $value
     * @param array{props: array<string, true>, items: int, allItems: bool} $evaluated
     */
    private function checkCombinators(array $schema, $value, string $path, bool $report, array &$evaluated): bool
    {
        $valid = true;
        // In ajv's order: not, anyOf, oneOf, allOf, if.
        if (isset($schema['not']) && $this->check($schema['not'], $value, $path, false)) {
            $valid = $this->fail($report, $path, 'is invalid (not)');
        }
        foreach (['anyOf', 'oneOf'] as $keyword) {
            if (!isset($schema[$keyword])) {
                continue;
            }
            $passing = 0;
            $before = count($this->issues);
            foreach ($schema[$keyword] as $sub) {
                if ($this->check($sub, $value, $path, $report, $inner)) {
                    $passing++;
                    // As ajv: a oneOf takes the members of its first passing branch only.
                    if ($keyword === 'anyOf' || $passing === 1) {
                        $evaluated = self::merge($evaluated, $inner);
                    }
                }
            }
            $ok = $keyword === 'anyOf' ? $passing > 0 : $passing === 1;
            if ($ok) {
                // The branches that failed say nothing about a value that matched.
                array_splice($this->issues, $before);
            } else {
                $shapes = $keyword === 'anyOf' ? 'one of the allowed shapes' : 'exactly one of the allowed shapes';
                $valid = $this->fail($report, $path, 'must match ' . $shapes);
            }
        }
        foreach (isset($schema['allOf']) ? $schema['allOf'] : [] as $sub) {
            $valid = $this->check($sub, $value, $path, $report, $inner) && $valid;
            $evaluated = self::merge($evaluated, $inner);
        }
        if (array_key_exists('if', $schema)) {
            if ($this->check($schema['if'], $value, $path, false, $inner)) {
                $evaluated = self::merge($evaluated, $inner);
                if (array_key_exists('then', $schema)) {
                    $valid = $this->check($schema['then'], $value, $path, $report, $inner) && $valid;
                    $evaluated = self::merge($evaluated, $inner);
                }
            } elseif (array_key_exists('else', $schema)) {
                $valid = $this->check($schema['else'], $value, $path, $report, $inner) && $valid;
                $evaluated = self::merge($evaluated, $inner);
            }
        }
        return $valid;
    }

    /**
     * This validator for values whose objects are \stdClass (`[]` is a list, never an object).
     */
    public function forDecodedObjects(): self
    {
        if ($this->objectsDecoded) {
            return $this;
        }
        return $this->decodedObjects ?? ($this->decodedObjects = new self($this->defs, true));
    }

    /**
     * The shared definition a `$ref` names (`#/$defs/<Name>`).
     *
     * @return array<string, mixed>|bool
     */
    public function resolve(string $ref)
    {
        $name = strpos($ref, '#/$defs/') === 0 ? substr($ref, 8) : null;
        if ($name === null || !array_key_exists(rawurldecode($name), $this->defs)) {
            throw new \LogicException('cloudfn: the schema refers to ' . $ref . ', which is not among its definitions');
        }
        return $this->defs[rawurldecode($name)];
    }

    private function fail(bool $report, string $path, string $message): bool
    {
        if ($report && count($this->issues) < self::MAX_ISSUES * 4) {
            $this->issues[] = ['path' => $path === '' ? '/' : $path, 'message' => $message];
        }
        return false;
    }

    /**
     * Records each message at `$path`; true when there is none.
     *
     * @param list<string> $messages
     */
    private function failEach(bool $report, string $path, array $messages): bool
    {
        foreach ($messages as $message) {
            $this->fail($report, $path, $message);
        }
        return $messages === [];
    }

    /**
     * @param array{props: array<string, true>, items: int, allItems: bool} $a
     * @param array{props: array<string, true>, items: int, allItems: bool}|null $b
     * @return array{props: array<string, true>, items: int, allItems: bool}
     */
    private static function merge(array $a, ?array $b): array
    {
        if ($b === null) {
            return $a;
        }
        return [
            'props' => $a['props'] + $b['props'],
            'items' => max($a['items'], $b['items']),
            'allItems' => $a['allItems'] || $b['allItems'],
        ];
    }
}
