// Size of the mini program wrapper for examples/shop, as a mini program ships it: bundled,
// minified, gzipped. Without validation (the default) and with the precompiled input validators.
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generated = path.join(root, 'examples/shop/generated');

export async function miniProgramSizes() {
  const bundle = async (contents) => {
    const r = await build({
      stdin: { contents, resolveDir: generated, loader: 'ts' },
      bundle: true, minify: true, write: false, format: 'cjs', target: 'es2017', platform: 'neutral', logLevel: 'silent',
    });
    const code = r.outputFiles[0].contents;
    return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
  };
  return {
    plain: await bundle(`export { miniProgramFns } from './miniprogram/cloudfn.js';`),
    validated: await bundle(`import { miniProgramFns } from './miniprogram/cloudfn.js';\nimport { validators } from './direct-validators.js';\nexport const fns = () => miniProgramFns({ validators });`),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await miniProgramSizes();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log('| mini program wrapper, examples/shop (7 functions) | minified | min+gzip |');
  console.log('| --- | ---: | ---: |');
  console.log(`| without validation (default) | ${kb(s.plain.min)} | ${kb(s.plain.gzip)} |`);
  console.log(`| with the input validators | ${kb(s.validated.min)} | ${kb(s.validated.gzip)} |`);
  const { summarize } = await import('./summary.mjs');
  summarize({ what: 'mini program wrapper, 7 functions, min+gzip', cloudfn: `${kb(s.plain.gzip)} (${kb(s.validated.gzip)} with validators)`, goal: '< 6 KB', met: s.plain.gzip < 6 * 1024 });
}
