/**
 * A server calling every shop function with the generated client, over all
 * three transports. Run by `npm run demo` against `cloudfn serve`; point the
 * environment variables at the real platform to call production instead.
 */
import { createClient, isSubmitOrderFailure, type ClientOptions } from '../generated/client.js';

const baseUrl = process.env['CLOUDFN_BASE_URL'] ?? 'http://127.0.0.1:3000';
const transports: [string, ClientOptions][] = [
  ['HTTP trigger', { http: { baseUrl, serviceKey: process.env['CLOUDFN_SERVICE_KEY'] ?? 'local-dev-service-key' } }],
  [
    'HTTP API',
    {
      api: {
        envId: process.env['TCB_ENV'] ?? 'shop-dev',
        apiKey: process.env['CLOUDBASE_API_KEY'] ?? 'local-dev-api-key',
        // Unset, the client calls https://<envId>.api.tcloudbasegateway.com.
        baseUrl: process.env['CLOUDBASE_API_BASE_URL'] ?? baseUrl,
      },
    },
  ],
  [
    'WeChat API',
    {
      cloud: {
        appId: process.env['WX_APPID'] ?? 'wx00000000cloudfn',
        appSecret: process.env['WX_APPSECRET'] ?? 'cloudfn-emulator-app-secret',
        env: process.env['TCB_ENV'] ?? 'shop-dev',
        apiBaseUrl: process.env['WX_API_BASE_URL'] ?? baseUrl,
      },
    },
  ],
];

const shipTo = { recipient: '王小明', phone: '13800138000', province: '广东省', city: '深圳市', street: '科技园路 1 号' };

for (const [label, options] of transports) {
  const shop = createClient(options);
  const show = (what: string, value: unknown): void => console.log(`[${label}] ${what}: ${JSON.stringify(value)}`);
  show('ping', await shop.ping({ echo: 'hello' }));
  show('submitOrder', await shop.submitOrder({ customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', items: [{ sku: 'TEA-0001', quantity: 2 }], shipTo, payment: 'wechat_pay' }));
  show('getOrder', await shop.getOrder({ orderId: 'ord_demo000001' }));
  show('listCategories', await shop.listCategories({ maxDepth: 2 }));
  show('userLogin', await shop.userLogin({ code: 'returning-user-code', device: 'ios' }));
  // The same two contracts, implemented in PHP (runtime "php"): run by the local php binary.
  show('submitOrderPhp', await shop.submitOrderPhp({ customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', items: [{ sku: 'TEA-0001', quantity: 2 }], shipTo, payment: 'wechat_pay' }));
  show('getOrderPhp', await shop.getOrderPhp({ orderId: 'ord_demo000001' }));
  try {
    await shop.submitOrder({ customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', items: [{ sku: 'SOLD-OUT', quantity: 1 }], shipTo, payment: 'alipay' });
  } catch (e) {
    if (!isSubmitOrderFailure(e)) throw e;
    switch (e.code) {
      case 'OUT_OF_STOCK':
        show('submitOrder (sold out)', { code: e.code, status: e.status, available: e.data.available });
        break;
      case 'COUPON_INVALID':
        show('submitOrder (coupon)', { code: e.code });
        break;
    }
  }
}
