/**
 * PHP literals of contract text (generator/targets/php/literal.ts), read back by real `php`: every
 * string comes back as it went in, and no control character lands raw in the source.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { phpString, phpValue } from '../../generator/targets/php/literal.js';

const STRINGS: [name: string, text: string][] = [
  ['plain', 'plain'],
  ['quotes and backslashes', `it's a \\ "quote" \\' \\\\`],
  ['dollar and braces', '$var {$x} ${y}'],
  ['comment and tag ends', '*/ ?> <?php'],
  ['NUL', 'a\u0000b'],
  ['newline, return, tab', 'new\nline\r\n\tx'],
  ['other control characters', '\u0001\u0007\u001b\u001f\u007f'],
  ['an escape-like text next to a control character', '\\x41\n\\u{41} $0'],
  ['hex digits after a control character', '\u0000ab\u00010f'],
  ['non-ASCII and separators', '中文 😀 \u2028\u2029'],
  ['empty', ''],
];

test('every string comes back from php as it went in, and the source holds no raw control character', () => {
  const literals = STRINGS.map(([, text]) => phpString(text));
  for (const literal of literals) expect(/[\u0000-\u001f\u007f]/.test(literal), literal).toBe(false);
  const code = `echo json_encode([${literals.join(', ')}], JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);`;
  expect(JSON.parse(execFileSync('php', ['-r', code], { encoding: 'utf8' }))).toEqual(STRINGS.map(([, text]) => text));
});

test('keys and long strings in a PHP array constant come back as they went in', () => {
  const value = { 'new\nline': ['x'.repeat(200), 'a\u0000b'.repeat(40)], [`it's`]: { $ref: '#/$defs/A' } };
  const code = `const V = ${phpValue(value)};\necho json_encode(V, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);`;
  expect(JSON.parse(execFileSync('php', ['-r', code], { encoding: 'utf8' }))).toEqual(value);
});
