#!/usr/bin/env node
/**
 * The `cloudfn` command's entry. `check` type-checks the implementations, and the compiler takes
 * longer to load than everything else: it starts loading on another thread first, while the rest
 * of the command loads here.
 */
import { startEarlyCheck } from './stages/early-check.js';

startEarlyCheck(process.argv.slice(2), process.cwd());
await import('./cli-main.js');
