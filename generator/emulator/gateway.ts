/**
 * The HTTP trigger (HTTP access service): routes `<http.path>` to a function,
 * builds the integration request the platform builds, and turns the
 * function's answer into an HTTP response the way the platform does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { ipAllowed, type AllowList } from '../../templates/node-handler/ip-allow.js';
import { secretMatches } from '../../templates/node-handler/request-checks.js';
import type { Outcome } from './function-host.js';
import { bearerToken, tokenAccepted } from './http-api.js';
import { callerIp, readBody, sendJson } from './http-io.js';
import { callEnvironment, CLOUD_APPID, CLOUD_UIN, functionContext, MEMORY_LIMIT_MB, type EmulatedFunction } from './types.js';

/**
 * Who the gateway lets through to a trigger path. `service-key`: the `X-WX-SERVICE-KEY` header
 * (the seed's check; not in the platform's documentation). `bearer`: the access service's documented
 * identity authentication, `Authorization: Bearer <token>` (or `x-cloudbase-credentials`) against
 * the API keys. `none`: the platform's default. The generated handler checks the service key
 * itself in every mode.
 */
export type GatewayAuth = 'service-key' | 'bearer' | 'none';

export interface GatewayConfig {
  envId: string;
  appId: string;
  serviceKey: string | undefined;
  allowIps: AllowList | undefined;
  /** Default `service-key`; a function's own setting wins. */
  auth?: GatewayAuth;
  /** Tokens `bearer` accepts. */
  apiKeys?: readonly string[];
  /** Origins (or `*`) whose cross-origin requests are answered, preflight included, as for domains on the security list. */
  corsOrigins?: readonly string[];
  /** Take the caller IP from the first `X-Forwarded-For` hop (the emulator behind a proxy of your own). */
  trustForwardedFor?: boolean;
}

const TEXT_TYPES = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript|x-www-form-urlencoded))/i;

/** Builds the event the HTTP trigger hands to a function. */
export function integrationRequest(req: IncomingMessage, url: URL, body: Buffer, requestId: string, config: GatewayConfig, sourceIp: string): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const text = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  return {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: { requestId, envId: config.envId, appId: CLOUD_APPID, uin: CLOUD_UIN, sourceIp },
    body: text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
  };
}

/** The first `X-Forwarded-For` hop when it is an IP, else '' (fails any allowlist); the socket's address without the header. */
function forwardedIp(req: IncomingMessage): string {
  const header = req.headers['x-forwarded-for'];
  if (header === undefined) return callerIp(req);
  const first = String(header).split(',')[0]!.trim();
  return isIP(first) ? first : '';
}

function withCharset(type: string): string {
  return /^text\/|json|xml|javascript/i.test(type) && !/charset=/i.test(type) ? `${type}; charset=utf-8` : type;
}

/** The platform's mapping of a return value to an HTTP response; undefined when it is not serializable. */
export function httpResponseOf(value: unknown): { status: number; headers: Record<string, string | string[]>; body: Buffer } | undefined {
  const v = value as Record<string, unknown> | null;
  if (v && typeof v === 'object' && typeof v['statusCode'] === 'number' && typeof v['body'] === 'string') {
    const status = v['statusCode'];
    if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
    // `headers` values, arrays among them, and `multiValueHeaders` (where serverless-http puts
    // Set-Cookie) become repeated headers; a name in both takes the multi-value list.
    const headers: Record<string, string | string[]> = {};
    const given = v['headers'] && typeof v['headers'] === 'object' ? (v['headers'] as Record<string, unknown>) : {};
    for (const [k, h] of Object.entries(given)) headers[k.toLowerCase()] = Array.isArray(h) ? h.map(String) : String(h);
    const multi = v['multiValueHeaders'] && typeof v['multiValueHeaders'] === 'object' ? (v['multiValueHeaders'] as Record<string, unknown>) : {};
    for (const [k, h] of Object.entries(multi)) if (Array.isArray(h)) headers[k.toLowerCase()] = h.map(String);
    const type = headers['content-type'];
    headers['content-type'] = withCharset((Array.isArray(type) ? type[0] : type) ?? 'application/json');
    const body = v['isBase64Encoded'] === true ? Buffer.from(v['body'], 'base64') : Buffer.from(v['body'], 'utf8');
    return { status, headers, body };
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(String(value)) };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value ?? null);
  } catch {
    return undefined;
  }
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(text ?? 'null') };
}

function failure(res: ServerResponse, status: number, code: string, message: string, requestId: string): number {
  sendJson(res, status, { code, message, requestId }, { 'x-request-id': requestId });
  return status;
}

/**
 * The function whose enabled trigger path is the longest prefix of `pathname`, whole segments at a
 * time, as the platform routes (a trigger at `/bar` also serves `/bar/xxx`, not `/barn`). The
 * function still receives the full request path as `event.path`.
 */
export function routeFor(routes: ReadonlyMap<string, EmulatedFunction>, pathname: string): EmulatedFunction | undefined {
  let p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (let guard = 0; guard < 1_000; guard++) {
    const fn = routes.get(p);
    if (fn?.httpEnabled) return fn;
    if (p === '/' || p === '') return undefined;
    const cut = p.lastIndexOf('/');
    p = cut <= 0 ? '/' : p.slice(0, cut);
  }
  return undefined;
}

/** Handles one trigger request; returns the status sent and the function's name, for the log. */
export async function handleTrigger(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  config: GatewayConfig,
  routes: ReadonlyMap<string, EmulatedFunction>,
): Promise<{ status: number; fn?: string; reason?: string }> {
  const fn = routeFor(routes, url.pathname);
  if (!fn) {
    req.resume();
    return { status: failure(res, 404, 'INVALID_PATH', `no HTTP trigger is enabled at ${url.pathname}`, requestId) };
  }
  const origin = typeof req.headers['origin'] === 'string' ? req.headers['origin'] : undefined;
  const cors = origin !== undefined && (config.corsOrigins ?? []).some((o) => o === '*' || o === origin) ? origin : undefined;
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    // A CORS preflight is answered by the access service (never passed on, never asked for a key).
    req.resume();
    if (!cors) return { status: failure(res, 403, 'CORS_ORIGIN_NOT_ALLOWED', `${origin ?? 'no origin'} is not on the security list (serve.corsOrigins)`, requestId), fn: fn.name };
    const asked = req.headers['access-control-request-headers'];
    res.writeHead(204, {
      'access-control-allow-origin': cors,
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
      ...(typeof asked === 'string' ? { 'access-control-allow-headers': asked } : {}),
      'access-control-max-age': '86400',
      vary: 'Origin',
      'x-request-id': requestId,
    });
    res.end();
    return { status: 204, fn: fn.name };
  }
  const sourceIp = config.trustForwardedFor ? forwardedIp(req) : callerIp(req);
  if (config.allowIps && !ipAllowed(config.allowIps, sourceIp)) {
    req.resume();
    return { status: failure(res, 403, 'IP_NOT_ALLOWED', `${sourceIp || 'the caller'} is not on the security whitelist`, requestId), fn: fn.name };
  }
  const auth = fn.gatewayAuth ?? config.auth ?? 'service-key';
  if (auth === 'service-key' && config.serviceKey !== undefined) {
    const given = req.headers['x-wx-service-key'];
    if (!secretMatches(typeof given === 'string' ? given : undefined, config.serviceKey)) {
      req.resume();
      return { status: failure(res, 401, 'UNAUTHORIZED', 'missing or wrong X-WX-SERVICE-KEY', requestId), fn: fn.name };
    }
  }
  if (auth === 'bearer') {
    const older = req.headers['x-cloudbase-credentials'];
    const token = bearerToken(req) ?? (typeof older === 'string' && older !== '' ? older : undefined);
    if (token === undefined) {
      req.resume();
      return { status: failure(res, 401, 'MISSING_CREDENTIALS', `identity authentication is on for ${fn.httpPath}: send Authorization: Bearer <token>`, requestId), fn: fn.name };
    }
    if (!tokenAccepted(token, config.apiKeys ?? [])) {
      req.resume();
      return { status: failure(res, 401, 'INVALID_CREDENTIALS', 'the Bearer token is not a valid API key or access token', requestId), fn: fn.name };
    }
  }
  const body = await readBody(req);
  if (!body) return { status: failure(res, 413, 'PAYLOAD_TOO_LARGE', 'the request is larger than 6 MB', requestId), fn: fn.name };
  const event = integrationRequest(req, url, body, requestId, config, sourceIp);
  const context = functionContext(requestId, fn.name, config.envId, fn.timeoutSeconds * 1000);
  const callEnv = callEnvironment(config.envId, requestId, sourceIp ? { WX_CLIENTIP: sourceIp } : {});
  const outcome: Outcome = await fn.host.invoke(event, context, fn.timeoutSeconds * 1000, callEnv);
  switch (outcome.kind) {
    case 'timeout':
      return { status: failure(res, 502, 'FUNCTION_TIME_LIMIT_EXCEEDED', `${fn.name} ran longer than its ${fn.timeoutSeconds} s timeout`, requestId), fn: fn.name, reason: `cut off after ${fn.timeoutSeconds} s` };
    case 'memory':
      return { status: failure(res, 502, 'FUNCTION_MEMORY_LIMIT_EXCEEDED', `${fn.name} used more than its ${MEMORY_LIMIT_MB} MB of memory`, requestId), fn: fn.name, reason: `ran out of its ${MEMORY_LIMIT_MB} MB of memory` };
    case 'threw':
    case 'crashed':
      // The caller learns nothing more; the emulator's console gets the reason, as the platform's logs would.
      return { status: failure(res, 502, 'FUNCTION_INVOCATION_FAILED', `${fn.name} failed while handling the request`, requestId), fn: fn.name, reason: `${outcome.kind === 'crashed' ? 'crashed' : 'threw'}: ${outcome.message}` };
    case 'unserializable':
      return { status: failure(res, 502, 'FUNCTION_INVOCATION_FAILED', `${fn.name} returned a value that cannot be serialized`, requestId), fn: fn.name, reason: `returned a value JSON cannot hold: ${outcome.message}` };
    case 'ok': {
      const response = httpResponseOf(outcome.value);
      if (!response) return { status: failure(res, 502, 'FUNCTION_INVOCATION_FAILED', `${fn.name} returned an invalid integration response`, requestId), fn: fn.name, reason: 'returned an invalid integration response (statusCode must be 100–599, body a string)' };
      const corsHeaders = cors && response.headers['access-control-allow-origin'] === undefined ? { 'access-control-allow-origin': cors, vary: 'Origin' } : {};
      res.writeHead(response.status, { ...response.headers, ...corsHeaders, 'content-length': String(response.body.length), 'x-request-id': requestId });
      res.end(response.body);
      return { status: response.status, fn: fn.name };
    }
  }
}
