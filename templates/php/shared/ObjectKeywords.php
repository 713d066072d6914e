<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * The object keywords of SchemaValidator, with ajv's semantics and messages, in ajv's order (the
 * order of the issues): maxProperties, minProperties, required, propertyNames, additionalProperties,
 * dependencies, properties, patternProperties, dependentRequired, dependentSchemas, and last
 * unevaluatedProperties. A trait, so that they share the validator's walk (`check`) and its issue
 * list (`fail`). Written for PHP 7.4 and later.
 */
trait ObjectKeywords
{
    /**
     * @param array<string, mixed> $schema
     * @param array<string|int, mixed> $props
     * @param array{props: array<string, true>, items: int, allItems: bool} $evaluated
     */
    private function checkObject(array $schema, array $props, string $path, bool $report, array &$evaluated): bool
    {
        $valid = true;
        $count = count($props);
        if (isset($schema['maxProperties']) && $count > $schema['maxProperties']) {
            $valid = $this->fail($report, $path, 'must have at most ' . $schema['maxProperties'] . ' properties');
        }
        if (isset($schema['minProperties']) && $count < $schema['minProperties']) {
            $valid = $this->fail($report, $path, 'must have at least ' . $schema['minProperties'] . ' properties');
        }
        foreach (isset($schema['required']) ? $schema['required'] : [] as $name) {
            if (!array_key_exists($name, $props)) {
                $valid = $this->fail($report, $path . '/' . JsonValue::escape((string) $name), 'is required');
            }
        }
        $properties = isset($schema['properties']) ? $schema['properties'] : [];
        $patterns = isset($schema['patternProperties']) ? $schema['patternProperties'] : [];
        $additional = array_key_exists('additionalProperties', $schema) ? $schema['additionalProperties'] : null;
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
        foreach (isset($schema['dependencies']) ? $schema['dependencies'] : [] as $name => $dependency) {
            if (array_key_exists($name, $props)) {
                $valid = (JsonValue::isList($dependency)
                    ? $this->checkDependentRequired($props, $dependency, $path, $report)
                    : $this->check($dependency, $props, $path, $report)) && $valid;
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
        foreach (isset($schema['dependentRequired']) ? $schema['dependentRequired'] : [] as $name => $needs) {
            if (array_key_exists($name, $props)) {
                $valid = $this->checkDependentRequired($props, $needs, $path, $report) && $valid;
            }
        }
        foreach (isset($schema['dependentSchemas']) ? $schema['dependentSchemas'] : [] as $name => $sub) {
            if (array_key_exists($name, $props)) {
                $valid = $this->check($sub, $props, $path, $report, $inner) && $valid;
                $evaluated = self::merge($evaluated, $inner);
            }
        }
        return $this->checkUnevaluatedProps($schema, $props, $path, $report, $evaluated) && $valid;
    }

    /**
     * The members a present member needs (`dependentRequired`, or a list in `dependencies`).
     *
     * @param array<string|int, mixed> $props
     * @param list<string> $needs
     */
    private function checkDependentRequired(array $props, array $needs, string $path, bool $report): bool
    {
        $valid = true;
        foreach ($needs as $need) {
            if (!array_key_exists($need, $props)) {
                $valid = $this->fail($report, $path . '/' . JsonValue::escape((string) $need), 'is required');
            }
        }
        return $valid;
    }

    /**
     * `unevaluatedProperties`: the members no other keyword evaluated (this schema's, its `$ref`'s,
     * the combinations' and the conditions').
     *
     * @param array<string, mixed> $schema
     * @param array<string|int, mixed> $props
     * @param array{props: array<string, true>, items: int, allItems: bool} $evaluated
     */
    private function checkUnevaluatedProps(
        array $schema,
        array $props,
        string $path,
        bool $report,
        array &$evaluated
    ): bool {
        $valid = true;
        if (!array_key_exists('unevaluatedProperties', $schema)) {
            return $valid;
        }
        foreach ($props as $key => $item) {
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
        return $valid;
    }
}
