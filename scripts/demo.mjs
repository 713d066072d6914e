// `npm run demo`: generates examples/shop with the built CLI and shows what came out.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shop = path.join(root, 'examples/shop');
const run = (args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/generator/cli.js'), ...args], { cwd: shop, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

console.log('== cloudfn gen (examples/shop)');
run(['gen', '--verbose']);
console.log('\n== cloudfn check');
run(['check']);
console.log('\n== generated files');
for (const dir of ['generated', 'functions']) {
  const abs = path.join(shop, dir);
  let entries = [];
  try {
    entries = readdirSync(abs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  } catch {
    continue;
  }
  for (const e of entries) console.log(`  ${path.relative(shop, path.join(e.parentPath, e.name))}`);
}
