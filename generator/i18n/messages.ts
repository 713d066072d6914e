/**
 * The CLI's own words, in English and in Chinese: one catalogue per language, the same keys and the
 * same `{placeholders}` in each (a test holds them complete). Chinese when `--lang zh` is given, or
 * when `LC_ALL`, `LC_MESSAGES` or `LANG` starts with `zh`; English otherwise. Contract problems are
 * written in English where they are found and read in Chinese by `diagnostics-zh.ts` when printed;
 * the generated clients carry their error hints in both languages (client-hints-zh.ts, Hints.php).
 * The Chinese catalogue is messages-zh.ts.
 */
import { zh } from './messages-zh.js';
import { REFERENCE_ZH } from './reference-zh.js';

export type Language = 'en' | 'zh';

const en = {
  'usage': '$0 <command> [options]\n\nSchema-first code generator for WeChat / CloudBase cloud functions.',
  'cmd.gen': 'Generate types, clients and handlers from the contracts; writes only files whose content changed',
  'cmd.build': 'Rebuild only the deployable functions/<name>/dist folders (index.js + package.json) from the sources on disk',
  'cmd.check': 'Regenerate in memory and compare with disk, type-check every impl.ts against the contract types and parse every impl.php; exit 1 when anything drifted',
  'cmd.new': 'Create a contract skeleton for a new function (input, output, an error, an example), generate, and scaffold its implementation',
  'cmd.openapi': 'Write an OpenAPI 3.1 document of the functions (the HTTP trigger paths, or with --transport api the CloudBase HTTP API)',
  'cmd.docs': 'Write a self-contained HTML reference of the functions (search, tables, errors, examples, call snippets)',
  'cmd.diff': 'Compare two versions of the contracts (folders or git refs; head defaults to the working tree) and classify each change: breaking for callers, breaking for the function, or compatible',
  'cmd.serve': 'Run the functions on a local CloudBase gateway: HTTP trigger paths and the WeChat server API (token, invoke)',
  'opt.config': 'Path to cloudfn.config.json (default: searched upward from the working directory)',
  'opt.schemas': 'Folder of *.fn.json / *.fn.yaml contracts',
  'opt.out': 'Folder for types, clients and contract tests',
  'opt.functions': 'Folder of function handlers, one sub-folder per function',
  'opt.verbose': 'List every file written, and the time each stage took',
  'opt.quiet': 'Print nothing but errors and warnings',
  'opt.mock': 'Handlers serve generated sample outputs (mock.ts) instead of impl.ts (same as targets.handler.mock)',
  'opt.lang': 'Language of the messages: en or zh (default: from LANG)',
  'opt.gen.watch': 'Regenerate on every change of a contract, a file it $refs, or the config',
  'opt.check.format': 'text, github (workflow annotations) or json',
  'opt.check.impl': 'Type-check the implementations (--no-impl to skip)',
  'opt.new.name': 'The cloud function name, e.g. submitOrder or user-login',
  'opt.new.yaml': 'Write <name>.fn.yaml instead of .fn.json',
  'opt.new.runtime': 'The language of the function: a TypeScript handler, or PHP main_handler',
  'opt.openapi.transport': 'http: POST <http.path> with X-WX-SERVICE-KEY (default); api: POST /v1/functions/{name} with a Bearer API key',
  'opt.openapi.out': 'The file to write, .json or .yaml (default openapi.json in the project)',
  'opt.docs.out': 'The .html file to write (default cloudfn-docs.html in the project)',
  'opt.diff.base': 'A git ref (origin/main, HEAD~1, a tag) or a folder of contracts',
  'opt.diff.head': 'Another ref or folder (default: the working tree)',
  'opt.diff.allowBreaking': 'Exit 0 even when something breaks',
  'opt.serve.port': 'Port on 127.0.0.1 (default: serve.port in the config, else 3000; 0 for any free port)',
  'opt.serve.host': 'Address to listen on',
  'opt.serve.watch': 'Reload when a contract or handler changes',
  'opt.serve.built': 'Run the deployable functions/<name>/dist folders instead of the TypeScript handlers',
  'demand.command': 'Name a command: gen, build, check, diff, new, openapi, docs or serve',
  'example.gen': 'generate everything from ./schemas (or the folders cloudfn.config.json names)',
  'example.check': 'in CI: exit 1 with a diff when generated files are stale',
  'example.new': 'start a function: a contract skeleton, generated code and an impl.ts to fill in',
  'example.diff': 'in CI: annotate breaking contract changes against the main branch',
  'example.serve': 'run the functions on http://127.0.0.1:3000, reloading on change',
  'usage.help': 'Run `cloudfn --help` for usage.',
  'usage.unknownCommand': 'unknown command "{name}"',
  'usage.unknownOption': 'unknown option {name}',
  'usage.extraArgument': 'unexpected argument "{name}" (cloudfn {command} --help shows what it takes)',
  'usage.negatedValue': 'unknown option {arg}; {flag} takes no value (true or false at most)',
  'usage.needsPath': '--{name} needs a path after it (e.g. --{name} {example})',
  'usage.needsValue': '--{name} needs a value after it (e.g. --{name} {example})',
  'usage.badChoice': '--{name} {given} is not one of {choices}',
  'usage.choiceSeparator': ', ',
  'usage.needsName': 'cloudfn new needs the name of the function (e.g. cloudfn new submitOrder)',
  'usage.needsBase': 'cloudfn diff needs what to compare with: a folder or a git ref (e.g. cloudfn diff origin/main)',
  'usage.didYouMean': '{what}; did you mean {guess}?',
  'usage.verboseQuiet': '--verbose and --quiet ask for opposite things; pass one of them',
  'usage.lang': 'unknown language "{lang}" for --lang; use en or zh',
  'gen.summary': 'cloudfn: {total} files, {written} written, {removed} removed',
  'gen.listHint': ' (--verbose lists them)',
  'gen.wrote': 'wrote {file}',
  'gen.removed': 'removed {file} (no longer generated)',
  'gen.warning': 'warning: {text}',
  'build.summary': 'cloudfn: {total} deployable files, {written} written',
  'build.built': 'built {file}',
  'check.upToDate': 'cloudfn: generated files are up to date',
  'check.noPhp': 'php is not on PATH, so {files} was not checked; install PHP (on Debian: apt-get install php-cli) to have check parse it',
  'check.badTsconfig': '{where} TypeScript cannot read it ({detail}); the implementations were type-checked with cloudfn\'s defaults (strict, NodeNext) instead',
  'check.implOk': '; the implementations match their contracts',
  'check.implProblems.one': '{count} implementation problem',
  'check.implProblems.other': '{count} implementation problems',
  'check.against': ' against the current contracts ({compiler}):',
  'check.outOfDate': 'cloudfn check: out of date (see above)',
  'wrote': 'cloudfn: wrote {file}',
  'internal': 'cloudfn: internal error: {detail}\nPlease report this.',
  'fs.cannotWrite': 'cannot write {file}: {reason} ({code}); {fix}, then run the command again (every file already written is whole)',
  'fs.cannotRead': 'cannot read {file}: {reason} ({code}); {fix}, then run the command again',
  'fs.fix.access': 'make {folder} {access} by this user (ls -ld shows its owner: a folder made with sudo or by a container belongs to root)',
  'fs.fix.readOnly': 'it is on a read-only file system: point "out" or "functions" in cloudfn.config.json at a writable folder',
  'fs.fix.space': 'free some space on that disk',
  'fs.fix.files': 'raise the limit of open files (ulimit -n)',
  'fs.fix.other': 'fix that',
  'fs.fix.noNewFiles': '{folder} takes no new files (a system or virtual folder): write somewhere else',
  'fs.fix.gone': '{folder} was removed while cloudfn was writing',
  'fs.notAFolder': 'cannot create the folder {folder}: {file} is a file, not a folder ({code}); rename or move that file, or write somewhere else, then run the command again',
  'fs.writable': 'writable',
  'fs.readable': 'readable',
  'serve.badPort': '--port {port}: not a port number; use 0 to 65535 (0 for any free port)',
  'serve.needsKey': 'serving on {host} needs a service key of your own: set serve.serviceKey in cloudfn.config.json or export {env} (the local default is only used on 127.0.0.1)',
  'serve.portInUse': 'port {port} on {host} is in use; stop what listens there, or pass --port 0 for any free port',
  'serve.cannotListen': 'cannot listen on {host}:{port} ({code}); pass --host 127.0.0.1{extra}',
  'serve.lowPort': ' and a port above 1023',
  'serve.modeBuilt': 'deployable dist/ folders',
  'serve.modeMock': 'TypeScript handlers, mock mode',
  'serve.modeTs': 'TypeScript handlers',
  'serve.localDefault': 'local default',
  'serve.noApiKey': '  HTTP API       POST …/v1/functions/<function>: no API key configured, every call is refused (set serve.apiKeys or export CLOUDFN_API_KEY)',
  'serve.reloaded': 'reloaded ({what})',
  'serve.change': 'change',
  'serve.stale': '  a contract changed: run `npx cloudfn gen` (until then the handlers check inputs and outputs against the previous contract)',
  'serve.reloadFailed': 'reload failed, still serving the previous version:\n{detail}',
  'serve.watching': '  watching for changes',
  'serve.phpNotMocked': '  PHP functions ({names}) run from their folders as generated, with impl.php: `serve --mock` cannot mock them; run `npx cloudfn gen --mock` to write their mock.php',
  'serve.noPhp': '  PHP functions ({names}) run with the php on PATH, and there is none: install PHP 8 with php-cli, php-curl and php-mbstring; until then they answer 502',
  'serve.stopped': 'cloudfn serve: stopped',
  'config.noSuchFile': '--config {file}: no such file',
  'config.flagIsFolder': '--config {file}: a folder, not a file; name the config file itself (e.g. --config {file}/cloudfn.config.json)',
  'config.isFolder': '{file} is a folder: cloudfn reads its settings from a file of that name; remove or rename the folder',
  'config.clientForTests': 'false, but the contract tests call the functions through that client; also set "contract-tests": { "enabled": false }, or keep the client',
  'config.notAFolder': '"{key}" is {dir}, which is a file, not a folder: move the file away, or give "{key}" another folder in cloudfn.config.json or with --{key}',
  'config.noSchemas': 'no schemas folder at {dir}; create it, set "schemas" in {config}, or pass --schemas',
  'config.outIsFunctions': '"out" ({out}) and "functions" ({functions}) are the same folder: the function folders would sit among the clients and tests, and be deployed with them; give each a folder of its own (by default generated and functions) in cloudfn.config.json or with --out / --functions',
  'config.outInFunctions': '"out" ({out}) and "functions" ({functions}) lie one inside the other: the function folders would sit among the clients and tests, and be deployed with them; give each a folder of its own (by default generated and functions) in cloudfn.config.json or with --out / --functions',
  'config.outHoldsSchemas': '"{key}" is {dir}, which is or holds the contracts folder {schemas}: generated files would be written among the contracts; give "{key}" a folder of its own (by default {fallback}) in cloudfn.config.json or with --{key}',
  'load.noContracts': 'no contracts in {dir}/: a contract is a file named <anything>.fn.json or <anything>.fn.yaml{hint}',
  'load.noContractsWrite': '; write one, such as {example} (see the README)',
  'load.notNamedOne': '; {files} is not named like one: rename to {renamed} if it is a contract',
  'load.notNamedMany': '; {files} are not named like one: rename to {renamed} if they are contracts',
  'new.badName': '"{name}" is not a function name: use letters, digits, "_" and "-", starting with a letter, at most 60 characters (e.g. "submitOrder" or "user-login")',
  'new.exists': '{file} already exists; pick another name, or edit that contract',
  'new.taken': 'a function named "{name}" already exists ({source}); pick another name',
  'new.cannotCreate': '{file}: could not create it',
  'new.created': 'created {file}',
  'new.summary': 'cloudfn: {total} files, {written} written',
  'new.next': 'next:',
  'new.step1': '  1. describe the input, output and errors in {file} (then `npx cloudfn gen`)',
  'new.step2': '  2. write {file}: until you do it answers 501 NOT_IMPLEMENTED',
  'watch.done': '[{time}] {written} written, {removed} removed in {ms} ms',
  'watch.wrote': '  wrote {file}',
  'watch.removed': '  removed {file}',
  'watch.warning': '  warning: {text}',
  'watch.failed': '[{time}] not generated; fix this and save (still watching):',
  'watch.changed': '[{time}] changed: {files}',
  'watch.brokenConfig': '  the config is broken, still using the previous one: {detail}',
  'watch.start': 'cloudfn gen --watch: {what} (Ctrl-C stops)',
  'watch.and': ' and ',
  'watch.stopped': 'cloudfn gen --watch: stopped',
  'drift.header.one': '1 generated file is out of date; run `npx cloudfn gen`:',
  'drift.header.other': '{count} generated files are out of date; run `npx cloudfn gen`:',
  'drift.missing': 'missing',
  'drift.stale': 'stale',
  'drift.extra': 'extra',
  'warn.renamed': '{impl} belongs to no contract now, and {target} was just created: if "{old}" was renamed to "{name}", move your implementation there (the new file answers 501 until then)',
  'warn.orphan': '{impl} belongs to no contract now (no function "{old}"); move it to the function it implements, or delete the folder',
  'warn.tsImports': '"importExtension" is ".ts", but tsconfig.json does not let TypeScript import .ts files: tsc will refuse the generated imports and yours; add "allowImportingTsExtensions": true (with "noEmit": true) or "rewriteRelativeImportExtensions": true to its compilerOptions',
  'warn.moduleSyntax': 'tsconfig.json sets "verbatimModuleSyntax" in a CommonJS package (package.json has no "type": "module"): TypeScript then refuses import/export in every .ts file, the generated ones and your own; set "type": "module" in package.json, or remove "verbatimModuleSyntax"',
  'write.conflict': '{file}: exists without cloudfn\'s "Generated by cloudfn" banner, so cloudfn will not overwrite it; if cloudfn made it (the banner was removed), delete it and run `npx cloudfn gen`, else move it away or point "out"/"functions" at another folder',
  'write.nothingWritten': '{text} (nothing was written)',
  'diff.noGit': 'cannot run git ({detail}); install git, or compare two folders: cloudfn diff <old-schemas> <new-schemas>',
  'diff.notRepo': '{spec}: neither a folder nor a git ref (this project is not in a git repository)',
  'diff.notRef': '{spec}: neither a folder nor a git ref; name a branch, tag or commit (e.g. origin/main), or a folder of contracts',
  'diff.cannotList': '{spec}: cannot list its files ({detail})',
  'diff.tooMany': '{spec}: more than {max} JSON/YAML files under the project; compare two folders instead',
  'diff.notCompiling': 'the contracts at {spec} do not compile:\n{detail}',
  'out.notJsonYaml': '--out {file}: name a .json, .yaml or .yml file',
  'out.notHtml': '--out {file}: name an .html file',
  'out.userFile': '{file} exists and was not written by cloudfn; move it, or pass --out another file',
  'serve.noIndexPhp': '{file} does not exist; run `npx cloudfn gen` first',
  'serve.noDist': '{file} does not exist; run `npx cloudfn gen` to build the deployable folders',
  'serve.noEntry': '{file} does not exist; run `npx cloudfn gen` first',
  'serve.cannotLoad': 'cannot load the handler of "{name}":\n{detail}',
  'deploy.cannotUpdate': '{file}: cannot update it ({detail}); fix the JSON, or set "deploy": { "cloudbaserc": false } in cloudfn.config.json',
  'deploy.isFolder': 'it is a folder',
  'deploy.otherConfig': '{file} is the CloudBase CLI\'s config in this project (tcb reads it, not cloudbaserc.json), so cloudfn leaves cloudbaserc.json alone; in {file}, give each function "dir": "functions/<name>/dist" and "handler": "index.main" (PHP: "dir": "functions/<name>", "handler": "index.main_handler"), or move the config to cloudbaserc.json, which cloudfn keeps in step; "deploy": { "cloudbaserc": false } turns this off',
  'assets.tooMany': '{dir}: more than {max} files besides the code; move what the function does not read at run time out of its folder',
  'bundle.cannotBuild': 'cannot build the deployable folder of "{name}":\n{detail}',
  'format.badPrettier': '{file}: prettier cannot read it ({detail}); fix it, or remove it to use cloudfn\'s own style',
  'php.badNamespace': 'cloudfn.config.json targets.php-client.namespace: {value} is not a PHP namespace; use one like "Acme\\\\Shop\\\\CloudFn"',
  'php.badVersion': 'cloudfn.config.json targets.php-client.phpVersion: {value} is not supported; use "8.1" (the default) or "7.4"',
  'php.badPackage': 'cloudfn.config.json targets.php-client.package: {value} is not a composer package name; use "vendor/name" in lower case',
  'bundle.together': 'cannot build the deployable folders (esbuild failed on them together, but on none alone)',
  'diff.summary': '{callers} breaking for callers, {fn} breaking for the function, {compatible} compatible',
  'diff.noChanges': 'no changes',
  'diff.workingTree': 'the working tree',
  'diff.breakingCallers': 'breaking for callers',
  'diff.breakingFunction': 'breaking for the function',
  'diff.compatible': 'compatible',
  'diff.head': 'cloudfn diff {base} → {head}: {summary}',
  'diff.breaking.one': 'cloudfn diff: 1 breaking change (pass --allow-breaking to accept it)',
  'diff.breaking.other': 'cloudfn diff: {count} breaking changes (pass --allow-breaking to accept them)',
} as const;

export type MessageKey = keyof typeof en;

export const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, zh };

let current: Language = 'en';

/** The language from `--lang` (when given) or the locale variables. */
export function detectLanguage(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Language | string {
  // The last --lang counts, as for every option given twice.
  let i = -1;
  argv.forEach((a, at) => {
    if (a === '--lang' || a.startsWith('--lang=')) i = at;
  });
  if (i >= 0) {
    const value = argv[i]!.includes('=') ? argv[i]!.slice('--lang='.length) : argv[i + 1];
    return value === 'zh' || value === 'en' ? value : (value ?? '');
  }
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

export function setLanguage(lang: Language): void {
  current = lang;
}

export function language(): Language {
  return current;
}

/** A message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return CATALOGUES[current][key].replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

/** The Chinese description of a contract member in the format reference (English is the meta-schema's own). */
export function referenceText(path: string): string {
  const text = REFERENCE_ZH[path];
  if (text === undefined) throw new Error(`cloudfn: no Chinese reference text for ${path} in generator/i18n/reference-zh.ts`);
  return text;
}
