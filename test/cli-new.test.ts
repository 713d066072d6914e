/** `cloudfn new <name>` through the real CLI: a documented skeleton, generated code, next steps; refusals. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expect, test } from 'vitest';
import { cloudfn } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

test('in an empty folder: the contract, gen, the impl scaffold and the next steps; check then passes', () => {
  const dir = tempProject({});
  const r = cloudfn(['new', 'orderStatus'], dir);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^created schemas\/orderStatus\.fn\.json\ncloudfn: \d+ files, \d+ written\n\nnext:\n/);
  expect(r.stdout).toContain('2. write functions/orderStatus/impl.ts: until you do it answers 501 NOT_IMPLEMENTED');
  expect(r.stdout).toContain("4. curl -s -X POST http://127.0.0.1:3000/orderStatus -H 'Content-Type: application/json' -H 'X-WX-SERVICE-KEY: cloudfn-local-service-key' -d '{\"id\":\"abc\"}'");
  const contract = JSON.parse(readFileSync(path.join(dir, 'schemas/orderStatus.fn.json'), 'utf8'));
  expect(Object.keys(contract)).toEqual(['$schema', 'name', 'description', 'http', 'timeoutSeconds', 'idempotent', 'input', 'output', 'errors', 'examples']);
  expect(contract.$schema).toMatch(/schemas\/function\.schema\.json$/);
  expect(Object.keys(contract.errors)).toEqual(['NOT_FOUND']);
  expect(contract.examples).toHaveLength(1);
  for (const f of ['functions/orderStatus/impl.ts', 'functions/orderStatus/index.ts', 'generated/client.ts', 'generated/tests/orderStatus.contract-data.ts']) expect(existsSync(path.join(dir, f)), f).toBe(true);
  expect(cloudfn(['check'], dir).status).toBe(0);
});

test.each(['class', 'delete', 'eval', 'await'])('a function named %s (a word JavaScript reserves): its impl.ts scaffold compiles and bundles, and check passes', (name) => {
  const dir = tempProject({});
  const r = cloudfn(['new', name], dir);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(readFileSync(path.join(dir, `functions/${name}/impl.ts`), 'utf8')).toContain(`export default async function ${name}Fn(`);
  expect(existsSync(path.join(dir, `functions/${name}/dist/index.js`))).toBe(true);
  expect(cloudfn(['check'], dir).status).toBe(0);
});

test('--yaml and --runtime php', () => {
  const dir = tempProject({});
  const r = cloudfn(['new', 'priceQuote', '--yaml', '--runtime', 'php'], dir);
  expect(r.status).toBe(0);
  const contract = parseYaml(readFileSync(path.join(dir, 'schemas/priceQuote.fn.yaml'), 'utf8'));
  expect(contract).toMatchObject({ name: 'priceQuote', runtime: 'php' });
  expect(existsSync(path.join(dir, 'functions/priceQuote/impl.php'))).toBe(true);
  expect(r.stdout).toContain('write functions/priceQuote/impl.php');
});

test.each([
  ['an existing name', ['new', 'orderStatus'], 'schemas/orderStatus.fn.json already exists; pick another name, or edit that contract'],
  ['a name that becomes the same in code', ['new', 'order-status'], 'a function named "orderStatus" already exists (schemas/orderStatus.fn.json); pick another name'],
  ['an invalid name', ['new', '1st'], '"1st" is not a function name: use letters, digits, "_" and "-", starting with a letter, at most 60 characters (e.g. "submitOrder" or "user-login")'],
])('refuses %s (exit 2), leaving the project as it was', (_n, args, message) => {
  const dir = tempProject({});
  expect(cloudfn(['new', 'orderStatus'], dir).status).toBe(0);
  const before = readFileSync(path.join(dir, 'schemas/orderStatus.fn.json'), 'utf8');
  const r = cloudfn(args, dir);
  expect([r.status, r.stderr.trim()]).toEqual([2, message]);
  expect(readFileSync(path.join(dir, 'schemas/orderStatus.fn.json'), 'utf8')).toBe(before);
});
