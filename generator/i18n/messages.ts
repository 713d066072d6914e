/**
 * The CLI's own words, in English and in Chinese: one catalogue per language, the same keys and the
 * same `{placeholders}` in each (a test holds them complete). Chinese when `--lang zh` is given, or
 * when `LC_ALL`, `LC_MESSAGES` or `LANG` starts with `zh`; English otherwise. Contract problems are
 * written in English where they are found and read in Chinese by `diagnostics-zh.ts` when printed;
 * the generated clients carry their error hints in both languages (client-hints-zh.ts, Hints.php).
 */
import { REFERENCE_ZH } from './reference-zh.js';

export type Language = 'en' | 'zh';

const en = {
  'usage': '$0 <command> [options]\n\nSchema-first code generator for WeChat / CloudBase cloud functions.',
  'cmd.gen': 'Generate types, clients and handlers from the contracts; writes only files whose content changed',
  'cmd.build': 'Rebuild only the deployable functions/<name>/dist folders (index.js + package.json) from the sources on disk',
  'cmd.check': 'Regenerate in memory and compare with disk, and type-check every impl.ts against the contract types; exit 1 when anything drifted',
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
  'usage.unknownOption': 'unknown option --{name}',
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
  'check.implOk': '; the implementations match their contracts',
  'check.implProblems.one': '{count} implementation problem',
  'check.implProblems.other': '{count} implementation problems',
  'check.against': ' against the current contracts ({compiler}):',
  'check.outOfDate': 'cloudfn check: out of date (see above)',
  'wrote': 'cloudfn: wrote {file}',
  'internal': 'cloudfn: internal error: {detail}\nPlease report this.',
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
  'serve.stopped': 'cloudfn serve: stopped',
  'config.noSuchFile': '--config {file}: no such file',
  'config.noSchemas': 'no schemas folder at {dir}; create it, set "schemas" in {config}, or pass --schemas',
  'load.noContracts': 'no contracts in {dir}/: a contract is a file named <anything>.fn.json or <anything>.fn.yaml{hint}',
  'load.noContractsWrite': '; write one, such as {example} (see the README)',
  'load.notNamedOne': '; {files} is not named like one: rename to {renamed} if it is a contract',
  'load.notNamedMany': '; {files} are not named like one: rename to {renamed} if they are contracts',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'usage': '$0 <命令> [选项]\n\n以 JSON Schema 契约为先的微信 / 云开发（CloudBase）云函数代码生成器。',
  'cmd.gen': '从契约生成类型、客户端和处理函数；只写入内容有变化的文件',
  'cmd.build': '只根据磁盘上的源码重新构建可部署的 functions/<name>/dist 目录（index.js + package.json）',
  'cmd.check': '在内存中重新生成并与磁盘比较，并按契约类型对每个 impl.ts 做类型检查；有任何偏差时以 1 退出',
  'cmd.new': '为新函数创建契约骨架（输入、输出、一个错误、一个示例），生成代码，并创建它的实现文件',
  'cmd.openapi': '写出函数的 OpenAPI 3.1 文档（HTTP 触发路径；加 --transport api 则为云开发 HTTP API）',
  'cmd.docs': '写出一个自包含的 HTML 函数参考页（搜索、表格、错误、示例、调用片段）',
  'cmd.diff': '比较两个版本的契约（目录或 git 引用；head 默认为工作区），并给每处改动分类：对调用方不兼容、对函数不兼容或兼容',
  'cmd.serve': '在本地云开发网关上运行函数：HTTP 触发路径和微信服务端 API（token、invoke）',
  'opt.config': 'cloudfn.config.json 的路径（默认从工作目录向上查找）',
  'opt.schemas': '存放 *.fn.json / *.fn.yaml 契约的目录',
  'opt.out': '存放类型、客户端和契约测试的目录',
  'opt.functions': '存放函数处理代码的目录，每个函数一个子目录',
  'opt.verbose': '列出写入的每个文件，以及每个阶段的耗时',
  'opt.quiet': '除错误和警告外不输出任何内容',
  'opt.mock': '处理函数返回生成的示例输出（mock.ts）而不是 impl.ts（同 targets.handler.mock）',
  'opt.lang': '消息语言：en 或 zh（默认取自 LANG）',
  'opt.gen.watch': '契约、它 $ref 的文件或配置一有改动就重新生成',
  'opt.check.format': 'text、github（工作流注解）或 json',
  'opt.check.impl': '对实现做类型检查（--no-impl 跳过）',
  'opt.new.name': '云函数名，例如 submitOrder 或 user-login',
  'opt.new.yaml': '写出 <name>.fn.yaml 而不是 .fn.json',
  'opt.new.runtime': '函数所用语言：TypeScript 处理函数，或 PHP 的 main_handler',
  'opt.openapi.transport': 'http：带 X-WX-SERVICE-KEY 的 POST <http.path>（默认）；api：带 Bearer API Key 的 POST /v1/functions/{name}',
  'opt.openapi.out': '要写出的文件，.json 或 .yaml（默认为项目中的 openapi.json）',
  'opt.docs.out': '要写出的 .html 文件（默认为项目中的 cloudfn-docs.html）',
  'opt.diff.base': '一个 git 引用（origin/main、HEAD~1、标签）或一个契约目录',
  'opt.diff.head': '另一个引用或目录（默认：工作区）',
  'opt.diff.allowBreaking': '即使有不兼容改动也以 0 退出',
  'opt.serve.port': '127.0.0.1 上的端口（默认：配置中的 serve.port，否则 3000；0 表示任意空闲端口）',
  'opt.serve.host': '监听地址',
  'opt.serve.watch': '契约或处理函数改动时重新加载',
  'opt.serve.built': '运行可部署的 functions/<name>/dist 目录，而不是 TypeScript 处理函数',
  'demand.command': '请指定命令：gen、build、check、diff、new、openapi、docs 或 serve',
  'example.gen': '从 ./schemas（或 cloudfn.config.json 指定的目录）生成全部内容',
  'example.check': '在 CI 中：生成的文件过期时以 1 退出并给出差异',
  'example.new': '新建函数：契约骨架、生成的代码和待填写的 impl.ts',
  'example.diff': '在 CI 中：标注相对主分支的不兼容契约改动',
  'example.serve': '在 http://127.0.0.1:3000 上运行函数，改动时重新加载',
  'usage.help': '运行 `cloudfn --help` 查看用法。',
  'usage.unknownCommand': '未知命令 "{name}"',
  'usage.unknownOption': '未知选项 --{name}',
  'usage.didYouMean': '{what}；你是不是想用 {guess}？',
  'usage.verboseQuiet': '--verbose 和 --quiet 的要求相反；只传其中一个',
  'usage.lang': '--lang 不支持语言 "{lang}"；请用 en 或 zh',
  'gen.summary': 'cloudfn：共 {total} 个文件，写入 {written} 个，删除 {removed} 个',
  'gen.listHint': '（--verbose 列出它们）',
  'gen.wrote': '已写入 {file}',
  'gen.removed': '已删除 {file}（不再生成）',
  'gen.warning': '警告：{text}',
  'build.summary': 'cloudfn：共 {total} 个可部署文件，写入 {written} 个',
  'build.built': '已构建 {file}',
  'check.upToDate': 'cloudfn：生成的文件都是最新的',
  'check.implOk': '；实现与契约一致',
  'check.implProblems.one': '{count} 个实现问题',
  'check.implProblems.other': '{count} 个实现问题',
  'check.against': '，对照当前契约（{compiler}）：',
  'check.outOfDate': 'cloudfn check：已过期（见上文）',
  'wrote': 'cloudfn：已写入 {file}',
  'internal': 'cloudfn：内部错误：{detail}\n请报告此问题。',
  'serve.badPort': '--port {port}：不是端口号；请用 0 到 65535（0 表示任意空闲端口）',
  'serve.needsKey': '在 {host} 上提供服务需要你自己的服务密钥：在 cloudfn.config.json 中设置 serve.serviceKey，或导出 {env}（本地默认值只用于 127.0.0.1）',
  'serve.portInUse': '{host} 上的端口 {port} 已被占用；停掉占用它的程序，或传入 --port 0 使用任意空闲端口',
  'serve.cannotListen': '无法监听 {host}:{port}（{code}）；请传入 --host 127.0.0.1{extra}',
  'serve.lowPort': ' 和一个大于 1023 的端口',
  'serve.modeBuilt': '可部署的 dist/ 目录',
  'serve.modeMock': 'TypeScript 处理函数，mock 模式',
  'serve.modeTs': 'TypeScript 处理函数',
  'serve.localDefault': '本地默认值',
  'serve.noApiKey': '  HTTP API       POST …/v1/functions/<function>：未配置 API Key，所有调用都会被拒绝（设置 serve.apiKeys 或导出 CLOUDFN_API_KEY）',
  'serve.reloaded': '已重新加载（{what}）',
  'serve.change': '改动',
  'serve.stale': '  契约已改动：请运行 `npx cloudfn gen`（在此之前处理函数仍按之前的契约检查输入和输出）',
  'serve.reloadFailed': '重新加载失败，仍在提供之前的版本：\n{detail}',
  'serve.watching': '  正在监听改动',
  'serve.stopped': 'cloudfn serve：已停止',
  'config.noSuchFile': '--config {file}：没有这个文件',
  'config.noSchemas': '{dir} 处没有 schemas 目录；请创建它，在 {config} 中设置 "schemas"，或传入 --schemas',
  'load.noContracts': '{dir}/ 中没有契约：契约是名为 <任意名>.fn.json 或 <任意名>.fn.yaml 的文件{hint}',
  'load.noContractsWrite': '；请写一个，例如 {example}（见 README）',
  'load.notNamedOne': '；{files} 的命名不像契约：如果它是契约，请改名为 {renamed}',
  'load.notNamedMany': '；{files} 的命名不像契约：如果它们是契约，请改名为 {renamed}',
};

export const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, zh };

let current: Language = 'en';

/** The language from `--lang` (when given) or the locale variables. */
export function detectLanguage(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Language | string {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
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
