/**
 * Produces a string matching a regular expression, for the patterns contracts
 * use: literals, escapes (\d \w \s), classes with ranges, groups with
 * alternation, and quantifiers. Anything else returns undefined and the
 * caller falls back to validating and retrying.
 */
type Rng = () => number;

const DIGITS = '0123456789';
const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';

export function sampleRegex(pattern: string, rng: Rng): string | undefined {
  let i = 0;
  const pick = (chars: string): string => chars[Math.floor(rng() * chars.length)] ?? '';

  const parseClass = (): string | undefined => {
    // after '['
    let negate = false;
    if (pattern[i] === '^') {
      negate = true;
      i++;
    }
    let chars = '';
    while (i < pattern.length && pattern[i] !== ']') {
      let c = pattern[i++]!;
      if (c === '\\') {
        const e = pattern[i++]!;
        if (e === 'd') chars += DIGITS;
        else if (e === 'w') chars += WORD;
        else if (e === 's') chars += ' ';
        else chars += e;
        continue;
      }
      if (pattern[i] === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
        let end = pattern[i + 1]!;
        i += 2;
        if (end === '\\') end = pattern[i++]!;
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars += String.fromCharCode(code);
        continue;
      }
      chars += c;
      c = '';
    }
    i++; // ']'
    if (negate) {
      const pool = WORD.split('').filter((ch) => !chars.includes(ch)).join('');
      return pool || undefined;
    }
    return chars || undefined;
  };

  /** Parses a sequence up to ')' or '|' or end; returns a generator of one sample. */
  const parseAlternation = (): (() => string) | undefined => {
    const branches: (() => string)[] = [];
    for (;;) {
      const seq = parseSequence();
      if (!seq) return undefined;
      branches.push(seq);
      if (pattern[i] === '|') {
        i++;
        continue;
      }
      break;
    }
    return () => branches[Math.floor(rng() * branches.length)]!();
  };

  const parseSequence = (): (() => string) | undefined => {
    const parts: (() => string)[] = [];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const c = pattern[i++]!;
      let atom: (() => string) | undefined;
      if (c === '^' || c === '$') continue;
      if (c === '(') {
        if (pattern.startsWith('?:', i)) i += 2;
        else if (pattern[i] === '?') return undefined;
        atom = parseAlternation();
        if (!atom || pattern[i] !== ')') return undefined;
        i++;
      } else if (c === '[') {
        const chars = parseClass();
        if (!chars) return undefined;
        atom = () => pick(chars);
      } else if (c === '\\') {
        const e = pattern[i++];
        if (e === 'd') atom = () => pick(DIGITS);
        else if (e === 'w') atom = () => pick(WORD);
        else if (e === 's') atom = () => ' ';
        else if (e === undefined || /[bBpPkuxc0-9]/.test(e)) return undefined;
        else atom = () => e;
      } else if (c === '.') atom = () => pick(WORD);
      else if ('*+?{'.includes(c)) return undefined;
      else atom = () => c;
      let min = 1;
      let max = 1;
      const q = pattern[i];
      if (q === '?') [min, max, i] = [0, 1, i + 1];
      else if (q === '*') [min, max, i] = [0, 3, i + 1];
      else if (q === '+') [min, max, i] = [1, 3, i + 1];
      else if (q === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) return undefined;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] ? Number(m[3]) : min + 3;
        i += m[0].length;
      }
      if (pattern[i] === '?') i++; // lazy quantifier: same language
      const a = atom;
      const lo = min;
      const hi = max;
      parts.push(() => {
        const n = lo + Math.floor(rng() * (hi - lo + 1));
        let s = '';
        for (let k = 0; k < n; k++) s += a();
        return s;
      });
    }
    return () => parts.map((p) => p()).join('');
  };

  const gen = parseAlternation();
  if (!gen || i < pattern.length) return undefined;
  return gen();
}
