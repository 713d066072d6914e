/**
 * Target `php-handler`: for each contract with `"runtime": "php"`, a function
 * folder that deploys as it is: `index.php` with the `main_handler` entry,
 * `contract.php` (the schemas the handler checks), the handler runtime under
 * `cloudfn/` (templates/php/handler, templates/php/shared), and a user-owned
 * `impl.php` created once.
 */
import type { Ir, IrFunction } from '../../ir.js';
import { inputDefaults, type DefaultsPlan } from '../../util/input-defaults.js';
import { withoutAnnotations } from '../../util/schema-walk.js';
import { docBlock, phpString, phpValue } from '../php/literal.js';
import { wrapPhp } from '../php/wrap.js';
import { phpBanner } from '../php-client/php-file.js';
import type { EmittedFile, Target, TargetOptions } from '../target.js';
import { readTemplate } from '../templates.js';
import { mockAnswers } from '../node-handler/emit.js';

/** Runtime files copied into every PHP function's `cloudfn/` folder, in the order index.php loads them. */
export const PHP_HANDLER_RUNTIME = ['shared/Formats', 'shared/JsonObjects', 'shared/JsonValue', 'shared/Pattern', 'shared/ScalarKeywords', 'shared/ArrayKeywords', 'shared/ObjectKeywords', 'shared/SchemaValidator', 'handler/IpAllow', 'handler/Reply', 'handler/Failure', 'handler/Defaults', 'handler/Handler'];
/** The runtime files of a function folder: in mock mode, Mock.php as well (mock.php uses it). */
const runtimeFiles = (mock: boolean): string[] => (mock ? [...PHP_HANDLER_RUNTIME, 'handler/Mock'] : PHP_HANDLER_RUNTIME);

interface PhpHandlerOptions {
  serviceKeyEnv: string;
  allowIpsEnv: string;
  maxBodyBytes: number;
  trustForwardedFor: boolean;
  signingSecretEnv: string;
}

/** `targets.handler.mock`: index.php runs mock.php instead of impl.php. */
const mockMode = (options: TargetOptions): boolean => options.targetOptions['handler']?.['mock'] === true;

function handlerOptions(options: TargetOptions): PhpHandlerOptions {
  const raw = options.targetOptions['handler'] ?? {};
  return {
    serviceKeyEnv: typeof raw['serviceKeyEnv'] === 'string' ? raw['serviceKeyEnv'] : 'CLOUDFN_SERVICE_KEY',
    allowIpsEnv: typeof raw['allowIpsEnv'] === 'string' ? raw['allowIpsEnv'] : 'CLOUDFN_ALLOW_IPS',
    maxBodyBytes: typeof raw['maxBodyBytes'] === 'number' ? raw['maxBodyBytes'] : 6 * 1024 * 1024,
    trustForwardedFor: raw['trustForwardedFor'] === true,
    signingSecretEnv: typeof raw['signingSecretEnv'] === 'string' ? raw['signingSecretEnv'] : 'CLOUDFN_SIGNING_SECRET',
  };
}

function header(from: string): string {
  return `<?php\n\n${phpBanner(from)}\n\ndeclare(strict_types=1);\n\n`;
}

function indexFile(fn: IrFunction, mock: boolean): string {
  const impl = mock ? 'mock.php' : 'impl.php';
  const requires = runtimeFiles(mock).map((r) => `require_once __DIR__ . '/cloudfn/${r.split('/')[1]}.php';`).join('\n');
  const doc = docBlock(
    `The entry CloudBase calls for \`${fn.name}\` (handler: index.main_handler). It checks the call as the\ncontract says, then runs ${impl}. On the 7.4/8.0 runtimes \`$event\` and \`$context\` arrive as objects; arrays work too.\n\n@param object|array<string, mixed> $event\n@param object|array<string, mixed> $context\n@return mixed`,
  );
  return `${header(fn.source)}${doc}function main_handler($event, $context)\n{\n${requires.replace(/^/gm, '    ')}\n\n    static $impl = null;\n    $impl = $impl ?? require __DIR__ . '/${impl}';\n    return \\CloudFn\\Handler\\Handler::run(require __DIR__ . '/contract.php', $event, $context, $impl);\n}\n`;
}

/** A defaults plan with each default as JSON text: PHP arrays cannot tell `{}` from `[]`. */
function phpPlan(plan: DefaultsPlan): unknown {
  return {
    ...(plan.members ? { members: plan.members.map((m) => ({ name: m.name, ...('default' in m ? { default: JSON.stringify(m.default) } : {}), ...(m.plan ? { plan: phpPlan(m.plan) } : {}) })) } : {}),
    ...(plan.items ? { items: phpPlan(plan.items) } : {}),
    ...(plan.refs ? { refs: plan.refs } : {}),
  };
}

function contractFile(ir: Ir, fn: IrFunction, opts: PhpHandlerOptions): string {
  const plan = inputDefaults(ir, fn);
  // Filled into members a caller left out, before the input is checked (cloudfn/Defaults.php).
  const defaults = plan ? { input: phpPlan(plan.input), ...(plan.defs ? { defs: Object.fromEntries(Object.entries(plan.defs).map(([n, p]) => [n, phpPlan(p)])) } : {}) } : undefined;
  const defs: Record<string, unknown> = {};
  const parts = [fn.input, fn.output, ...fn.errors.flatMap((e) => (e.data ? [e.data] : []))];
  for (const name of [...new Set(parts.flatMap((p) => p.uses))].sort()) defs[name] = withoutAnnotations(ir.definitions.find((d) => d.name === name)!.schema);
  const spec = {
    name: fn.name,
    options: opts,
    signing: fn.signing === 'hmac-sha256',
    errors: Object.fromEntries(fn.errors.map((e) => [e.code, { status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) }])),
    // The validator's view: annotations (descriptions, examples) left out.
    errorData: Object.fromEntries(fn.errors.filter((e) => e.data).map((e) => [e.code, withoutAnnotations(e.data!.schema)])),
    input: withoutAnnotations(fn.input.schema),
    ...(defaults ? { defaults } : {}),
    output: withoutAnnotations(fn.output.schema),
    defs,
  };
  const entries = Object.entries(spec).map(([k, v]) => `    ${phpString(k)} => ${phpValue(v, '    ')},`);
  return wrapPhp(`${header(fn.source)}// What the handler checks: the contract of \`${fn.name}\`.\nreturn [\n${entries.join('\n')}\n];\n`);
}

/** mock.php in mock mode: the contract's examples answered as they say, sample outputs otherwise (cloudfn/Mock.php). */
function mockFile(ir: Ir, fn: IrFunction): string {
  const { samples, examples } = mockAnswers(ir, fn);
  // Line comments: a docblock before the return would read as the file's own (PSR-12's file header).
  const doc = `// Mock implementation of \`${fn.name}\`: set \`"targets": { "handler": { "mock": true } }\` or run \`cloudfn gen --mock\`.\n// An input that holds an example's input gets the example's answer; any other, the samples in turn.\n`;
  return wrapPhp(
    `${header(fn.source)}use CloudFn\\Handler\\Mock;\n\n${doc}return Mock::of(\n    // The contract's examples that name an answer, the most specific input first.\n    ${phpValue(examples, '    ')},\n    // Schema-valid outputs, generated from the contract.\n    ${phpValue(samples, '    ')}\n);\n`,
  );
}

function implScaffold(fn: IrFunction): string {
  const codes = fn.errors.map((e) => `${e.code} (${e.status})`).join(', ');
  const lines = [
    `Implementation of \`${fn.name}\`. This file is yours: \`cloudfn gen\` created it once and never touches it again.`,
    ...(fn.description ? ['', fn.description] : []),
    '',
    'Gets the input as arrays (checked against the contract) and the call context (shape, headers, sourceIp,',
    'requestId, openId, appId, unionId, source, functionName); returns the output as arrays, checked before it is sent.',
    ...(codes ? [`Declared errors: ${codes}; raise them with \`throw Failure::of('CODE', $data)\`.`] : []),
    'Until written, the function answers 501 NOT_IMPLEMENTED.',
  ];
  return `<?php\n\n${docBlock(lines.join('\n'))}\ndeclare(strict_types=1);\n\nuse CloudFn\\Handler\\Failure;\n\nreturn static function (array $input, array $context): array {\n    throw Failure::notImplemented(${phpString(fn.name)});\n};\n`;
}

export const phpHandlerTarget: Target = {
  id: 'php-handler',
  emit(ir: Ir, options: TargetOptions): EmittedFile[] {
    const opts = handlerOptions(options);
    const mock = mockMode(options);
    const files: EmittedFile[] = [];
    for (const fn of ir.functions.filter((f) => f.runtime === 'php')) {
      const file = (path: string, contents: string, ownership: 'generated' | 'scaffold' = 'generated'): EmittedFile => ({ root: 'functions', path: `${fn.name}/${path}`, contents, ownership, format: false });
      files.push(
        file('index.php', indexFile(fn, mock)),
        file('contract.php', contractFile(ir, fn, opts)),
        ...runtimeFiles(mock).map((r) => file(`cloudfn/${r.split('/')[1]}.php`, readTemplate(`php/${r}.php`).replace(/^<\?php\n/, `<?php\n\n${phpBanner(`templates/php/${r}.php`)}\n`))),
        file('impl.php', implScaffold(fn), 'scaffold'),
      );
      if (mock) files.push(file('mock.php', mockFile(ir, fn)));
    }
    return files;
  },
};
