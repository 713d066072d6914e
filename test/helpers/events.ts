/** Real-shaped CloudBase events, as the HTTP trigger and direct calls deliver them. */

export const SERVICE_KEY = 'test-service-key-0123456789abcdef';

export interface HttpEventOptions {
  method?: string;
  headers?: Record<string, string>;
  key?: string | null;
  base64?: boolean;
  sourceIp?: string;
  path?: string;
}

/** The HTTP trigger's integration request for a JSON body. */
export function httpEvent(body: unknown, opts: HttpEventOptions = {}): Record<string, unknown> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    host: 'env-id.service.tcloudbase.com',
    'content-type': 'application/json',
    ...(opts.key === null ? {} : { 'x-wx-service-key': opts.key ?? SERVICE_KEY }),
    ...opts.headers,
  };
  return {
    path: opts.path ?? '/ping',
    httpMethod: opts.method ?? 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: {},
    requestContext: { requestId: 'req-0001', envId: 'env-id', appId: 123456789, uin: 123456789, sourceIp: opts.sourceIp ?? '203.0.113.7' },
    body: opts.base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: opts.base64 === true,
  };
}

/** What `main` answered over HTTP, with the body parsed. */
export function decode(result: unknown): { status: number; contentType: string | undefined; body: any } {
  const r = result as { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };
  return { status: r.statusCode, contentType: r.headers['content-type'], body: JSON.parse(r.body) };
}
