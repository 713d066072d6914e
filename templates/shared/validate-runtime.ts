/**
 * What ajv's standalone validators need at run time, inlined so a deployed
 * function has no npm dependency: string length in code points, deep
 * equality (for `const`, `enum`, `uniqueItems`) and the formats that are
 * functions rather than regular expressions. Mirrors ajv and ajv-formats.
 */

/** Length in Unicode code points, as JSON Schema counts `minLength`/`maxLength`. */
export function ucs2length(str: string): number {
  const len = str.length;
  let length = 0;
  let pos = 0;
  while (pos < len) {
    length++;
    const value = str.charCodeAt(pos++);
    if (
      value >= 0xd800 &&
      value <= 0xdbff &&
      pos < len &&
      (str.charCodeAt(pos) & 0xfc00) === 0xdc00
    )
      pos++;
  }
  return length;
}

/**
 * The decimal places `value` is written with (`19.99`: 2; up to 20), or -1: the fewest that
 * scaling by ten to that power and back gives the number again.
 */
function decimalPlaces(value: number): number {
  for (let places = 0; places <= 20; places++) {
    const scale = 10 ** places;
    if (Math.round(value * scale) / scale === value) return places;
  }
  return -1;
}

/**
 * `multipleOf` on the decimal numbers JSON writes: `19.99` is a multiple of `0.01`, though
 * `19.99 / 0.01` is 1998.9999999999998 in binary floating point (ajv's own test refuses one
 * amount in seven written with cents). Both scaled to whole numbers by the decimal places they
 * have; beyond 2^53 after scaling, ajv's test of the quotient. The PHP validator does the same.
 */
export function multipleOf(value: number, divisor: number): boolean {
  const abs = Math.abs(value);
  const placesOfValue = decimalPlaces(abs);
  const placesOfDivisor = decimalPlaces(divisor);
  if (placesOfValue >= 0 && placesOfDivisor >= 0) {
    const scale = 10 ** Math.max(placesOfValue, placesOfDivisor);
    const whole = Math.round(abs * scale);
    const step = Math.round(divisor * scale);
    if (Number.isSafeInteger(whole) && Number.isSafeInteger(step) && step > 0)
      return whole % step === 0;
  }
  // Too many digits to scale exactly: ajv's own test of the quotient.
  const quotient = value / divisor;
  return quotient === parseInt(String(quotient), 10);
}

/** Structural equality of JSON values. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === "object" && typeof b === "object") {
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
      return true;
    }
    if (Array.isArray(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
      if (
        !equal(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
        )
      )
        return false;
    }
    return true;
  }
  return a !== a && b !== b; // NaN
}

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const DATE_TIME_SEPARATOR = /t|\s/i;
const NOT_URI_FRAGMENT = /\/|:/;
const URI =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

function isDate(str: string): boolean {
  const m = DATE.exec(str);
  if (!m) return false;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && leap ? 29 : DAYS[month]!)
  );
}

/** RFC 3339 time with a required time zone, allowing a leap second. */
function isTime(str: string): boolean {
  const m = TIME.exec(str);
  if (!m) return false;
  const hr = +m[1]!;
  const min = +m[2]!;
  const sec = +m[3]!;
  const tzSign = m[5] === "-" ? -1 : 1;
  const tzH = +(m[6] ?? 0);
  const tzM = +(m[7] ?? 0);
  if (tzH > 23 || tzM > 59 || !m[4]) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (
    (utcHr === 23 || utcHr === -1) &&
    (utcMin === 59 || utcMin === -1) &&
    sec < 61
  );
}

function isDateTime(str: string): boolean {
  const parts = str.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && isDate(parts[0]!) && isTime(parts[1]!);
}

function isUri(str: string): boolean {
  return NOT_URI_FRAGMENT.test(str) && URI.test(str);
}

function isRegex(str: string): boolean {
  try {
    new RegExp(str, "u");
    return true;
  } catch {
    return false;
  }
}

/** Function formats by name, in the shape ajv's standalone code calls them. */
export const formats: Record<
  string,
  { validate: (s: string) => boolean } | ((s: string) => boolean)
> = {
  date: { validate: isDate },
  time: { validate: isTime },
  "date-time": { validate: isDateTime },
  uri: isUri,
  regex: isRegex,
};

/** A precompiled (ajv standalone) validator. */
export interface Validator {
  (data: unknown): boolean;
  errors?:
    | {
        instancePath: string;
        keyword: string;
        params: Record<string, unknown>;
        message?: string;
        /** Set on the errors of a property name checked by `propertyNames`. */
        propertyName?: string;
      }[]
    | null;
}

/** One validation error, as the precompiled validators create them (ajv's shape without `schemaPath`). */
export function issue(
  instancePath: string,
  keyword: string,
  params: Record<string, unknown>,
): { instancePath: string; keyword: string; params: Record<string, unknown> } {
  return { instancePath, keyword, params };
}

/**
 * `errors` with one more issue appended (a new list when there was none): the precompiled
 * validators collect every error through this one call.
 */
export function report(
  errors: ReturnType<typeof issue>[] | null,
  instancePath: string,
  keyword: string,
  params: Record<string, unknown>,
): ReturnType<typeof issue>[] {
  const one = { instancePath, keyword, params };
  if (errors === null) return [one];
  errors.push(one);
  return errors;
}

/**
 * The keywords whose error has one parameter, and its name (ajv's): their errors are reported
 * with the value only.
 */
export const ONE_PARAM: Readonly<Record<string, string>> = {
  additionalItems: "limit",
  additionalProperties: "additionalProperty",
  const: "allowedValue",
  enum: "allowedValues",
  format: "format",
  items: "limit",
  maxItems: "limit",
  maxLength: "limit",
  maxProperties: "limit",
  minItems: "limit",
  minLength: "limit",
  minProperties: "limit",
  multipleOf: "multipleOf",
  oneOf: "passingSchemas",
  pattern: "pattern",
  propertyNames: "propertyName",
  unevaluatedItems: "limit",
  unevaluatedProperties: "unevaluatedProperty",
};

/** `report` of a keyword of `ONE_PARAM`, with its one parameter's value. */
export function reportOne(
  errors: ReturnType<typeof issue>[] | null,
  instancePath: string,
  keyword: string,
  value: unknown,
): ReturnType<typeof issue>[] {
  return report(errors, instancePath, keyword, {
    [ONE_PARAM[keyword]!]: value,
  });
}

/** `report` of a value of the wrong type. */
export function wrongType(
  errors: ReturnType<typeof issue>[] | null,
  instancePath: string,
  type: unknown,
): ReturnType<typeof issue>[] {
  return report(errors, instancePath, "type", { type });
}

/** `report` of a required member that is missing. */
export function missing(
  errors: ReturnType<typeof issue>[] | null,
  instancePath: string,
  missingProperty: string,
): ReturnType<typeof issue>[] {
  return report(errors, instancePath, "required", { missingProperty });
}

const MAX_ISSUES = 20;

/** A short English message for one ajv error (the validators are compiled without message strings). */
export function issueMessage(
  keyword: string,
  params: Record<string, unknown>,
): string {
  const p = (k: string): string => String(params[k]);
  switch (keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
    case "unevaluatedProperties":
      return "is not allowed";
    case "type":
      return `must be ${p("type")}`;
    case "enum":
      return `must be one of ${JSON.stringify(params["allowedValues"])}`;
    case "const":
      return `must be ${JSON.stringify(params["allowedValue"])}`;
    case "minLength":
    case "maxLength":
      return `must have at ${keyword === "minLength" ? "least" : "most"} ${p("limit")} characters`;
    case "minItems":
    case "maxItems":
      return `must have at ${keyword === "minItems" ? "least" : "most"} ${p("limit")} items`;
    case "minProperties":
    case "maxProperties":
      return `must have at ${keyword === "minProperties" ? "least" : "most"} ${p("limit")} properties`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${p("comparison")} ${p("limit")}`;
    case "multipleOf":
      return `must be a multiple of ${p("multipleOf")}`;
    case "pattern":
      return `must match pattern ${JSON.stringify(params["pattern"])}`;
    case "format":
      return `must be a valid ${p("format")}`;
    case "items":
    case "additionalItems":
    case "unevaluatedItems":
      // Items past a tuple's end (`items: false` after `prefixItems`), counted by `limit`.
      return params["limit"] === undefined
        ? `is invalid (${keyword})`
        : `must have at most ${p("limit")} items`;
    case "contains":
      return `must contain at least ${p("minContains")}${params["maxContains"] === undefined ? "" : ` and no more than ${p("maxContains")}`} valid item(s)`;
    case "propertyNames":
      return "is not an allowed property name";
    case "dependentRequired":
      return "is required";
    case "uniqueItems":
      return "must not contain duplicate items";
    case "oneOf":
      return "must match exactly one of the allowed shapes";
    case "anyOf":
      return "must match one of the allowed shapes";
    default:
      return `is invalid (${keyword})`;
  }
}

const MEMBER_PARAM: Readonly<Record<string, string>> = {
  required: "missingProperty",
  dependentRequired: "missingProperty",
  additionalProperties: "additionalProperty",
  unevaluatedProperties: "unevaluatedProperty",
  propertyNames: "propertyName",
};

/** The validator's last errors as `{ path, message }` with JSON pointers (at most 20). */
export function issuesOf(
  validator: Validator,
): { path: string; message: string }[] {
  // An `if` error only says its `then` failed, and that failure is reported itself; a property
  // name's own errors (they carry `propertyName`) are told by the `propertyNames` error after them.
  const errors = (validator.errors ?? []).filter(
    (e) => e.keyword !== "if" && e.propertyName === undefined,
  );
  return errors.slice(0, MAX_ISSUES).map((e) => {
    // The member at fault, for the keywords that name one in their params.
    const member = MEMBER_PARAM[e.keyword];
    const extra = member === undefined ? undefined : e.params[member];
    const path =
      extra === undefined
        ? e.instancePath
        : `${e.instancePath}/${String(extra).replace(/~/g, "~0").replace(/\//g, "~1")}`;
    return { path: path || "/", message: issueMessage(e.keyword, e.params) };
  });
}
