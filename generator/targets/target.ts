/** The one interface every output target implements. */
import { createHash } from 'node:crypto';
import type { Ir } from '../ir.js';
import { GENERATED_MARKER } from '../util/generated-file.js';

/** Which configured folder a file is written under. */
export type OutputRoot = 'out' | 'functions';

export interface EmittedFile {
  root: OutputRoot;
  /** POSIX path relative to the root. */
  path: string;
  contents: string;
  /** `generated` files are rewritten on every run; a `scaffold` is created once and then owned by the user. */
  ownership: 'generated' | 'scaffold';
  /**
   * How the format stage treats the file: prettier by its extension (default), `false` to leave it
   * as emitted, `minify` for machine code (precompiled validators): esbuild's minifier, keeping
   * the leading line comments (the banner), or `house` for TypeScript already printed in the house
   * style (targets/ts/house.ts): prettier runs on it only when the project has a prettier config
   * or a line of code is wider than the house style; `template` for a runtime template, kept in the
   * house style by a test (its long lines are ones prettier cannot break either); `validators` for
   * a precompiled validator module in TypeScript: minified as machine code, then its exports typed.
   */
  format?: boolean | 'minify' | 'house' | 'template' | 'validators';
  /**
   * Pieces of a `house` file that are prettier's own output already (a prebuilt runtime), whose
   * long lines (strings prettier does not break) do not send the file to prettier.
   */
  prettierOutput?: readonly string[];
}

/** What every target may read besides the IR. */
export interface TargetOptions {
  /** Project-relative POSIX path of the schemas folder, for banners. */
  schemasDir: string;
  /** Project-relative POSIX paths of the output roots, for imports from one root into the other. */
  roots: Readonly<Record<OutputRoot, string>>;
  /** Per-target options from `cloudfn.config.json`, keyed by target id. */
  targetOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Remembers expensive pure results across runs (precompiled validators, samples), keyed by a
   * hash of everything they depend on. The pipeline loads and saves it; a target only asks.
   */
  memo?: Memoizer;
}

export interface Memoizer {
  through(key: string, compute: () => string): string;
}

/** A stable key for a memo: the kind of result and a hash of what it is computed from. */
export function memoKey(kind: string, ...parts: unknown[]): string {
  return `${kind}:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

export interface Target {
  /** Stable id, also the key of its options in the config. */
  id: string;
  /**
   * The target runs the functions' compiled validators (or emits them): in a large project it
   * emits after they are compiled, the others meanwhile. Only the order of work depends on it.
   */
  readsValidators?: boolean;
  emit(ir: Ir, options: TargetOptions): EmittedFile[];
}

/** The text every generated file starts with (util/generated-file.ts). */
export { GENERATED_MARKER };

export function banner(from: string, comment = '//'): string {
  return `${comment} ${GENERATED_MARKER} from ${from}. Do not edit: change the contract and run \`npx cloudfn gen\`.\n`;
}
