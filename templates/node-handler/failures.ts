/**
 * The errors an implementation raises on purpose: a declared business error
 * through a typed `fail()`, and the 501 of a function not written yet. The
 * handler runtime (runtime.ts) answers them with the contract's status.
 */

/** Marks a DeclaredFailure across copies of this module (a bundle may hold two). */
export const FAILURE = Symbol.for("cloudfn.failure");

/** A declared business error, thrown by an implementation through `fail()`. */
export class DeclaredFailure extends Error {
  readonly [FAILURE] = true;
  readonly code: string;
  readonly data: unknown;

  constructor(code: string, data: unknown, message?: string) {
    super(message ?? code);
    this.name = "DeclaredFailure";
    this.code = code;
    this.data = data;
  }
}

/**
 * A `fail` typed by a function's error map: only declared codes, and `data`
 * required exactly when the contract declares it.
 */
export function failWith<M>() {
  return <C extends keyof M & string>(
    code: C,
    ...data: M[C] extends undefined ? [] : [data: M[C]]
  ): DeclaredFailure => new DeclaredFailure(code, data[0]);
}

/** Thrown by a new implementation scaffold; answers 501 until the function is written. */
export function notImplemented(name: string): DeclaredFailure {
  return new DeclaredFailure(
    "NOT_IMPLEMENTED",
    undefined,
    `${name} is not implemented yet`,
  );
}
