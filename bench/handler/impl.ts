import type { CallContext, Input, Output } from './contract.js';

/** The same trivial work every variant of the benchmark does. */
export default async function benchOrder(input: Input, ctx: CallContext): Promise<Output> {
  void ctx;
  return { orderId: 'ord_0123456789', status: input.payment === 'cash_on_delivery' ? 'confirmed' : 'pending_payment', lines: input.items.length, createdAt: '2026-11-24T12:00:00Z' };
}
