/** `cloudfn openapi`: writes the OpenAPI 3.1 document of the functions to a file of its own. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from './config.js';
import { UsageError } from './errors.js';
import { compile } from './pipeline.js';
import { isGenerated, writeAtomic } from './stages/write.js';
import { openApiSettings, openApiText } from './targets/openapi/emit.js';
import type { OpenApiTransport } from './targets/openapi/document.js';
import { t } from './i18n/messages.js';

export interface OpenApiFlags {
  out: string | undefined;
  transport: OpenApiTransport | undefined;
}

function projectPackage(rootDir: string): { name?: string; version?: string } {
  try {
    return JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  } catch {
    return {};
  }
}

/** Writes the document; returns the project-relative path written. */
export function runOpenApi(config: ResolvedConfig, flags: OpenApiFlags, cwd: string = process.cwd()): string {
  const target = config.targets['openapi'];
  const file = path.resolve(cwd, flags.out ?? path.join(path.relative(cwd, config.rootDir), 'openapi.json'));
  if (!/\.(json|ya?ml)$/i.test(file)) throw new UsageError(t('out.notJsonYaml', { file: String(flags.out) }));
  const inside = !path.relative(config.rootDir, file).startsWith('..');
  const display = inside ? path.relative(config.rootDir, file).split(path.sep).join('/') : file;
  if (existsSync(file) && !isGenerated(file)) throw new UsageError(t('out.userFile', { file: display }));
  const pkg = projectPackage(config.rootDir);
  const settings = openApiSettings({ title: pkg.name ?? 'Cloud functions', version: pkg.version ?? '1.0.0', ...target, ...(flags.transport ? { transport: flags.transport } : {}) });
  const schemasDir = path.relative(config.rootDir, config.schemasDir).split(path.sep).join('/') || '.';
  writeAtomic(file, openApiText(compile(config), settings, schemasDir, /\.ya?ml$/i.test(file)));
  return display;
}
