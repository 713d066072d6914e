/**
 * The checks the handler runtime makes on a request before it parses the body: the service key
 * compared in constant time, the caller IP from `X-Forwarded-For`, header names, an HMAC-signed
 * request with its replay window, and the removal of prototype keys from a parsed body. No
 * dependencies beyond Node built-ins.
 */
import { isIPv4, isIPv6 } from "./ip-allow.js";

/**
 * Compares a caller-supplied secret with the configured one in time that
 * depends only on the configured secret's length.
 */
export function secretMatches(given: unknown, expected: string): boolean {
  // Anything but a string (a malformed event's number or array) is no key at all.
  const g = typeof given === "string" ? given : "";
  let diff = g.length ^ expected.length;
  for (let i = 0; i < expected.length; i++)
    diff |= (g.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** True when the text may hide a prototype key (also through a `\u` escape). */
export function mayHoldProtoKeys(text: string): boolean {
  return (
    text.includes("__proto__") ||
    text.includes("constructor") ||
    text.includes("\\u")
  );
}

/** Removes `__proto__` keys and `constructor.prototype` anywhere in a parsed value (as secure-json-parse does). */
export function stripProtoKeys(value: unknown): void {
  const stack: unknown[] = [value];
  for (let guard = 0; stack.length > 0 && guard < 1_000_000; guard++) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    const obj = node as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, "__proto__"))
      delete obj["__proto__"];
    const ctor = Object.prototype.hasOwnProperty.call(obj, "constructor")
      ? obj["constructor"]
      : undefined;
    if (
      ctor &&
      typeof ctor === "object" &&
      Object.prototype.hasOwnProperty.call(ctor, "prototype")
    )
      delete obj["constructor"];
    for (const key in obj) stack.push(obj[key]);
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;
const PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Half a surrogate pair, alone: what remains once the whole pairs are taken out. */
const loneSurrogate = (text: string): boolean =>
  SURROGATE.test(text) && SURROGATE.test(text.replace(PAIR, ""));

/**
 * True when a string or member name in a parsed value holds half of a surrogate pair, which only a
 * `\uD800`-style escape can put there: not Unicode text (PHP's json_decode refuses it; a database
 * or `Buffer.from` would turn it into U+FFFD).
 */
export function holdsLoneSurrogate(value: unknown): boolean {
  const stack: unknown[] = [value];
  for (let guard = 0; stack.length > 0 && guard < 1_000_000; guard++) {
    const node = stack.pop();
    if (typeof node === "string") {
      if (loneSurrogate(node)) return true;
    } else if (node && typeof node === "object") {
      for (const key in node) {
        if (loneSurrogate(key)) return true;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** The first hop of `X-Forwarded-For` when it is an IP; the platform's sourceIp when there is no header. */
export function forwardedIp(
  headers: Record<string, string>,
  requestContext: Record<string, unknown> | undefined,
): string | undefined {
  const header = headers["x-forwarded-for"];
  if (header === undefined) return platformIp(requestContext);
  const first = header.split(",")[0]!.trim();
  return isIPv4(first) || isIPv6(first) ? first : undefined;
}

/** The caller's IP the platform gives (`requestContext.sourceIp`), when it is a string. */
export function platformIp(
  requestContext: Record<string, unknown> | undefined,
): string | undefined {
  const ip = requestContext?.["sourceIp"];
  return typeof ip === "string" ? ip : undefined;
}

/**
 * Header names as the platform gives them, lower-case, whatever case an event arrives with; a
 * value that is not a string (a malformed event's) is left out, and headers that are not an
 * object are none.
 */
export function lowerCaseKeys(headers: unknown): Record<string, string> {
  if (!headers || typeof headers !== "object" || Array.isArray(headers))
    return {};
  const given = headers as Record<string, unknown>;
  // The platform sends them lower-case, as strings: then no copy is made on the request path.
  let plain = true;
  for (const k in given)
    if (k !== k.toLowerCase() || typeof given[k] !== "string") plain = false;
  if (plain) return given as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(given))
    if (typeof v === "string") out[k.toLowerCase()] = v;
  return out;
}

/** How far a signed request's timestamp may be from the function's clock. */
const SIGNATURE_WINDOW_SECONDS = 300;
/** Nonces remembered per instance (for the window), at most. */
const MAX_NONCES = 10_000;

/**
 * Checks a signed request: HMAC-SHA256 with the shared secret over `timestamp + "\n" + nonce +
 * "\n" + body`, hex in `x-cloudfn-signature`, compared in constant time; a timestamp more than 5
 * minutes off, or a nonce already seen in the window by this instance, is refused. Fails closed
 * when the secret is not configured. undefined when the request is good.
 */
export async function verifySignature(
  headers: Readonly<Record<string, string>>,
  body: string,
  options: { secretEnv: string; nonces: Map<string, number> },
  now: number = Date.now(),
): Promise<{ status: number; code: string; message: string } | undefined> {
  const secret = process.env[options.secretEnv];
  if (!secret)
    return {
      status: 500,
      code: "SIGNING_SECRET_NOT_CONFIGURED",
      message: `set the ${options.secretEnv} environment variable of this function`,
    };
  const timestamp = headers["x-cloudfn-timestamp"];
  const nonce = headers["x-cloudfn-nonce"];
  const signature = headers["x-cloudfn-signature"];
  if (!timestamp || !nonce || !signature)
    return {
      status: 401,
      code: "SIGNATURE_REQUIRED",
      message:
        "send x-cloudfn-timestamp, x-cloudfn-nonce and x-cloudfn-signature",
    };
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (
    !(Math.abs(now / 1000 - seconds) <= SIGNATURE_WINDOW_SECONDS) ||
    nonce.length > 128
  )
    return {
      status: 401,
      code: "SIGNATURE_EXPIRED",
      message: "the request's timestamp is more than 5 minutes off",
    };
  const { createHmac } = await import("node:crypto");
  const expected = createHmac("sha256", secret)
    .update(`${timestamp}\n${nonce}\n${body}`)
    .digest("hex");
  if (!secretMatches(signature.toLowerCase(), expected))
    return {
      status: 401,
      code: "BAD_SIGNATURE",
      message: "the signature does not match the request",
    };
  for (const [seen, until] of options.nonces)
    if (until < now) options.nonces.delete(seen);
  if (options.nonces.has(nonce))
    return {
      status: 401,
      code: "REPLAYED",
      message: "this request was already received",
    };
  if (options.nonces.size >= MAX_NONCES) {
    const oldest = options.nonces.keys().next().value;
    if (oldest !== undefined) options.nonces.delete(oldest);
  }
  options.nonces.set(nonce, now + SIGNATURE_WINDOW_SECONDS * 2000);
  return undefined;
}
