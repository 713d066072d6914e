// One row of `npm run bench`'s summary table: each benchmark adds its headline numbers here (a JSON
// line in the file named by BENCH_SUMMARY), and bench/all.mjs prints them side by side in one table.
import { appendFileSync } from 'node:fs';

/**
 * @param {{ what: string, cloudfn: string, anchor?: string, ratio?: number, goal?: string, met?: boolean }} row
 *   `ratio` is cloudfn ÷ anchor (lower is better); `met` whether the goal holds in this run.
 */
export function summarize(row) {
  if (process.env.BENCH_SUMMARY) appendFileSync(process.env.BENCH_SUMMARY, `${JSON.stringify(row)}\n`);
}
