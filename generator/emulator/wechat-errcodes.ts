/**
 * errcodes of the WeChat server API that the emulator answers and the clients
 * understand. Those marked emulate are not documented by the platform for
 * `tcb/invokecloudfunction`; the emulator uses them and clients treat them as
 * function-side failures (never retried as "system busy").
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
  /** emulate: the `env` query parameter names no environment of this app. */
  ENV_NOT_FOUND: -501000,
  /** emulate: no function of that name in the environment. */
  FUNCTION_NOT_FOUND: -501001,
  /** emulate: the function threw, crashed or returned something unserializable. */
  FUNCTION_FAILED: -501002,
  /** emulate: the function ran past the invoke API's 5 s limit or its own timeout. */
  FUNCTION_TIMEOUT: -501003,
} as const;
