import type { FunctionHost } from './function-host.js';
import type { GatewayAuth } from './gateway.js';

/** A function as the emulator runs it. */
export interface EmulatedFunction {
  name: string;
  httpPath: string;
  /** False when the HTTP trigger is switched off: the path answers 404. */
  httpEnabled: boolean;
  timeoutSeconds: number;
  /** This path's gateway authentication, when it differs from the emulator's. */
  gatewayAuth?: GatewayAuth;
  host: FunctionHost;
}

/**
 * The context object a function receives, with the fields the platform documents (request id,
 * name, version, namespace, memory and time limits, environment, region, account ids). Values the
 * platform does not document for a local run are **emulated**: version `$LATEST`, 256 MB, region
 * `ap-shanghai`, the environment as a JSON string of the namespace variables.
 */
/** The Tencent Cloud account ids of the emulated environment (**emulate**; numeric, as in the documented event). */
export const CLOUD_APPID = 1250000000;
export const CLOUD_UIN = 100000000001;

/** The memory a function has (**emulate**: the platform's common default; the context says it, and the emulator holds a function to it). */
export const MEMORY_LIMIT_MB = 256;

export function functionContext(requestId: string, name: string, envId: string, timeLimitMs: number): Record<string, unknown> {
  return {
    request_id: requestId,
    function_name: name,
    function_version: '$LATEST',
    namespace: envId,
    memory_limit_in_mb: MEMORY_LIMIT_MB,
    time_limit_in_ms: timeLimitMs,
    environment: JSON.stringify({ SCF_NAMESPACE: envId, TCB_ENV: envId }),
    tencentcloud_region: 'ap-shanghai',
    tencentcloud_appid: String(CLOUD_APPID),
    tencentcloud_uin: String(CLOUD_UIN),
  };
}


/**
 * The environment variables the platform sets for one call, read by `wx-server-sdk`'s
 * `getWXContext()` and `@cloudbase/node-sdk`: `TCB_ENV` and `SCF_NAMESPACE`, `TCB_SEQID` (the
 * request id) listed in `TCB_CONTEXT_KEYS`, the caller's `WX_…` keys listed in `WX_CONTEXT_KEYS`,
 * and `TCB_SOURCE` when the source is known. Which keys each way in sets is **emulated**: the invoke
 * API gives `WX_APPID` and source `wx_http`, the HTTP trigger `WX_CLIENTIP`.
 */
export function callEnvironment(envId: string, requestId: string, wx: Record<string, string>, source?: string): Record<string, string> {
  const env: Record<string, string> = {
    TCB_ENV: envId,
    SCF_NAMESPACE: envId,
    TCB_SEQID: requestId,
    TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID',
    WX_CONTEXT_KEYS: Object.keys(wx).join(','),
    ...wx,
  };
  if (source) env['TCB_SOURCE'] = source;
  return env;
}
