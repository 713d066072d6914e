/**
 * PHP naming: class names that never hit a reserved word or each other,
 * property names that are valid variables. Applied on top of the IR's
 * neutral words.
 */
import { camelCase, pascalCase } from '../../util/naming.js';

/** Words PHP refuses as class, interface or enum names (case-insensitive). */
const RESERVED = new Set(
  (
    'abstract and array as break callable case catch class clone const continue declare default do echo else elseif empty ' +
    'enddeclare endfor endforeach endif endswitch endwhile enum eval exit extends final finally fn for foreach function global ' +
    'goto if implements include include_once instanceof insteadof interface isset list match namespace new or print private ' +
    'protected public readonly require require_once return static switch throw trait try unset use var while xor yield ' +
    'int float bool string true false null void iterable object mixed never self parent resource numeric'
  ).split(' '),
);

/** A class name from any text: PascalCase, `Model` added to a reserved word, `_` before a digit. */
export function phpClassName(name: string): string {
  const base = pascalCase(name) || 'Value';
  return RESERVED.has(base.toLowerCase()) ? `${base}Model` : base;
}

/**
 * A name written in letters of another script only (`姓名`, `中文`): PHP takes it as it is (a name
 * may hold any byte of a UTF-8 character), and it reads better than `value2`.
 */
const OTHER_SCRIPT = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** A property (and constructor parameter) name: camelCase, or the name itself in another script; `$this` is the one name PHP refuses. */
export function phpPropertyName(name: string): string {
  const base = camelCase(name) || (OTHER_SCRIPT.test(name) ? name : 'value');
  return base === 'this' ? 'this_' : base;
}

/** An enum case or class constant name from a value: UPPER_SNAKE (or the value itself in another script), never empty or reserved. */
export function phpConstName(value: string | number): string {
  const text = String(value)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const name = text === '' ? (OTHER_SCRIPT.test(String(value)) ? String(value) : 'VALUE') : /^[0-9]/.test(text) ? `V_${text}` : text;
  return name === 'CLASS' ? 'CLASS_' : name;
}

/** Hands out names unique within one scope (case-insensitive, as PHP compares them). */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name.toLowerCase());
  }

  /** Takes `name` as it is (a name claim() gave in an earlier run, replayed). */
  take(name: string): void {
    this.taken.add(name.toLowerCase());
  }

  /** The names taken so far (lower-case), in the order they were taken. */
  names(): IterableIterator<string> {
    return this.taken.values();
  }

  /** `wanted`, or `wanted2`, `wanted3`, … if it is taken. */
  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${wanted}${n}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}
