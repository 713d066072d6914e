/**
 * Target `php-client`: a composer package under `<out>/php/` with a typed
 * `Client` (one method per function), model classes, per-function business
 * exceptions and the contracts as PHP constants. The runtime
 * (templates/php/client, templates/php/shared) is copied under
 * `src/Runtime` and `src/Exception` in the package's namespace.
 */
import { UsageError } from '../../errors.js';
import type { Ir, IrFunction } from '../../ir.js';
import { camelCase, pascalCase } from '../../util/naming.js';
import { withoutAnnotations } from '../../util/schema-walk.js';
import { docBlock, phpString, phpValue } from '../php/literal.js';
import { phpConstName } from '../php/names.js';
import { banner, memoKey, type EmittedFile, type Target, type TargetOptions } from '../target.js';
import { readTemplate } from '../templates.js';
import { type Mapped, PhpModels } from './models.js';
import { type PhpFlavor, phpBanner, phpFlavor, phpFile } from './php-file.js';
import { t } from '../../i18n/messages.js';

const DIR = 'php';
const RUNTIME = ['AnswerErrors', 'ClientCore', 'FileTokenStore', 'Hints', 'Http', 'Json', 'Members', 'MemoryTokenStore', 'Model', 'Redact', 'TokenManager', 'TokenStore', 'Transports'];
const SHARED = ['ArrayKeywords', 'Formats', 'JsonObjects', 'JsonValue', 'ObjectKeywords', 'Pattern', 'ScalarKeywords', 'SchemaValidator'];
export const EXCEPTIONS = [
  'BusinessException',
  'CloudFnException',
  'FunctionNotFoundException',
  'GatewayException',
  'InvalidInputException',
  'InvalidOutputException',
  'IpNotAllowedException',
  'NetworkException',
  'ServerException',
  'TimeoutException',
  'TriggerNotEnabledException',
  'UnauthorizedException',
  'WeChatApiException',
];

const NAMESPACE = /^[A-Za-z_][A-Za-z0-9_]*(\\[A-Za-z_][A-Za-z0-9_]*)*$/;

export interface PhpClientOptions {
  namespace: string;
  phpVersion: '8.1' | '7.4';
  /** The composer package name. */
  package: string;
}

export function phpClientOptions(options: TargetOptions): PhpClientOptions {
  const raw = options.targetOptions['php-client'] ?? {};
  const namespace = raw['namespace'] ?? 'CloudFn\\Generated';
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) {
    throw new UsageError(t('php.badNamespace', { value: JSON.stringify(namespace) }));
  }
  const phpVersion = raw['phpVersion'] ?? '8.1';
  if (phpVersion !== '8.1' && phpVersion !== '7.4') {
    throw new UsageError(t('php.badVersion', { value: JSON.stringify(phpVersion) }));
  }
  const pkg = raw['package'] ?? namespace.split('\\').map((w) => w.toLowerCase()).slice(0, 2).join('/');
  if (typeof pkg !== 'string' || !/^[a-z0-9]([_.-]?[a-z0-9]+)*\/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$/.test(pkg)) {
    throw new UsageError(t('php.badPackage', { value: JSON.stringify(pkg) }));
  }
  return { namespace, phpVersion, package: pkg.includes('/') ? pkg : `${pkg}/client` };
}

/** A runtime template as copied into the package: banner added, namespace rewritten. */
export function phpTemplate(rel: string, namespace: string): string {
  return readTemplate(rel)
    .replace(/^<\?php\n/, `<?php\n\n${phpBanner(`templates/${rel}`)}\n`)
    .replace(/CloudFn\\(Runtime|Exception)\b/g, (_, sub: string) => `${namespace}\\${sub}`);
}

/** The PHP names of one function's classes. */
export function phpNames(fn: IrFunction): { base: string; input: string; output: string; exception: string; contract: string; method: string } {
  const base = pascalCase(fn.name);
  const camel = camelCase(fn.name);
  // A function named as the client's own generic method (`callRaw`; PHP names are case-insensitive).
  const method = camel.toLowerCase() === 'callraw' ? `${camel}Function` : camel;
  return { base, input: `${base}Input`, output: `${base}Output`, exception: `${base}Exception`, contract: `${base}Contract`, method };
}

interface FunctionModels {
  fn: IrFunction;
  input: Mapped;
  output: Mapped;
  errors: { code: string; status: number; data: Mapped | null }[];
}

function contractFile(flavor: PhpFlavor, f: FunctionModels): string {
  const n = phpNames(f.fn);
  const spec = {
    name: f.fn.name,
    path: f.fn.httpPath,
    timeoutSeconds: f.fn.timeoutSeconds,
    idempotent: f.fn.idempotent,
    ...(f.fn.signing ? { signing: true } : {}),
    errors: Object.fromEntries(f.fn.errors.map((e) => [e.code, e.status])),
  };
  const head = Object.entries(spec).map(([k, v]) => `        ${phpString(k)} => ${phpValue(v, '        ')},`).join('\n');
  const exception = f.fn.errors.length ? `${n.exception}::class` : 'null';
  // The schema of each code's data: the client checks a declared error's data against it, as the answer's.
  const errorData = f.fn.errors.flatMap((e) => (e.data ? [[e.code, withoutAnnotations(e.data.schema)] as const] : []));
  const body =
    `${docBlock(`The contract of \`${f.fn.name}\` (${f.fn.source}), as the client checks it.`)}final class ${n.contract}\n{\n` +
    `    public const SPEC = [\n${head}\n        'exception' => ${exception},\n` +
    `        'input' => ${phpValue(withoutAnnotations(f.fn.input.schema), '        ')},\n        'output' => ${phpValue(withoutAnnotations(f.fn.output.schema), '        ')},\n` +
    (errorData.length ? `        'errorData' => ${phpValue(Object.fromEntries(errorData), '        ')},\n` : '') +
    '    ];\n}\n';
  return phpFile(flavor, 'Contract', f.fn.errors.length ? [`Exception\\${n.exception}`] : [], body);
}

function definitionsFile(ir: Ir, flavor: PhpFlavor): string {
  const all = Object.fromEntries(ir.definitions.map((d) => [d.name, withoutAnnotations(d.schema)]));
  return phpFile(flavor, 'Contract', [], `${docBlock('The shared schemas every contract reaches through `#/$defs/<Name>`.')}final class Definitions\n{\n    public const ALL = ${phpValue(all, '    ')};\n}\n`);
}

/** The model classes a type spec names (`Foo::class`, `Foo::VALUES`), outside its string literals. */
function classesIn(spec: string): string[] {
  return [...spec.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''").matchAll(/(\w+)::(?:class|VALUES)\b/g)].map((m) => m[1]!);
}

/**
 * The methods a function's exception has before its data accessors, lower-case (PHP method names
 * are case-insensitive): its own errorCode() and getData(), BusinessException's and
 * CloudFnException's, and \Exception's, most of them final.
 */
const EXCEPTION_METHODS = ['errorcode', 'getdata', 'dataof', 'getfunctionname', 'gethint', 'getrequestid', 'getstatus', 'getmessage', 'getcode', 'getfile', 'getline', 'gettrace', 'getprevious', 'gettraceasstring', '__tostring', '__construct', '__wakeup', '__clone'];

/**
 * The data accessor of an error code (`OUT_OF_STOCK` → `outOfStock()`), with `Data` added when
 * that names a method the exception has (`GET_MESSAGE` → `getMessageData()`), and a number when
 * another accessor has the name already; `taken` holds the names used so far, lower-case.
 */
function accessorName(code: string, taken: Set<string>): string {
  const camel = camelCase(code.toLowerCase());
  const stem = EXCEPTION_METHODS.includes(camel.toLowerCase()) ? `${camel}Data` : camel;
  let name = stem;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function exceptionFile(flavor: PhpFlavor, f: FunctionModels): string {
  const n = phpNames(f.fn);
  const enumName = `${n.base}ErrorCode`;
  const codes = f.fn.errors.map((e) => `\`${e.code}\` (${e.status})`).join(', ');
  const withData = f.errors.filter((e) => e.data !== null);
  const dataDoc = withData.length ? [...new Set(withData.map((e) => e.data!.doc)), 'null'].join('|') : 'null';
  const table = withData.map((e) => `${phpString(e.code)} => ${e.data!.spec}`);
  const taken = new Set(EXCEPTION_METHODS);
  const accessors = withData
    .filter((e) => e.data!.className !== undefined && e.data!.native === e.data!.className)
    .map((e) => {
      const cls = e.data!.className!;
      const method = accessorName(e.code, taken);
      return `\n    /** The data of \`${e.code}\`, or null when this is another code. */\n    public function ${method}(): ?${cls}\n    {\n        $data = $this->getData();\n        return $data instanceof ${cls} ? $data : null;\n    }\n`;
    });
  const errorCode = flavor.v74
    ? `    /** The declared code, one of the ${enumName} constants. */\n    public function errorCode(): string\n    {\n        return (string) $this->getCode();\n    }\n`
    : `    /** The declared code. */\n    public function errorCode(): ${enumName}\n    {\n        return ${enumName}::from((string) $this->getCode());\n    }\n`;
  const body =
    `${docBlock(`A declared error of \`${f.fn.name}\`: ${codes}. \`errorCode()\` tells which; \`getData()\` is the typed data of that code.`)}` +
    `final class ${n.exception} extends BusinessException\n{\n    protected const DATA = [${table.join(', ')}];\n\n${errorCode}` +
    `\n    /**\n     * The typed data of the code.\n     *\n     * @return ${dataDoc}\n     */\n    public function getData()\n    {\n        return parent::getData();\n    }\n` +
    accessors.join('') +
    '}\n';
  // DATA names model classes, and the accessors their data classes.
  const uses = [...new Set([...classesIn(table.join(' ')), ...withData.map((e) => e.data!.className).filter((c): c is string => c !== undefined)])].sort().map((c) => `Model\\${c}`);
  return phpFile(flavor, 'Exception', uses, body);
}

function errorCodeFile(flavor: PhpFlavor, fn: IrFunction): string {
  const name = `${phpNames(fn).base}ErrorCode`;
  const doc = docBlock(`The error codes \`${fn.name}\` declares.`);
  const lines = fn.errors.map((e) => `${docBlock(`${e.status}${e.description ? ` ${e.description}` : ''}`, '    ')}    ${flavor.v74 ? 'public const' : 'case'} ${phpConstName(e.code)} = ${phpString(e.code)};`);
  return phpFile(flavor, 'Exception', [], flavor.v74 ? `${doc}final class ${name}\n{\n${lines.join('\n')}\n}\n` : `${doc}enum ${name}: string\n{\n${lines.join('\n')}\n}\n`);
}

function methodDoc(f: FunctionModels): string {
  const fn = f.fn;
  const n = phpNames(fn);
  const lines = [fn.description ?? `Calls \`${fn.name}\`.`, ''];
  lines.push(`Cloud function \`${fn.name}\`, HTTP path \`${fn.httpPath}\`, timeout ${fn.timeoutSeconds} s${fn.idempotent ? ', idempotent (retried on network errors and 502)' : ''}.`, '');
  if (f.input.doc !== f.input.native) lines.push(`@param ${f.input.doc} $input`);
  lines.push('@param array{timeoutMs?: int} $options');
  if (f.output.doc !== f.output.native) lines.push(`@return ${f.output.doc}`);
  if (fn.errors.length) lines.push(`@throws ${n.exception} ${fn.errors.map((e) => `${e.code} (${e.status})`).join(', ')}`);
  lines.push('@throws CloudFnException a transport, gateway or contract failure (see its subclasses)');
  return docBlock(lines.join('\n'), '    ');
}

function clientFile(flavor: PhpFlavor, fns: FunctionModels[]): string {
  const uses = new Set(['Runtime\\ClientCore', 'Contract\\Definitions', 'Exception\\CloudFnException']);
  const methods = fns.map((f) => {
    const n = phpNames(f.fn);
    uses.add(`Contract\\${n.contract}`);
    if (f.fn.errors.length) uses.add(`Exception\\${n.exception}`);
    for (const m of [f.input, f.output]) {
      if (m.className) uses.add(`Model\\${m.className}`);
      for (const c of classesIn(m.spec)) uses.add(`Model\\${c}`);
    }
    const inType = f.input.native ? `${f.input.native} ` : '';
    const outType = f.output.native && !flavor.v74 ? `: ${f.output.native}` : f.output.native && !f.output.native.includes('|') ? `: ${f.output.native}` : '';
    // A model sends its toArray(); other types go through Json::write unless they are sent as they are.
    const send = f.input.model ? '$input->toArray()' : f.input.asIs ? '$input' : `Json::write(${f.input.spec}, $input)`;
    const map = `Json::read(${f.output.spec}, $data, '')`;
    uses.add('Runtime\\Json');
    const mapper = flavor.v74 ? `static function ($data) {\n                return ${map};\n            }` : `static fn ($data) => ${map}`;
    return `${methodDoc(f)}    public function ${n.method}(${inType}$input, array $options = [])${outType}\n    {\n        return $this->core->call(\n            ${n.contract}::SPEC,\n            ${send},\n            $options,\n            ${mapper}\n        );\n    }\n`;
  });
  const specs = fns.map((f) => `        ${phpString(f.fn.name)} => ${phpNames(f.fn).contract}::SPEC,`);
  const body =
    `${docBlock(
      'The project\'s cloud functions, callable from a server over the HTTP trigger\n(`[\'http\' => [\'baseUrl\' => …, \'serviceKey\' => …]]`), the CloudBase HTTP API\n(`[\'api\' => [\'envId\' => …, \'apiKey\' => …]]`) or the WeChat server API\n(`[\'cloud\' => [\'env\' => …, \'appId\' => …, \'appSecret\' => …]]`).\n\nServer side only: it holds the service key, the API key or the AppSecret.',
    )}final class Client\n{\n    private const SPECS = [\n${specs.join('\n')}\n    ];\n\n` +
    `    /** @var ClientCore */\n    private $core;\n\n` +
    `    /**\n     * @param array<string, mixed> $options http, api or cloud (exactly one), validateInput, validateOutput,\n     *     timeoutMarginMs, connectTimeoutMs, retry, onRequest, onResponse\n     */\n` +
    `    public function __construct(\n        #[\\SensitiveParameter]\n        array $options\n    ) {\n        $this->core = new ClientCore($options, Definitions::ALL);\n    }\n\n` +
    methods.join('\n') +
    `\n    /**\n     * Calls any function of the project by name with plain arrays; the contract is still checked both ways.\n     *\n     * @param array<string|int, mixed> $input\n     * @param array{timeoutMs?: int} $options\n     * @return array<string|int, mixed>\n     * @throws CloudFnException\n     */\n` +
    `    public function callRaw(string $function, array $input, array $options = []): array\n    {\n        if (!isset(self::SPECS[$function])) {\n            throw new \\InvalidArgumentException(\n                'cloudfn client: no function ' . json_encode($function) . '; the contracts declare '\n                    . implode(', ', array_keys(self::SPECS))\n            );\n        }\n` +
    `        return $this->core->call(self::SPECS[$function], $input, $options, static function ($data): array {\n            return is_array($data) ? $data : ['value' => $data];\n        });\n    }\n}\n`;
  return phpFile(flavor, '', [...uses], body);
}

function composerFile(o: PhpClientOptions, from: string): string {
  const composer = {
    name: o.package,
    description: `Typed PHP client for the project's cloud functions. ${banner(from, '').trim()}`,
    type: 'library',
    license: 'proprietary',
    require: { php: `>=${o.phpVersion}`, 'ext-curl': '*', 'ext-json': '*', 'ext-mbstring': '*' },
    autoload: { 'psr-4': { [`${o.namespace}\\`]: 'src/' } },
  };
  return `${JSON.stringify(composer, null, 4)}\n`;
}

export const phpClientTarget: Target = {
  id: 'php-client',
  emit(ir: Ir, options: TargetOptions): EmittedFile[] {
    if (options.targetOptions['php-client']?.['enabled'] === false) return [];
    const o = phpClientOptions(options);
    const from = `the contracts in ${options.schemasDir}/`;
    const flavor = phpFlavor(o.namespace, o.phpVersion, from);
    const models = new PhpModels(
      ir,
      flavor,
      ir.functions.flatMap((fn) => {
        const n = phpNames(fn);
        return [n.contract, n.exception, `${n.base}ErrorCode`];
      }),
    );
    const fns: FunctionModels[] = ir.functions.map((fn) => {
      const n = phpNames(fn);
      // With the memo, a function's classes are built again only when its types, or what the
      // functions before it did to the class names, changed.
      const mapped = models.mapFunction(fn, { input: n.input, output: n.output, error: (code) => `${n.base}${pascalCase(code.toLowerCase())}Data` }, options.memo);
      return { fn, input: mapped.input, output: mapped.output, errors: fn.errors.map((e, i) => ({ code: e.code, status: e.status, data: mapped.errors[i] ?? null })) };
    });
    const file = (path: string, contents: string): EmittedFile => ({ root: 'out', path: `${DIR}/${path}`, contents, ownership: 'generated', format: false });
    const files = [
      file('composer.json', composerFile(o, from)),
      file('src/Client.php', clientFile(flavor, fns)),
      file('src/Contract/Definitions.php', definitionsFile(ir, flavor)),
      ...RUNTIME.map((r) => file(`src/Runtime/${r}.php`, phpTemplate(`php/client/${r}.php`, o.namespace))),
      ...SHARED.map((r) => file(`src/Runtime/${r}.php`, phpTemplate(`php/shared/${r}.php`, o.namespace))),
      ...EXCEPTIONS.map((r) => file(`src/Exception/${r}.php`, phpTemplate(`php/client/Exception/${r}.php`, o.namespace))),
    ];
    for (const f of fns) {
      const n = phpNames(f.fn);
      // The schemas as PHP constants: the slowest file to print, and it depends on this function alone.
      const fn = f.fn;
      // Everything the file is printed from: each error's data schema too (the client checks the data by it).
      const contractKey = memoKey('php-contract', o, from, fn.name, fn.source, n.contract, n.exception, fn.httpPath, fn.timeoutSeconds, fn.idempotent, fn.signing ?? null, fn.errors.map((e) => [e.code, e.status, e.data ? e.data.schema : null]), fn.input.schema, fn.output.schema);
      files.push(file(`src/Contract/${n.contract}.php`, options.memo ? options.memo.through(contractKey, () => contractFile(flavor, f)) : contractFile(flavor, f)));
      if (f.fn.errors.length) files.push(file(`src/Exception/${n.exception}.php`, exceptionFile(flavor, f)), file(`src/Exception/${n.base}ErrorCode.php`, errorCodeFile(flavor, f.fn)));
    }
    for (const m of [...models.files.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) files.push(file(`src/Model/${m.name}.php`, m.contents));
    return files;
  },
};
