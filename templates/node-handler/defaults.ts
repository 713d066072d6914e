/**
 * The contract's defaults, filled into an input before it is checked, as ajv's
 * `useDefaults` fills them: a member the caller left out gets the `default`
 * its schema declares. `cloudfn gen` writes the plan (where the defaults are)
 * from the contract; this walks it over the input.
 */

/** Where an input's defaults are, for one value and what it holds. */
export interface DefaultsPlan {
  /** Members of an object value: the default of a member left out, and the plan of its value. */
  members?: readonly MemberDefaults[];
  /** The plan of every item of an array value. */
  items?: DefaultsPlan;
  /** Shared definitions (`$ref`) whose plans apply to the value too. */
  refs?: readonly string[];
}

export interface MemberDefaults {
  name: string;
  /** The member's default: JSON, copied each time it is filled in. Absent: none. */
  default?: unknown;
  plan?: DefaultsPlan;
}

/** A function's input plan and the plans of the shared definitions it reaches. */
export interface InputDefaults {
  input: DefaultsPlan;
  defs?: Readonly<Record<string, DefaultsPlan>>;
}

const own = Object.prototype.hasOwnProperty;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A fresh copy of a JSON default, so an implementation that changes it changes only its own. */
const copy = (v: unknown): unknown =>
  typeof v === "object" && v !== null ? JSON.parse(JSON.stringify(v)) : v;

function fill(
  value: unknown,
  plan: DefaultsPlan,
  defs: Readonly<Record<string, DefaultsPlan>>,
): void {
  if (plan.members && isObject(value)) {
    for (const m of plan.members) {
      if (!own.call(value, m.name)) {
        if (!own.call(m, "default")) continue;
        // A member named __proto__ is an own member, as JSON.parse makes it, never the prototype.
        Object.defineProperty(value, m.name, {
          value: copy(m.default),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
      if (m.plan) fill(value[m.name], m.plan, defs);
    }
  }
  if (plan.items && Array.isArray(value))
    for (const item of value) fill(item, plan.items, defs);
  if (plan.refs)
    for (const name of plan.refs)
      if (own.call(defs, name)) fill(value, defs[name]!, defs);
}

/**
 * Fills the defaults of members left out, at any depth, in place. Values of another type than
 * the plan expects are left as they are, for the check that follows to refuse. Recursion follows
 * the input's own nesting: input nested deeper than the stack allows throws RangeError.
 */
export function fillDefaults(input: unknown, defaults: InputDefaults): void {
  fill(input, defaults.input, defaults.defs ?? {});
}
