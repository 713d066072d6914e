/**
 * The README's five-minute walkthrough, run as written (the commands between its
 * `<!-- walkthrough -->` marker and the end of the block) in an empty folder: `npx cloudfn` and
 * `npx tsx` are this repository's; `php`, `curl` and `bash` are the machine's.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { CLI, REPO_ROOT } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

test("the README's walkthrough: new, impl, serve, curl, a PHP call and a Node call", () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /<!-- walkthrough -->\n```sh\n([\s\S]*?)\n```/.exec(readme);
  expect(block, 'the walkthrough block').not.toBeNull();
  const dir = tempProject({});
  const bin = path.join(dir, '.bin');
  mkdirSync(bin);
  // npx resolves cloudfn and tsx from this repository, as an installed package would.
  writeFileSync(
    path.join(bin, 'npx'),
    `#!/usr/bin/env bash\ncase "$1" in\n  cloudfn) shift; exec "${process.execPath}" "${CLI}" "$@";;\n  tsx) shift; exec "${process.execPath}" "${path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs')}" "$@";;\n  *) echo "npx $1: not in this test" >&2; exit 127;;\nesac\n`,
  );
  chmodSync(path.join(bin, 'npx'), 0o755);
  // The generated client type-checks against Node's types when the project has them.
  const r = spawnSync('bash', ['-e', '-c', block![1]!], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toBe('created schemas/getPrice.fn.json');
  expect(r.stdout).toMatch(/^\{"id":"abc","createdAt":"[\d-]+T[\d:.]+Z"\}$/m);
  expect(r.stdout).toMatch(/^PHP: \{"id":"abc","createdAt":"[\d-]+T[\d:.]+Z"\}$/m);
  expect(r.stdout).toMatch(/^Node: \{"id":"abc","createdAt":"[\d-]+T[\d:.]+Z"\}$/m);
});
