/**
 * Mock mode's answers to the contract's own examples, so that a caller team sees what the contract
 * documents and the generated contract tests pass before the function is written.
 */
import { DeclaredFailure } from "./failures.js";

/** An example that names an answer: its output (checked against the contract by `cloudfn gen`), or a declared error. */
export interface MockExample {
  input: unknown;
  output?: unknown;
  error?: { code: string; data?: unknown };
}

/**
 * True when `value` holds `part`: the same string, number, boolean or null; an array of the same
 * length whose items hold part's items; an object with each member part lists, holding it.
 * Members part does not list (defaults filled in, for one) do not matter.
 */
export function holds(value: unknown, part: unknown): boolean {
  if (part === null || typeof part !== "object") return value === part;
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(part))
    return (
      Array.isArray(value) &&
      value.length === part.length &&
      part.every((item, i) => holds(value[i], item))
    );
  if (Array.isArray(value)) return false;
  const object = value as Record<string, unknown>;
  return Object.entries(part).every(
    ([key, item]) =>
      Object.prototype.hasOwnProperty.call(object, key) &&
      holds(object[key], item),
  );
}

/**
 * The answer of the first example whose input the input holds: its output, or its declared error
 * thrown; undefined when no example's input is held.
 */
export function exampleAnswer(
  examples: readonly MockExample[],
  input: unknown,
): unknown {
  const example = examples.find((e) => holds(input, e.input));
  if (example?.error)
    throw new DeclaredFailure(example.error.code, example.error.data);
  return example?.output;
}
