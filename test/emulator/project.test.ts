/** The example project under the emulator: TypeScript handlers, and the deployable folders with `built`. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { buildShop } from '../helpers/built-shop.js';
import { REPO_ROOT } from '../helpers/cli.js';

const SHOP = path.join(REPO_ROOT, 'examples/shop');
const KEY = 'local-dev-service-key';
const ADDRESS = { recipient: '王小明', phone: '13800138000', province: '广东省', city: '深圳市', street: '科技园路 1 号' };

for (const built of [false, true]) {
  describe(built ? 'deployable dist/ folders (what ships)' : 'TypeScript handlers', () => {
    let emu: Emulator;
    beforeAll(async () => {
      if (built) await buildShop();
      emu = await startEmulator({ projectDir: SHOP, built });
    });
    afterAll(() => emu.close());
    const post = (p: string, body: unknown) => fetch(`${emu.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': KEY }, body: JSON.stringify(body) });

    test('every function answers over the HTTP trigger', async () => {
      const calls: [string, unknown, number][] = [
        ['/ping', { echo: 'x' }, 200],
        ['/orders/submit', { customerId: '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11', items: [{ sku: 'TEA-0001', quantity: 1 }], shipTo: ADDRESS, payment: 'alipay' }, 200],
        ['/orders/get', { orderId: 'ord_demo000001' }, 200],
        ['/listCategories', { maxDepth: 1 }, 200],
        ['/user/login', { code: 'returning-user-code' }, 200],
        ['/orders/get', { orderId: 'ord_0000000000' }, 404],
        ['/orders/submit', { items: [] }, 400],
      ];
      for (const [p, body, status] of calls) {
        const res = await post(p, body);
        expect(res.status, `${p} ${await res.clone().text()}`).toBe(status);
      }
    });

    test('the handler checks the service key the function was given (gateway key passed on)', async () => {
      const res = await fetch(`${emu.url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-service-key': 'wrong' }, body: '{}' });
      expect(res.status).toBe(401);
    });

    test('the invoke API reaches the same functions', async () => {
      const t = (await (await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=${emu.appId}&secret=${emu.appSecret}`)).json()) as any;
      const r = (await (await fetch(`${emu.url}/tcb/invokecloudfunction?access_token=${t.access_token}&env=${emu.env}&name=listCategories`, { method: 'POST', body: '{"rootId":"ware"}' })).json()) as any;
      expect(r.errcode).toBe(0);
      expect(JSON.parse(r.resp_data)).toEqual({ categories: [{ id: 'ware', name: '茶具', children: [{ id: 'ware-cup', name: '茶杯', children: [] }] }] });
    });
  });
}
