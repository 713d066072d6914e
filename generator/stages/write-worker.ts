/**
 * The writer thread of `Writers` (write.ts): writes each batch of files it is sent, in order, and
 * answers with the batch's id, or with the first error (its code, system call and path, which the
 * CLI turns into its one-line message).
 */
import { parentPort } from 'node:worker_threads';
import { writeOne, type FileToWrite } from './write-file.js';

parentPort!.on('message', ({ id, files }: { id: number; files: FileToWrite[] }) => {
  try {
    for (const file of files) writeOne(file);
    parentPort!.postMessage({ id });
  } catch (e) {
    const x = e as NodeJS.ErrnoException;
    parentPort!.postMessage({ id, error: { message: x.message, code: x.code, syscall: x.syscall, path: x.path, errno: x.errno } });
  }
});
