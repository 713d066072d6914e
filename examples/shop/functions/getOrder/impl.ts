import type { CallContext, Input, Output } from './contract.js';
import { fail } from './contract.js';

/** A seeded order; a real function would read the database. */
const ORDERS: Record<string, Output> = {
  ord_demo000001: {
    orderId: 'ord_demo000001',
    shipTo: { recipient: '王小明', phone: '13800138000', province: '广东省', city: '深圳市', district: '南山区', street: '科技园路 1 号' },
    paidAt: '2026-11-01T08:30:00Z',
    note: null,
    payment: { method: 'wechat_pay', transactionId: '4200001234202611010000000001' },
    location: [22.5431, 113.9344],
    tags: { channel: 'mini-program' },
  },
};

/** Reads one order with its payment details. */
export default async function getOrder(input: Input, ctx: CallContext): Promise<Output> {
  void ctx;
  const order = ORDERS[input.orderId];
  if (!order) throw fail('ORDER_NOT_FOUND', { orderId: input.orderId });
  return order;
}
