/**
 * A worker thread that compiles validator modules (ajv standalone code) for a slice of a large
 * project's functions, while the main thread compiles the rest: ajv's code generation is the
 * slowest part of a cold `gen`, and each function's module is independent of the others. The
 * result is the same text the main thread would produce (the same compiler, the same input).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Ir } from '../../ir.js';
import { compiledBodies } from './validators.js';

const { ir, names } = workerData as { ir: Ir; names: string[] };
parentPort!.postMessage(compiledBodies(ir, names));
