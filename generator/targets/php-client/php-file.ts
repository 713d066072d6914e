/** The frame of every generated PHP file: banner, strict types, namespace, imports. */
import { wrapPhp } from '../php/wrap.js';
import { GENERATED_MARKER } from '../target.js';

/** What differs between the PHP 8.1 and 7.4 output, and where it goes. */
export interface PhpFlavor {
  /** Root namespace of the package, e.g. `CloudFn\Generated`. */
  namespace: string;
  v74: boolean;
  /** `mixed` where 8.x declares it; null on 7.4, which has no such type. */
  mixed: string | null;
  /** Where the files were generated from, for the banner. */
  from: string;
}

export function phpFlavor(namespace: string, phpVersion: string, from: string): PhpFlavor {
  const v74 = phpVersion === '7.4';
  return { namespace, v74, mixed: v74 ? null : 'mixed', from };
}

export function phpBanner(from: string): string {
  return `// ${GENERATED_MARKER} from ${from}.\n// Do not edit: change the contract and run \`npx cloudfn gen\`.`;
}

/** A whole file in `<namespace>\<sub>`, importing `uses` (relative to the root namespace). */
export function phpFile(flavor: PhpFlavor, sub: string, uses: string[], body: string): string {
  const ns = sub ? `${flavor.namespace}\\${sub}` : flavor.namespace;
  const imports = [...new Set(uses)].sort().map((u) => `use ${flavor.namespace}\\${u};`);
  return wrapPhp(`<?php\n\n${phpBanner(flavor.from)}\n\ndeclare(strict_types=1);\n\nnamespace ${ns};\n\n${imports.length ? `${imports.join('\n')}\n\n` : ''}${body}`);
}
