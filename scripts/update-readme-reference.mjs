// Rewrites the contract format reference in README.md and README.zh-CN.md from
// schemas/function.schema.json (run `npm run build` first). A test fails until they are current.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { contractReference, withReference } = await import('../dist/generator/docs/contract-reference.js');
for (const [file, lang] of [['README.md', 'en'], ['README.zh-CN.md', 'zh']]) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const next = withReference(text, contractReference(lang));
  if (next === undefined) throw new Error(`${file}: no contract-reference markers`);
  writeFileSync(path.join(root, file), next);
  console.log(`${file}: contract reference ${next === text ? 'already current' : 'rewritten'}`);
}
