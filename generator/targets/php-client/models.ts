/**
 * PHP model classes from the IR: one class per object, a backed enum (or a
 * constants class on 7.4) per string/int enum, an interface per
 * discriminated oneOf, one class per shared definition. Each IR type maps to
 * a native declaration, a PHPDoc type, and a type spec: what `Json::read()`
 * (checking decoded JSON as it maps it) and `Json::write()` take.
 */
import { createHash } from 'node:crypto';
import type { Ir, IrFunction, IrObject, IrType } from '../../ir.js';
import { docBlock, phpString, phpValue } from '../php/literal.js';
import { NameScope, phpClassName, phpConstName, phpPropertyName } from '../php/names.js';
import { memoKey, type Memoizer } from '../target.js';
import { type PhpFlavor, phpFile } from './php-file.js';

/** How one IR type looks in PHP. */
export interface Mapped {
  /** Native type declaration, or null where none fits (mixed on 7.4). */
  native: string | null;
  doc: string;
  /** The type as a model's MEMBERS constant writes it, for `Json::read()` and `Json::write()`. */
  spec: string;
  /** The value is written back as it is (a scalar, or a list of them). */
  asIs: boolean;
  /** The model class this maps to, if any (for imports and accessors). */
  className?: string | undefined;
  /** A model class (with fromArray/toArray), not an enum or an interface. */
  model?: true;
}

export interface ModelFile {
  name: string;
  contents: string;
}

const MIXED = (f: PhpFlavor): Mapped => ({ native: f.mixed, doc: 'mixed', spec: "'mixed'", asIs: true });

/** Builds every model class the functions reach, each once. */
/**
 * What mapping one function's types changed in the models' state, in order: the class names it
 * took, the files it wrote (its own classes, and a shared definition's when it first used it or
 * made it implement an interface), the definitions it mapped first, the interfaces it added.
 */
interface Effects {
  claims: string[];
  files: [string, string][];
  defMapped: [string, Mapped][];
  implementsOf: [string, string[]][];
}

/** A function's types in PHP: its input, its output and each declared error's data. */
export interface FunctionMapped {
  input: Mapped;
  output: Mapped;
  errors: (Mapped | null)[];
}

export class PhpModels {
  readonly files = new Map<string, ModelFile>();
  private readonly scope: NameScope;
  private readonly defClasses = new Map<string, string>();
  private readonly defMapped = new Map<string, Mapped>();
  private readonly inProgress = new Set<string>();
  private readonly implementsOf = new Map<string, string[]>();
  /** The effects of the function being mapped, while they are recorded. */
  private recording: Effects | null = null;
  /** A hash of the state: what it started from and what every function since did to it, for memo keys. */
  private state: string;

  /** `taken`: the other classes' names (contracts, exceptions), which Client.php imports beside the models. */
  constructor(
    private readonly ir: Ir,
    private readonly flavor: PhpFlavor,
    taken: Iterable<string> = [],
  ) {
    // Nor may a model take a name its own file, an exception's or Client.php imports.
    this.scope = new NameScope(['BusinessException', 'Client', 'ClientCore', 'CloudFnException', 'Definitions', 'Json', 'Members', 'Model', ...taken]);
    // Shared definitions claim their names first: `Address`, never `Address2`.
    for (const def of ir.definitions) if (this.needsClass(def.type)) this.defClasses.set(def.name, this.scope.claim(phpClassName(def.name)));
    this.state = memoKey('php-models-start', flavor, [...this.scope.names()], ir.definitions.map((d) => [d.name, d.type]), [...this.defClasses]);
  }

  /** A unique class name for a type found at `context` (e.g. `GetOrderOutputPayment`). */
  claim(context: string): string {
    const name = this.scope.claim(phpClassName(context));
    this.recording?.claims.push(name);
    return name;
  }

  private setFile(name: string, contents: string): void {
    this.files.set(name, { name, contents });
    this.recording?.files.push([name, contents]);
  }

  private setDefMapped(name: string, mapped: Mapped): void {
    this.defMapped.set(name, mapped);
    this.recording?.defMapped.push([name, mapped]);
  }

  private addInterface(cls: string, iface: string): void {
    const list = [...(this.implementsOf.get(cls) ?? []), iface];
    this.implementsOf.set(cls, list);
    this.recording?.implementsOf.push([cls, list]);
  }

  /**
   * A function's types mapped (`names`: the class names they start from), their classes written.
   * With a memo, a function whose types and starting state are those of an earlier run has that
   * run's effects replayed instead: the same names taken, files written and mappings made, in the
   * same order, so the output is the same bytes whether the memo is warm or cold.
   */
  mapFunction(fn: IrFunction, names: { input: string; output: string; error: (code: string) => string }, memo?: Memoizer): FunctionMapped {
    const compute = (): FunctionMapped => ({
      input: this.map(fn.input.type, names.input),
      output: this.map(fn.output.type, names.output),
      errors: fn.errors.map((e) => (e.data ? this.map(e.data.type, names.error(e.code)) : null)),
    });
    if (!memo) return compute();
    const key = memoKey(
      'php-models',
      this.state,
      [names.input, fn.input.type],
      [names.output, fn.output.type],
      fn.errors.map((e) => [names.error(e.code), e.data ? e.data.type : null]),
    );
    let computed = false;
    const text = memo.through(key, () => {
      computed = true;
      this.recording = { claims: [], files: [], defMapped: [], implementsOf: [] };
      try {
        return JSON.stringify({ mapped: compute(), effects: this.recording });
      } finally {
        this.recording = null;
      }
    });
    const { mapped, effects } = JSON.parse(text) as { mapped: FunctionMapped; effects: Effects };
    if (!computed) {
      for (const name of effects.claims) this.scope.take(name);
      for (const [name, contents] of effects.files) this.files.set(name, { name, contents });
      for (const [name, m] of effects.defMapped) this.defMapped.set(name, m);
      for (const [cls, list] of effects.implementsOf) this.implementsOf.set(cls, list);
    }
    // What a later function can read of it: the names taken, the definitions mapped, the interfaces
    // added and which files exist (a definition's, once written, is only ever written whole again).
    // Not the contents of this function's own classes: an edit inside them keeps the others cached.
    const carried = JSON.stringify([effects.claims, effects.defMapped, effects.implementsOf, effects.files.map(([name]) => name)]);
    this.state = createHash('sha256').update(this.state).update('\0').update(carried).digest('hex');
    return mapped;
  }

  private needsClass(t: IrType): boolean {
    if (t.kind === 'object') return t.properties.length > 0 || t.additional === 'closed';
    if (t.kind === 'enum') return this.enumBacking(t.values) !== null;
    if (t.kind === 'union') return this.discriminated(t.variants) !== null;
    return false;
  }

  private resolve(t: IrType): IrType {
    for (let i = 0; t.kind === 'ref' && i < 64; i++) t = this.ir.definitions.find((d) => d.name === (t as { name: string }).name)!.type;
    return t;
  }

  /** The type of `t` in PHP; `context` names any class it needs. */
  map(t: IrType, context: string): Mapped {
    const f = this.flavor;
    switch (t.kind) {
      case 'any':
      case 'never':
      case 'intersection':
        return MIXED(f);
      case 'null':
        // PHP 8.1 has no standalone null type, and a readonly property needs one: mixed, with the doc saying null.
        return { native: this.flavor.mixed, doc: 'null', spec: "['oneOf', [null]]", asIs: true };
      case 'boolean':
        return { native: 'bool', doc: 'bool', spec: "'bool'", asIs: true };
      case 'string':
        return { native: 'string', doc: 'string', spec: "'string'", asIs: true };
      case 'number':
        if (t.integer) return { native: 'int', doc: 'int', spec: "'int'", asIs: true };
        return f.v74 ? { native: 'float', doc: 'float', spec: "'float'", asIs: true } : { native: 'int|float', doc: 'int|float', spec: "'number'", asIs: true };
      case 'literal':
        return this.literals([t.value]);
      case 'enum':
        return this.enumType(t.values, context, t.description);
      case 'array': {
        const item = this.map(t.items, `${context}Item`);
        return { native: 'array', doc: `list<${item.doc}>`, className: item.className, spec: `['list', ${item.spec}]`, asIs: item.asIs };
      }
      case 'tuple': {
        const items = t.items.map((it, i) => this.map(it, `${context}${i}`));
        const rest = t.rest ? this.map(t.rest, `${context}Rest`) : null;
        const shape = items.map((it, i) => `${i}${i >= t.minItems ? '?' : ''}: ${it.doc}`).join(', ');
        return {
          native: 'array',
          doc: rest ? `list<mixed>` : `array{${shape}}`,
          spec: `['tuple', [${items.map((it) => it.spec).join(', ')}], ${t.minItems}${rest ? `, ${rest.spec}` : ''}]`,
          asIs: [...items, ...(rest ? [rest] : [])].every((m) => m.asIs),
        };
      }
      case 'object':
        return this.objectType(t, context);
      case 'union':
        return this.unionType(t.variants, context);
      case 'ref':
        return this.refType(t.name);
    }
  }

  private literals(values: (string | number | boolean | null)[]): Mapped {
    // An enum or const may hold objects and lists too: PHP arrays, as the answer is read.
    const native = (v: unknown): string => (v === null ? 'null' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'array');
    const natives = new Set(values.map(native));
    const list = `[${values.map((v) => phpValue(v)).join(', ')}]`;
    const single = natives.size === 1 && !natives.has('null') ? [...natives][0]! : null;
    const doc = [...new Set(values.map((v) => (typeof v === 'string' ? phpString(v) : v === null ? 'null' : typeof v === 'object' ? 'array' : phpValue(v))))].join('|');
    return { native: single ?? this.flavor.mixed, doc, spec: `['oneOf', ${list}]`, asIs: true };
  }

  private enumBacking(values: (string | number | boolean | null)[]): 'string' | 'int' | null {
    const rest = values.filter((v) => v !== null);
    if (rest.length === 0) return null;
    if (rest.every((v) => typeof v === 'string')) return 'string';
    if (rest.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'int';
    return null;
  }

  private enumType(values: (string | number | boolean | null)[], context: string, description?: string, fixedName?: string): Mapped {
    const backing = this.enumBacking(values);
    if (backing === null) return this.literals(values);
    const name = fixedName ?? this.claim(context);
    const members = values.filter((v): v is string | number => v !== null);
    if (!this.files.has(name)) this.setFile(name, this.enumFile(name, backing, members, description));
    const f = this.flavor;
    const inner: Mapped = f.v74
      ? { native: backing, doc: backing, className: name, spec: `['oneOf', ${name}::VALUES]`, asIs: true }
      : { native: name, doc: name, className: name, spec: `${name}::class`, asIs: false };
    return values.includes(null) ? this.nullable(inner) : inner;
  }

  private enumFile(name: string, backing: 'string' | 'int', values: (string | number)[], description?: string): string {
    const cases = new NameScope(['VALUES', 'class']);
    const lit = (v: string | number): string => (typeof v === 'string' ? phpString(v) : String(v));
    const named = values.map((v) => [cases.claim(phpConstName(v)), lit(v)] as const);
    const doc = docBlock(description ?? `The allowed values of ${name}.`);
    if (this.flavor.v74) {
      const body = [...named.map(([c, v]) => `    public const ${c} = ${v};`), '', `    public const VALUES = [${named.map(([c]) => `self::${c}`).join(', ')}];`];
      return phpFile(this.flavor, 'Model', [], `${doc}final class ${name}\n{\n${body.join('\n')}\n}\n`);
    }
    return phpFile(this.flavor, 'Model', [], `${doc}enum ${name}: ${backing}\n{\n${named.map(([c, v]) => `    case ${c} = ${v};`).join('\n')}\n}\n`);
  }

  private nullable(inner: Mapped): Mapped {
    if (inner.doc === 'mixed') return inner;
    const native = inner.native === null || inner.native === 'mixed' ? inner.native : inner.native.includes('|') ? `${inner.native}|null` : `?${inner.native}`;
    return {
      native: this.flavor.v74 && native?.includes('|') ? null : native,
      doc: `${inner.doc}|null`,
      className: inner.className,
      spec: `['nullable', ${inner.spec}]`,
      asIs: inner.asIs,
    };
  }

  private refType(name: string): Mapped {
    const known = this.defMapped.get(name);
    if (known) return known;
    const def = this.ir.definitions.find((d) => d.name === name)!;
    const cls = this.defClasses.get(name);
    if (cls === undefined) {
      // A definition that is not a class (a string with a pattern, a list…) is inlined.
      if (this.inProgress.has(name)) return MIXED(this.flavor);
      this.inProgress.add(name);
      const mapped = this.map(def.type, phpClassName(name));
      this.inProgress.delete(name);
      this.setDefMapped(name, mapped);
      return mapped;
    }
    const t = def.type;
    let mapped: Mapped;
    if (t.kind === 'enum') mapped = this.enumType(t.values, name, t.description, cls);
    else if (t.kind === 'union') mapped = this.unionType(t.variants, name, cls, t.description);
    else mapped = this.classRef(cls);
    this.setDefMapped(name, mapped);
    if (t.kind === 'object') this.objectClass(t, cls);
    return mapped;
  }

  private classRef(cls: string): Mapped {
    return { native: cls, doc: cls, className: cls, spec: `${cls}::class`, asIs: false, model: true };
  }

  private objectType(t: IrObject, context: string): Mapped {
    if (!this.needsClass(t)) {
      if (t.additional === 'open' || t.additional === 'closed') {
        return { native: 'array', doc: 'array<string, mixed>', spec: "'object'", asIs: false };
      }
      const value = this.map(t.additional, `${context}Value`);
      if (value.doc === 'mixed') return this.objectType({ ...t, additional: 'open' }, context);
      return { native: 'array', doc: `array<string, ${value.doc}>`, className: value.className, spec: `['map', ${value.spec}]`, asIs: false };
    }
    const cls = this.claim(context);
    this.objectClass(t, cls);
    return this.classRef(cls);
  }

  private unionType(variants: IrType[], context: string, fixedName?: string, description?: string): Mapped {
    const nonNull = variants.filter((v) => v.kind !== 'null');
    if (nonNull.length === 1 && nonNull.length < variants.length) return this.nullable(this.map(nonNull[0]!, context));
    if (nonNull.length < variants.length) return this.nullable(this.unionType(nonNull, context, fixedName, description));
    const tag = this.discriminated(variants);
    if (tag === null) return MIXED(this.flavor);
    const iface = fixedName ?? this.claim(context);
    const branches: [string, string][] = [];
    for (const variant of variants) {
      const obj = this.resolve(variant) as IrObject;
      const value = String((obj.properties.find((p) => p.name === tag)!.type as { value: unknown }).value);
      const cls = variant.kind === 'ref' ? this.refType(variant.name).className! : this.claim(`${iface}${phpClassName(value)}`);
      this.addInterface(cls, iface);
      if (variant.kind !== 'ref') this.objectClass(obj, cls);
      else this.rewriteImplements(cls);
      branches.push([value, cls]);
    }
    const doc = docBlock(`${description ?? `One of: ${branches.map(([, c]) => c).join(', ')}.`}\n\nChosen by \`${tag}\`.`);
    this.setFile(iface, phpFile(this.flavor, 'Model', [], `${doc}interface ${iface}\n{\n    /** @return array<string, mixed> */\n    public function toArray(): array;\n}\n`));
    const classes = `[${branches.map(([v, c]) => `${phpString(v)} => ${c}::class`).join(', ')}]`;
    return { native: iface, doc: iface, className: iface, spec: `['variant', ${phpString(tag)}, ${classes}]`, asIs: false };
  }

  /**
   * A definition class that joins an interface after it was written: its `implements` line written
   * again. (Writing the whole class again would map its members again, and name their classes
   * twice: `CircleCenter2` beside an unused `CircleCenter`.)
   */
  private rewriteImplements(cls: string): void {
    const file = this.files.get(cls);
    if (!file) return;
    const line = `final class ${cls} implements ${['Model', ...new Set(this.implementsOf.get(cls))].join(', ')}`;
    this.setFile(cls, file.contents.replace(new RegExp(`^final class ${cls} implements .*$`, 'm'), line));
  }

  /** The property every variant requires with a distinct string literal, if there is one. */
  private discriminated(variants: IrType[]): string | null {
    const objects = variants.map((v) => this.resolve(v));
    if (objects.length < 2 || objects.some((o) => o.kind !== 'object')) return null;
    const first = objects[0] as IrObject;
    for (const candidate of first.properties) {
      const values = objects.map((o) => {
        const p = (o as IrObject).properties.find((q) => q.name === candidate.name);
        return p?.required && p.type.kind === 'literal' && typeof p.type.value === 'string' ? p.type.value : null;
      });
      if (values.every((v) => v !== null) && new Set(values).size === values.length) return candidate.name;
    }
    return null;
  }

  /** Writes the class for an object type under `cls`. */
  objectClass(t: IrObject, cls: string, description = t.description): void {
    const props = new NameScope(['explicitNulls', 'extraMembers']);
    const members = t.properties.map((p) => ({ ...p, php: props.claim(phpPropertyName(p.name)), mapped: this.map(p.type, `${cls}${phpClassName(p.name)}`) }));
    const ordered = [...members.filter((m) => m.required), ...members.filter((m) => !m.required)];
    const f = this.flavor;
    const decl = (m: (typeof members)[number]): string => {
      const n = m.mapped.native;
      const optionalNative = !m.required && n !== null && n !== 'mixed' && !n.startsWith('?') && !n.endsWith('|null') ? (n.includes('|') ? `${n}|null` : `?${n}`) : n;
      return f.v74 && optionalNative?.includes('|') ? '' : optionalNative ? `${optionalNative} ` : '';
    };
    const docType = (m: (typeof members)[number]): string => (m.required || m.mapped.doc.endsWith('|null') || m.mapped.doc === 'mixed' ? m.mapped.doc : `${m.mapped.doc}|null`);
    const needsDoc = (m: (typeof members)[number]): boolean => decl(m).trim() !== docType(m).replace(/^(\w+)\|null$/, '?$1') || Boolean(m.type.description);
    const paramDocs = ordered.filter(needsDoc).map((m) => `@param ${docType(m)} $${m.php}${m.type.description ? ` ${m.type.description.split('\n')[0]}` : ''}`);
    // fromArray, toArray and withNull come from the Members trait, which reads MEMBERS.
    const entry = (m: (typeof members)[number]): string => `[${m.mapped.spec}, ${m.required}${m.php === m.name ? '' : `, ${phpString(m.php)}`}]`;
    const table = ordered.length ? `[\n${ordered.map((m) => `        ${phpString(m.name)} => ${entry(m)},`).join('\n')}\n    ]` : '[]';
    const lines: string[] = ['    use Members;', '', `    private const MEMBERS = ${table};`, ''];
    if (f.v74) {
      for (const m of ordered) lines.push(`${docBlock(m.type.description ? `${m.type.description}\n\n@var ${docType(m)}` : `@var ${docType(m)}`, '    ')}    public ${decl(m)}$${m.php};`, '');
    }
    const params = ordered.map((m) => `${f.v74 ? '' : 'public readonly '}${decl(m)}$${m.php}${m.required ? '' : ' = null'}`);
    const ctorDoc = paramDocs.length ? docBlock(paramDocs.join('\n'), '    ') : '';
    if (params.length === 0) lines.push(`${ctorDoc}    public function __construct()\n    {\n    }`);
    else if (f.v74) {
      lines.push(`${ctorDoc}    public function __construct(${params.join(', ')})\n    {\n${ordered.map((m) => `        $this->${m.php} = $${m.php};`).join('\n')}\n    }`);
    } else {
      lines.push(`${ctorDoc}    public function __construct(\n${params.map((p) => `        ${p}`).join(',\n')}\n    ) {\n    }`);
    }
    const ifaces = this.implementsOf.get(cls);
    const head = `${description ? docBlock(description) : ''}final class ${cls} implements ${['Model', ...new Set(ifaces)].join(', ')}\n{\n`;
    const uses = ['Runtime\\Members', 'Runtime\\Model'];
    this.setFile(cls, phpFile(f, 'Model', uses, `${head}${lines.join('\n').replace(/^\n+/, '')}\n}\n`));
  }
}
