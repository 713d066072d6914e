/** Mistakes a user makes on the command line and in the file system: one clear line, the right exit code, no stack trace, nothing written. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI, cloudfn, REPO_ROOT } from './helpers/cli.js';
import { contract, tempProject, twoFunctionProject, writeFiles } from './helpers/temp-project.js';

const project = twoFunctionProject;

describe('mistakes on the command line stop before any work, in one clear line', () => {
  const noTrace = (text: string): void => {
    expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(text).not.toContain('Please report this');
  };

  test('an unknown option: exit 2, the option it resembles, and nothing written', () => {
    const dir = project();
    const r = cloudfn(['gen', '--shemas', 'x'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --shemas; did you mean --schemas?');
    noTrace(r.stderr);
    expect(existsSync(path.join(dir, 'src/gen'))).toBe(false);
    expect(existsSync(path.join(dir, 'functions'))).toBe(false);
  });

  test('serve --prot: exit 2 at once instead of serving on the default port', () => {
    const r = cloudfn(['serve', '--prot', '3050'], project());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --prot; did you mean --port?');
  });

  test('an unknown command', () => {
    const r = cloudfn(['gne'], project());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "gne"; did you mean gen?');
  });

  test('an argument a command does not take is called one, not an option; a short flag keeps its one dash', () => {
    const extra = cloudfn(['new', 'refund', 'order'], project());
    expect([extra.status, extra.stderr]).toEqual([2, 'unexpected argument "order" (cloudfn new --help shows what it takes)\nRun `cloudfn --help` for usage.\n']);
    const zh = cloudfn(['--lang', 'zh', 'gen', 'now'], project());
    expect([zh.status, zh.stderr.split('\n')[0]]).toEqual([2, '多余的参数 "now"（cloudfn gen --help 会列出它接受的参数）']);
    const short = cloudfn(['gen', '-x'], project());
    expect([short.status, short.stderr.split('\n')[0]]).toEqual([2, 'unknown option -x']);
  });

  test('a negated flag given a value (--no-impl=true, as CI settings write flags): taken as meant, not refused as unknown twice over', () => {
    const dir = project();
    expect(cloudfn(['gen'], dir).status).toBe(0);
    // An implementation that does not match its contract: only a check with the type-check sees it.
    writeFiles(dir, { 'functions/ping/impl.ts': 'import type { Input, Output } from "./contract.js";\n\nexport default async function ping(input: Input): Promise<Output> {\n  return { pong: input.echo };\n}\n' });
    const skipped = cloudfn(['check', '--no-impl=true'], dir);
    expect([skipped.status, skipped.stdout.trim(), skipped.stderr]).toEqual([0, 'cloudfn: generated files are up to date', '']);
    const checked = cloudfn(['check', '--no-impl=false'], dir);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toMatch(/functions\/ping\/impl\.ts:4:12 Type 'string \| undefined' is not assignable to type 'boolean'/);
    // A value that is no boolean: one line, under the name the user wrote.
    const odd = cloudfn(['check', '--no-impl=maybe'], dir);
    expect([odd.status, odd.stderr.split('\n')[0]]).toEqual([2, 'unknown option --no-impl=maybe; --no-impl takes no value (true or false at most)']);
    // yargs took any other value of a flag as false, without a word: --impl=no skipped the type-check.
    for (const [arg, flag] of [['--impl=no', '--impl'], ['--quiet=yes', '--quiet'], ['--verbose=1', '--verbose']]) {
      const r = cloudfn(['check', arg!], dir);
      expect([r.status, r.stdout, r.stderr.split('\n')[0]]).toEqual([2, '', `unknown option ${arg}; ${flag} takes no value (true or false at most)`]);
    }
    expect(cloudfn(['check', '--impl=false'], dir).status).toBe(0);
  });

  test('an option that takes a value given none, a value outside its choices, a command without its argument: one line each, with an example, nothing run', () => {
    const dir = project();
    const first = (args: string[], env?: NodeJS.ProcessEnv): [number | null, string] => {
      const r = cloudfn(args, dir, env);
      return [r.status, r.stderr.split('\n')[0]!];
    };
    // Used to run as if the option were not there: check printed text, serve listened on 127.0.0.1.
    expect(first(['check', '--format'])).toEqual([2, '--format needs a value after it (e.g. --format github)']);
    expect(first(['diff', 'HEAD', '--format='])).toEqual([2, '--format needs a value after it (e.g. --format github)']);
    expect(first(['serve', '--host'])).toEqual([2, '--host needs a value after it (e.g. --host 0.0.0.0)']);
    expect(first(['new', 'refund', '--runtime'])).toEqual([2, '--runtime needs a value after it (e.g. --runtime php)']);
    // Was "--out : name an .html file".
    expect(first(['docs', '--out'])).toEqual([2, '--out needs a path after it (e.g. --out functions.html)']);
    expect(first(['openapi', '--out', '--transport', 'api'])).toEqual([2, '--out needs a path after it (e.g. --out openapi.json)']);
    // Were yargs' own words over two lines ("Invalid values:\n  Argument: format, Given: ...").
    expect(first(['check', '--format=GITHUB'])).toEqual([2, '--format "GITHUB" is not one of text, github, json']);
    expect(first(['--lang', 'zh', 'openapi', '--transport', 'ftp'])).toEqual([2, '--transport "ftp" 不是可选值之一（http、api）']);
    // Were "Not enough non-option arguments: got 0, need at least 1" (in Chinese, half translated).
    expect(first(['new'])).toEqual([2, 'cloudfn new needs the name of the function (e.g. cloudfn new submitOrder)']);
    expect(first(['diff'])).toEqual([2, 'cloudfn diff needs what to compare with: a folder or a git ref (e.g. cloudfn diff origin/main)']);
    expect(first(['--lang', 'zh', 'new'])).toEqual([2, 'cloudfn new 需要函数名（例如 cloudfn new submitOrder）']);
    expect(existsSync(path.join(dir, 'src/gen'))).toBe(false);
  });

  test('an option given twice (an npm script\'s flag, and the same flag after `npm run gen --`): the last one counts, as in most tools; it stopped gen and docs with an internal error and a stack trace', () => {
    const dir = project();
    const gen = cloudfn(['gen', '--out', 'src/gen', '--out', 'src/other'], dir);
    expect([gen.status, gen.stderr]).toEqual([0, '']);
    expect(existsSync(path.join(dir, 'src/other/client.ts'))).toBe(true);
    expect(existsSync(path.join(dir, 'src/gen'))).toBe(false);
    const docs = cloudfn(['docs', '--out', 'a.html', '--out=b.html', '--out', 'c.html'], dir);
    expect([docs.status, docs.stderr]).toEqual([0, '']);
    expect([existsSync(path.join(dir, 'a.html')), existsSync(path.join(dir, 'c.html'))]).toEqual([false, true]);
    const check = cloudfn(['check', '--no-impl', '--out', 'src/other', '--format', 'text', '--format', 'json'], dir);
    expect([check.status, JSON.parse(check.stdout).exitCode]).toEqual([0, 0]);
    const lang = cloudfn(['--lang', 'zh', 'gne', '--lang', 'en'], dir);
    expect(lang.stderr.split('\n')[0]).toBe('unknown command "gne"; did you mean gen?');
  });

  test('an unknown command after an option with its value', () => {
    const en = cloudfn(['--out', 'gen', 'gne'], project());
    expect(en.status).toBe(2);
    expect(en.stderr).toContain('unknown command "gne"; did you mean gen?');
    const zh = cloudfn(['--lang', 'zh', 'gne'], project());
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('未知命令 "gne"；你是不是想用 gen？');
  });

  test('--version prints the package version; --help shows examples', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(cloudfn(['--version'], project()).stdout.trim()).toBe(pkg.version);
    expect(cloudfn(['--help'], project()).stdout).toContain('cloudfn serve --watch');
  });

  test('serve --port abc', () => {
    const r = cloudfn(['serve', '--port', 'abc'], project());
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('--port "abc": not a port number; use 0 to 65535 (0 for any free port)');
  });

  test('serve on a port that is in use', async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const { spawn } = await import('node:child_process');
      const dir = project();
      expect(cloudfn(['gen'], dir).status).toBe(0);
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/generator/cli.js'), 'serve', '--port', String(port)], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(status).toBe(2);
      expect(stderr.trim()).toBe(`port ${port} on 127.0.0.1 is in use; stop what listens there, or pass --port 0 for any free port`);
    } finally {
      holder.close();
    }
  });

  test('a file where a folder belongs, or a folder where a file belongs: one line with the fix (exit 2), no stack trace', () => {
    const cases: [Record<string, string | object>, string][] = [
      [{ 'src/gen': 'a file' }, '"out" is src/gen, which is a file, not a folder: move the file away, or give "out" another folder in cloudfn.config.json or with --out'],
      [{ functions: 'a file' }, '"functions" is functions, which is a file, not a folder: move the file away, or give "functions" another folder in cloudfn.config.json or with --functions'],
      [{ 'cloudfn.config.json': { schemas: 'contracts.txt', out: 'src/gen' }, 'contracts.txt': 'a file' }, '"schemas" is contracts.txt, which is a file, not a folder: move the file away, or give "schemas" another folder in cloudfn.config.json or with --schemas'],
      [{ 'cloudbaserc.json/keep': '' }, 'cloudbaserc.json: cannot update it (it is a folder); fix the JSON, or set "deploy": { "cloudbaserc": false } in cloudfn.config.json'],
    ];
    for (const [files, line] of cases) {
      const dir = project();
      writeFiles(dir, files);
      const r = cloudfn(['gen'], dir);
      expect([r.status, r.stderr.trim()], line).toEqual([2, line]);
    }
    // A folder where a generated file goes: cloudfn's own file is not there, so it is a conflict, for gen and check.
    const folder = project();
    writeFiles(folder, { 'src/gen/types.ts/keep': '' });
    const gen = cloudfn(['gen'], folder);
    expect([gen.status, gen.stderr.trim()]).toEqual([1, `src/gen/types.ts: exists without cloudfn's "Generated by cloudfn" banner, so cloudfn will not overwrite it; if cloudfn made it (the banner was removed), delete it and run \`npx cloudfn gen\`, else move it away or point "out"/"functions" at another folder (nothing was written)`]);
    const check = cloudfn(['check', '--no-impl'], folder);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('src/gen/types.ts: exists without cloudfn\'s "Generated by cloudfn" banner');
    const docs = cloudfn(['docs', '--out', 'contracts'], folder);
    expect([docs.status, docs.stderr.trim()]).toEqual([2, '--out contracts: name an .html file']);
    writeFiles(folder, { 'ref.html/keep': '' });
    const docsFolder = cloudfn(['docs', '--out', 'ref.html'], folder);
    expect([docsFolder.status, docsFolder.stderr.trim()]).toEqual([2, 'ref.html exists and was not written by cloudfn; move it, or pass --out another file']);
    const nested = tempProject({ 'cloudfn.config.json/keep': '', 'schemas/ping.fn.json': contract() });
    const r = cloudfn(['gen'], nested);
    expect([r.status, r.stderr.trim()]).toEqual([2, 'cloudfn.config.json is a folder: cloudfn reads its settings from a file of that name; remove or rename the folder']);
    const flag = cloudfn(['gen', '--config', 'contracts'], project());
    expect([flag.status, flag.stderr.trim()]).toEqual([2, '--config contracts: a folder, not a file; name the config file itself (e.g. --config contracts/cloudfn.config.json)']);
  });

  test('an output folder this user cannot write to (made by root in a container, say): one line naming the file and the fix (exit 2), no stack trace, no temp file named', () => {
    const dir = project();
    mkdirSync(path.join(dir, 'src/gen'), { recursive: true });
    // Root may write anywhere: as root the CLI runs without that capability (CAP_DAC_OVERRIDE), so
    // the folder's mode holds for it as for any user.
    const asRoot = process.getuid?.() === 0;
    chmodSync(path.join(dir, 'src/gen'), 0o555);
    const r = asRoot ? spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, CLI, 'gen'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '' } }) : cloudfn(['gen'], dir);
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cannot write src\/gen\/[\w./-]+: permission denied \(EACCES\); make src\/gen writable by this user/);
    expect(r.stderr).not.toMatch(/\.tmp|internal error|\n\s+at /);
    chmodSync(path.join(dir, 'src/gen'), 0o755);
    // Once it is writable, gen finishes the job.
    expect(cloudfn(['gen'], dir).status).toBe(0);
  });

  test('a path through a file, or into a folder that takes no files (/proc): one line naming it and the fix (exit 2), no stack trace', () => {
    const dir = project();
    writeFiles(dir, { 'notes.txt': 'mine\n' });
    const through = cloudfn(['openapi', '--out', 'notes.txt/api.json'], dir);
    expect([through.status, through.stderr.trim()]).toEqual([2, 'cannot create the folder notes.txt: notes.txt is a file, not a folder (EEXIST); rename or move that file, or write somewhere else, then run the command again']);
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    writeFiles(dir, { 'cloudfn.config.json': { schemas: 'contracts', out: 'notes.txt/gen' } });
    const gen = cloudfn(['gen'], dir);
    expect(gen.status, gen.stderr).toBe(2);
    expect(gen.stderr).toMatch(/^cannot create the folder notes\.txt\/gen: notes\.txt is a file, not a folder \(ENOTDIR\); rename or move that file, or write somewhere else, then run the command again\n$/);
    if (existsSync('/proc/self')) {
      const proc = cloudfn(['docs', '--out', '/proc/contracts.html'], dir);
      expect(proc.status, proc.stderr).toBe(2);
      expect(proc.stderr).toMatch(/^cannot write \S*proc\/contracts\.html: no such file or directory \(ENOENT\); \S*proc takes no new files \(a system or virtual folder\): write somewhere else, then run the command again \(every file already written is whole\)\n$/);
    }
  });

  test('a .prettierrc prettier cannot read', () => {
    const dir = project();
    writeFiles(dir, { '.prettierrc': '{ "singleQuote": tru' });
    const r = cloudfn(['gen'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\.prettierrc: prettier cannot read it \(.+\); fix it, or remove it to use cloudfn's own style\n$/);
  });

  test('a .prettierrc naming a plugin that is not installed, or an option value prettier refuses: the same one-line error, no stack trace, nothing written', () => {
    for (const config of [{ plugins: ['prettier-plugin-not-installed'], semi: false }, { printWidth: 'wide' }]) {
      const dir = project();
      writeFiles(dir, { '.prettierrc': config });
      const r = cloudfn(['gen'], dir);
      expect([r.status, r.stdout], JSON.stringify(config)).toEqual([2, '']);
      expect(r.stderr).toMatch(/^\.prettierrc: prettier cannot read it \(.+\); fix it, or remove it to use cloudfn's own style\n$/);
      expect(existsSync(path.join(dir, 'src/gen'))).toBe(false);
    }
  });
});

test('no contracts found: exit 2, saying so and naming files that look like contracts', () => {
  const dir = tempProject({ 'schemas/order.json': { name: 'order' }, 'schemas/notes.txt': 'x' });
  const r = cloudfn(['gen'], dir);
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe(
    'no contracts in schemas/: a contract is a file named <anything>.fn.json or <anything>.fn.yaml; schemas/order.json is not named like one: rename to order.fn.json if it is a contract',
  );
  expect(existsSync(path.join(dir, 'generated'))).toBe(false);
  const empty = tempProject({ 'schemas/.keep': '' });
  expect(cloudfn(['check'], empty).stderr.trim()).toBe('no contracts in schemas/: a contract is a file named <anything>.fn.json or <anything>.fn.yaml; write one, such as schemas/ping.fn.json (see the README)');
});
