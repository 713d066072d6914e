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

    /** At most this many issues are reported, as the Node side does. */
    public const MAX_ISSUES = 20;

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
        if (isset($schema['$ref'])) {
            $target = $this->resolve((string) $schema['$ref']);
            $valid = $this->check($target, $value, $path, $report, $inner) && $valid;
            $evaluated = self::merge($evaluated, $inner);
        }
        if (isset($schema['type'])) {
            $types = (array) $schema['type'];
            $matched = false;
            foreach ($types as $type) {
                if ($type === 'object' ? $this->isObject($value) : JsonValue::hasType($value, (string) $type)) {
                    $matched = true;
                    break;
                }
            }
            if (!$matched) {
                // As ajv with allErrors: the keywords of every type (enum, const, allOf…) still apply.
                $valid = $this->fail($report, $path, 'must be ' . implode(',', $types));
            }
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
        if (is_string($value)) {
            $valid = $this->failEach($report, $path, ScalarKeywords::string($schema, $value)) && $valid;
        } elseif ((is_int($value) || is_float($value))) {
            $valid = $this->failEach($report, $path, ScalarKeywords::number($schema, $value)) && $valid;
        } elseif ($this->isObject($value)) {
            $valid = $this->checkObject($schema, JsonValue::props($value), $path, $report, $evaluated) && $valid;
        }
        if (JsonValue::isList($value)) {
            $valid = $this->checkArray($schema, $value, $path, $report, $evaluated) && $valid;
        }
        return $this->checkCombinators($schema, $value, $path, $report, $evaluated) && $valid;
    }

    /**
     * @param array<string, mixed> $schema
     * @param mixed $value
     * @param array{props: array<string, true>, items: int, allItems: bool} $evaluated
     */
    private function checkCombinators(array $schema, $value, string $path, bool $report, array &$evaluated): bool
    {
        $valid = true;
        foreach (isset($schema['allOf']) ? $schema['allOf'] : [] as $sub) {
            $valid = $this->check($sub, $value, $path, $report, $inner) && $valid;
            $evaluated = self::merge($evaluated, $inner);
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
                    $evaluated = self::merge($evaluated, $inner);
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
        if (isset($schema['not']) && $this->check($schema['not'], $value, $path, false)) {
            $valid = $this->fail($report, $path, 'is invalid (not)');
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
        if (array_key_exists('unevaluatedProperties', $schema) && $this->isObject($value)) {
            foreach (JsonValue::props($value) as $key => $item) {
                $key = (string) $key;
                if (isset($evaluated['props'][$key])) {
                    continue;
                }
                $at = $path . '/' . JsonValue::escape($key);
                if (!$this->check($schema['unevaluatedProperties'], $item, $at, false)) {
                    $valid = $this->fail($report, $at, 'is not allowed');
                }
                $evaluated['props'][$key] = true;
            }
        }
        if (array_key_exists('unevaluatedItems', $schema) && JsonValue::isList($value) && !$evaluated['allItems']) {
            if ($schema['unevaluatedItems'] === false && count($value) > $evaluated['items']) {
                // As ajv: one issue on the list, naming how many items it may hold.
                $valid = $this->fail($report, $path, 'must have at most ' . $evaluated['items'] . ' items');
            }
            foreach ($schema['unevaluatedItems'] === false ? [] : $value as $i => $item) {
                if ($i >= $evaluated['items']) {
                    $valid = $this->check($schema['unevaluatedItems'], $item, $path . '/' . $i, $report) && $valid;
                }
            }
            $evaluated['allItems'] = true;
        }
        return $valid;
    }

    /**
     * @param array<string, mixed> $schema
     * @param array<string|int, mixed> $props
     * @param array{props: array<string, true>, items: int, allItems: bool} $evaluated
     */
    private function checkObject(array $schema, array $props, string $path, bool $report, array &$evaluated): bool
    {
        $valid = true;
        foreach (isset($schema['required']) ? $schema['required'] : [] as $name) {
            if (!array_key_exists($name, $props)) {
                $valid = $this->fail($report, $path . '/' . JsonValue::escape((string) $name), 'is required');
            }
        }
        $count = count($props);
        if (isset($schema['minProperties']) && $count < $schema['minProperties']) {
            $valid = $this->fail($report, $path, 'must have at least ' . $schema['minProperties'] . ' properties');
        }
        if (isset($schema['maxProperties']) && $count > $schema['maxProperties']) {
            $valid = $this->fail($report, $path, 'must have at most ' . $schema['maxProperties'] . ' properties');
        }
        $dependent = isset($schema['dependentRequired']) ? $schema['dependentRequired'] : [];
        foreach (isset($schema['dependencies']) ? $schema['dependencies'] : [] as $name => $dependency) {
            if (JsonValue::isList($dependency)) {
                $dependent[$name] = $dependency;
            } elseif (array_key_exists($name, $props)) {
                $valid = $this->check($dependency, $props, $path, $report) && $valid;
            }
        }
        foreach ($dependent as $name => $needs) {
            if (!array_key_exists($name, $props)) {
                continue;
            }
            foreach ($needs as $need) {
                if (!array_key_exists($need, $props)) {
                    $valid = $this->fail($report, $path . '/' . JsonValue::escape((string) $need), 'is required');
                }
            }
        }
        foreach (isset($schema['dependentSchemas']) ? $schema['dependentSchemas'] : [] as $name => $sub) {
            if (array_key_exists($name, $props)) {
                $valid = $this->check($sub, $props, $path, $report, $inner) && $valid;
                $evaluated = self::merge($evaluated, $inner);
            }
        }
        $properties = isset($schema['properties']) ? $schema['properties'] : [];
        $patterns = isset($schema['patternProperties']) ? $schema['patternProperties'] : [];
        $additional = array_key_exists('additionalProperties', $schema) ? $schema['additionalProperties'] : null;
        // In ajv's order: propertyNames, additionalProperties, properties (in the schema's order), patternProperties.
        if (isset($schema['propertyNames'])) {
            foreach (array_keys($props) as $key) {
                $at = $path . '/' . JsonValue::escape((string) $key);
                if (!$this->check($schema['propertyNames'], (string) $key, $at, false)) {
                    $valid = $this->fail($report, $at, 'is not an allowed property name');
                }
            }
        }
        foreach ($props as $key => $item) {
            $key = (string) $key;
            $known = array_key_exists($key, $properties);
            foreach ($patterns as $pattern => $sub) {
                $known = $known || JsonValue::matches((string) $pattern, $key);
            }
            if (!$known && $additional !== null) {
                $at = $path . '/' . JsonValue::escape($key);
                $valid = ($additional === false
                    ? $this->fail($report, $at, 'is not allowed')
                    : $this->check($additional, $item, $at, $report)) && $valid;
                $known = true;
            }
            if ($known) {
                $evaluated['props'][$key] = true;
            }
        }
        foreach ($properties as $key => $sub) {
            if (array_key_exists((string) $key, $props)) {
                $at = $path . '/' . JsonValue::escape((string) $key);
                $valid = $this->check($sub, $props[(string) $key], $at, $report) && $valid;
            }
        }
        foreach ($patterns as $pattern => $sub) {
            foreach ($props as $key => $item) {
                if (JsonValue::matches((string) $pattern, (string) $key)) {
                    $at = $path . '/' . JsonValue::escape((string) $key);
                    $valid = $this->check($sub, $item, $at, $report) && $valid;
                }
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
