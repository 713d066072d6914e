/**
 * A full garbage collection on request, for the few points of a large run where most of the heap
 * has just become garbage (every file's text, once written): V8 would otherwise grow the heap
 * further before collecting it, and the peak memory of the process is what a CI runner pays for.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collects now when V8 lets a running process expose `gc` (it does on every supported Node); else nothing. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
