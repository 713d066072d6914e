/** `cloudfn diff` through the real CLI, on a temp copy of examples/shop in a git repository of its own. */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { cloudfn, REPO_ROOT } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp-project.js';

const SHOP = path.join(REPO_ROOT, 'examples/shop');
let dir: string;
const git = (...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};
const edit = (rel: string, change: (d: any) => void): void => {
  const file = path.join(dir, rel);
  const data = JSON.parse(readFileSync(file, 'utf8'));
  change(data);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
};

beforeAll(() => {
  dir = tempProject({});
  cpSync(path.join(SHOP, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  cpSync(path.join(SHOP, 'cloudfn.config.json'), path.join(dir, 'cloudfn.config.json'));
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'contracts');
  // The working tree moves on: one breaking change in a contract, one in a shared $ref file, one compatible.
  edit('schemas/get-order.fn.json', (d) => {
    d.output.properties.note.type = ['string', 'null', 'number'];
  });
  edit('schemas/defs/address.json', (d) => {
    d.required = d.required.filter((r: string) => r !== 'street');
  });
  edit('schemas/ping.fn.json', (d) => {
    d.description = 'Health check, reworded.';
  });
});

test('diff HEAD: text report by function, positions in the working tree, exit 1; the work tree is untouched', () => {
  const before = git('status', '--porcelain');
  const r = cloudfn(['diff', 'HEAD'], dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('cloudfn diff HEAD → the working tree: ');
  expect(r.stdout).toMatch(/getOrder\n(?:.*\n)*? {2}breaking for callers {7}schemas\/get-order\.fn\.json:\d+:\d+ \/output\/properties\/note\/type {2}type number now returned/);
  // The shared definition, once per function that uses it, at its own file and pointer.
  expect(r.stdout.match(/schemas\/defs\/address\.json:\d+:\d+ \/properties\/street/g)).toHaveLength(4);
  expect(r.stdout).toMatch(/ping\n {2}compatible {17}schemas\/ping\.fn\.json:\d+:\d+ \/description {2}description changed/);
  expect(r.stderr.trim()).toMatch(/^cloudfn diff: \d+ breaking changes \(pass --allow-breaking to accept them\)$/);
  expect(git('status', '--porcelain')).toBe(before);
});

test('in Chinese (LANG=zh_CN): the same report, its labels, summary and descriptions translated', () => {
  const r = cloudfn(['diff', 'HEAD'], dir, { LANG: 'zh_CN.UTF-8' });
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^cloudfn diff HEAD → 工作区：\d+ 处对调用方不兼容，\d+ 处对函数不兼容，\d+ 处兼容\n/);
  expect(r.stdout).toMatch(/getOrder\n(?:.*\n)*? {2}对调用方不兼容 +schemas\/get-order\.fn\.json:\d+:\d+ \/output\/properties\/note\/type {2}现在返回类型 number/);
  expect(r.stdout).toMatch(/ping\n {2}兼容 +schemas\/ping\.fn\.json:\d+:\d+ \/description {2}description 已改变/);
  expect(r.stderr.trim()).toMatch(/^cloudfn diff：\d+ 处不兼容改动（传入 --allow-breaking 以接受）$/);
});

test('--format github: one annotation per change, with file, line and column', () => {
  const r = cloudfn(['diff', 'HEAD', '--format', 'github'], dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^::error file=schemas\/get-order\.fn\.json,line=\d+,col=\d+,title=getOrder%3A breaking for callers::\/output\/properties\/note\/type: type number now returned$/m);
  expect(r.stdout).toMatch(/^::notice file=schemas\/ping\.fn\.json,line=\d+,col=\d+,title=ping%3A compatible::\/description: description changed$/m);
});

test('--format json: a machine-readable report; --allow-breaking exits 0', () => {
  const r = cloudfn(['diff', 'HEAD', '--format', 'json', '--allow-breaking'], dir);
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report).toMatchObject({ base: 'HEAD', head: 'the working tree', exitCode: 0 });
  expect(report.summary.breakingForCallers).toBeGreaterThan(0);
  expect(report.changes).toContainEqual(expect.objectContaining({ function: 'submitOrder', severity: 'breaking-function', file: 'schemas/defs/address.json', pointer: '/properties/street' }));
});

test('two refs, and a folder as a side', () => {
  git('stash', '-q');
  try {
    const same = cloudfn(['diff', 'HEAD', 'HEAD'], dir);
    expect([same.status, same.stdout.trim()]).toEqual([0, 'cloudfn diff HEAD → HEAD: no changes']);
  } finally {
    git('stash', 'pop', '-q');
  }
  const folder = tempProject({});
  cpSync(path.join(SHOP, 'schemas'), folder, { recursive: true });
  const r = cloudfn(['diff', folder], dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('type number now returned');
});

test('a name that is neither a folder nor a ref: exit 2, with what to give', () => {
  const r = cloudfn(['diff', 'origin/nope'], dir);
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe('origin/nope: neither a folder nor a git ref; name a branch, tag or commit (e.g. origin/main), or a folder of contracts');
});

test('the contracts folder moved since the ref (and "schemas" changed with it): the ref is read from its own folder, so a breaking change still shows', () => {
  const repo = tempProject({});
  const run = (...args: string[]): void => {
    const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  cpSync(path.join(SHOP, 'schemas'), path.join(repo, 'schemas'), { recursive: true });
  cpSync(path.join(SHOP, 'cloudfn.config.json'), path.join(repo, 'cloudfn.config.json'));
  run('init', '-q', '-b', 'main');
  run('add', '.');
  run('commit', '-q', '-m', 'contracts');
  run('mv', 'schemas', 'contracts');
  const config = JSON.parse(readFileSync(path.join(repo, 'cloudfn.config.json'), 'utf8'));
  writeFileSync(path.join(repo, 'cloudfn.config.json'), JSON.stringify({ ...config, schemas: 'contracts' }, null, 2));
  const file = path.join(repo, 'contracts/get-order.fn.json');
  const contract = JSON.parse(readFileSync(file, 'utf8'));
  contract.output.properties.note.type = ['string', 'null', 'number'];
  writeFileSync(file, JSON.stringify(contract, null, 2));
  const r = cloudfn(['diff', 'HEAD'], repo);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/getOrder\n {2}breaking for callers {7}contracts\/get-order\.fn\.json:\d+:\d+ \/output\/properties\/note\/type {2}type number now returned/);
  expect(r.stdout).not.toContain('function added');
});
