/**
 * `Writers`, as the built CLI runs it (the writer thread exists only in dist/): every file written
 * once, whole, by one thread or the other; a scaffold never replaced; a refusal on the writer
 * thread reported like one on this thread, with its code and the file's path.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp-project.js';
import type { FileToWrite } from '../../generator/stages/write-file.js';

const built = path.join(REPO_ROOT, 'dist/generator/stages/write.js');
const { Writers, WRITER_FROM } = (await import(pathToFileURL(built).href)) as typeof import('../../generator/stages/write.js');

test('split over two threads: every file with its own contents, no temp file left, a scaffold that exists kept', async () => {
  const dir = tempProject({});
  const files = Array.from({ length: WRITER_FROM + 44 }, (_, i): FileToWrite => ({ absPath: path.join(dir, `d${i % 7}`, `f${i}.ts`), contents: `// file ${i}\n`, ownership: 'generated' }));
  for (let d = 0; d < 7; d++) mkdirSync(path.join(dir, `d${d}`));
  writeFileSync(path.join(dir, 'd0', 'f0.ts'), 'mine');
  files[0] = { ...files[0]!, ownership: 'scaffold' };
  const writers = await Writers.start(files.length);
  try {
    await writers.split(files);
  } finally {
    await writers.close();
  }
  expect(readFileSync(path.join(dir, 'd0', 'f0.ts'), 'utf8')).toBe('mine');
  for (const f of files.slice(1)) expect(readFileSync(f.absPath, 'utf8')).toBe(f.contents);
  const names = Array.from({ length: 7 }, (_, d) => readdirSync(path.join(dir, `d${d}`))).flat();
  expect(names).toHaveLength(files.length);
  expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
});

test('a file the writer thread cannot write rejects with its code and path, after this thread wrote its own', async () => {
  const dir = tempProject({});
  mkdirSync(path.join(dir, 'ok'));
  // A file where the folder should be: the write fails (ENOTDIR) whatever the user's rights.
  writeFileSync(path.join(dir, 'blocked'), 'a file');
  const writers = await Writers.start(WRITER_FROM);
  try {
    const failed = writers.write([{ absPath: path.join(dir, 'blocked', 'x.ts'), contents: 'x', ownership: 'generated' }]);
    await expect(failed).rejects.toMatchObject({ code: 'ENOTDIR', syscall: 'open' });
    await expect(failed).rejects.toHaveProperty('path', expect.stringContaining(path.join(dir, 'blocked', '.x.ts.')));
    await writers.split([
      ...Array.from({ length: 3 }, (_, i) => ({ absPath: path.join(dir, 'ok', `f${i}.ts`), contents: `${i}`, ownership: 'generated' as const })),
      { absPath: path.join(dir, 'blocked', 'y.ts'), contents: 'y', ownership: 'generated' as const },
    ]).then(
      () => expect.unreachable(),
      (e: NodeJS.ErrnoException) => expect(e.code).toBe('ENOTDIR'),
    );
    expect(existsSync(path.join(dir, 'ok', 'f2.ts'))).toBe(true);
  } finally {
    await writers.close();
  }
});

test('write hands the writer thread more files than one batch holds: every one written, in any folder', async () => {
  const dir = tempProject({});
  for (let d = 0; d < 3; d++) mkdirSync(path.join(dir, `p${d}`));
  const files = Array.from({ length: 3 * WRITER_FROM + 7 }, (_, i): FileToWrite => ({ absPath: path.join(dir, `p${i % 3}`, `F${i}.php`), contents: `<?php // ${i}\n`, ownership: 'generated' }));
  const writers = await Writers.start(files.length);
  try {
    await writers.write(files);
  } finally {
    await writers.close();
  }
  for (const f of files) expect(readFileSync(f.absPath, 'utf8')).toBe(f.contents);
});
