/**
 * A worker thread that gets `check`'s type-check ready while the main thread does the rest: it
 * loads the compiler and parses the standard library and installed declarations, then checks the
 * implementations the main thread sends (with the generated files as they would be written).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CheckSession } from './impl-check.js';

const { rootDir } = workerData as { rootDir: string };
const session = await CheckSession.open(rootDir);
session.warm();
parentPort!.on('message', (m: { impls: string[]; overlay: [string, string][] }) => {
  try {
    parentPort!.postMessage({ result: session.check(m.impls, new Map(m.overlay)) });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
