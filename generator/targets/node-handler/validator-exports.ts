/** Typing the exports of a minified validator module (used by the format stage, without loading ajv). */

/**
 * Minified validator code with its closing `export{a as validateInput,…};` turned into typed
 * exports (`export const validateInput: Validator = a, …;`) and `Validator` imported from the
 * runtime `source` (the code before minifying) imports, so that TypeScript callers see precise types.
 */
export function typedValidatorExports(code: string, source: string): string {
  const exported = /export\{([^}]*)\};?\s*$/.exec(code);
  // From the source: the minifier drops the runtime import when the code uses none of it.
  const runtime = /from '([^']+\/validate-runtime\.js)'/.exec(source);
  if (!exported || !runtime) throw new Error('cloudfn: a validator module without its exports or its runtime import');
  const names = exported[1]!.split(',').map((part) => {
    const [local, name = local] = part.split(' as ') as [string, string?];
    return `${name}: ${name === 'validateErrorData' ? 'Readonly<Record<string, Validator>>' : 'Validator'} = ${local}`;
  });
  const head = /^(?:\/\/[^\n]*\n|\/\*[^*\n]*\*\/\n)*/.exec(code)![0];
  const body = code.slice(head.length, exported.index);
  return `${head}import type { Validator } from '${runtime[1]}';\n${body}${body.endsWith('\n') ? '' : '\n'}export const ${names.join(', ')};\n`;
}
