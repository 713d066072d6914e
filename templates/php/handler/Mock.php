<?php

declare(strict_types=1);

namespace CloudFn\Handler;

/**
 * Mock mode's implementation of a PHP function (`mock.php`): an input that holds one of the contract's
 * examples gets that example's answer, any other input the generated sample outputs in turn (in turn within
 * one php process: a warm instance; `cloudfn serve` starts a php process per call, so it answers the first).
 * So a caller team works, and the generated contract tests pass, before the function is written.
 */
final class Mock
{
    /**
     * @param list<array<string, mixed>> $examples {input, output} or {input, error: {code, data?}}, most
     *     specific input first; their outputs and data were checked against the contract by `cloudfn gen`
     * @param list<mixed> $samples schema-valid outputs
     */
    public static function of(array $examples, array $samples): \Closure
    {
        $next = 0;
        return static function (array $input, array $context) use ($examples, $samples, &$next) {
            foreach ($examples as $example) {
                if (!self::holds($input, $example['input'])) {
                    continue;
                }
                if (isset($example['error'])) {
                    $error = $example['error'];
                    throw array_key_exists('data', $error)
                        ? Failure::of($error['code'], $error['data'])
                        : Failure::of($error['code']);
                }
                return $example['output'];
            }
            if ($samples === []) {
                throw new \RuntimeException('cloudfn could not generate a sample output for this contract');
            }
            return $samples[$next++ % count($samples)];
        };
    }

    /**
     * True when `$value` holds `$part`: the same string, boolean or null, an equal number; a list of the
     * same length whose items hold part's items; an array with each key part lists, holding its value.
     * Keys part does not list (defaults filled in, for one) do not matter.
     *
     * @param mixed $value
     * @param mixed $part
     */
    public static function holds($value, $part): bool
    {
        if (!is_array($part)) {
            $numbers = (is_int($value) || is_float($value)) && (is_int($part) || is_float($part));
            return $numbers ? $value == $part : $value === $part;
        }
        if (!is_array($value)) {
            return false;
        }
        if ($part !== [] && array_keys($part) === range(0, count($part) - 1)) {
            if (count($value) !== count($part) || array_keys($value) !== array_keys($part)) {
                return false;
            }
        }
        foreach ($part as $key => $item) {
            if (!array_key_exists($key, $value) || !self::holds($value[$key], $item)) {
                return false;
            }
        }
        return true;
    }
}
