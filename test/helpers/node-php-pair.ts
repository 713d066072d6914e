/**
 * A Node function and a PHP function generated from one contract, for tests that hold the two
 * handlers to the same answers: the Node `main` imported from its sources, the PHP function run in
 * real php by the emulator's PHP host.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../../generator/config.js';
import type { FunctionHost } from '../../generator/emulator/function-host.js';
import { phpHost } from '../../generator/emulator/php-host.js';
import { runGen } from '../../generator/pipeline.js';
import { tempProject } from './temp-project.js';

export interface NodePhpPair {
  /** The project folder. */
  dir: string;
  node: (event: unknown, context: unknown) => Promise<unknown>;
  php: FunctionHost;
}

/**
 * Generates `<stem>-node` and `<stem>-php` from `contract(name, runtime)` with the handler target's
 * `handler` options, writes `impls` (paths in the project) over the scaffolds, and starts both.
 */
export async function nodePhpPair(options: {
  stem: string;
  contract: (name: string, runtime: string) => Record<string, unknown>;
  handler: Record<string, unknown>;
  env: Record<string, string>;
  impls?: Record<string, string>;
}): Promise<NodePhpPair> {
  const { stem, contract } = options;
  const dir = tempProject({
    'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions', targets: { handler: options.handler } },
    [`schemas/${stem}-node.fn.json`]: contract(`${stem}-node`, 'nodejs'),
    [`schemas/${stem}-php.fn.json`]: contract(`${stem}-php`, 'php'),
  });
  await runGen(resolveConfig({}, dir));
  for (const [file, text] of Object.entries(options.impls ?? {})) writeFileSync(path.join(dir, file), text);
  const node = ((await import(path.join(dir, `functions/${stem}-node/index.ts`))) as { main: NodePhpPair['node'] }).main;
  return { dir, node, php: phpHost({ dir: path.join(dir, `functions/${stem}-php`), env: options.env }) };
}
