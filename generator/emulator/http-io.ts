/** Small HTTP helpers shared by the gateway and the WeChat API emulation. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** The caller closed the connection before its request had arrived: nothing to answer, nothing broken. */
export class CallerGone extends Error {
  constructor() {
    super('the caller closed the connection before its request arrived');
  }
}

/** Reads a request body up to `limit` bytes; undefined when it is larger. Rejects with `CallerGone` when the caller hangs up first. */
export function readBody(req: IncomingMessage, limit = MAX_PAYLOAD_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', (e) => reject(req.complete ? e : new CallerGone()));
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** The caller's address, with IPv4-mapped IPv6 turned back into IPv4. */
export function callerIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
