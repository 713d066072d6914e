// `npm run demo`: generates examples/shop, starts the emulator, calls every function from the
// TypeScript and PHP clients over all three transports (HTTP trigger, CloudBase HTTP API, WeChat API), and prints what came back.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startEmulator } from '../dist/generator/emulator/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shop = path.join(root, 'examples/shop');
const step = (title) => console.log(`\n== ${title}`);
const cli = (args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/generator/cli.js'), ...args], { cwd: shop, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

step('cloudfn gen (examples/shop)');
cli(['gen']);
step('cloudfn check');
cli(['check']);

step('cloudfn serve (in-process, deployable dist/ folders)');
const emulator = await startEmulator({ projectDir: shop, built: true, log: (line) => console.log(`  gateway: ${line}`) });
console.log(`  listening on ${emulator.url}`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-demo-'));
try {
  step('TypeScript client: examples/shop/callers/call-all.ts');
  const script = path.join(tmp, 'call-all.mjs');
  await build({ entryPoints: [path.join(shop, 'callers/call-all.ts')], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent' });
  const env = { ...process.env, CLOUDFN_BASE_URL: emulator.url, CLOUDBASE_API_BASE_URL: emulator.url, WX_API_BASE_URL: emulator.url };
  // Async: the emulator serves from this process's event loop while the caller runs.
  const code = await new Promise((resolve) => spawn(process.execPath, [script], { env, stdio: 'inherit' }).on('exit', resolve));
  if (code !== 0) process.exitCode = 1;

  step('PHP client: examples/shop/callers/call-all.php (php, ext-curl)');
  if (spawnSync('php', ['-r', 'exit(extension_loaded("curl") ? 0 : 1);']).status !== 0) {
    console.log('  skipped: install PHP with cURL first (Debian: apt-get install php-cli php-curl php-mbstring)');
    process.exitCode = 1;
  } else {
    const phpCode = await new Promise((resolve) => spawn('php', [path.join(shop, 'callers/call-all.php')], { env, stdio: 'inherit' }).on('exit', resolve));
    if (phpCode !== 0) process.exitCode = 1;
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
  await emulator.close();
}
