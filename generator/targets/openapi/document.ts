/**
 * An OpenAPI 3.1 document of the project's functions: over the HTTP trigger (one POST per
 * `http.path`, the service key as an apiKey scheme, the handler's and the gateway's answers), or
 * over the CloudBase HTTP API (`POST /v1/functions/{name}`, bearer, the platform's error body).
 * Schemas are the contracts' own (JSON Schema 2020-12, which OpenAPI 3.1 uses as is); shared
 * definitions become `components/schemas`, once each. Pure and deterministic.
 */
import type { Ir, IrError, IrFunction, JsonSchema } from '../../ir.js';
import { camelCase } from '../../util/naming.js';
import { tsTypeNames } from '../ts-types/emit.js';

export type OpenApiTransport = 'http' | 'api';

export interface OpenApiOptions {
  transport: OpenApiTransport;
  title: string;
  version: string;
  /** The first member of the document: how cloudfn recognizes its own file. */
  generatedBy: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema with `#/$defs/Name` references pointed at `#/components/schemas/Name`. */
function componentRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(componentRefs);
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema' || k === '$id') continue;
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace(/^#\/\$defs\//, '#/components/schemas/');
    else if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') out[k] = v;
    else if (k === 'properties' || k === '$defs' || k === 'patternProperties' || k === 'dependentSchemas') out[k] = isObj(v) ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, componentRefs(s)])) : v;
    else out[k] = componentRefs(v);
  }
  return out;
}

const ref = (name: string): Obj => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown): Obj => ({ 'application/json': { schema } });
const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };

/** First sentence of a description, as an operation summary. */
function summaryOf(fn: IrFunction): string {
  const text = (fn.description ?? fn.name).split('\n')[0]!.trim();
  const stop = text.search(/(?<=[.!?。！？])\s|(?<=[。！？])/);
  return stop > 0 ? text.slice(0, stop).trim() : text;
}

/** The handler's body for one declared error. */
function declaredErrorBody(e: IrError): Obj {
  const error: Obj = {
    type: 'object',
    required: ['code'],
    properties: {
      code: { const: e.code },
      message: { type: 'string' },
      ...(e.data ? { data: componentRefs(e.data.schema) } : {}),
    },
  };
  if (e.description) error['description'] = e.description;
  return { type: 'object', required: ['error'], properties: { error } };
}

/** What the generated handler answers for a declared error, or one of several sharing a status. */
function declaredResponse(errors: readonly IrError[], transportNote: string): Obj {
  const bodies = errors.map(declaredErrorBody);
  return {
    description: `${errors.map((e) => `${e.code}${e.description ? `: ${e.description}` : ''}`).join('; ')}${transportNote}`,
    headers: requestIdHeader,
    content: json(bodies.length === 1 ? bodies[0] : { oneOf: bodies }),
  };
}

const HANDLER_STATUSES: Record<string, string> = {
  '400': 'The input does not match the contract (INVALID_INPUT, with the JSON pointer of each issue), the body is not JSON (INVALID_JSON) or not an object (BAD_REQUEST).',
  '401': 'Missing or wrong X-WX-SERVICE-KEY (UNAUTHORIZED).',
  '403': 'The caller IP is not on the allowlist (IP_NOT_ALLOWED).',
  '413': 'The body is larger than the limit, 6 MB by default (PAYLOAD_TOO_LARGE).',
  '415': 'The Content-Type is not application/json (UNSUPPORTED_MEDIA_TYPE).',
  '500': 'The function failed (INTERNAL, with an id to find in its logs), or its service key is not configured (SERVICE_KEY_NOT_CONFIGURED).',
};

/** The names of the document's own schemas: the handler's and the platform's error bodies. */
interface Own {
  handlerError: string;
  platformError: string;
}

/** `wanted`, or the first of Cloudfn`wanted`, Cloudfn`wanted`2, … that no contract's schema is named. */
function freeName(taken: Obj, wanted: string): string {
  if (!(wanted in taken)) return wanted;
  let name = `Cloudfn${wanted}`;
  for (let i = 2; name in taken; i++) name = `Cloudfn${wanted}${i}`;
  return name;
}

function httpOperation(fn: IrFunction, schemaNames: Own): Obj {
  const names = tsTypeNames(fn);
  const responses: Obj = {
    '200': { description: 'The output.', headers: requestIdHeader, content: json(ref(names.output)) },
  };
  const byStatus = new Map<number, IrError[]>();
  for (const e of fn.errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  const own: Record<string, Obj> = {
    '400': { $ref: '#/components/responses/InvalidRequest' },
    '401': { $ref: '#/components/responses/Unauthorized' },
    '403': { $ref: '#/components/responses/IpNotAllowed' },
    '413': { $ref: '#/components/responses/PayloadTooLarge' },
    '415': { $ref: '#/components/responses/UnsupportedMediaType' },
    '500': { $ref: '#/components/responses/FunctionFailed' },
    '502': { $ref: '#/components/responses/GatewayFailure' },
  };
  const statuses = [...new Set([...Object.keys(own), ...[...byStatus.keys()].map(String)])].sort();
  for (const status of statuses) {
    const declared = byStatus.get(Number(status));
    if (!declared) {
      responses[status] = own[status];
      continue;
    }
    const body = declaredResponse(declared, '');
    if (own[status]) {
      // The handler's own answer can share a declared error's status: either body.
      const handler = status === '502' ? ref(schemaNames.platformError) : ref(schemaNames.handlerError);
      const content = body['content'] as Obj;
      const schema = (content['application/json'] as Obj)['schema'] as Obj;
      responses[status] = { ...body, description: `${body['description'] as string}; or ${HANDLER_STATUSES[status] ?? 'the gateway failed.'}`, content: json({ oneOf: [schema, handler] }) };
    } else responses[status] = body;
  }
  return {
    operationId: camelCase(fn.name),
    summary: summaryOf(fn),
    ...(fn.description ? { description: fn.description } : {}),
    'x-cloudfn': { name: fn.name, timeoutSeconds: fn.timeoutSeconds, idempotent: fn.idempotent, runtime: fn.runtime },
    requestBody: { required: true, content: json(ref(names.input)) },
    responses,
  };
}

function apiOperation(fn: IrFunction, own: Own): Obj {
  const names = tsTypeNames(fn);
  const errorBodies = fn.errors.map(declaredErrorBody);
  // Over the HTTP API a handler's refusal is the function's value: a 200 with its error body.
  const ok = { anyOf: [ref(names.output), ...errorBodies, ref(own.handlerError)] };
  return {
    operationId: camelCase(fn.name),
    summary: summaryOf(fn),
    ...(fn.description ? { description: fn.description } : {}),
    'x-cloudfn': { name: fn.name, timeoutSeconds: fn.timeoutSeconds, idempotent: fn.idempotent, runtime: fn.runtime },
    parameters: [{ $ref: '#/components/parameters/Qualifier' }],
    requestBody: { required: true, content: json(ref(names.input)) },
    responses: {
      '200': {
        description: `The output; or, as the function's value, the handler's error body: a declared error${fn.errors.length ? ` (${fn.errors.map((e) => e.code).join(', ')})` : ''}, or INVALID_INPUT.`,
        headers: requestIdHeader,
        content: json(ok),
      },
      '400': { $ref: '#/components/responses/ParamInvalid' },
      '401': { $ref: '#/components/responses/MissingCredentials' },
      '404': { $ref: '#/components/responses/FunctionNotFound' },
      '502': { $ref: '#/components/responses/InvocationFailed' },
      '504': { $ref: '#/components/responses/TimeLimitExceeded' },
    },
  };
}

const PLATFORM_ERROR: Obj = {
  type: 'object',
  description: "The platform's error body.",
  required: ['code', 'message', 'requestId'],
  properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } },
};

const HANDLER_ERROR: Obj = {
  type: 'object',
  description: "The generated handler's own error body.",
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: {
          type: 'array',
          description: 'INVALID_INPUT: each problem, at the JSON pointer of the offending value.',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
        id: { type: 'string', description: "INTERNAL: the id to look for in the function's logs." },
      },
    },
  },
};

export function openApiDocument(ir: Ir, options: OpenApiOptions): Obj {
  const schemas: Obj = {};
  for (const d of ir.definitions) schemas[d.name] = componentRefs(d.schema);
  for (const fn of ir.functions) {
    const names = tsTypeNames(fn);
    schemas[names.input] = componentRefs(fn.input.schema as JsonSchema);
    schemas[names.output] = componentRefs(fn.output.schema as JsonSchema);
  }
  // A contract's definition may have one of these names: the document's own give way.
  const own: Own = { handlerError: freeName(schemas, 'HandlerError'), platformError: freeName(schemas, 'PlatformError') };
  schemas[own.handlerError] = HANDLER_ERROR;
  schemas[own.platformError] = PLATFORM_ERROR;
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
  const platformResponse = (description: string): Obj => ({ description, headers: requestIdHeader, content: json(ref(own.platformError)) });
  const handlerResponse = (status: string): Obj => ({ description: HANDLER_STATUSES[status]!, headers: requestIdHeader, content: json(ref(own.handlerError)) });
  const http = options.transport === 'http';
  const paths: Obj = {};
  for (const fn of ir.functions) {
    if (http) paths[fn.httpPath] = { post: httpOperation(fn, own) };
    else paths[`/v1/functions/${fn.name}`] = { post: apiOperation(fn, own) };
  }
  return {
    'x-generated': options.generatedBy,
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: options.version,
      description: http
        ? 'Cloud functions over their HTTP trigger (the CloudBase HTTP access service).'
        : 'Cloud functions over the CloudBase HTTP API (POST /v1/functions/{name}), the documented server-to-server way.',
    },
    servers: [
      http
        ? { url: 'https://{envId}.service.tcloudbase.com', variables: { envId: { default: 'your-env-id', description: 'The CloudBase environment id (or use your own domain).' } } }
        : { url: 'https://{envId}.api.tcloudbasegateway.com', variables: { envId: { default: 'your-env-id', description: 'The CloudBase environment id.' } } },
    ],
    security: [http ? { serviceKey: [] } : { bearer: [] }],
    paths,
    components: {
      schemas: sorted,
      headers: { RequestId: { description: 'The request id, to find the call in the logs.', schema: { type: 'string' } } },
      ...(http
        ? {}
        : { parameters: { Qualifier: { name: 'X-Qualifier', in: 'header', required: false, description: 'The function version to call; default the released one.', schema: { type: 'string' } } } }),
      responses: http
        ? {
            InvalidRequest: handlerResponse('400'),
            Unauthorized: { description: HANDLER_STATUSES['401'], headers: requestIdHeader, content: json({ oneOf: [ref(own.handlerError), ref(own.platformError)] }) },
            IpNotAllowed: { description: HANDLER_STATUSES['403'], headers: requestIdHeader, content: json({ oneOf: [ref(own.handlerError), ref(own.platformError)] }) },
            PayloadTooLarge: handlerResponse('413'),
            UnsupportedMediaType: handlerResponse('415'),
            FunctionFailed: handlerResponse('500'),
            GatewayFailure: platformResponse('The function is not published, crashed or timed out (FUNCTION_INVOCATION_FAILED, FUNCTION_TIME_LIMIT_EXCEEDED).'),
          }
        : {
            ParamInvalid: platformResponse('FUNCTION_PARAM_INVALID: the body is not a JSON object.'),
            MissingCredentials: platformResponse('MISSING_CREDENTIALS or INVALID_CREDENTIALS: send Authorization: Bearer <API key>.'),
            FunctionNotFound: platformResponse('FUNCTION_NOT_FOUND, or FUNCTION_QUALIFIER_NOT_FOUND for an unknown X-Qualifier.'),
            InvocationFailed: platformResponse('FUNCTION_INVOCATION_FAILED: the function threw or crashed.'),
            TimeLimitExceeded: platformResponse('FUNCTION_TIME_LIMIT_EXCEEDED: the function ran past its timeout.'),
          },
      securitySchemes: http
        ? { serviceKey: { type: 'apiKey', in: 'header', name: 'X-WX-SERVICE-KEY', description: "The service key from the HTTP access service's security settings." } }
        : { bearer: { type: 'http', scheme: 'bearer', description: "An API key from the console's API Key page, or a user access token." } },
    },
  };
}
