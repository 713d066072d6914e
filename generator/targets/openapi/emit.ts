/**
 * Target `openapi`, on when `targets.openapi` is in the config: `<out>/openapi.json` (or the
 * `path` it names, `.yaml` for YAML), so that `gen` keeps it current and `check` covers it.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Ir } from '../../ir.js';
import { GENERATED_MARKER, type EmittedFile, type Target } from '../target.js';
import { openApiDocument, type OpenApiTransport } from './document.js';

export interface OpenApiSettings {
  transport: OpenApiTransport;
  title: string;
  version: string;
}

export function openApiSettings(raw: Readonly<Record<string, unknown>> | undefined): OpenApiSettings {
  return {
    transport: raw?.['transport'] === 'api' ? 'api' : 'http',
    title: typeof raw?.['title'] === 'string' ? raw['title'] : 'Cloud functions',
    version: typeof raw?.['version'] === 'string' ? raw['version'] : '1.0.0',
  };
}

/** The document as text: JSON (2 spaces) or YAML, starting with cloudfn's marker. */
export function openApiText(ir: Ir, settings: OpenApiSettings, schemasDir: string, yaml: boolean): string {
  const generatedBy = `${GENERATED_MARKER} from the contracts in ${schemasDir}/. Do not edit: change the contracts and run \`npx cloudfn gen\` (or \`npx cloudfn openapi\`).`;
  const doc = openApiDocument(ir, { ...settings, generatedBy });
  if (!yaml) return `${JSON.stringify(doc, null, 2)}\n`;
  const { 'x-generated': _marker, ...rest } = doc;
  void _marker;
  // Loaded only for a YAML document: every gen loads this target, few write YAML.
  const { stringify } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  return `# ${generatedBy}\n${stringify(rest, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

export const openApiTarget: Target = {
  id: 'openapi',
  emit(ir, options): EmittedFile[] {
    const raw = options.targetOptions['openapi'];
    if (!raw) return [];
    const path = typeof raw['path'] === 'string' ? raw['path'] : 'openapi.json';
    return [{ root: 'out', path, contents: openApiText(ir, openApiSettings(raw), options.schemasDir, /\.ya?ml$/i.test(path)), ownership: 'generated', format: false }];
  },
};
