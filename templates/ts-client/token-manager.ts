/**
 * access_token for the WeChat server API: cached until a margin before
 * `expires_in`, one refresh at a time (concurrent calls share it), shared
 * across a fleet through a pluggable store, and `stable_token` on request.
 */
import { WeChatApiError, weChatHint } from "./client-errors.js";

export interface StoredToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Where the token lives; give one backed by Redis or a database to share it across servers. */
export interface TokenStore {
  get(): Promise<StoredToken | undefined> | StoredToken | undefined;
  set(token: StoredToken): Promise<void> | void;
  /** Drops the token (it was rejected); optional. */
  clear?(): Promise<void> | void;
}

export function memoryTokenStore(): TokenStore {
  let current: StoredToken | undefined;
  return {
    get: () => current,
    set: (t) => {
      current = t;
    },
    clear: () => {
      current = undefined;
    },
  };
}

export interface TokenSource {
  appId: string;
  appSecret: string;
  /** Use `cgi-bin/stable_token`: the same token while valid, safe when several servers share an app. */
  useStableToken?: boolean;
  store?: TokenStore;
  /** Refresh this long before expiry. Default 300 s. */
  refreshMarginSeconds?: number;
}

export type FetchLike = (
  input: string,
  init?: RequestInit,
) => Promise<Response>;

export class TokenManager {
  private refreshing: Promise<string> | undefined;
  private readonly store: TokenStore;
  private readonly source: TokenSource;
  private readonly apiBaseUrl: string;
  private readonly fetchImpl: FetchLike;

  constructor(source: TokenSource, apiBaseUrl: string, fetchImpl: FetchLike) {
    this.source = source;
    this.apiBaseUrl = apiBaseUrl;
    this.fetchImpl = fetchImpl;
    this.store = source.store ?? memoryTokenStore();
  }

  /** A valid token, fetching one when none is cached or it is near expiry. */
  async get(): Promise<string> {
    const cached = await this.store.get();
    const margin = (this.source.refreshMarginSeconds ?? 300) * 1000;
    if (cached && cached.expiresAt - margin > Date.now()) return cached.token;
    return this.refresh(false);
  }

  /**
   * After the API rejected `rejected`: a newer token another call already fetched, or a fresh one.
   * Calls that were in flight with the old token therefore cause one refresh, not one each.
   */
  async refreshAfterRejection(rejected: string): Promise<string> {
    if (this.refreshing) return this.refreshing;
    const cached = await this.store.get();
    if (cached && cached.token !== rejected && cached.expiresAt > Date.now())
      return cached.token;
    return this.refresh(true);
  }

  /** Fetches a new token; concurrent callers share one request. `rejected` forces past stable_token's cache. */
  refresh(rejected: boolean): Promise<string> {
    this.refreshing ??= this.fetchToken(rejected).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async fetchToken(rejected: boolean): Promise<string> {
    if (rejected) await this.store.clear?.();
    const { appId, appSecret } = this.source;
    const response = this.source.useStableToken
      ? await this.fetchImpl(`${this.apiBaseUrl}/cgi-bin/stable_token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            grant_type: "client_credential",
            appid: appId,
            secret: appSecret,
            ...(rejected ? { force_refresh: true } : {}),
          }),
        })
      : await this.fetchImpl(
          `${this.apiBaseUrl}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`,
        );
    // Any JSON may come back (null, a list, members of another type): only the documented shape counts.
    const parsed: unknown = await response.json().catch(() => undefined);
    const body = (parsed && typeof parsed === "object" ? parsed : {}) as Record<
      string,
      unknown
    >;
    const token = body["access_token"];
    if (typeof token !== "string" || token === "") {
      const errcode =
        typeof body["errcode"] === "number" ? body["errcode"] : -1;
      const errmsg =
        typeof body["errmsg"] === "string" && body["errmsg"]
          ? ` (${redact(body["errmsg"], appSecret)})`
          : "";
      throw new WeChatApiError({
        code: `WECHAT_${errcode}`,
        errcode,
        functionName: "(access_token)",
        status: response.status,
        message: `could not get an access_token: errcode ${errcode}${errmsg}`,
        hint: weChatHint(errcode),
      });
    }
    // The documented lifetime when the answer gives none that makes sense (not a positive number).
    const expiresIn = body["expires_in"];
    const seconds =
      typeof expiresIn === "number" &&
      Number.isFinite(expiresIn) &&
      expiresIn > 0
        ? expiresIn
        : 7200;
    const stored = { token, expiresAt: Date.now() + seconds * 1000 };
    await this.store.set(stored);
    return stored.token;
  }
}

/** Removes a secret from text that came back from a server. */
export function redact(
  text: string,
  ...secrets: (string | undefined)[]
): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join("***");
  return out;
}
