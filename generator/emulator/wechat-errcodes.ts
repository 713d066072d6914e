/**
 * errcodes of the WeChat server API that the emulator answers and the clients
 * understand: the token errcodes, and the cloud-development errcode table the
 * invokeCloudFunction doc points to. The one marked emulate is not documented for
 * `tcb/invokecloudfunction`; clients treat every one of these as a failure of the
 * call, never retried as "system busy".
 */
export const ERRCODE = {
  OK: 0,
  SYSTEM_BUSY: -1,
  INVALID_CREDENTIAL: 40001,
  INVALID_GRANT_TYPE: 40002,
  INVALID_APPID: 40013,
  INVALID_TOKEN: 40014,
  TOKEN_MISSING: 41001,
  TOKEN_EXPIRED: 42001,
  WRONG_METHOD: 43002,
  EMPTY_BODY: 44002,
  DAILY_QUOTA: 45009,
  MINUTE_LIMIT: 45011,
  BAD_JSON: 47001,
  MISSING_PARAMETER: 40101,
  IP_NOT_WHITELISTED: 40164,
  /** emulate: the `env` or `name` query parameter names no environment or function (undocumented; the errmsg says which). */
  NOT_FOUND: -501000,
  /** documented: cloud system error (the emulator does not produce it). */
  CLOUD_SYSTEM_ERROR: -501001,
  /** documented: cloud response timeout: the function ran past the invoke API's 5 s or its own timeout. */
  FUNCTION_TIMEOUT: -501002,
  /** documented: the environment's request quota is exceeded (the emulator does not produce it). */
  ENV_QUOTA_EXCEEDED: -501003,
  /** documented: cloud function execution failed (it threw, crashed or returned something unserializable). */
  FUNCTION_FAILED: -504002,
} as const;
