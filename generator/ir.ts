/**
 * The intermediate representation every target reads: plain data, stable
 * order, language-neutral names (targets convert them), no I/O.
 */

export type Scalar = string | number | boolean | null;
export type JsonSchema = Record<string, unknown> | boolean;

/** Documentation carried by any type node. */
export interface Doc {
  description?: string;
  deprecated?: boolean;
  default?: unknown;
}

export type IrType =
  | ({ kind: 'any' } & Doc)
  | ({ kind: 'never' } & Doc)
  | ({ kind: 'null' } & Doc)
  | ({ kind: 'boolean' } & Doc)
  | ({ kind: 'string'; format?: string; minLength?: number; maxLength?: number; pattern?: string } & Doc)
  | ({ kind: 'number'; integer: boolean; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; multipleOf?: number } & Doc)
  | ({ kind: 'literal'; value: Scalar } & Doc)
  | ({ kind: 'enum'; values: Scalar[] } & Doc)
  | ({ kind: 'array'; items: IrType; minItems?: number; maxItems?: number; uniqueItems?: boolean } & Doc)
  | ({ kind: 'tuple'; items: IrType[]; minItems: number; rest: IrType | null } & Doc)
  | IrObject
  | ({ kind: 'union'; variants: IrType[]; exclusive: boolean; discriminator?: string } & Doc)
  | ({ kind: 'intersection'; parts: IrType[] } & Doc)
  | ({ kind: 'ref'; name: string } & Doc);

export type IrObject = {
  kind: 'object';
  properties: IrProperty[];
  /** `closed`: additionalProperties false; `open`: unspecified (extras tolerated, untyped); or the type of extra values. */
  additional: 'closed' | 'open' | IrType;
  minProperties?: number;
  maxProperties?: number;
} & Doc;

export interface IrProperty {
  /** The JSON key, exactly as in the schema. */
  name: string;
  required: boolean;
  type: IrType;
}

/** A schema shared through `$ref`: emitted once, under one name. */
export interface IrDefinition {
  /** PascalCase neutral name, unique in the project (`Address`). */
  name: string;
  type: IrType;
  /** The normalized 2020-12 schema; `$ref`s point to `#/$defs/<name>`. */
  schema: JsonSchema;
  /** Where it was declared, for banners and messages. */
  source: { file: string; pointer: string };
}

/** A schema with both views: the type tree and the normalized JSON Schema. */
export interface IrSchema {
  type: IrType;
  schema: JsonSchema;
  /** Names of the definitions this schema reaches, directly or not, sorted. */
  uses: string[];
}

export interface IrError {
  /** UPPER_SNAKE code as declared. */
  code: string;
  status: number;
  description?: string;
  message?: string;
  data?: IrSchema;
}

export interface IrExample {
  name: string;
  input: unknown;
  output?: unknown;
  /** How the answer is compared with `output`: exactly (default) or as a subset. */
  match?: 'exact' | 'subset';
  error?: { code: string; data?: unknown };
}

export interface IrFunction {
  /** The cloud function's real name (`user-login`). */
  name: string;
  /** Neutral words of the name, for targets to join in their own case (`["user", "login"]`). */
  words: string[];
  description?: string;
  httpPath: string;
  timeoutSeconds: number;
  idempotent: boolean;
  /** Signed requests over the HTTP trigger (HMAC-SHA256 of timestamp, nonce and body). */
  signing?: 'hmac-sha256';
  /** The language of the function's own code: `nodejs` (TypeScript handler) or `php` (`main_handler`). */
  runtime: 'nodejs' | 'php';
  input: IrSchema;
  output: IrSchema;
  /** Sorted by code. */
  errors: IrError[];
  examples: IrExample[];
  /** Project-relative path of the contract file. */
  source: string;
}

export interface Ir {
  /** Sorted by name. */
  functions: IrFunction[];
  /** Sorted by name. */
  definitions: IrDefinition[];
}

/** The definitions a function's schemas reach: with the function itself, everything emitted for it depends on. */
export function usedDefinitions(ir: Ir, fn: IrFunction): IrDefinition[] {
  const names = new Set([fn.input, fn.output, ...fn.errors.flatMap((e) => (e.data ? [e.data] : []))].flatMap((p) => p.uses));
  return ir.definitions.filter((d) => names.has(d.name));
}
