/**
 * `cloudfn docs` in a real browser: Debian's chromium driven by playwright-core (no download).
 * The example's page is searched, a function opened, its fields and a snippet read, and a
 * screenshot saved; a hostile contract's text stays text; a 200-function page is searched too.
 */
import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeSyntheticProject } from '../../bench/fixtures.mjs';
import { cloudfn, REPO_ROOT } from '../helpers/cli.js';
import { contract, tempProject } from '../helpers/temp-project.js';

const SHOP = path.join(REPO_ROOT, 'examples/shop');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM) throw new Error('no chromium: install Debian\'s chromium package (bash .ci/run does), or set CHROMIUM_PATH');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
afterAll(() => browser?.close());

function docsFor(dir: string): string {
  const r = cloudfn(['docs', '--out', 'docs.html'], dir);
  expect(r.status, r.stderr).toBe(0);
  return path.join(dir, 'docs.html');
}

test('the example: search, open a function, read its fields and a snippet; a screenshot; under 1 MB; no network', async () => {
  const dir = tempProject({});
  for (const part of ['schemas', 'cloudfn.config.json']) cpSync(path.join(SHOP, part), path.join(dir, part), { recursive: true });
  const file = docsFor(dir);
  expect(statSync(file).size).toBeLessThan(1024 * 1024);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  expect(await page.textContent('#count')).toBe('7 of 7 functions');

  await page.fill('#search', 'login');
  expect(await page.textContent('#count')).toBe('1 of 7 functions');
  expect(await page.locator('nav li[data-search]:visible').allTextContents()).toEqual(['user-login /user/login']);
  await page.click('a[href="#fn-user-login"]');
  const section = page.locator('#fn-user-login');
  expect(await section.isVisible()).toBe(true);
  const fields = await section.locator('table').first().locator('td.field').allTextContents();
  expect(fields).toEqual(expect.arrayContaining(['code', 'device']));
  expect(await section.locator('.snippet[data-lang="cURL"] pre').textContent()).toContain("'https://<envId>.service.tcloudbase.com/user/login'");
  expect(await section.locator('.snippet[data-lang="TypeScript"] pre').textContent()).toContain('await client.userLogin(');
  expect(await section.locator('.snippet[data-lang="PHP"] pre').textContent()).toContain('$client->userLogin(UserLoginInput::fromArray(');

  // Chinese text arrives as written.
  await page.fill('#search', '');
  expect(await page.locator('#fn-submitOrder .desc').textContent()).toContain('提交订单');
  // A shared type is a link to its table.
  await page.click('#fn-submitOrder a[href="#def-Address"]');
  expect(await page.locator('#def-Address table td.field').allTextContents()).toEqual(expect.arrayContaining(['recipient', 'phone']));

  const shot = path.join(dir, 'docs.png');
  await page.fill('#search', 'order');
  await page.click('a[href="#fn-submitOrder"]');
  await page.screenshot({ path: shot });
  expect(statSync(shot).size).toBeGreaterThan(10_000);
  expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
  await page.close();
});

test('text from a contract is escaped wherever it lands', async () => {
  const evil = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned=2">';
  const dir = tempProject({
    'schemas/evil.fn.json': contract({ name: 'evil', description: evil, input: { type: 'object', properties: { "a'b": { type: 'string', description: evil } } }, examples: [{ name: evil, input: { "a'b": "it's </script>" } }] }),
  });
  const page = await browser.newPage();
  await page.goto(pathToFileURL(docsFor(dir)).href);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(await page.locator('script').count()).toBe(1);
  expect(await page.locator('#fn-evil .desc').textContent()).toBe(evil);
  // The shell snippet quotes the example's single quote correctly.
  expect(await page.locator('#fn-evil .snippet[data-lang="cURL"] pre').textContent()).toContain(`-d '{"a'\\''b":"it'\\''s </script>"}'`);
  await page.close();
});

test('control characters in a contract are shown on the page, never written raw into the HTML', async () => {
  const dir = tempProject({ 'schemas/ctl.fn.json': contract({ name: 'ctl', description: 'a NUL \u0000 and a bell \u0007' }) });
  const html = readFileSync(docsFor(dir), 'utf8');
  expect(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(html)).toBe(false);
  const page = await browser.newPage();
  await page.goto(pathToFileURL(docsFor(dir)).href);
  expect(await page.locator('#fn-ctl .desc').textContent()).toBe('a NUL \\x00 and a bell \\x07');
  await page.close();
});

test('200 functions: the page loads and the search filters it (time printed, not asserted)', async () => {
  const dir = tempProject({});
  writeSyntheticProject(dir, 200);
  const file = docsFor(dir);
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  expect(await page.textContent('#count')).toBe('200 of 200 functions');
  const ms = await page.evaluate(() => {
    const input = document.getElementById('search') as HTMLInputElement;
    const started = performance.now();
    input.value = 'fn19';
    input.dispatchEvent(new Event('input'));
    return performance.now() - started;
  });
  const count = await page.textContent('#count');
  expect(count).toMatch(/^\d+ of 200 functions$/);
  expect(Number(count!.split(' ')[0])).toBeGreaterThan(0);
  expect(Number(count!.split(' ')[0])).toBeLessThan(200);
  console.log(`docs page, 200 functions: ${(statSync(file).size / 1024).toFixed(0)} KB, search filtered in ${ms.toFixed(1)} ms`);
  await page.close();
  expect(readFileSync(file, 'utf8')).toContain('Generated by cloudfn');
});
