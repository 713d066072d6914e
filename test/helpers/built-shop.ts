/** The example's deployable dist/ folders are build output (not committed): build them once per test file. */
import path from 'node:path';
import { resolveConfig } from '../../generator/config.js';
import { runBuild } from '../../generator/pipeline.js';
import { REPO_ROOT } from './cli.js';

export const SHOP_DIR = path.join(REPO_ROOT, 'examples/shop');

export async function buildShop(): Promise<void> {
  await runBuild(resolveConfig({}, SHOP_DIR));
}
