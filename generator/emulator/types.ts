import type { FunctionHost } from './function-host.js';

/** A function as the emulator runs it. */
export interface EmulatedFunction {
  name: string;
  httpPath: string;
  /** False when the HTTP trigger is switched off: the path answers 404. */
  httpEnabled: boolean;
  timeoutSeconds: number;
  host: FunctionHost;
}
