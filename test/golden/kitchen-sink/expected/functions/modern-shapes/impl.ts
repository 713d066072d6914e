import { notImplemented } from "../_cloudfn/runtime.js";
import type { CallContext, Input, Output } from "./contract.js";

/**
 * Implementation of `modern-shapes`. This file is yours: `cloudfn gen` created it once and never touches it again.
 *
 * 2020-12 spellings and every union form.
 * Declared errors: GONE, TOO_BIG; raise them with `throw fail(CODE, data)` (import `fail` from './contract.js').
 *
 * Until written, the function answers 501 NOT_IMPLEMENTED.
 */
export default async function modernShapes(
  input: Input,
  ctx: CallContext,
): Promise<Output> {
  void input;
  void ctx;
  throw notImplemented("modern-shapes");
}
