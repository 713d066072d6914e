/**
 * Type-level tests of the generated client, checked by `tsc` (test/compile-generated.test.ts).
 * Every `@ts-expect-error` must meet an error, or tsc fails: wrong inputs must not compile.
 */
import { createClient, isSubmitOrderFailure, isUserLoginFailure, type SubmitOrderFailure } from '../../examples/shop/generated/client.js';
import type { Address, SubmitOrderOutput } from '../../examples/shop/generated/types.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const client = createClient({ http: { baseUrl: 'https://env-id.service.tcloudbase.com', serviceKey: 'k' } });
const shipTo: Address = { recipient: 'a', phone: '13800138000', province: 'p', city: 'c', street: 's' };

export async function wrongInputsDoNotCompile(): Promise<void> {
  // @ts-expect-error quantity is a number
  await client.submitOrder({ customerId: 'x', items: [{ sku: 'TEA-0001', quantity: '2' }], shipTo, payment: 'alipay' });
  // @ts-expect-error payment is one of the declared methods
  await client.submitOrder({ customerId: 'x', items: [], shipTo, payment: 'paypal' });
  // @ts-expect-error shipTo is required
  await client.submitOrder({ customerId: 'x', items: [], payment: 'alipay' });
  // @ts-expect-error no such property (additionalProperties: false)
  await client.ping({ echo: 'x', extra: true });
  // @ts-expect-error the hyphenated function is userLogin
  await client['user-login']({ code: 'abc12345' });
}

export async function outputsAreTyped(): Promise<void> {
  const order = await client.submitOrder({ customerId: 'x', items: [{ sku: 'TEA-0001', quantity: 1 }], shipTo, payment: 'alipay' });
  type _output = Expect<Equal<typeof order, SubmitOrderOutput>>;
  const status: 'pending_payment' | 'confirmed' = order.status;
  void status;
  const login = await client.userLogin({ code: 'abc12345' });
  const nickname: string | null = login.user.nickname;
  void nickname;
}

export function errorsNarrowByCode(e: unknown): number {
  if (isSubmitOrderFailure(e)) {
    switch (e.code) {
      case 'OUT_OF_STOCK': {
        type _data = Expect<Equal<typeof e.data, { sku: string; available: number }>>;
        return e.data.available;
      }
      case 'COUPON_INVALID':
        // @ts-expect-error COUPON_INVALID declares no data
        return e.data.available;
      default: {
        const never: never = e;
        return never;
      }
    }
  }
  if (isUserLoginFailure(e)) {
    type _code = Expect<Equal<typeof e.code, 'INVALID_CODE'>>;
    return e.status;
  }
  return 0;
}

export type _failureCodes = Expect<Equal<SubmitOrderFailure['code'], 'COUPON_INVALID' | 'OUT_OF_STOCK'>>;
