import { createHash } from 'node:crypto';
import type { CallContext, Input, Output } from './contract.js';
import { fail } from './contract.js';

/** Unit prices in fen; unknown SKUs cost 1000. A real function would read the database. */
const PRICES: Record<string, number> = { 'TEA-0001': 3800, 'CUP-0002': 1500 };
const STOCK: Record<string, number> = { 'SOLD-OUT': 0, 'TEA-0001': 100 };
const EXPIRED_COUPONS = new Set(['SPRING2020']);

/** Reserves stock and creates an unpaid order. */
export default async function submitOrder(input: Input, ctx: CallContext): Promise<Output> {
  for (const line of input.items) {
    const available = STOCK[line.sku] ?? 99;
    if (line.quantity > available) throw fail('OUT_OF_STOCK', { sku: line.sku, available });
  }
  if (input.coupon !== undefined && EXPIRED_COUPONS.has(input.coupon)) throw fail('COUPON_INVALID');
  const amount = input.items.reduce((sum, line) => sum + (PRICES[line.sku] ?? 1000) * line.quantity, 0);
  const digest = createHash('sha256').update(JSON.stringify(input)).update(ctx.requestId ?? '').digest('hex');
  return {
    orderId: `ord_${digest.slice(0, 10)}`,
    status: input.payment === 'cash_on_delivery' ? 'confirmed' : 'pending_payment',
    total: { amount, currency: 'CNY' },
    createdAt: new Date().toISOString(),
  };
}
