/**
 * `startEmulator`: a local CloudBase gateway on 127.0.0.1 serving the HTTP
 * trigger of every function, the CloudBase HTTP API's `/v1/functions/{name}`
 * and the WeChat server API's cloud-call path.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowList } from '../../templates/node-handler/ip-allow.js';
import { resolveConfig, type ResolvedConfig, type ServeConfig } from '../config.js';
import { inProcessHost, workerHost } from './function-host.js';
import { phpHost } from './php-host.js';
import { handleTrigger, type GatewayConfig } from './gateway.js';
import { API_PREFIX, handleHttpApi, type HttpApiConfig } from './http-api.js';
import { CallerGone, sendJson } from './http-io.js';
import { loadProjectFunctions } from './load-project.js';
import type { EmulatedFunction } from './types.js';
import { handleWeChat, TokenStore, type WeChatConfig } from './wechat-api.js';

/** A function given directly, instead of through a project. */
export interface EmulatorFunction {
  name: string;
  /** Default `/<name>`. */
  httpPath?: string;
  /** Default 60. */
  timeoutSeconds?: number;
  /** False switches the HTTP trigger off (404). */
  http?: boolean;
  /** This path's gateway authentication, when it differs from the emulator's `gatewayAuth`. */
  gatewayAuth?: 'service-key' | 'bearer' | 'none';
  /** Called in this process (shares process.env; a timeout answers 502 but cannot stop a busy loop). */
  main?: (event: unknown, context: unknown) => unknown;
  /** A CommonJS module exporting `main`, run in its own worker with `env`; cut off on timeout. */
  file?: string;
  /** The entry of `file` as cloudbaserc.json writes it, `index.main_handler` (or just `main_handler`). Default `main`. */
  handler?: string;
  /** A PHP function folder (index.php with main_handler), run by the local `php` with `env`, one process per call. */
  php?: { dir: string; failure?: { code: string; data?: unknown } };
  env?: Record<string, string>;
}

/**
 * The gateway settings of `ServeConfig` (serviceKey: 401 when missing or wrong; allowIps: 403 for
 * others; appId/appSecret/env/tokenTtlSeconds for the WeChat API), which override the project's
 * `serve` config, plus how to find the functions.
 */
export interface EmulatorOptions extends Omit<ServeConfig, 'functions'> {
  /** A cloudfn project (its cloudfn.config.json is read); or give `functions`. */
  projectDir?: string;
  /** The project's configuration as already resolved (command-line flags included); takes the place of `projectDir`. */
  config?: ResolvedConfig;
  /** Run the deployable `dist/index.js` folders instead of bundling the TypeScript handlers. */
  built?: boolean;
  functions?: EmulatorFunction[];
  /** Default 127.0.0.1. */
  host?: string;
  /** One line per request. */
  log?: (line: string) => void;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`: trigger paths, `/v1/functions/…`, `/cgi-bin/…` and `/tcb/…` live under it. */
  url: string;
  appId: string;
  appSecret: string;
  env: string;
  /** Makes every access_token expire now. Also `POST /__cloudfn/expire-tokens`. */
  expireTokens(): void;
  /** Counters for tests. Also `GET /__cloudfn/stats`. */
  stats(): { tokenRequests: number; tokensIssued: number; requests: number };
  /** Re-reads the project (after an edit) and restarts its functions. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_APP_ID = 'wx00000000cloudfn';
export const DEFAULT_APP_SECRET = 'cloudfn-emulator-app-secret';
export const DEFAULT_ENV = 'cloudfn-local';

function settings(options: EmulatorOptions, serve: ServeConfig) {
  const allow = options.allowIps ?? serve.allowIps;
  return {
    serviceKey: options.serviceKey ?? serve.serviceKey,
    apiKeys: options.apiKeys ?? serve.apiKeys ?? [],
    gatewayAuth: options.gatewayAuth ?? serve.gatewayAuth ?? 'service-key',
    corsOrigins: options.corsOrigins ?? serve.corsOrigins ?? [],
    trustForwardedFor: options.trustForwardedFor ?? serve.trustForwardedFor ?? false,
    allowIps: allow && allow.length ? parseAllowList(allow.join(',')) : undefined,
    appId: options.appId ?? serve.appId ?? DEFAULT_APP_ID,
    appSecret: options.appSecret ?? serve.appSecret ?? DEFAULT_APP_SECRET,
    envId: options.env ?? serve.env ?? DEFAULT_ENV,
    tokenTtlSeconds: options.tokenTtlSeconds ?? serve.tokenTtlSeconds ?? 7200,
  };
}

/** What the emulator's log says of a function that failed with no call waiting (after it answered). */
type Stray = (name: string) => (message: string) => void;

function directFunctions(list: readonly EmulatorFunction[], stray: Stray): EmulatedFunction[] {
  return list.map((f) => {
    if ([f.main, f.file, f.php].filter((x) => x !== undefined).length !== 1) throw new Error(`emulator function ${f.name}: give exactly one of main, file or php`);
    return {
      name: f.name,
      httpPath: f.httpPath ?? `/${f.name}`,
      httpEnabled: f.http !== false,
      timeoutSeconds: f.timeoutSeconds ?? 60,
      ...(f.gatewayAuth ? { gatewayAuth: f.gatewayAuth } : {}),
      host: f.main ? inProcessHost(f.main) : f.php ? phpHost({ ...f.php, env: f.env ?? {} }) : workerHost(f.file!, f.env ?? {}, f.handler?.split('.').pop() || 'main', stray(f.name)),
    };
  });
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const config: ResolvedConfig | undefined = options.config ?? (options.projectDir ? resolveConfig({}, options.projectDir) : undefined);
  const s = settings(options, config?.serve ?? {});
  const gateway: GatewayConfig = {
    envId: s.envId,
    appId: s.appId,
    serviceKey: s.serviceKey,
    allowIps: s.allowIps,
    auth: s.gatewayAuth,
    apiKeys: s.apiKeys,
    corsOrigins: s.corsOrigins,
    trustForwardedFor: s.trustForwardedFor,
  };
  const api: HttpApiConfig = { envId: s.envId, apiKeys: s.apiKeys };
  const wechat: WeChatConfig = { appId: s.appId, appSecret: s.appSecret, envId: s.envId, tokenTtlSeconds: s.tokenTtlSeconds };
  const tokens = new TokenStore(s.tokenTtlSeconds);
  let requests = 0;

  const stray: Stray = (name) => (message) => options.log?.(`  ${name} failed after it answered: ${message} (its instance is replaced, as on the platform)`);
  let loaded: { functions: EmulatedFunction[]; dispose(): void };
  const load = async (): Promise<typeof loaded> =>
    config
      ? loadProjectFunctions(config, options.built === true, stray)
      : { functions: directFunctions(options.functions ?? [], stray), dispose: () => {} };
  loaded = await load();
  let byPath = new Map<string, EmulatedFunction>();
  let byName = new Map<string, EmulatedFunction>();
  const index = (): void => {
    byPath = new Map(loaded.functions.map((f) => [f.httpPath, f]));
    byName = new Map(loaded.functions.map((f) => [f.name, f]));
  };
  index();

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const start = performance.now();
    const requestId = randomBytes(16).toString('hex');
    requests++;
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    let outcome: { status: number; fn?: string; errcode?: number; reason?: string };
    try {
      if (url.pathname === '/cgi-bin/token' || url.pathname === '/cgi-bin/stable_token' || url.pathname === '/tcb/invokecloudfunction') {
        outcome = await handleWeChat(req, res, url, requestId, wechat, tokens, byName);
      } else if (url.pathname.startsWith(API_PREFIX)) {
        outcome = await handleHttpApi(req, res, url, requestId, api, byName);
      } else if (url.pathname === '/__cloudfn/expire-tokens' && req.method === 'POST') {
        req.resume();
        tokens.expireAll();
        sendJson(res, 200, { expired: true }, { 'x-request-id': requestId });
        outcome = { status: 200 };
      } else if (url.pathname === '/__cloudfn/stats') {
        req.resume();
        sendJson(res, 200, { tokenRequests: tokens.requests, tokensIssued: tokens.issued, requests }, { 'x-request-id': requestId });
        outcome = { status: 200 };
      } else {
        outcome = await handleTrigger(req, res, url, requestId, gateway, byPath);
      }
    } catch (e) {
      if (e instanceof CallerGone) {
        // nginx's 499: no answer was sent, as there was no one to send it to.
        res.destroy();
        outcome = { status: 499, reason: e.message };
      } else {
        if (!res.headersSent) sendJson(res, 500, { code: 'EMULATOR_ERROR', message: 'the emulator failed; see its log', requestId }, { 'x-request-id': requestId });
        else res.destroy();
        outcome = { status: 500 };
        options.log?.(`emulator error ${requestId}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    const errcode = outcome.errcode ? ` errcode=${outcome.errcode}` : '';
    options.log?.(`${req.method} ${url.pathname} ${outcome.fn ?? '-'} ${outcome.status}${errcode} ${(performance.now() - start).toFixed(1)}ms ${requestId}`);
    if (outcome.reason) options.log?.(`  ${requestId} ${outcome.fn ?? '-'} ${outcome.reason}`);
  };

  const server = createServer((req, res) => void route(req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Default 0 (any free port) in code; the CLI passes serve.port from the config.
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const stopFunctions = async (): Promise<void> => {
    await Promise.all(loaded.functions.map((f) => f.host.close()));
    loaded.dispose();
  };

  return {
    url: `http://${host}:${address.port}`,
    appId: s.appId,
    appSecret: s.appSecret,
    env: s.envId,
    expireTokens: () => tokens.expireAll(),
    stats: () => ({ tokenRequests: tokens.requests, tokensIssued: tokens.issued, requests }),
    async reload() {
      const next = await load();
      const previous = loaded;
      loaded = next;
      index();
      await Promise.all(previous.functions.map((f) => f.host.close()));
      previous.dispose();
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stopFunctions();
    },
  };
}
