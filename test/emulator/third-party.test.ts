/**
 * Code nobody here wrote, run unchanged inside the emulator: an express app and a koa app behind
 * serverless-http (installed from npm), an SCF-style function whose entry is `main_handler`, an
 * echo of the documented event and context fields, and wx-server-sdk's getWXContext().
 */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '../../generator/emulator/server.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp-project.js';

const KEY = 'third-party-service-key';
const API_KEY = 'third-party-api-key';
const PNG = [137, 80, 78, 71, 13, 10, 26, 10];

const FILES: Record<string, string> = {
  // Written from express's and serverless-http's documented usage.
  'express-app.js': `const express = require('express');
const serverless = require('serverless-http');
const app = express();
app.use(express.json());
app.get('/shop/items', (req, res) => res.json({ items: ['tea', 'cup'], q: req.query.q ?? null }));
app.get('/shop/items/:id', (req, res) => res.json({ id: req.params.id }));
app.post('/shop/items', (req, res) => res.status(201).json({ created: req.body }));
app.post('/shop/login', (req, res) => {
  res.cookie('session', 'abc', { httpOnly: true });
  res.cookie('theme', 'dark');
  res.json({ ok: true });
});
app.get('/shop/old', (req, res) => res.redirect(301, '/shop/items'));
app.get('/shop/logo.png', (req, res) => res.type('png').send(Buffer.from(${JSON.stringify(PNG)})));
exports.main = serverless(app, { binary: ['image/png'] });
`,
  'koa-app.js': `const Koa = require('koa');
const serverless = require('serverless-http');
const app = new Koa();
app.use(async (ctx) => {
  if (ctx.path === '/koa/hello') ctx.body = { hello: ctx.query.name || 'world' };
  else if (ctx.path === '/koa/login') {
    ctx.cookies.set('session', 'xyz', { httpOnly: true });
    ctx.cookies.set('lang', 'zh');
    ctx.body = 'logged in';
  } else if (ctx.path === '/koa/old') ctx.redirect('/koa/hello');
  else if (ctx.path === '/koa/logo.png') {
    ctx.type = 'image/png';
    ctx.body = Buffer.from(${JSON.stringify(PNG)});
  } else ctx.status = 404;
});
exports.main = serverless(app, { binary: ['image/png'] });
`,
  // An SCF-style function: the entry is main_handler, as cloudbaserc.json's "handler": "index.main_handler" names it.
  'scf.js': `exports.main_handler = async (event, context) => ({ entry: 'main_handler', fn: context.function_name });`,
  'echo.js': `exports.main = async (event, context) => ({ event, context });`,
  'wx.js': `const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
exports.main = async (event) => ({ wx: cloud.getWXContext(), userInfo: event.userInfo ?? null });
`,
};

let emu: Emulator;
beforeAll(async () => {
  const dir = tempProject(FILES);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const at = (f: string): string => path.join(dir, f);
  emu = await startEmulator({
    serviceKey: KEY,
    apiKeys: [API_KEY],
    functions: [
      { name: 'shop', httpPath: '/shop', file: at('express-app.js') },
      { name: 'koa', httpPath: '/koa', file: at('koa-app.js') },
      { name: 'scf', file: at('scf.js'), handler: 'index.main_handler' },
      { name: 'echo', file: at('echo.js') },
      { name: 'wx', file: at('wx.js') },
    ],
  });
});
afterAll(() => emu.close());

const call = (p: string, init: RequestInit = {}) =>
  fetch(`${emu.url}${p}`, { redirect: 'manual', ...init, headers: { 'x-wx-service-key': KEY, ...(init.headers as Record<string, string>) } });

describe('express through serverless-http, several routes behind one trigger', () => {
  test('GET routes with params and a query', async () => {
    expect(await (await call('/shop/items?q=green')).json()).toEqual({ items: ['tea', 'cup'], q: 'green' });
    expect(await (await call('/shop/items/42')).json()).toEqual({ id: '42' });
  });

  test('a JSON POST', async () => {
    const res = await call('/shop/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '龙井' }) });
    expect([res.status, await res.json()]).toEqual([201, { created: { name: '龙井' } }]);
  });

  test('a route that sets two cookies: two Set-Cookie headers', async () => {
    const res = await call('/shop/login', { method: 'POST' });
    expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
  });

  test('a redirect', async () => {
    const res = await call('/shop/old');
    expect([res.status, res.headers.get('location')]).toEqual([301, '/shop/items']);
  });

  test('a PNG, byte for byte', async () => {
    const res = await call('/shop/logo.png');
    expect(res.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual(PNG);
  });
});

describe('koa through serverless-http', () => {
  test('routes, cookies, a redirect and a PNG', async () => {
    expect(await (await call('/koa/hello?name=小明')).json()).toEqual({ hello: '小明' });
    const login = await call('/koa/login');
    expect(await login.text()).toBe('logged in');
    expect(login.headers.getSetCookie()).toEqual(['session=xyz; path=/; secure; httponly', 'lang=zh; path=/; secure; httponly']);
    const old = await call('/koa/old');
    expect([old.status, old.headers.get('location')]).toEqual([302, '/koa/hello']);
    const png = await call('/koa/logo.png');
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual(PNG);
  });
});

test('an entry named main_handler (handler "index.main_handler")', async () => {
  expect(await (await call('/scf', { method: 'POST', body: '{}' })).json()).toEqual({ entry: 'main_handler', fn: 'scf' });
});

test('the documented event and context fields reach the function', async () => {
  const res = await call('/echo/sub?a=1', { method: 'POST', headers: { 'content-type': 'application/json', 'x-multi': 'one' }, body: '{"n":1}' });
  const { event, context } = (await res.json()) as { event: Record<string, any>; context: Record<string, unknown> };
  expect(Object.keys(event).sort()).toEqual(['body', 'headers', 'httpMethod', 'isBase64Encoded', 'multiValueHeaders', 'path', 'queryStringParameters', 'requestContext']);
  expect(event).toMatchObject({ path: '/echo/sub', httpMethod: 'POST', body: '{"n":1}', isBase64Encoded: false, queryStringParameters: { a: '1' } });
  expect(event['multiValueHeaders']['x-multi']).toEqual(['one']);
  expect(event['requestContext']).toEqual({ requestId: res.headers.get('x-request-id'), envId: emu.env, appId: expect.any(Number), uin: expect.any(Number), sourceIp: '127.0.0.1' });
  expect(context).toEqual({
    request_id: res.headers.get('x-request-id'),
    function_name: 'echo',
    function_version: '$LATEST',
    namespace: emu.env,
    memory_limit_in_mb: expect.any(Number),
    time_limit_in_ms: 60_000,
    environment: expect.any(String),
    tencentcloud_region: expect.any(String),
    tencentcloud_appid: expect.stringMatching(/^\d+$/),
    tencentcloud_uin: expect.stringMatching(/^\d+$/),
  });
});

describe("wx-server-sdk's getWXContext()", () => {
  test('invoked through the WeChat API: APPID, ENV and SOURCE as on the platform, and event.userInfo', async () => {
    const token = ((await (await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=${emu.appId}&secret=${emu.appSecret}`)).json()) as { access_token: string }).access_token;
    const res = await fetch(`${emu.url}/tcb/invokecloudfunction?access_token=${token}&env=${emu.env}&name=wx`, { method: 'POST', body: '{}' });
    const out = JSON.parse(((await res.json()) as { resp_data: string }).resp_data) as { wx: Record<string, unknown>; userInfo: unknown };
    expect(out.wx).toEqual({ APPID: emu.appId, ENV: emu.env, SOURCE: 'wx_http' });
    expect(out.userInfo).toEqual({ appId: emu.appId });
  });

  test('over the HTTP trigger: the caller IP and ENV; one call leaves nothing behind for the next', async () => {
    const over = async (): Promise<Record<string, unknown>> => ((await (await call('/wx', { method: 'POST', body: '{}' })).json()) as { wx: Record<string, unknown> }).wx;
    expect(await over()).toEqual({ CLIENTIP: '127.0.0.1', ENV: emu.env });
  });

  test('over the HTTP API: no WeChat caller, an empty context', async () => {
    const res = await fetch(`${emu.url}/v1/functions/wx`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` }, body: '{}' });
    expect(((await res.json()) as { wx: unknown }).wx).toEqual({});
  });
});
