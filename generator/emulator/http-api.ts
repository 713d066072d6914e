/**
 * The CloudBase HTTP API's function path, `POST /v1/functions/{name}`: the
 * documented server-to-server way in. A Bearer token (an API key from the
 * console) is checked, the JSON object body reaches the function as the flat
 * event, and the answer is the function's value (JSON, or text/plain for a
 * string) or the platform's `{ code, message, requestId }` error body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { secretMatches } from '../../templates/node-handler/request-checks.js';
import { readBody, sendJson } from './http-io.js';
import { callEnvironment, functionContext, MEMORY_LIMIT_MB, type EmulatedFunction } from './types.js';

export const API_PREFIX = '/v1/functions/';

/** The documented pattern of a function name in the path. */
const FUNCTION_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,58}[a-zA-Z0-9]$/;

export interface HttpApiConfig {
  envId: string;
  /** Bearer tokens the API accepts (the console's API keys). None configured: every call is refused. */
  apiKeys: readonly string[];
}

/** The Bearer token of an `Authorization` header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers['authorization'];
  const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

/** True when `token` is one of `keys`; every key is compared in constant time, whatever matches. */
export function tokenAccepted(token: string, keys: readonly string[]): boolean {
  let ok = false;
  for (const key of keys) ok = secretMatches(token, key) || ok;
  return ok;
}

/**
 * Handles one `/v1/functions/…` request. Statuses other than 400 are not documented; the emulator
 * answers (**emulate**) 401 MISSING_CREDENTIALS / INVALID_CREDENTIALS, 404 FUNCTION_NOT_FOUND and
 * FUNCTION_QUALIFIER_NOT_FOUND, 502 FUNCTION_INVOCATION_FAILED, 504 FUNCTION_TIME_LIMIT_EXCEEDED.
 */
export async function handleHttpApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  config: HttpApiConfig,
  functions: ReadonlyMap<string, EmulatedFunction>,
): Promise<{ status: number; fn?: string; reason?: string }> {
  const fail = (status: number, code: string, message: string, fn?: string, reason?: string) => {
    req.resume();
    sendJson(res, status, { code, message, requestId }, { 'x-request-id': requestId });
    return { status, ...(fn ? { fn } : {}), ...(reason ? { reason } : {}) };
  };
  const token = bearerToken(req);
  if (token === undefined) return fail(401, 'MISSING_CREDENTIALS', 'the request has no Authorization: Bearer <token> header');
  if (!tokenAccepted(token, config.apiKeys)) {
    const none = config.apiKeys.length === 0 ? ' (no API key is configured in this emulator: set serve.apiKeys)' : '';
    return fail(401, 'INVALID_CREDENTIALS', `the Bearer token is not a valid API key or access token${none}`);
  }
  let name: string;
  try {
    name = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
  } catch {
    name = '';
  }
  if (req.method !== 'POST') return fail(405, 'INVALID_REQUEST', `use POST to invoke a function, not ${req.method ?? 'no method'}`, name || undefined);
  const fn = FUNCTION_NAME.test(name) ? functions.get(name) : undefined;
  if (!fn) return fail(404, 'FUNCTION_NOT_FOUND', `function ${JSON.stringify(name)} was not found in env ${config.envId}`);
  const qualifier = req.headers['x-qualifier'];
  if (typeof qualifier === 'string' && qualifier !== '' && qualifier !== '$LATEST') {
    return fail(404, 'FUNCTION_QUALIFIER_NOT_FOUND', `version ${JSON.stringify(qualifier)} of ${name} was not found (the emulator serves $LATEST)`, name);
  }
  if (url.searchParams.get('webfn') === 'true' || req.headers['x-tcb-webfn'] === 'true') {
    return fail(400, 'FUNCTION_PARAM_INVALID', `${name} is an event function, not an HTTP (web) function: drop webfn=true`, name);
  }
  const raw = await readBody(req);
  if (!raw) return fail(413, 'FUNCTION_PARAM_INVALID', 'the request is larger than 6 MB', name);
  let event: unknown;
  try {
    event = JSON.parse(raw.toString('utf8'));
  } catch {
    event = undefined;
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return fail(400, 'FUNCTION_PARAM_INVALID', 'bad http request body: the body must be a JSON object', name);
  const timeoutMs = fn.timeoutSeconds * 1000;
  const outcome = await fn.host.invoke(event, functionContext(requestId, name, config.envId, timeoutMs), timeoutMs, callEnvironment(config.envId, requestId, {}));
  switch (outcome.kind) {
    case 'timeout':
      return fail(504, 'FUNCTION_TIME_LIMIT_EXCEEDED', `${name} ran longer than its ${fn.timeoutSeconds} s timeout`, name, `cut off after ${fn.timeoutSeconds} s`);
    case 'memory':
      return fail(502, 'FUNCTION_MEMORY_LIMIT_EXCEEDED', `${name} used more than its ${MEMORY_LIMIT_MB} MB of memory`, name, `ran out of its ${MEMORY_LIMIT_MB} MB of memory`);
    case 'threw':
    case 'crashed':
      return fail(502, 'FUNCTION_INVOCATION_FAILED', `${name} failed while handling the request`, name, `${outcome.kind}: ${outcome.message}`);
    case 'unserializable':
      return fail(502, 'FUNCTION_INVOCATION_FAILED', `${name} returned a value that cannot be serialized`, name, `returned a value JSON cannot hold: ${outcome.message}`);
    case 'ok': {
      if (typeof outcome.value === 'string') {
        const body = Buffer.from(outcome.value, 'utf8');
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), 'x-request-id': requestId });
        res.end(body);
      } else {
        sendJson(res, 200, outcome.value ?? null, { 'x-request-id': requestId });
      }
      return { status: 200, fn: name };
    }
  }
}
