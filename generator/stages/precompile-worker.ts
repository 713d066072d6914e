/**
 * The worker thread of `precompile`: compiles the validators of its slice of a large project's
 * functions and computes their contract-test data, with the same code the main thread runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Ir } from '../ir.js';
import type { TargetOptions } from '../targets/target.js';
import { precompileOne } from './precompile.js';

const { ir, targetOptions } = workerData as { ir: Ir; targetOptions: TargetOptions['targetOptions'] };
parentPort!.postMessage(ir.functions.map((fn) => precompileOne(ir, fn, targetOptions)));
