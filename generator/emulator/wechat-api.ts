/**
 * The WeChat server API's cloud-call path: `cgi-bin/token`, `cgi-bin/stable_token`
 * and `tcb/invokecloudfunction`, with the platform's errcodes and token rules
 * (a new `cgi-bin/token` leaves the previous token valid for 5 more minutes).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { secretMatches } from '../../templates/node-handler/request-checks.js';
import { readBody, sendJson } from './http-io.js';
import { callEnvironment, functionContext, type EmulatedFunction } from './types.js';
import { ERRCODE } from './wechat-errcodes.js';

/** The platform's time limit for a function called through the invoke API. */
export const INVOKE_TIMEOUT_SECONDS = 5;
const OVERLAP_MS = 5 * 60 * 1000;

export interface WeChatConfig {
  appId: string;
  appSecret: string;
  envId: string;
  tokenTtlSeconds: number;
}

export class TokenStore {
  private readonly expiry = new Map<string, number>();
  /** Tokens cut short by a newer cgi-bin/token call (their end is the overlap's, not their TTL's). */
  private readonly superseded = new Set<string>();
  private current: string | undefined;
  /** How many tokens were handed out (cgi-bin/token and stable_token refreshes). */
  issued = 0;
  /** How many token requests arrived, successful or not. */
  requests = 0;

  constructor(private readonly ttlSeconds: number) {}

  issue(): { token: string; expiresIn: number } {
    const now = Date.now();
    if (this.current) {
      const at = this.expiry.get(this.current) ?? now;
      if (at > now) {
        this.expiry.set(this.current, Math.min(at, now + OVERLAP_MS));
        this.superseded.add(this.current);
      }
    }
    const token = randomBytes(24).toString('base64url');
    this.expiry.set(token, now + this.ttlSeconds * 1000);
    this.current = token;
    this.issued++;
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The current token while valid (stable_token), else a new one. */
  stable(force: boolean): { token: string; expiresIn: number } {
    const at = this.current ? this.expiry.get(this.current) : undefined;
    if (!force && this.current && at && at > Date.now()) return { token: this.current, expiresIn: Math.floor((at - Date.now()) / 1000) };
    return this.issue();
  }

  check(token: string): 'valid' | 'expired' | 'superseded' | 'unknown' {
    const at = this.expiry.get(token);
    if (at === undefined) return 'unknown';
    if (at > Date.now()) return 'valid';
    return this.superseded.has(token) ? 'superseded' : 'expired';
  }

  /** Expires every token now, so clients' refresh paths can be tested. */
  expireAll(): void {
    for (const token of this.expiry.keys()) this.expiry.set(token, 0);
    this.superseded.clear();
  }
}

const err = (errcode: number, errmsg: string) => ({ errcode, errmsg });

function credentialError(config: WeChatConfig, appid: unknown, secret: unknown): { errcode: number; errmsg: string } | undefined {
  if (typeof appid !== 'string' || appid !== config.appId) return err(ERRCODE.INVALID_APPID, 'invalid appid');
  // An AppSecret that is not configured (empty) matches nothing: fail closed.
  if (typeof secret !== 'string' || config.appSecret === '' || !secretMatches(secret, config.appSecret)) return err(ERRCODE.INVALID_CREDENTIAL, 'invalid credential, access_token is invalid or not latest');
  return undefined;
}

export async function handleWeChat(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  config: WeChatConfig,
  tokens: TokenStore,
  functions: ReadonlyMap<string, EmulatedFunction>,
): Promise<{ status: number; fn?: string; errcode: number }> {
  const reply = (body: { errcode?: number } & Record<string, unknown>, fn?: string) => {
    sendJson(res, 200, body, { 'x-request-id': requestId });
    return { status: 200, errcode: body.errcode ?? 0, ...(fn ? { fn } : {}) };
  };
  const q = url.searchParams;
  if (url.pathname === '/cgi-bin/token') {
    req.resume();
    tokens.requests++;
    if (q.get('grant_type') !== 'client_credential') return reply(err(ERRCODE.INVALID_GRANT_TYPE, 'invalid grant_type'));
    const bad = credentialError(config, q.get('appid'), q.get('secret'));
    if (bad) return reply(bad);
    const { token, expiresIn } = tokens.issue();
    return reply({ access_token: token, expires_in: expiresIn });
  }
  if (url.pathname === '/cgi-bin/stable_token') {
    tokens.requests++;
    if (req.method !== 'POST') return (req.resume(), reply(err(ERRCODE.WRONG_METHOD, 'require POST method')));
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw?.toString('utf8') || 'null') as Record<string, unknown>;
      if (!body || typeof body !== 'object') throw new Error('not an object');
    } catch {
      return reply(err(ERRCODE.BAD_JSON, 'data format error'));
    }
    if (body['grant_type'] !== 'client_credential') return reply(err(ERRCODE.INVALID_GRANT_TYPE, 'invalid grant_type'));
    const bad = credentialError(config, body['appid'], body['secret']);
    if (bad) return reply(bad);
    const { token, expiresIn } = tokens.stable(body['force_refresh'] === true);
    return reply({ access_token: token, expires_in: expiresIn });
  }
  // /tcb/invokecloudfunction
  if (req.method !== 'POST') return (req.resume(), reply(err(ERRCODE.WRONG_METHOD, 'require POST method')));
  const token = q.get('access_token');
  if (!token) return (req.resume(), reply(err(ERRCODE.TOKEN_MISSING, 'access_token missing')));
  const state = tokens.check(token);
  if (state === 'unknown') return (req.resume(), reply(err(ERRCODE.INVALID_TOKEN, 'invalid access_token')));
  if (state === 'expired') return (req.resume(), reply(err(ERRCODE.TOKEN_EXPIRED, 'access_token expired')));
  // emulate (community-reported; the documentation only states the 5-minute overlap).
  if (state === 'superseded') return (req.resume(), reply(err(ERRCODE.INVALID_CREDENTIAL, 'invalid credential, access_token is invalid or not latest')));
  const env = q.get('env');
  const name = q.get('name');
  if (!env || !name) return (req.resume(), reply(err(ERRCODE.MISSING_PARAMETER, `missing parameter ${!env ? 'env' : 'name'}`)));
  if (env !== config.envId) return (req.resume(), reply(err(ERRCODE.NOT_FOUND, `env ${env} not found`)));
  const fn = functions.get(name);
  if (!fn) return (req.resume(), reply(err(ERRCODE.NOT_FOUND, `function ${name} not found in env ${env}`)));
  const raw = await readBody(req);
  if (!raw || raw.length === 0) return reply(err(ERRCODE.EMPTY_BODY, 'empty post data'), name);
  let event: unknown;
  try {
    event = JSON.parse(raw.toString('utf8'));
  } catch {
    return reply(err(ERRCODE.BAD_JSON, 'data format error: the body must be the function event as JSON'), name);
  }
  // As in the platform's invokeCloudFunction sample: the function sees who called, `userInfo.appId`
  // (set by the platform, whatever the body says).
  if (event !== null && typeof event === 'object' && !Array.isArray(event)) event = { ...(event as Record<string, unknown>), userInfo: { appId: config.appId } };
  const timeout = Math.min(fn.timeoutSeconds, INVOKE_TIMEOUT_SECONDS) * 1000;
  // getWXContext() in the function returns the APPID (and source wx_http), as on the platform.
  const outcome = await fn.host.invoke(event, functionContext(requestId, name, env, timeout), timeout, callEnvironment(env, requestId, { WX_APPID: config.appId }, 'wx_http'));
  if (outcome.kind === 'timeout') return reply(err(ERRCODE.FUNCTION_TIMEOUT, `function ${name} timed out`), name);
  if (outcome.kind !== 'ok') return reply(err(ERRCODE.FUNCTION_FAILED, `function ${name} execution failed`), name);
  let respData: string;
  try {
    respData = JSON.stringify(outcome.value ?? null);
  } catch {
    return reply(err(ERRCODE.FUNCTION_FAILED, `function ${name} returned a value that cannot be serialized`), name);
  }
  return reply({ errcode: 0, errmsg: 'ok', resp_data: respData }, name);
}
