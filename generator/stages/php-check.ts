/**
 * `check` for PHP implementations: each impl.php parsed by the local `php`, as `php -l` parses it
 * (`token_get_all` with `TOKEN_PARSE`), all files in one process; a syntax error is reported at its
 * line (PHP gives no column). Without `php` on PATH nothing is parsed, and `check` says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { IrFunction } from '../ir.js';
import type { ImplIssue } from './impl-check.js';
import { t } from '../i18n/messages.js';

/** Prints PHP's version, then one JSON line per file that does not parse: [file, line, message]. */
const PARSE_EACH = `echo json_encode(PHP_VERSION), "\\n";
foreach (array_slice($argv, 1) as $file) {
    try {
        token_get_all((string) file_get_contents($file), TOKEN_PARSE);
    } catch (ParseError $e) {
        echo json_encode([$file, $e->getLine(), $e->getMessage()]), "\\n";
    }
}`;

export interface PhpCheck {
  issues: ImplIssue[];
  /** `php <version>` when the files were parsed. */
  checker: string | undefined;
  warnings: string[];
}

export function checkPhpImplementations(config: ResolvedConfig, functions: readonly IrFunction[]): PhpCheck {
  const impls = functions
    .filter((f) => f.runtime === 'php')
    .map((f) => path.join(config.functionsDir, f.name, 'impl.php'))
    .filter((f) => existsSync(f));
  if (impls.length === 0) return { issues: [], checker: undefined, warnings: [] };
  const rel = (f: string): string => path.relative(config.rootDir, f).split(path.sep).join('/');
  const r = spawnSync('php', ['-d', 'display_errors=stderr', '-r', PARSE_EACH, '--', ...impls], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  const lines = (r.stdout ?? '').split('\n').filter(Boolean);
  if (r.error || r.status !== 0 || lines.length === 0) {
    const files = impls.length === 1 ? rel(impls[0]!) : `${rel(impls[0]!)} (and ${impls.length - 1} more)`;
    return { issues: [], checker: undefined, warnings: [t('check.noPhp', { files })] };
  }
  const version = JSON.parse(lines[0]!) as string;
  const issues = lines.slice(1).map((line) => {
    const [file, at, message] = JSON.parse(line) as [string, number, string];
    return { file: rel(file), line: at, column: 1, message };
  });
  return { issues, checker: `php ${version}`, warnings: [] };
}
