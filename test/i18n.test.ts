/**
 * Messages in both our users' languages: the catalogues are complete and consistent, the contract
 * reference in both READMEs is the one the meta-schema gives, and the CLI speaks Chinese when
 * LANG or --lang says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { contractReference, referenceEntries, BEGIN, END } from '../generator/docs/contract-reference.js';
import { CATALOGUES, detectLanguage } from '../generator/i18n/messages.js';
import { REFERENCE_ZH } from '../generator/i18n/reference-zh.js';
import { REPO_ROOT, cloudfn as runCli } from './helpers/cli.js';
import { contract, tempProject } from './helpers/temp-project.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

test('the Chinese catalogue has every English message, with the same placeholders, and nothing else', () => {
  const { en, zh } = CATALOGUES;
  expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  for (const [key, english] of Object.entries(en)) {
    const chinese = zh[key as keyof typeof zh];
    expect(chinese, key).toMatch(/\S/);
    expect(placeholders(chinese), key).toEqual(placeholders(english));
    // Translated: Chinese characters (or Chinese punctuation, for a pure format line) in every message.
    expect(chinese, key).toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
  }
});

test('every member of the contract meta-schema has a Chinese description, and no stale one is left', () => {
  const paths = referenceEntries().map((e) => e.path);
  expect(paths.length).toBeGreaterThan(20);
  expect(Object.keys(REFERENCE_ZH).sort()).toEqual([...paths].sort());
  for (const p of paths) expect(REFERENCE_ZH[p], p).toMatch(/[\u4e00-\u9fff]/);
});

test.each([
  ['README.md', 'en'],
  ['README.zh-CN.md', 'zh'],
] as const)('%s holds the contract reference written from schemas/function.schema.json', (file, lang) => {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const section = text.slice(text.indexOf(BEGIN), text.indexOf(END) + END.length);
  expect(section, 'out of date: run `npm run build && node scripts/update-readme-reference.mjs`').toBe(contractReference(lang));
  // Every member, once, in the table.
  for (const e of referenceEntries()) expect(section).toContain(`| \`${e.path}\` |`);
});

test('the README links its Chinese version at the top, and the Chinese one links back', () => {
  const en = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').split('\n').slice(0, 6).join('\n');
  const zh = readFileSync(path.join(REPO_ROOT, 'README.zh-CN.md'), 'utf8').split('\n').slice(0, 6).join('\n');
  expect(en).toContain('(README.zh-CN.md)');
  expect(zh).toContain('(README.md)');
});

test('the language: --lang first, then LC_ALL, LC_MESSAGES, LANG', () => {
  expect(detectLanguage([], { LANG: 'zh_CN.UTF-8' })).toBe('zh');
  expect(detectLanguage([], { LANG: 'en_US.UTF-8', LC_ALL: 'zh_TW.UTF-8' })).toBe('zh');
  expect(detectLanguage([], { LANG: 'C.UTF-8' })).toBe('en');
  expect(detectLanguage(['gen', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' })).toBe('en');
  expect(detectLanguage(['gen', '--lang=zh'], {})).toBe('zh');
  expect(detectLanguage(['gen', '--lang', 'fr'], {})).toBe('fr');
});

test('the CLI in Chinese: LANG=zh_CN or --lang zh; usage mistakes too; an unknown language is a usage error', () => {
  const dir = tempProject({ 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  const zhEnv = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const gen = runCli(['gen'], dir, zhEnv);
  expect(gen.status, gen.stderr).toBe(0);
  expect(gen.stdout).toMatch(/^cloudfn：共 \d+ 个文件，写入 \d+ 个，删除 0 个（--verbose 列出它们）\n$/);
  const check = runCli(['check', '--lang', 'zh'], dir, { LANG: 'en_US.UTF-8' });
  expect(check.stdout).toContain('cloudfn：生成的文件都是最新的');
  const english = runCli(['check', '--lang', 'en'], dir, zhEnv);
  expect(english.stdout).toContain('cloudfn: generated files are up to date');
  const typo = runCli(['gen', '--shemas', 'x'], dir, zhEnv);
  expect(typo.status).toBe(2);
  expect(typo.stderr).toBe('未知选项 --shemas；你是不是想用 --schemas？\n运行 `cloudfn --help` 查看用法。\n');
  const help = runCli(['--help'], dir, zhEnv);
  expect(help.stdout).toContain('从契约生成类型、客户端和处理函数');
  expect(help.stdout).toContain('选项：');
  const bad = runCli(['gen', '--lang', 'fr'], dir, {});
  expect(bad.status).toBe(2);
  expect(bad.stderr).toBe('unknown language "fr" for --lang; use en or zh\n');
});

test('the Chinese README runs the same five-minute walkthrough as the English one (which a test runs)', () => {
  const block = (file: string): string | undefined => /<!-- walkthrough -->\n```sh\n([\s\S]*?)\n```/.exec(readFileSync(path.join(REPO_ROOT, file), 'utf8'))?.[1];
  expect(block('README.zh-CN.md')).toBeDefined();
  expect(block('README.zh-CN.md')).toBe(block('README.md'));
});

test('every section of the English README has its Chinese counterpart', () => {
  const headings = (file: string): number => readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n').filter((l) => /^#{2,3} /.test(l)).length;
  expect(headings('README.zh-CN.md')).toBe(headings('README.md'));
});

test('usage mistakes in Chinese too: no schemas folder, no contracts, a bad port', () => {
  const zhEnv = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const empty = tempProject({ 'cloudfn.config.json': { schemas: 'schemas' } });
  const noFolder = runCli(['gen'], empty, zhEnv);
  expect(noFolder.status).toBe(2);
  expect(noFolder.stderr).toBe('schemas 处没有 schemas 目录；请创建它，在 cloudfn.config.json 中设置 "schemas"，或传入 --schemas\n');
  const misnamed = tempProject({ 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.json': contract() });
  const none = runCli(['gen'], misnamed, zhEnv);
  expect(none.status).toBe(2);
  expect(none.stderr).toBe('schemas/ 中没有契约：契约是名为 <任意名>.fn.json 或 <任意名>.fn.yaml 的文件；schemas/ping.json 的命名不像契约：如果它是契约，请改名为 ping.fn.json\n');
  const dir = tempProject({ 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  const port = runCli(['serve', '--port', 'abc'], dir, zhEnv);
  expect(port.status).toBe(2);
  expect(port.stderr).toBe('--port "abc"：不是端口号；请用 0 到 65535（0 表示任意空闲端口）\n');
});

test('gen new and check in Chinese: the next steps and the drift report', () => {
  const zhEnv = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const dir = tempProject({ 'cloudfn.config.json': { schemas: 'schemas' }, 'schemas/ping.fn.json': contract() });
  const created = runCli(['new', 'getPrice'], dir, zhEnv);
  expect(created.status, created.stderr).toBe(0);
  expect(created.stdout).toContain('已创建 schemas/getPrice.fn.json\n');
  expect(created.stdout).toContain('接下来：\n  1. 在 schemas/getPrice.fn.json 中描述输入、输出和错误');
  writeFileSync(path.join(dir, 'generated/types.ts'), '// Generated by cloudfn\n');
  const check = runCli(['check', '--no-impl'], dir, zhEnv);
  expect(check.status).toBe(1);
  expect(check.stderr).toContain('1 个生成的文件已过期；请运行 `npx cloudfn gen`：\n  过期: generated/types.ts');
});
