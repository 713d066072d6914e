import { notImplemented } from "../_cloudfn/runtime.js";
import type { CallContext, Input, Output } from "./contract.js";

/**
 * Implementation of `draft07_shapes`. This file is yours: `cloudfn gen` created it once and never touches it again.
 *
 * Draft-07 spellings: definitions, tuple items, additionalItems, dependencies.
 *
 * Until written, the function answers 501 NOT_IMPLEMENTED.
 */
export default async function draft07Shapes(
  input: Input,
  ctx: CallContext,
): Promise<Output> {
  void input;
  void ctx;
  throw notImplemented("draft07_shapes");
}
