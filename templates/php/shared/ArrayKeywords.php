<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * The array keywords of SchemaValidator (items, prefixItems, min/maxItems,
 * contains, uniqueItems, and last unevaluatedItems), with ajv's semantics and
 * messages. A trait, so that they share the validator's walk (`check`) and its
 * issue list (`fail`). Written for PHP 7.4 and later.
 */
trait ArrayKeywords
{
    /**
     * @param array<string, mixed> $schema
     * @param list<mixed> $items
     * @param array{props: array<string, true>, items: int, allItems: bool} $evaluated
     */
    private function checkArray(array $schema, array $items, string $path, bool $report, array &$evaluated): bool
    {
        $valid = true;
        $count = count($items);
        if (isset($schema['maxItems']) && $count > $schema['maxItems']) {
            $valid = $this->fail($report, $path, 'must have at most ' . $schema['maxItems'] . ' items');
        }
        if (isset($schema['minItems']) && $count < $schema['minItems']) {
            $valid = $this->fail($report, $path, 'must have at least ' . $schema['minItems'] . ' items');
        }
        $prefix = isset($schema['prefixItems']) ? $schema['prefixItems'] : [];
        foreach ($items as $i => $item) {
            if (isset($prefix[$i])) {
                $valid = $this->check($prefix[$i], $item, $path . '/' . $i, $report) && $valid;
            } elseif (array_key_exists('items', $schema)) {
                if ($schema['items'] === false) {
                    $valid = $this->fail($report, $path, 'must have at most ' . count($prefix) . ' items');
                    break;
                }
                $valid = $this->check($schema['items'], $item, $path . '/' . $i, $report) && $valid;
            }
        }
        $evaluated['items'] = max($evaluated['items'], min($count, count($prefix)));
        if (array_key_exists('items', $schema)) {
            $evaluated['allItems'] = true;
        }
        if (isset($schema['contains'])) {
            $valid = $this->checkContains($schema, $items, $path, $report) && $valid;
        }
        if (!empty($schema['uniqueItems'])) {
            // One issue for the first duplicate found, whatever else failed (as ajv, with all errors).
            $unique = true;
            for ($i = 0; $i < $count && $unique; $i++) {
                for ($j = $i + 1; $j < $count; $j++) {
                    if (JsonValue::equal($items[$i], $items[$j], $this->objectsDecoded)) {
                        $unique = $valid = $this->fail($report, $path, 'must not contain duplicate items');
                        break;
                    }
                }
            }
        }
        return $this->checkUnevaluatedItems($schema, $items, $path, $report, $evaluated) && $valid;
    }

    /**
     * `unevaluatedItems`, last of a list's keywords: the items no other keyword evaluated.
     *
     * @param array<string, mixed> $schema
     * @param list<mixed> $items
     * @param array{props: array<string, true>, items: int, allItems: bool} $evaluated
     */
    private function checkUnevaluatedItems(
        array $schema,
        array $items,
        string $path,
        bool $report,
        array &$evaluated
    ): bool {
        $valid = true;
        if (!array_key_exists('unevaluatedItems', $schema) || $evaluated['allItems']) {
            return $valid;
        }
        if ($schema['unevaluatedItems'] === false && count($items) > $evaluated['items']) {
            // As ajv: one issue on the list, naming how many items it may hold.
            $valid = $this->fail($report, $path, 'must have at most ' . $evaluated['items'] . ' items');
        }
        foreach ($schema['unevaluatedItems'] === false ? [] : $items as $i => $item) {
            if ($i >= $evaluated['items']) {
                $valid = $this->check($schema['unevaluatedItems'], $item, $path . '/' . $i, $report) && $valid;
            }
        }
        $evaluated['allItems'] = true;
        return $valid;
    }

    /**
     * `contains` with `minContains`/`maxContains`, as ajv walks it: the items in order, stopping once
     * the verdict is known; the issues of the items that do not match are kept only when it fails.
     *
     * @param array<string, mixed> $schema
     * @param list<mixed> $items
     */
    private function checkContains(array $schema, array $items, string $path, bool $report): bool
    {
        $min = isset($schema['minContains']) ? $schema['minContains'] : 1;
        $max = isset($schema['maxContains']) ? $schema['maxContains'] : null;
        $mark = count($this->issues);
        $ok = $min === 0;
        $count = 0;
        foreach ($items as $i => $item) {
            if (!$this->check($schema['contains'], $item, $path . '/' . $i, $report)) {
                continue;
            }
            $count++;
            if ($max !== null && $count > $max) {
                $ok = false;
                break;
            }
            if ($count >= $min) {
                $ok = true;
                if ($max === null) {
                    break;
                }
            }
        }
        if ($ok) {
            array_splice($this->issues, $mark);
            return true;
        }
        return $this->fail(
            $report,
            $path,
            'must contain at least ' . $min . ($max === null ? '' : ' and no more than ' . $max) . ' valid item(s)'
        );
    }
}
