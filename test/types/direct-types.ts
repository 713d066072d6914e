/**
 * Type-level tests of the direct-call wrappers (mini program, web, cloud to cloud), checked by
 * `tsc` (test/compile-generated.test.ts): a misspelled function or a wrong input does not compile,
 * outputs are typed, declared errors narrow by code.
 */
import { createCloudFns, isSubmitOrderFailure, type CallFunctionSdk } from '../../examples/shop/generated/direct.js';
import { miniProgramFns } from '../../examples/shop/generated/miniprogram/cloudfn.js';
import * as plainJs from '../../examples/shop/generated/miniprogram/js/cloudfn.js';
import type { Address, GetOrderOutput } from '../../examples/shop/generated/types.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare const sdk: CallFunctionSdk;
const fns = createCloudFns(sdk);
const shipTo: Address = { recipient: 'a', phone: '13800138000', province: 'p', city: 'c', street: 's' };

export async function typed(): Promise<void> {
  const order = await fns.getOrder({ orderId: 'ord_demo000001' });
  type _output = Expect<Equal<typeof order, GetOrderOutput>>;
  // @ts-expect-error no function is called submitOrders
  await fns.submitOrders({});
  // @ts-expect-error quantity is a number
  await fns.submitOrder({ customerId: 'x', items: [{ sku: 'TEA-0001', quantity: '2' }], shipTo, payment: 'alipay' });
  // @ts-expect-error orderId is required
  await miniProgramFns().getOrder({});
  try {
    await fns.submitOrder({ customerId: 'x', items: [{ sku: 'SOLD-OUT', quantity: 1 }], shipTo, payment: 'alipay' });
  } catch (e) {
    if (isSubmitOrderFailure(e) && e.code === 'OUT_OF_STOCK') {
      const available: number = e.data.available;
      void available;
      // @ts-expect-error OUT_OF_STOCK's data has no coupon
      void e.data.coupon;
    }
  }
}

export async function plainJsDeclarations(): Promise<void> {
  // The .d.ts of the plain-JS build types the same calls.
  const out = await plainJs.miniProgramFns().ping({ echo: 'x' });
  const pong: true = out.pong;
  void pong;
  // @ts-expect-error echo is a string
  await plainJs.miniProgramFns().ping({ echo: 1 });
}
