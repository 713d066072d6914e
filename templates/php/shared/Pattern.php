<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

/**
 * A JSON Schema pattern (an ECMAScript regular expression, flag `u`, as ajv
 * runs it on the Node side) in PCRE, with ECMAScript's meaning: `\d`, `\w`
 * and `\b` are ASCII, `\s` is ECMAScript's set of spaces, `.` stops at line
 * terminators, `\v` is the vertical tab, `$` is the end only, `[]` matches
 * nothing and `[^]` anything. PHP 8.2 and later run `\d` and `\w` over all of
 * Unicode under `/u`, which would accept "١٢٣" for `^\d+$` where Node refuses
 * it. Written for PHP 7.4 and later.
 */
final class Pattern
{
    private const DIGIT = '0-9';
    private const WORD = 'A-Za-z0-9_';
    private const SPACE = '\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}'
        . '\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}';
    private const NOT_DIGIT = '\x00-\x2F\x3A-\x{10FFFF}';
    private const NOT_WORD = '\x00-\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x{10FFFF}';
    private const NOT_SPACE = '\x00-\x08\x0E-\x1F\x21-\x9F\x{A1}-\x{167F}\x{1681}-\x{1FFF}\x{200B}-\x{2027}'
        . '\x{202A}-\x{202E}\x{2030}-\x{205E}\x{2060}-\x{2FFF}\x{3001}-\x{FEFE}\x{FF00}-\x{10FFFF}';
    /** ECMAScript's long General_Category names and aliases, which PCRE knows only by their short names. */
    private const CATEGORIES = [
        'Letter' => 'L', 'Cased_Letter' => 'L&', 'Uppercase_Letter' => 'Lu', 'Lowercase_Letter' => 'Ll',
        'Titlecase_Letter' => 'Lt', 'Modifier_Letter' => 'Lm', 'Other_Letter' => 'Lo', 'Mark' => 'M',
        'Combining_Mark' => 'M', 'Nonspacing_Mark' => 'Mn', 'Spacing_Mark' => 'Mc', 'Enclosing_Mark' => 'Me',
        'Number' => 'N', 'Decimal_Number' => 'Nd', 'digit' => 'Nd', 'Letter_Number' => 'Nl', 'Other_Number' => 'No',
        'Punctuation' => 'P', 'punct' => 'P', 'Connector_Punctuation' => 'Pc', 'Dash_Punctuation' => 'Pd',
        'Open_Punctuation' => 'Ps', 'Close_Punctuation' => 'Pe', 'Initial_Punctuation' => 'Pi',
        'Final_Punctuation' => 'Pf', 'Other_Punctuation' => 'Po', 'Symbol' => 'S', 'Math_Symbol' => 'Sm',
        'Currency_Symbol' => 'Sc', 'Modifier_Symbol' => 'Sk', 'Other_Symbol' => 'So', 'Separator' => 'Z',
        'Space_Separator' => 'Zs', 'Line_Separator' => 'Zl', 'Paragraph_Separator' => 'Zp', 'Other' => 'C',
        'Control' => 'Cc', 'cntrl' => 'Cc', 'Format' => 'Cf', 'Surrogate' => 'Cs', 'Private_Use' => 'Co',
        'Unassigned' => 'Cn', 'LC' => 'L&',
    ];
    /** Script codes ECMAScript takes after `Script=`, as the names every PCRE version knows. */
    private const SCRIPTS = [
        'Hani' => 'Han', 'Latn' => 'Latin', 'Cyrl' => 'Cyrillic', 'Grek' => 'Greek', 'Arab' => 'Arabic',
        'Hebr' => 'Hebrew', 'Hira' => 'Hiragana', 'Kana' => 'Katakana', 'Hang' => 'Hangul', 'Bopo' => 'Bopomofo',
        'Tibt' => 'Tibetan', 'Mong' => 'Mongolian', 'Zyyy' => 'Common', 'Zinh' => 'Inherited', 'Qaai' => 'Inherited',
    ];
    private const IS_WORD = '(?<=[A-Za-z0-9_])';
    private const NOT_AFTER_WORD = '(?<![A-Za-z0-9_])';

    /** @var array<string, string> */
    private static $cache = [];

    /** The PCRE form of an ECMAScript pattern, delimited, with flags `u` and `D`. */
    public static function pcre(string $pattern): string
    {
        if (isset(self::$cache[$pattern])) {
            return self::$cache[$pattern];
        }
        $classes = [
            'd' => self::DIGIT, 'D' => self::NOT_DIGIT, 'w' => self::WORD,
            'W' => self::NOT_WORD, 's' => self::SPACE, 'S' => self::NOT_SPACE,
        ];
        $out = '';
        $inClass = false;
        $length = strlen($pattern);
        for ($i = 0; $i < $length; $i++) {
            $char = $pattern[$i];
            if ($char === '\\' && $i + 1 < $length) {
                $next = $pattern[$i + 1];
                $code = self::codeEscape($pattern, $i);
                if ($code !== null) {
                    $out .= $code[0];
                    $i = $code[1];
                } elseif (isset($classes[$next])) {
                    $out .= $inClass ? $classes[$next] : '[' . $classes[$next] . ']';
                    $i++;
                } elseif ($next === 'b' || $next === 'B') {
                    $out .= $inClass ? '\x08' : self::boundary($next === 'b');
                    $i++;
                } elseif (($next === 'p' || $next === 'P') && self::braced($pattern, $i + 2, $m)) {
                    $out .= '\\' . $next . '{' . self::property($m[1]) . '}';
                    $i += 1 + strlen($m[0]);
                } elseif ($next === 'v') {
                    $out .= '\x0B';
                    $i++;
                } else {
                    $out .= $char . $next;
                    $i++;
                }
                continue;
            }
            if ($inClass) {
                // `[` is literal in an ECMAScript class; PCRE would read `[:alpha:]` as a POSIX class.
                $out .= $char === ']' ? ']' : ($char === '[' ? '\[' : ($char === '/' ? '\/' : $char));
                $inClass = $char !== ']';
                continue;
            }
            if ($char === '[') {
                $negated = $i + 1 < $length && $pattern[$i + 1] === '^';
                $first = $i + ($negated ? 2 : 1);
                if ($first < $length && $pattern[$first] === ']') {
                    // `[]` never matches; `[^]` matches any character.
                    $out .= $negated ? '[\x00-\x{10FFFF}]' : '(?!)';
                    $i = $first;
                    continue;
                }
                $out .= $negated ? '[^' : '[';
                $i = $first - 1;
                $inClass = true;
                continue;
            }
            $out .= $char === '.' ? '[^\n\r\x{2028}\x{2029}]' : ($char === '/' ? '\/' : $char);
        }
        return self::$cache[$pattern] = '/' . $out . '/uD';
    }

    /**
     * `\uXXXX` (a surrogate pair as one code point) or `\u{X…}` at `$i`, as PCRE's `\x{…}`, and the
     * index of its last character; null for any other escape.
     *
     * @return array{0: string, 1: int}|null
     */
    private static function codeEscape(string $pattern, int $i): ?array
    {
        if ($pattern[$i + 1] !== 'u') {
            return null;
        }
        if (preg_match('/\G\{([0-9A-Fa-f]{1,6})\}/', $pattern, $m, 0, $i + 2) === 1) {
            return ['\x{' . $m[1] . '}', $i + 1 + strlen($m[0])];
        }
        if (preg_match('/\G([0-9A-Fa-f]{4})(?:\\\\u([0-9A-Fa-f]{4}))?/', $pattern, $m, 0, $i + 2) !== 1) {
            return null;
        }
        $high = hexdec($m[1]);
        $low = isset($m[2]) ? hexdec($m[2]) : 0;
        if ($high >= 0xD800 && $high <= 0xDBFF && $low >= 0xDC00 && $low <= 0xDFFF) {
            $point = 0x10000 + (($high - 0xD800) << 10) + ($low - 0xDC00);
            return ['\x{' . dechex($point) . '}', $i + 1 + strlen($m[0])];
        }
        return ['\x{' . $m[1] . '}', $i + 5];
    }

    /**
     * True when `{…}` starts at `$at`; `$m` is then the whole and what is inside.
     *
     * @param array<int, string>|null $m
     */
    private static function braced(string $pattern, int $at, ?array &$m): bool
    {
        return preg_match('/\\G\{([^}]*)\}/', $pattern, $m, 0, $at) === 1;
    }

    /**
     * A property of `\p{…}` as PCRE names it: General_Category by its short name (`Letter`,
     * `gc=Letter` and `General_Category=L` are `L`), a script without `Script=` or `sc=` (`Han`, which
     * PCRE before 10.40, as older PHP builds bundle, reads only so). Others are left as written.
     */
    private static function property(string $name): string
    {
        $parts = explode('=', $name, 2);
        if (count($parts) === 2 && in_array($parts[0], ['General_Category', 'gc'], true)) {
            return self::CATEGORIES[$parts[1]] ?? $parts[1];
        }
        if (count($parts) === 2 && in_array($parts[0], ['Script', 'sc'], true)) {
            return self::SCRIPTS[$parts[1]] ?? $parts[1];
        }
        if ($name === 'Assigned') {
            return '^Cn';
        }
        return self::CATEGORIES[$name] ?? $name;
    }

    /** ECMAScript's `\b` (or `\B`): between an ASCII word character and anything else. */
    private static function boundary(bool $at): string
    {
        $before = self::IS_WORD;
        $notBefore = self::NOT_AFTER_WORD;
        return $at
            ? '(?:' . $before . '(?![A-Za-z0-9_])|' . $notBefore . '(?=[A-Za-z0-9_]))'
            : '(?:' . $before . '(?=[A-Za-z0-9_])|' . $notBefore . '(?![A-Za-z0-9_]))';
    }
}
