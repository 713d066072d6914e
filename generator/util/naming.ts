/**
 * Identifier conversion shared by the targets. Each target applies its own
 * reserved words on top; the IR keeps the neutral words.
 */

/** Splits `user-login`, `user_login`, `userLogin`, `HTTPStatus2` into words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

const pascalKnown = new Map<string, string>();

/** `user-login` → `UserLogin`; a leading digit gets a `_` prefix. */
export function pascalCase(name: string): string {
  // Every target names the same members and classes: each name is converted once per process.
  let out = pascalKnown.get(name);
  if (out === undefined) {
    const joined = words(name)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
    out = /^[0-9]/.test(joined) ? `_${joined}` : joined;
    if (pascalKnown.size >= 100_000) pascalKnown.clear();
    pascalKnown.set(name, out);
  }
  return out;
}

/** `user-login` → `userLogin`; '' for a name with no letter or digit (an emoji, punctuation): callers pick a fallback. */
export function camelCase(name: string): string {
  const p = pascalCase(name);
  return p === '' || p.startsWith('_') ? p : p[0]!.toLowerCase() + p.slice(1);
}

/** Members JavaScript itself calls on any object: `await` and promises (`then`), JSON.stringify, conversions. */
const CALLED_BY_JAVASCRIPT = new Set(['then', 'toJSON', 'toString', 'valueOf']);

/**
 * The method a TypeScript caller object (the client, the direct and mini program wrappers) has for
 * a function: its camelCase name, but `thenFunction` for `then` (a client with a `then` method is
 * taken for a promise: returning it from an async function would call the cloud function and never
 * settle), and so for the other members JavaScript calls by itself (`toJSON`, `toString`, `valueOf`).
 */
export function callerMethodName(name: string): string {
  const camel = camelCase(name);
  return CALLED_BY_JAVASCRIPT.has(camel) ? `${camel}Function` : camel;
}

/**
 * Words JavaScript does not take as the name of a function or variable in a module (strict mode):
 * the reserved words, `await` (an ES module), `eval` and `arguments`.
 */
const JS_BINDING_RESERVED = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield eval arguments'.split(' '),
);

/** `camelCase(name)` as a binding's name: `Fn` added to a word JavaScript reserves (`class` → `classFn`). */
export function camelBinding(name: string): string {
  const c = camelCase(name);
  return JS_BINDING_RESERVED.has(c) ? `${c}Fn` : c;
}
