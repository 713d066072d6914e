/**
 * The generated PHP package as a PHP developer receives it: it parses, passes
 * PSR-12, installs with composer, maps every example and sample both ways,
 * keeps PHP 7.4 syntax when asked, and survives hostile names and text.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../../generator/config.js';
import type { IrFunction } from '../../generator/ir.js';
import { compile, runGen } from '../../generator/pipeline.js';
import { phpNames } from '../../generator/targets/php-client/emit.js';
import { pascalCase } from '../../generator/util/naming.js';
import { HINTS } from '../../templates/ts-client/client-errors.js';
import { HINTS_ZH } from '../../templates/ts-client/client-hints-zh.js';
import { SHOP_DIR } from '../helpers/built-shop.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { php, phpJson } from '../helpers/php.js';
import { tempProject } from '../helpers/temp-project.js';

const SHOP_PHP = path.join(SHOP_DIR, 'generated/php');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cloudfn-php-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function phpFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.php'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** `php -l` on each file, four at a time; the files that fail, with PHP's message. */
async function lintFailures(files: string[]): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < files.length; i += 4) {
    const runs = await Promise.all(files.slice(i, i + 4).map((f) => php(['-l', f])));
    runs.forEach((r, j) => r.code !== 0 && failures.push(`${files[i + j]}: ${r.stdout}${r.stderr}`));
  }
  return failures;
}

interface Case {
  class: string;
  value: unknown;
}

/** Every example and contract-test sample of a function, with the model class it belongs to. */
function casesOf(fn: IrFunction, samples: unknown[]): Case[] {
  const n = phpNames(fn);
  const cases: Case[] = samples.map((value) => ({ class: n.input, value }));
  for (const e of fn.examples) {
    cases.push({ class: n.input, value: e.input });
    // A subset example's output is partial by design: not a whole output to round-trip.
    if (e.output !== undefined && e.match !== 'subset') cases.push({ class: n.output, value: e.output });
    if (e.error?.data !== undefined) cases.push({ class: `${n.base}${pascalCase(e.error.code.toLowerCase())}Data`, value: e.error.data });
  }
  return cases;
}

async function roundTrip(cases: Case[], env: Record<string, string> = {}): Promise<void> {
  const file = path.join(scratch, `cases-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(cases));
  const results = await phpJson<{ json?: string; error?: string }[]>('inspect.php', ['round-trip', file], env);
  expect(results).toHaveLength(cases.length);
  results.forEach((r, i) => {
    expect(r.error, `${cases[i]!.class} ${JSON.stringify(cases[i]!.value)}`).toBeUndefined();
    expect(JSON.parse(r.json!), cases[i]!.class).toEqual(cases[i]!.value);
  });
}

/** A typed parameter whose default is null and whose type does not say so: deprecated in PHP 8.4 (write `?Type $x = null`). */
const implicitNullable = /[(,]\s*(?:(?:public|protected|private|readonly)\s+)*\\?[A-Za-z_][\w\\]* (?:&|\.\.\.)?\$\w+ = null\b/;

describe('the example package (PHP 8.1 flavour)', () => {
  test('every generated file parses (php -l)', async () => {
    expect(await lintFailures(phpFiles(SHOP_PHP))).toEqual([]);
  });

  test('PSR-12: phpcs reports nothing on the client package or a PHP function folder', async () => {
    const { execFileSync } = await import('node:child_process');
    let report: string;
    try {
      report = execFileSync('phpcs', ['--standard=PSR12', '--report=emacs', path.join(SHOP_PHP, 'src'), path.join(SHOP_DIR, 'functions/getOrderPhp')], { encoding: 'utf8' });
    } catch (e) {
      report = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(report).toBe('');
  });

  test('calls no function and names no constant that a later PHP deprecates (a notice on every use there)', async () => {
    // Deprecated in PHP 8.1-8.5 (php.net's migration guides); 8.2 is what the tests run, so a use
    // would pass here and print "Deprecated: ..." in a caller's log on 8.5.
    const deprecated = [
      'curl_close', 'curl_share_close', 'CURLOPT_BINARYTRANSFER', 'finfo_close', 'xml_parser_free', 'socket_set_timeout', 'DATE_RFC7231', // 8.5
      'lcg_value', 'E_STRICT', // 8.4
      'utf8_encode', 'utf8_decode', // 8.2
      'strftime', 'gmstrftime', 'mhash', 'FILTER_SANITIZE_STRING', 'date_sunrise', 'date_sunset', // 8.1
    ];
    const files = [...phpFiles(SHOP_PHP), ...phpFiles(path.join(REPO_ROOT, 'templates/php')), ...phpFiles(path.join(SHOP_DIR, 'functions/getOrderPhp'))];
    const names = await phpJson<Record<string, string[]>>('inspect.php', ['calls', ...files]);
    const used = Object.entries(names).flatMap(([file, list]) => list.filter((n) => deprecated.includes(n)).map((n) => `${path.relative(REPO_ROOT, file)}: ${n}`));
    expect(used).toEqual([]);
    // 8.4: no implicitly nullable parameter.
    expect(files.filter((f) => implicitNullable.test(readFileSync(f, 'utf8'))).map((f) => path.relative(REPO_ROOT, f))).toEqual([]);
    expect(implicitNullable.test('public function f(Model $data = null)')).toBe(true);
    expect(implicitNullable.test('__construct(\n        public readonly Address $shipTo = null\n    )')).toBe(true);
    expect(implicitNullable.test('public function f(?Model $data = null, int|null $n = null) { static $x = null; }')).toBe(false);
    // The scan sees calls and constants: the client's HTTP runtime uses curl.
    expect(names[path.join(SHOP_PHP, 'src/Runtime/Http.php')]).toEqual(expect.arrayContaining(['curl_exec', 'curl_init', 'CURLOPT_URL']));
  });

  test('composer validates it and builds its autoloader offline; the autoloader finds the client', async () => {
    const copy = path.join(scratch, 'composer-copy');
    cpSync(SHOP_PHP, copy, { recursive: true });
    const { execFileSync } = await import('node:child_process');
    const env = { ...process.env, COMPOSER_HOME: path.join(scratch, 'composer-home'), COMPOSER_DISABLE_NETWORK: '1', COMPOSER_NO_INTERACTION: '1' };
    execFileSync('composer', ['validate', '--strict', '--no-check-publish'], { cwd: copy, env, stdio: 'pipe' });
    execFileSync('composer', ['dump-autoload', '--optimize'], { cwd: copy, env, stdio: 'pipe' });
    const run = await php(['-r', `require 'vendor/autoload.php'; echo get_class(new CloudFn\\Generated\\Client(['http' => ['baseUrl' => 'http://127.0.0.1:9', 'serviceKey' => 'k']]));`], { cwd: copy });
    expect(run.stdout).toBe('CloudFn\\Generated\\Client');
  });

  test('installs into a PHP app as both READMEs say (a path repository), with composer offline; the app calls through it', async () => {
    const { readFileSync, mkdirSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    // The composer.json of the README's PHP section, each README's own.
    const snippets = ['README.md', 'README.zh-CN.md'].map((f) => {
      const block = /```json\n(\{\n {4}"repositories": \[\{ "type": "path"[\s\S]*?)\n```/.exec(readFileSync(path.join(REPO_ROOT, f), 'utf8'));
      expect(block, f).not.toBeNull();
      return JSON.parse(block![1]!) as { repositories: Record<string, unknown>[]; require: Record<string, string> };
    });
    expect(snippets[1]).toEqual(snippets[0]);
    const app = path.join(scratch, 'app');
    const pkg = path.join(scratch, 'generated-php');
    mkdirSync(app, { recursive: true });
    cpSync(SHOP_PHP, pkg, { recursive: true });
    const manifest = { ...snippets[0]!, repositories: [{ ...snippets[0]!.repositories[0], url: '../generated-php' }, { 'packagist.org': false }] };
    writeFileSync(path.join(app, 'composer.json'), JSON.stringify(manifest, null, 4));
    const env = { ...process.env, COMPOSER_HOME: path.join(scratch, 'composer-home'), COMPOSER_DISABLE_NETWORK: '1', COMPOSER_NO_INTERACTION: '1' };
    let out = '';
    try {
      execFileSync('composer', ['install', '--no-progress'], { cwd: app, env, stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr ?? e);
    }
    expect(out).toBe('');
    const run = await php(['-r', `require 'vendor/autoload.php'; echo get_class(new CloudFn\\Generated\\Client(['http' => ['baseUrl' => 'http://127.0.0.1:9', 'serviceKey' => 'k']]));`], { cwd: app });
    expect(run.stdout).toBe('CloudFn\\Generated\\Client');
  });

  test('the hints are the TypeScript client\'s, word for word', async () => {
    const { ZH, ...hints } = await phpJson<Record<string, string> & { ZH: Record<string, string> }>('inspect.php', ['hints']);
    const snake = (k: string): string => k.replace(/([A-Z])/g, '_$1').toUpperCase();
    expect(hints).toEqual(Object.fromEntries(Object.entries(HINTS).map(([k, v]) => [snake(k), v])));
    expect(ZH).toEqual(HINTS_ZH);
  });

  test('hints in Chinese when the locale (or CLOUDFN_LANG) says zh, in English otherwise', async () => {
    const hint = async (env: Record<string, string>): Promise<string> => (await phpJson<{ hint: string }>('inspect.php', ['hint', HINTS.unauthorized], { ...env })).hint;
    expect(await hint({ LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' })).toBe(HINTS_ZH[HINTS.unauthorized]);
    expect(await hint({ CLOUDFN_LANG: 'zh', LANG: 'en_US.UTF-8' })).toBe(HINTS_ZH[HINTS.unauthorized]);
    expect(await hint({ LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' })).toBe(HINTS.unauthorized);
  });

  test('fromArray(toArray(x)) gives x back for every example and every contract-test sample', async () => {
    const ir = compile(resolveConfig({}, SHOP_DIR));
    const cases = [];
    for (const fn of ir.functions) {
      const { data } = (await import(path.join(SHOP_DIR, `generated/tests/${fn.name}.contract-data.ts`))) as { data: { samples: unknown[] } };
      cases.push(...casesOf(fn, data.samples));
    }
    expect(cases.length).toBeGreaterThan(30);
    await roundTrip(cases);
  });

  test('a value that breaks the contract is refused with its JSON pointer', async () => {
    const file = path.join(scratch, 'bad.json');
    writeFileSync(file, JSON.stringify([{ class: 'SubmitOrderInput', value: { customerId: 'c', items: [{ sku: 'A', quantity: '2' }], shipTo: {}, payment: 'cash' } }]));
    const [r] = await phpJson<{ error?: string }[]>('inspect.php', ['round-trip', file]);
    expect(r!.error).toBe('CloudFn\\Generated\\Exception\\InvalidOutputException: the answer does not match the contract: /items/0/quantity must be integer');
  });
});

const HOSTILE = {
  'cloudfn.config.json': { schemas: 'schemas', out: 'generated', functions: 'functions', targets: { 'php-client': { phpVersion: '7.4', namespace: 'Acme\\Shop74' } } },
  // Named as the client's own generic method.
  'schemas/call-raw.fn.json': { name: 'call-raw', input: { type: 'object' }, output: { type: 'object' } },
  'schemas/weird.fn.json': {
    name: 'weird-names',
    description: "Ends a comment */ then <?php echo 'x'; ?> with a \\ backslash, $dollar and 中文说明",
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['class', 'list'],
      properties: {
        class: { type: 'string', description: '*/ evil' },
        list: { type: 'array', items: { $ref: '#/$defs/Match' } },
        default: { type: ['string', 'null'] },
        this: { type: 'integer' },
        'foo-bar': { type: 'boolean' },
        fooBar: { type: 'boolean' },
        quote: { enum: ["it's", 'a\\b', '$var', '{$x}', '*/'] },
        kind: { $ref: '#/$defs/Enum' },
        empty: { type: 'object', additionalProperties: false, properties: { opt: { type: 'string' } } },
        ratio: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
        digits: { type: 'object', properties: { '0': { type: 'string' }, '1': { type: 'integer' } } },
        // Definitions named as the classes a model or the client imports.
        model: { $ref: '#/$defs/Model' },
        members: { $ref: '#/$defs/Members' },
        core: { $ref: '#/$defs/ClientCore' },
        contract: { $ref: '#/$defs/WeirdNamesContract' },
        // Names in another script keep their names in PHP.
        姓名: { type: 'string' },
        城市: { enum: ['北京', '上海'] },
      },
    },
    output: {
      type: 'object',
      required: ['shape'],
      properties: {
        shape: {
          oneOf: [
            { type: 'object', required: ['kind', 'r'], properties: { kind: { const: 'circle' }, r: { type: 'number' } } },
            { type: 'object', required: ['kind', 'w'], properties: { kind: { const: 'rect' }, w: { type: 'integer' } } },
          ],
        },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { $ref: '#/$defs/Match' }], items: false },
      },
    },
    // Error codes whose data accessor would be named as a method the exception already has
    // (errorCode, getData, Exception's final getMessage and getCode, getStatus), or as another's.
    errors: Object.fromEntries(
      ['ERROR_CODE', 'GET_DATA', 'GET_MESSAGE', 'GET_CODE', 'GET_STATUS', 'ITEM_1A', 'ITEM1_A', 'ERROR_CODE_DATA'].map((code, i) => [code, { status: 409 + i, data: { type: 'object', properties: { why: { type: 'string' } } } }]),
    ),
    $defs: {
      Match: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: "^[a-z'\\\\/]+$" } } },
      Enum: { enum: ['a', 'b'] },
      Model: { type: 'object', required: ['m'], properties: { m: { type: 'string' } } },
      Members: { type: 'object', properties: { n: { type: 'integer' } } },
      ClientCore: { type: 'object', properties: { c: { type: 'boolean' } } },
      WeirdNamesContract: { type: 'object', properties: { k: { type: 'string' } } },
    },
  },
};

describe('PHP 7.4 flavour, hostile names and text', () => {
  const dir = tempProject(HOSTILE);
  const pkg = path.join(dir, 'generated/php');
  const env = { CLOUDFN_PHP_PACKAGE: pkg, CLOUDFN_PHP_NAMESPACE: 'Acme\\Shop74' };

  test('generates, parses, and uses no PHP 8 syntax (token scan)', async () => {
    await runGen(resolveConfig({}, dir));
    const files = phpFiles(pkg);
    expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['MatchModel.php', 'EnumModel.php', 'WeirdNamesInput.php']));
    expect(await lintFailures(files)).toEqual([]);
    expect(files.filter((f) => implicitNullable.test(readFileSync(f, 'utf8')))).toEqual([]);
    expect([...readFileSync(path.join(pkg, 'src/Client.php'), 'utf8').matchAll(/public function (\w+)\(/g)].map((m) => m[1])).toEqual(['__construct', 'callRawFunction', 'weirdNames', 'callRaw']);
    const accessors = [...readFileSync(path.join(pkg, 'src/Exception/WeirdNamesException.php'), 'utf8').matchAll(/public function (\w+)\(\)/g)].map((m) => m[1]);
    expect(accessors).toEqual(['errorCode', 'getData', 'errorCodeData', 'errorCodeData2', 'getCodeData', 'getDataData', 'getMessageData', 'getStatusData', 'item1A', 'item1a2']);
    // The runtime templates and a generated PHP function folder must parse on 7.4 too (the handler runs there).
    const runtime = [...phpFiles(path.join(REPO_ROOT, 'templates/php')), ...phpFiles(path.join(SHOP_DIR, 'functions/submitOrderPhp'))];
    expect(runtime.length).toBeGreaterThan(20);
    const found = await phpJson<Record<string, string[]>>('inspect.php', ['tokens', ...files, ...runtime]);
    expect(Object.entries(found).filter(([, c]) => c.length > 0)).toEqual([]);
    // The scanner does find PHP 8 constructs: the 8.1 example package is full of them.
    const shop = await phpJson<Record<string, string[]>>('inspect.php', ['tokens', path.join(SHOP_PHP, 'src/Model/GetOrderOutput.php'), path.join(SHOP_PHP, 'src/Model/SubmitOrderInputPayment.php')]);
    expect(Object.values(shop).flat().sort()).toEqual(['constructor promotion', 'enum', 'readonly']);
  });

  test('members and enum values named in another script keep their names: $姓名, case 北京 (not $value2, VALUE)', () => {
    const input = readFileSync(path.join(pkg, 'src/Model/WeirdNamesInput.php'), 'utf8');
    expect(input).toMatch(/^ {4}public \?string \$姓名;$/m);
    expect(input).toMatch(/^ {4}public \?string \$城市;$/m);
    const cities = readdirSync(path.join(pkg, 'src/Model')).filter((f) => f.startsWith('WeirdNamesInput') && readFileSync(path.join(pkg, 'src/Model', f), 'utf8').includes("'北京'"));
    expect(cities).toHaveLength(1);
    expect(readFileSync(path.join(pkg, 'src/Model', cities[0]!), 'utf8')).toMatch(/^ {4}public const 北京 = '北京';$/m);
  });

  test('a model built in PHP can send an explicit null for an optional nullable member', async () => {
    const [before, after] = await phpJson<string[]>('inspect.php', ['with-null', 'WeirdNamesInput', 'default', JSON.stringify({ class: 'c', list: [] })], env);
    expect(JSON.parse(before!)).toEqual({ class: 'c', list: [] });
    expect(JSON.parse(after!)).toEqual({ class: 'c', list: [], default: null });
    // A required member, or one whose type has no null, cannot be sent as null.
    for (const member of ['class', 'ratio', 'nope']) {
      const refused = await phpJson<{ error?: string }>('inspect.php', ['with-null', 'WeirdNamesInput', member, JSON.stringify({ class: 'c', list: [] })], env);
      expect(refused.error).toBe(`${member} is not an optional member of Acme\\Shop74\\Model\\WeirdNamesInput that may be null`);
    }
  });

  test('round trips keep false, 0, "", empty lists, explicit nulls, {} and members named 0, 1 ; reserved words are renamed', async () => {
    await roundTrip(
      [
        { class: 'WeirdNamesInput', value: { class: '*/', list: [], default: null, this: 0, 'foo-bar': false, fooBar: true, quote: "it's", kind: 'a', empty: {}, ratio: 0.5, tags: [] } },
        { class: 'WeirdNamesInput', value: { class: '', list: [{ id: "it's" }], quote: '{$x}' } },
        // Members named 0 and 1: a PHP list, written back as an object.
        { class: 'WeirdNamesInput', value: { class: 'c', list: [], digits: { '0': 'a', '1': 2 } } },
        { class: 'WeirdNamesInput', value: { class: 'c', list: [], model: { m: 'x' }, members: { n: 1 }, core: { c: true }, contract: { k: 'v' } } },
        { class: 'WeirdNamesInput', value: { class: 'c', list: [], 姓名: '张三', 城市: '上海' } },
        { class: 'WeirdNamesOutput', value: { shape: { kind: 'rect', w: 3 }, pair: ['a', { id: 'b/c' }] } },
        { class: 'WeirdNamesOutput', value: { shape: { kind: 'circle', r: 1.5 } } },
      ],
      env,
    );
  });
});
