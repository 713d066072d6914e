// One whole json-schema-to-typescript run for bench/gen.mjs: every contract's input and output to
// TypeScript (default settings), as a user's build would run it. Prints {ms, bytes, rssKB} as JSON.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
const start = performance.now();
const { compile } = await import('json-schema-to-typescript');
const dir = process.argv[2];
let bytes = 0;
const files = readdirSync(path.join(dir, 'schemas')).filter((f) => f.endsWith('.fn.json')).sort();
for (const f of files) {
  const c = JSON.parse(readFileSync(path.join(dir, 'schemas', f), 'utf8'));
  for (const part of ['input', 'output']) {
    const ts = await compile(c[part], `${c.name}${part}`, { cwd: path.join(dir, 'schemas') });
    bytes += Buffer.byteLength(ts);
  }
}
console.log(JSON.stringify({ ms: performance.now() - start, bytes, rssKB: process.resourceUsage().maxRSS }));
