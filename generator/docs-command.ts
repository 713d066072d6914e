/** `cloudfn docs`: writes the reference page of the functions, one self-contained HTML file. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from './config.js';
import { docsPage } from './docs/page.js';
import { UsageError } from './errors.js';
import { compile } from './pipeline.js';
import { isGenerated, writeAtomic } from './stages/write.js';
import { t } from './i18n/messages.js';

/** Writes the page; returns the path written (project-relative when inside the project) and its size. */
export function runDocs(config: ResolvedConfig, out: string | undefined, cwd: string = process.cwd()): { file: string; bytes: number } {
  const file = path.resolve(cwd, out ?? path.join(path.relative(cwd, config.rootDir), 'cloudfn-docs.html'));
  if (!/\.html?$/i.test(file)) throw new UsageError(t('out.notHtml', { file: String(out) }));
  const rel = path.relative(config.rootDir, file);
  const display = rel.startsWith('..') ? file : rel.split(path.sep).join('/');
  if (existsSync(file) && !isGenerated(file)) throw new UsageError(t('out.userFile', { file: display }));
  let title = 'Cloud functions';
  try {
    const pkg = JSON.parse(readFileSync(path.join(config.rootDir, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string') title = `${pkg.name}: cloud functions`;
  } catch {
    // No package.json: the default title.
  }
  const phpNamespace = config.targets['php-client']?.['namespace'];
  const html = docsPage(compile(config), {
    title,
    outDir: path.relative(config.rootDir, config.outDir).split(path.sep).join('/') || '.',
    phpNamespace: typeof phpNamespace === 'string' ? phpNamespace : 'CloudFn\\Generated',
  });
  writeAtomic(file, html);
  return { file: display, bytes: Buffer.byteLength(html) };
}
