/** The `cloudfn` command: parses arguments, runs the pipeline, maps errors to exit codes (loaded by cli.ts). */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { resolveConfig, type ConfigFlags, type ResolvedConfig } from './config.js';
import { CloudFnToolError, DriftError, fileSystemError, UsageError } from './errors.js';
import type { Timings } from './pipeline.js';
import { closest } from './util/did-you-mean.js';
import { packageRoot } from './util/package-root.js';
import { FORMATS, type ReportFormat } from './util/report.js';
import { helpOnlyWhenPrinted, loadYargs } from './util/yargs-lazy.js';
import { detectLanguage, setLanguage, t, type Language } from './i18n/messages.js';

const COMMANDS = ['gen', 'build', 'check', 'diff', 'new', 'openapi', 'docs', 'serve'];
const COMMON_OPTIONS = ['config', 'schemas', 'out', 'functions', 'verbose', 'quiet', 'mock', 'lang', 'help'];
/** The options that take a value (the next word, unless written `--name=value`). */
const VALUE_OPTIONS = new Set(['config', 'schemas', 'out', 'functions', 'lang', 'format', 'runtime', 'transport', 'port', 'host']);
const COMMAND_OPTIONS: Record<string, string[]> = {
  serve: ['port', 'host', 'watch', 'built'],
  gen: ['watch'],
  check: ['format'],
  diff: ['format', 'allow-breaking'],
  new: ['yaml', 'runtime'],
  openapi: ['transport', 'out'],
  docs: ['out'],
};

/** What each option that takes a value is given, as the example when it is given none (`out` by command). */
const VALUE_EXAMPLES: Record<string, string> = { config: 'cloudfn.config.json', schemas: 'schemas', out: 'generated', functions: 'functions', lang: 'zh', format: 'github', runtime: 'php', transport: 'api', port: '3000', host: '0.0.0.0' };
const OUT_EXAMPLES: Record<string, string> = { openapi: 'openapi.json', docs: 'functions.html' };
const PATHS = new Set(['config', 'schemas', 'out', 'functions']);
/** What a command's positional argument is, for the line that says it is missing. */
const ARGUMENT_MISSING: Record<string, 'usage.needsName' | 'usage.needsBase'> = { new: 'usage.needsName', diff: 'usage.needsBase' };

/**
 * An option that takes a value given none (`check --format` at the end of the line or followed by
 * another option, `--format=`): yargs would run the command as if the option were not there (or
 * with its default), or call the empty value a wrong one.
 */
function emptyValue(argv: readonly string[]): UsageError | undefined {
  const command = firstWord(argv) ?? '';
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const m = /^--([a-z-]+)(=?)(.*)$/.exec(argv[i]!);
    if (!m || !VALUE_OPTIONS.has(m[1]!)) continue;
    const next = argv[i + 1];
    // A value of its own (`--port -1` is one, for the option to judge), else none.
    const none = m[2] === '=' ? m[3] === '' : next === undefined || (next.startsWith('-') && !/^-\d/.test(next));
    if (!none) continue;
    const name = m[1]!;
    const example = (name === 'out' ? OUT_EXAMPLES[command] : undefined) ?? VALUE_EXAMPLES[name]!;
    return new UsageError(t(PATHS.has(name) ? 'usage.needsPath' : 'usage.needsValue', { name, example }));
  }
  return undefined;
}

/** The first word that is neither an option nor an option's value (`--lang zh gne`: gne): the command. */
function firstWord(argv: readonly string[]): string | undefined {
  return argv.find((a, i) => !a.startsWith('-') && !(i > 0 && VALUE_OPTIONS.has(argv[i - 1]!.replace(/^-+/, ''))));
}

/** The options that take no value, which may be negated (`--no-impl`). */
const BOOLEAN_OPTIONS = new Set(['impl', 'watch', 'verbose', 'quiet', 'mock', 'built', 'yaml', 'allow-breaking']);

/**
 * Flags given a value as CI settings and scripts write them: `--no-<flag>=true` and
 * `--no-<flag>=false` as meant (`--no-<flag>`, `--<flag>`), which yargs would call an unknown
 * option under both its names; `--<flag>=<anything but true or false>` (`--quiet=yes`), which yargs
 * would take as false without a word, is one line saying so.
 */
function flagValues(argv: readonly string[]): string[] | UsageError {
  const out: string[] = [];
  for (const arg of argv) {
    if (arg === '--') return [...out, ...argv.slice(out.length)];
    const m = /^--(no-)?([a-z][a-z-]*)=(.*)$/.exec(arg);
    if (!m || !BOOLEAN_OPTIONS.has(m[2]!) || (!m[1] && (m[3] === 'true' || m[3] === 'false'))) out.push(arg);
    else if (m[3] === 'true') out.push(`--no-${m[2]}`);
    else if (m[3] === 'false') out.push(`--${m[2]}`);
    else return new UsageError(`${t('usage.negatedValue', { arg, flag: `--${m[1] ?? ''}${m[2]}` })}\n${t('usage.help')}`);
  }
  return out;
}

/**
 * yargs' complaint about the command line, with what the user probably meant: an unknown flag or
 * command gets the closest known one.
 */
function usageMessage(msg: string, argv: readonly string[]): string {
  const command = firstWord(argv);
  // yargs words them in the language of the messages (zh_CN: 缺少 non-option 参数, 无效的选项值).
  if (/^(?:Not enough non-option arguments|缺少 non-option 参数)/.test(msg) && ARGUMENT_MISSING[command ?? '']) return t(ARGUMENT_MISSING[command!]!);
  const choice = /(?:Argument|选项名称): ([\w-]+), (?:Given|传入的值): (.+?), (?:Choices|可选的值)[:：] ?(.+)$/m.exec(msg);
  if (choice) return t('usage.badChoice', { name: choice[1]!, given: choice[2]!, choices: choice[3]!.split(/,\s*/).map((c) => c.replace(/^"|"$/g, '')).join(t('usage.choiceSeparator')) });
  const unknown = /^(?:Unknown arguments?: |无法识别(?:的|这些)选项：)(.+)$/.exec(msg);
  if (!unknown) return msg;
  const known = [...COMMON_OPTIONS, ...(COMMAND_OPTIONS[command ?? ''] ?? [])];
  // How a name was written: a bare word after the command is an argument it does not take.
  const bare = (name: string): boolean => argv.some((a, i) => a === name && i > argv.indexOf(command ?? '') && !VALUE_OPTIONS.has(argv[i - 1]?.replace(/^-+/, '') ?? ''));
  const lines = unknown[1]!.split(', ').map((name) => {
    const isCommand = name === command && !COMMANDS.includes(name);
    if (!isCommand && command !== undefined && COMMANDS.includes(command) && bare(name)) return t('usage.extraArgument', { name, command });
    const guess = closest(name, isCommand ? COMMANDS : known);
    const dashes = !isCommand && argv.includes(`-${name}`) && name.length === 1 ? '-' : '--';
    const what = isCommand ? t('usage.unknownCommand', { name }) : t('usage.unknownOption', { name: `${dashes}${name}` });
    return guess ? t('usage.didYouMean', { what, guess: isCommand ? guess : `--${guess}` }) : what;
  });
  return lines.join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string }).version;
}

interface CommonArgs extends ConfigFlags {
  verbose: boolean;
  quiet: boolean;
}

function withCommon<T>(y: Argv<T>): Argv<T & CommonArgs> {
  return y
    .option('config', { type: 'string', describe: t('opt.config') })
    .option('schemas', { type: 'string', describe: t('opt.schemas') })
    .option('out', { type: 'string', describe: t('opt.out') })
    .option('functions', { type: 'string', describe: t('opt.functions') })
    .option('verbose', { type: 'boolean', default: false, describe: t('opt.verbose') })
    .option('quiet', { type: 'boolean', default: false, describe: t('opt.quiet') })
    .option('mock', { type: 'boolean', describe: t('opt.mock') }) as Argv<T & CommonArgs>;
}

function printTimings(timings: Timings): void {
  for (const t of timings) process.stderr.write(`  ${t.stage.padEnd(10)} ${t.ms.toFixed(1).padStart(8)} ms\n`);
}

async function main(argv: string[], yargs: Awaited<ReturnType<typeof loadYargs>>['yargs']): Promise<number> {
  let exitCode = 0;
  const report = (e: unknown): number => {
    const known = e instanceof CloudFnToolError ? e : fileSystemError(e, process.cwd());
    if (known) {
      process.stderr.write(`${known.message}\n`);
      return known.exitCode;
    }
    throw e;
  };
  /** Resolves the config, runs a command's action, maps tool errors to the exit code, prints timings. */
  const run =
    (action: (config: ResolvedConfig, timings: Timings, args: { verbose: boolean; quiet: boolean; watch: boolean; flags: ConfigFlags }) => Promise<void>) =>
    async <A extends ConfigFlags & { verbose?: boolean; quiet?: boolean; watch?: boolean }>(args: A): Promise<void> => {
      const timings: Timings = [];
      if (args.verbose && args.quiet) {
        exitCode = report(new UsageError(t('usage.verboseQuiet')));
        return;
      }
      try {
        await action(resolveConfig(args), timings, { verbose: args.verbose === true, quiet: args.quiet === true, watch: args.watch === true, flags: args });
      } catch (e) {
        exitCode = report(e);
      }
      if (args.verbose) printTimings(timings);
    };
  const lang = detectLanguage(argv);
  if (lang !== 'en' && lang !== 'zh') {
    process.stderr.write(`${t('usage.lang', { lang })}\n`);
    return 2;
  }
  setLanguage(lang as Language);
  const given = flagValues(argv);
  if (given instanceof UsageError) return report(given);
  argv = given;
  const empty = emptyValue(argv);
  if (empty) return report(empty);
  const parser = yargs(argv)
    // An option given twice (an npm script's flag, then the same after `npm run x --`): the last counts.
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .scriptName('cloudfn')
    .locale(lang === 'zh' ? 'zh_CN' : 'en')
    .usage(t('usage'))
    .option('lang', { choices: ['en', 'zh'], describe: t('opt.lang'), global: true })
    .command(
      'gen',
      t('cmd.gen'),
      (y) => withCommon(y).option('watch', { type: 'boolean', default: false, describe: t('opt.gen.watch') }),
      run(async (config, timings, args) => {
        if (args.watch) {
          const { watchGen } = await import('./watch-command.js');
          await watchGen(args.flags, config, { verbose: args.verbose }, (line) => void process.stdout.write(`${line}\n`));
          return;
        }
        const { runGen } = await import('./pipeline.js');
        const result = await runGen(config, timings);
        for (const w of result.warnings) process.stderr.write(`${t('gen.warning', { text: w })}\n`);
        if (args.quiet) return;
        if (args.verbose) for (const f of result.written) process.stdout.write(`${t('gen.wrote', { file: f })}\n`);
        for (const f of result.removed) process.stdout.write(`${t('gen.removed', { file: f })}\n`);
        const summary = t('gen.summary', { total: result.total, written: result.written.length, removed: result.removed.length });
        process.stdout.write(`${summary}${args.verbose || result.written.length === 0 ? '' : t('gen.listHint')}\n`);
      }),
    )
    .command(
      'build',
      t('cmd.build'),
      (y) => withCommon(y),
      run(async (config, timings, args) => {
        const { runBuild } = await import('./pipeline.js');
        const result = await runBuild(config, timings);
        for (const w of result.warnings) process.stderr.write(`${t('gen.warning', { text: w })}\n`);
        if (args.quiet) return;
        if (args.verbose) for (const f of result.written) process.stdout.write(`${t('build.built', { file: f })}\n`);
        process.stdout.write(`${t('build.summary', { total: result.total, written: result.written.length })}\n`);
      }),
    )
    .command(
      'check',
      t('cmd.check'),
      (y) =>
        withCommon(y)
          .option('format', { choices: FORMATS, default: 'text' as ReportFormat, describe: t('opt.check.format') })
          .option('impl', { type: 'boolean', default: true, describe: t('opt.check.impl') }),
      async (args) =>
        run(async (config, timings) => {
          const { runCheckAll } = await import('./pipeline.js');
          const { printCheck } = await import('./stages/check-report.js');
          const result = await runCheckAll(config, timings, { impl: args.impl });
          for (const w of result.warnings) process.stderr.write(`${t('gen.warning', { text: w })}\n`);
          const failed = printCheck(result, args.format, args.quiet);
          if (failed) throw new DriftError(args.format === 'text' && result.report ? result.report : t('check.outOfDate'));
        })(args),
    )
    .command(
      'new <name>',
      t('cmd.new'),
      (y) =>
        withCommon(y)
          .positional('name', { type: 'string', demandOption: true, describe: t('opt.new.name') })
          .option('yaml', { type: 'boolean', default: false, describe: t('opt.new.yaml') })
          .option('runtime', { choices: ['nodejs', 'php'] as const, default: 'nodejs' as const, describe: t('opt.new.runtime') }),
      async (args) =>
        run(async (config) => {
          const { runNew } = await import('./new-command.js');
          await runNew(config, { name: args.name, yaml: args.yaml, runtime: args.runtime }, (line) => void process.stdout.write(`${line}\n`));
        })({ ...args, createSchemas: true }),
    )
    .command(
      'openapi',
      t('cmd.openapi'),
      (y) =>
        withCommon(y)
          .option('transport', { choices: ['http', 'api'] as const, describe: t('opt.openapi.transport') })
          .option('out', { type: 'string', describe: t('opt.openapi.out') }),
      async (args) =>
        run(async (config, _timings, flags) => {
          const { runOpenApi } = await import('./openapi-command.js');
          const written = runOpenApi(config, { out: args.out, transport: args.transport });
          if (!flags.quiet) process.stdout.write(`${t('wrote', { file: written })}\n`);
        })({ ...args, out: undefined }),
    )
    .command(
      'docs',
      t('cmd.docs'),
      (y) => withCommon(y).option('out', { type: 'string', describe: t('opt.docs.out') }),
      async (args) =>
        run(async (config, _timings, flags) => {
          const { runDocs } = await import('./docs-command.js');
          const written = runDocs(config, args.out);
          if (!flags.quiet) process.stdout.write(`${t('wrote', { file: `${written.file} (${(written.bytes / 1024).toFixed(0)} KB)` })}\n`);
        })({ ...args, out: undefined }),
    )
    .command(
      'diff <base> [head]',
      t('cmd.diff'),
      (y) =>
        withCommon(y)
          .positional('base', { type: 'string', demandOption: true, describe: t('opt.diff.base') })
          .positional('head', { type: 'string', describe: t('opt.diff.head') })
          .option('format', { choices: FORMATS, default: 'text' as ReportFormat, describe: t('opt.check.format') })
          .option('allow-breaking', { type: 'boolean', default: false, describe: t('opt.diff.allowBreaking') }),
      async (args) =>
        run(async (config) => {
          const { runDiff, BreakingChangesError } = await import('./diff/command.js');
          const breaking = runDiff(config, { base: args.base, head: args.head, format: args.format, allowBreaking: args['allow-breaking'] });
          if (breaking > 0) throw new BreakingChangesError(breaking);
        })(args),
    )
    .command(
      'serve',
      t('cmd.serve'),
      (y) =>
        withCommon(y)
          .option('port', { type: 'string', describe: t('opt.serve.port') })
          .option('host', { type: 'string', default: '127.0.0.1', describe: t('opt.serve.host') })
          .option('watch', { type: 'boolean', default: false, describe: t('opt.serve.watch') })
          .option('built', { type: 'boolean', default: false, describe: t('opt.serve.built') }),
      async (args) =>
        run(async (config) => {
          const { serve } = await import('./emulator/serve-command.js');
          await serve(config, { port: args.port, host: args.host, watch: args.watch, built: args.built });
        })(args),
    )
    .demandCommand(1, t('demand.command'))
    .example('$0 gen', t('example.gen'))
    .example('$0 check', t('example.check'))
    .example('$0 new submitOrder', t('example.new'))
    .example('$0 diff origin/main --format github', t('example.diff'))
    .example('$0 serve --watch', t('example.serve'))
    .strict()
    .help()
    .alias('h', 'help')
    .version(version())
    .fail((msg, err) => {
      if (err) throw err;
      // Thrown, not printed: a command line with a mistake must not go on to run the command.
      throw new UsageError(`${usageMessage(msg, argv)}\n${t('usage.help')}`);
    });
  try {
    await helpOnlyWhenPrinted(parser).parseAsync();
  } catch (e) {
    exitCode = report(e);
  }
  return exitCode;
}

const { yargs, hideBin } = await loadYargs();
main(hideBin(process.argv), yargs).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${t('internal', { detail: e instanceof Error ? (e.stack ?? e.message) : String(e) })}\n`);
    process.exitCode = 3;
  },
);
