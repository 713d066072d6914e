/**
 * Patterns whose form alone makes them linear skip recheck (~0.13 s to load): every pattern the
 * shortcut passes must be one recheck proves safe, and every pattern recheck refuses must be left
 * to recheck. Checked over a corpus of real contract patterns and known ReDoS shapes.
 */
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { triviallyLinear } from '../../generator/stages/validate.js';

const { checkSync } = createRequire(import.meta.url)('recheck') as typeof import('recheck');

const CORPUS = [
  // Real contract patterns.
  '^\\d{6}$', '^1[3-9]\\d{9}$', '^[A-Z0-9-]{4,20}$', '^[a-z][a-z0-9_]*$', '^ord_[0-9a-f]{10}$', '^\\+?\\d{6,15}$',
  '^[\\u4e00-\\u9fa5]{2,10}$', '^\\p{L}+$', '^[^\\s]+$', '^\\S+@\\S+$', '^TEA-\\d+$', '^.{1,64}$', '^[A-Za-z]{2}\\d{4}[A-Z]?$',
  '^\\u{1F600}+$', '^[\\]\\[]*$', '^a+?b$', '^\\d{4}-\\d{2}-\\d{2}$', '^$',
  // Known super-linear shapes, and shapes the shortcut must leave to recheck.
  '^(a+)+$', '^(a|a)*$', '^\\d*\\d*x$', '^a*a*$', '^(\\w+\\s?)*$', '\\d+x', 'a*b', '^(a|b)$', '^(?:x+)+y$', '^(a)\\1*$',
  '^\\s*\\S+\\s*$', '^[a-z]+\\.[a-z]+$', '^.*.*=$', '^(?=a)a+$',
];

test('a pattern taken as linear by its form is one recheck proves safe; every vulnerable one goes to recheck', () => {
  const taken: string[] = [];
  for (const pattern of CORPUS) {
    const verdict = checkSync(pattern, 'u', { timeout: 5000 }).status;
    if (triviallyLinear(pattern)) {
      taken.push(pattern);
      expect(verdict, pattern).toBe('safe');
    }
  }
  // The shortcut does take the common shapes (and nothing with two varying quantifiers, a group or no anchor).
  expect(taken).toEqual(CORPUS.slice(0, 18).filter((p) => p !== '^\\S+@\\S+$' && p !== '^\\+?\\d{6,15}$'));
  for (const p of ['^\\S+@\\S+$', '^\\+?\\d{6,15}$', '^a*a*$', '^\\d*\\d*x$', '^(a+)+$', '\\d+x', '^\\s*\\S+\\s*$', '^[a-z]+\\.[a-z]+$']) expect(triviallyLinear(p), p).toBe(false);
});
