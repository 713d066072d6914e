<?php

declare(strict_types=1);

namespace CloudFn\Handler;

/**
 * The contract's defaults, filled into an input before it is checked, as the
 * Node handler fills them: a member the caller left out gets the `default` its
 * schema declares. `cloudfn gen` writes the plan (where the defaults are) into
 * contract.php, each default as JSON text, decoded afresh for every call.
 */
final class Defaults
{
    /** Deeper than the handler's JSON depth: no input reaches it. */
    private const MAX_DEPTH = 600;

    /**
     * Fills the defaults of members left out, at any depth, in place. Values of another type than
     * the plan expects are left as they are, for the check that follows to refuse.
     *
     * @param mixed $value the input: objects as \stdClass, lists as arrays
     * @param array<string, mixed> $plan
     * @param array<string, array<string, mixed>> $defs plans of shared definitions, by name
     */
    public static function fill($value, array $plan, array $defs, int $depth = 0): void
    {
        if ($depth > self::MAX_DEPTH) {
            return;
        }
        if (isset($plan['members']) && $value instanceof \stdClass) {
            foreach ($plan['members'] as $member) {
                $name = (string) $member['name'];
                if (!property_exists($value, $name)) {
                    if (!array_key_exists('default', $member)) {
                        continue;
                    }
                    $value->{$name} = json_decode($member['default'], false, 512, JSON_THROW_ON_ERROR);
                }
                if (isset($member['plan'])) {
                    self::fill($value->{$name}, $member['plan'], $defs, $depth + 1);
                }
            }
        }
        if (isset($plan['items']) && is_array($value)) {
            foreach ($value as $item) {
                self::fill($item, $plan['items'], $defs, $depth + 1);
            }
        }
        foreach ($plan['refs'] ?? [] as $name) {
            if (isset($defs[$name])) {
                self::fill($value, $defs[$name], $defs, $depth + 1);
            }
        }
    }
}
