// Build step: the contract meta-schema's validator as ajv standalone code, next to the compiled
// validate stage, so `gen` and `check` do not compile the meta-schema on every run. The validate
// stage compiles it itself when this file is missing (running from the TypeScript sources).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { validationMetaSchema } = await import('../dist/generator/stages/meta-schema.js');
const schema = validationMetaSchema(root);
// The same options as generator/stages/validate.ts, plus the code needed for standalone output.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, keywords: ['x-fix'], code: { source: true } });
const code = standaloneCode.default(ajv, ajv.compile(schema));
writeFileSync(path.join(root, 'dist/generator/stages/envelope-validator.cjs'), `// Built by scripts/build-envelope.mjs from schemas/function.schema.json.\n${code}`);
