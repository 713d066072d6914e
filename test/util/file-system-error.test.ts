/** What the CLI says when the disk refuses an operation (tested through the CLI in cli.test.ts). */
import { afterEach, expect, test } from 'vitest';
import { fileSystemError } from '../../generator/errors.js';
import { setLanguage } from '../../generator/i18n/messages.js';

const refusal = (code: string, message: string, syscall: string, path: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${message}, ${syscall} '${path}'`), { code, syscall, path });

afterEach(() => setLanguage('en'));

test('a refused write names the real file, not the temp file, and the fix for its cause', () => {
  const full = fileSystemError(refusal('ENOSPC', 'no space left on device', 'open', '/p/generated/.client.ts.0123456789ab.tmp'), '/p');
  expect(full?.exitCode).toBe(2);
  expect(full?.message).toBe('cannot write generated/client.ts: no space left on device (ENOSPC); free some space on that disk, then run the command again (every file already written is whole)');
  const readOnly = fileSystemError(refusal('EROFS', 'read-only file system', 'mkdir', '/p/functions/fn'), '/p');
  expect(readOnly?.message).toMatch(/^cannot write functions\/fn: read-only file system \(EROFS\); it is on a read-only file system: point "out" or "functions"/);
});

test('a refused read says read, and names the file to make readable; in Chinese too', () => {
  const read = refusal('EACCES', 'permission denied', 'open', '/p/schemas/a.fn.json');
  expect(fileSystemError(read, '/p')?.message).toMatch(/^cannot read schemas\/a\.fn\.json: permission denied \(EACCES\); make schemas\/a\.fn\.json readable by this user/);
  setLanguage('zh');
  expect(fileSystemError(read, '/p')?.message).toMatch(/^无法读取 schemas\/a\.fn\.json：权限不足（EACCES）；请让当前用户可以读取 schemas\/a\.fn\.json/);
});

test('anything else stays a bug report: a missing file, an error without a path, not an error', () => {
  expect(fileSystemError(refusal('ENOENT', 'no such file or directory', 'open', '/p/x'), '/p')).toBeUndefined();
  expect(fileSystemError(Object.assign(new Error('EACCES'), { code: 'EACCES' }), '/p')).toBeUndefined();
  expect(fileSystemError('EACCES', '/p')).toBeUndefined();
});
