/**
 * Stage 3, normalize: applies defaults and checks what spans contracts
 * (duplicate names, names that collide once converted to identifiers,
 * duplicate HTTP paths, reserved error codes).
 */
import type { Diagnostic } from '../errors.js';
import { callerMethodName, pascalCase, words } from '../util/naming.js';
import { byCodePoint } from '../util/sorted.js';
import type { SourceDoc } from '../util/source.js';
import type { ContractFile, ValidatedProject } from './validate.js';

export const DEFAULT_TIMEOUT_SECONDS = 60;

/** Codes the handler runtime itself answers with; a contract may not declare them. */
export const RESERVED_ERROR_CODES = [
  'BAD_REQUEST', 'FUNCTION_INVOCATION_FAILED', 'INTERNAL', 'INVALID_INPUT', 'INVALID_JSON', 'INVALID_OUTPUT',
  'IP_NOT_ALLOWED', 'METHOD_NOT_ALLOWED', 'NOT_IMPLEMENTED', 'PAYLOAD_TOO_LARGE', 'SERVICE_KEY_NOT_CONFIGURED',
  'UNAUTHORIZED', 'UNSUPPORTED_MEDIA_TYPE',
];

export interface NormalizedContract {
  doc: SourceDoc;
  contract: ContractFile;
  name: string;
  words: string[];
  httpPath: string;
  timeoutSeconds: number;
  idempotent: boolean;
  runtime: 'nodejs' | 'php';
}

export interface NormalizedProject {
  validated: ValidatedProject;
  /** Sorted by function name. */
  contracts: NormalizedContract[];
}

export function normalize(project: ValidatedProject): { project: NormalizedProject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const contracts = project.contracts
    .map(({ doc, contract }): NormalizedContract => ({
      doc,
      contract,
      name: contract.name,
      words: words(contract.name),
      httpPath: contract.http?.path ?? `/${contract.name}`,
      timeoutSeconds: contract.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      idempotent: contract.idempotent ?? false,
      runtime: contract.runtime ?? 'nodejs',
    }))
    .sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.doc.file, b.doc.file));

  const byName = new Map<string, NormalizedContract>();
  const byIdent = new Map<string, NormalizedContract>();
  const byPath = new Map<string, NormalizedContract>();
  for (const c of contracts) {
    const at = (path: (string | number)[]) => ({ file: c.doc.file, path, position: c.doc.locate(path) });
    const sameName = byName.get(c.name);
    if (sameName) {
      diagnostics.push({ code: 'duplicate-name', ...at(['name']), message: `function name "${c.name}" is already used by ${sameName.doc.file}; every cloud function needs its own name` });
      continue;
    }
    byName.set(c.name, c);
    const ident = callerMethodName(c.name);
    const sameIdent = byIdent.get(ident);
    if (sameIdent) {
      diagnostics.push({
        code: 'identifier-collision',
        ...at(['name']),
        message: `function name "${c.name}" and "${sameIdent.name}" (${sameIdent.doc.file}) both become the identifier ${ident} / ${pascalCase(c.name)} in code; rename one of them`,
      });
    } else byIdent.set(ident, c);
    const samePath = byPath.get(c.httpPath);
    if (samePath) {
      diagnostics.push({ code: 'duplicate-path', ...at(c.contract.http?.path ? ['http', 'path'] : ['name']), message: `HTTP path "${c.httpPath}" is already used by ${samePath.doc.file}; set a distinct "http.path"` });
    } else byPath.set(c.httpPath, c);
    for (const code of Object.keys(c.contract.errors ?? {})) {
      if (RESERVED_ERROR_CODES.includes(code)) {
        diagnostics.push({ code: 'reserved-error-code', file: c.doc.file, path: ['errors', code], position: c.doc.locate(['errors', code], { key: true }), message: `error code "${code}" is reserved for cloudfn's own responses; choose another name` });
      }
    }
  }
  return { project: { validated: project, contracts: contracts.filter((c) => byName.get(c.name) === c) }, diagnostics };
}
