// Rebuilds templates/direct/miniprogram-runtime.js and .d.ts (the runtime half of the plain-JS mini
// program wrapper) from the TypeScript templates they are made of. Run after `npm run build` when
// templates/ts-client/client-errors.ts or templates/direct/direct-core.ts changes; a test fails
// until they are current.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildRuntime, RUNTIME_DTS, RUNTIME_JS } = await import('../dist/generator/targets/direct/miniprogram-runtime.js');
const { js, dts } = await buildRuntime();
writeFileSync(path.join(root, 'templates', RUNTIME_JS), js);
writeFileSync(path.join(root, 'templates', RUNTIME_DTS), dts);
console.log(`wrote templates/${RUNTIME_JS} (${js.length} bytes) and templates/${RUNTIME_DTS} (${dts.length} bytes)`);
