import type { CallContext, Input, Output } from './contract.js';

/** Health check: echoes the input and reports the server time. */
export default async function ping(input: Input, ctx: CallContext): Promise<Output> {
  void ctx;
  return { pong: true, ...(input.echo !== undefined ? { echo: input.echo } : {}), serverTime: new Date().toISOString() };
}
