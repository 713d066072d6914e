/** `cloudfn gen --watch` as a user runs it: regenerates on change, survives a broken contract, stops on Ctrl-C. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { CLI } from './helpers/cli.js';
import { contract, tempProject } from './helpers/temp-project.js';

function waitFor(output: { text: string }, pattern: RegExp, from = 0, ms = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = (): void => {
      const m = pattern.exec(output.text.slice(from));
      if (m) resolve(m);
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output.text}`));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

test('gen --watch: a contract edit, a broken contract (errors, still watching), the fix, a $ref file outside the folder, the config; Ctrl-C', async () => {
  const dir = tempProject({
    'cloudfn.config.json': { schemas: 'schemas' },
    'shared/money.json': { type: 'object', required: ['amount'], properties: { amount: { type: 'integer' } } },
    'schemas/ping.fn.json': contract({ output: { type: 'object', required: ['pong'], properties: { pong: { type: 'boolean' }, price: { $ref: '../shared/money.json' } } } }),
  });
  const child = spawn(process.execPath, [CLI, 'gen', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
  const types = (): string => readFileSync(path.join(dir, 'generated/types.ts'), 'utf8');
  const contractFile = path.join(dir, 'schemas/ping.fn.json');
  try {
    await waitFor(output, /^cloudfn gen --watch: schemas\/ and cloudfn\.config\.json \(Ctrl-C stops\)$/m);
    await waitFor(output, /\d+ written, 0 removed in \d+ ms/);

    let mark = output.text.length;
    const edited = contract({ description: 'Edited while watching.', output: { type: 'object', required: ['pong'], properties: { pong: { type: 'boolean' }, price: { $ref: '../shared/money.json' } } } });
    writeFileSync(contractFile, JSON.stringify(edited));
    await waitFor(output, /changed: schemas\/ping\.fn\.json\n\[[\d:]+\] [1-9]\d* written, 0 removed in \d+ ms/, mark);
    expect(types()).toContain('Edited while watching.');

    mark = output.text.length;
    writeFileSync(contractFile, '{ "name": "ping", ');
    await waitFor(output, /not generated; fix this and save \(still watching\):\n {2}schemas\/ping\.fn\.json:1:\d+ /, mark);
    expect(child.exitCode).toBeNull();

    // A $ref file the broken contract used is still watched: its edit is seen while the contract is broken.
    mark = output.text.length;
    writeFileSync(path.join(dir, 'shared/money.json'), JSON.stringify({ type: 'object', required: ['amount'], properties: { amount: { type: 'integer', description: 'While broken.' } } }));
    await waitFor(output, /changed: shared\/money\.json\n\[[\d:]+\] not generated; fix this and save \(still watching\):/, mark);

    mark = output.text.length;
    writeFileSync(contractFile, JSON.stringify(edited));
    await waitFor(output, /\d+ written, 0 removed in \d+ ms/, mark);

    mark = output.text.length;
    writeFileSync(path.join(dir, 'shared/money.json'), JSON.stringify({ type: 'object', required: ['amount'], properties: { amount: { type: 'integer', description: 'In fen.' } } }));
    await waitFor(output, /changed: shared\/money\.json\n\[[\d:]+\] [1-9]\d* written/, mark);
    expect(types()).toContain('In fen.');

    mark = output.text.length;
    writeFileSync(path.join(dir, 'cloudfn.config.json'), JSON.stringify({ schemas: 'schemas', out: 'gen2' }));
    await waitFor(output, /changed: cloudfn\.config\.json\n\[[\d:]+\] [1-9]\d* written/, mark);
    expect(readFileSync(path.join(dir, 'gen2/types.ts'), 'utf8')).toContain('In fen.');
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
  }
  expect(output.text).toMatch(/cloudfn gen --watch: stopped\n$/);
  expect(child.exitCode).toBe(0);
});

test('gen --watch: a contract saved while the first run is still writing is generated too', async () => {
  const dir = tempProject({ 'cloudfn.config.json': {}, 'schemas/ping.fn.json': contract() });
  const child = spawn(process.execPath, [CLI, 'gen', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
  const types = path.join(dir, 'generated/types.ts');
  try {
    // The first run has read the contracts once its first file is on disk; the bundles come after.
    for (let i = 0; i < 2000 && !existsSync(types); i++) await new Promise((r) => setTimeout(r, 5));
    writeFileSync(path.join(dir, 'schemas/ping.fn.json'), JSON.stringify(contract({ description: 'Saved during the first run.' })));
    await waitFor(output, /changed: schemas\/ping\.fn\.json\n\[[\d:]+\] [1-9]\d* written/);
    expect(readFileSync(types, 'utf8')).toContain('Saved during the first run.');
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
  }
});

test('gen --watch: saves that replace the file (a temporary file renamed over it, as sed -i and "safe write" editors do), again and again, also in a subfolder', async () => {
  const dir = tempProject({ 'cloudfn.config.json': {}, 'schemas/ping.fn.json': contract(), 'schemas/more/pong.fn.json': contract({ name: 'pong' }) });
  const child = spawn(process.execPath, [CLI, 'gen', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
  const types = (): string => readFileSync(path.join(dir, 'generated/types.ts'), 'utf8');
  /** Writes the contract the way such editors save: a new file beside it, renamed over it. */
  const replace = (rel: string, description: string, name: string): void => {
    const file = path.join(dir, rel);
    const temp = path.join(path.dirname(file), `sedTmp${description.length}`);
    writeFileSync(temp, JSON.stringify(contract({ name, description })));
    renameSync(temp, file);
  };
  try {
    await waitFor(output, /\d+ written, 0 removed in \d+ ms/);
    for (const [i, rel, name] of [[1, 'schemas/ping.fn.json', 'ping'], [2, 'schemas/ping.fn.json', 'ping'], [3, 'schemas/more/pong.fn.json', 'pong'], [4, 'schemas/ping.fn.json', 'ping'], [5, 'schemas/more/pong.fn.json', 'pong']] as const) {
      const mark = output.text.length;
      replace(rel, `Replaced ${'x'.repeat(i)}.`, name);
      await waitFor(output, new RegExp(`changed: ${rel.replace(/[./]/g, '\\$&')}\\n\\[[\\d:]+\\] [1-9]\\d* written`), mark, 10_000);
      expect(types()).toContain(`Replaced ${'x'.repeat(i)}.`);
    }
    // A folder made while watching, with a contract in it; then that contract removed.
    let mark = output.text.length;
    mkdirSync(path.join(dir, 'schemas/later'));
    writeFileSync(path.join(dir, 'schemas/later/late.fn.json'), JSON.stringify(contract({ name: 'late', description: 'Added later.' })));
    await waitFor(output, /changed: schemas\/later\/late\.fn\.json\n\[[\d:]+\] [1-9]\d* written/, mark, 10_000);
    expect(types()).toContain('Added later.');
    mark = output.text.length;
    unlinkSync(path.join(dir, 'schemas/later/late.fn.json'));
    await waitFor(output, /changed: schemas\/later\/late\.fn\.json\n\[[\d:]+\] \d+ written, [1-9]\d* removed/, mark, 10_000);
    expect(types()).not.toContain('Added later.');
    // A folder of contracts moved out of the contracts folder (its files are not deleted, only gone from here).
    mark = output.text.length;
    renameSync(path.join(dir, 'schemas/more'), path.join(dir, 'moved-away'));
    await waitFor(output, /changed: schemas\/more\n\[[\d:]+\] \d+ written, [1-9]\d* removed/, mark, 10_000);
    expect(types()).not.toContain('PongInput');
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
  }
  expect(child.exitCode).toBe(0);
});
