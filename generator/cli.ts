#!/usr/bin/env node
/** The `cloudfn` command: parses arguments, runs the pipeline, maps errors to exit codes. */
import { readFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { resolveConfig, type ConfigFlags, type ResolvedConfig } from './config.js';
import { CloudFnToolError, DriftError, UsageError } from './errors.js';
import type { Timings } from './pipeline.js';
import { closest } from './util/did-you-mean.js';
import { packageRoot } from './util/package-root.js';
import { FORMATS, type ReportFormat } from './util/report.js';

const COMMANDS = ['gen', 'build', 'check', 'diff', 'new', 'openapi', 'docs', 'serve'];
const COMMON_OPTIONS = ['config', 'schemas', 'out', 'functions', 'verbose', 'quiet', 'mock', 'help'];
const COMMAND_OPTIONS: Record<string, string[]> = {
  serve: ['port', 'host', 'watch', 'built'],
  gen: ['watch'],
  check: ['format'],
  diff: ['format', 'allow-breaking'],
  new: ['yaml', 'runtime'],
  openapi: ['transport', 'out'],
  docs: ['out'],
};

/**
 * yargs' complaint about the command line, with what the user probably meant: an unknown flag or
 * command gets the closest known one.
 */
function usageMessage(msg: string, argv: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!unknown) return msg;
  const command = argv.find((a) => !a.startsWith('-'));
  const known = [...COMMON_OPTIONS, ...(COMMAND_OPTIONS[command ?? ''] ?? [])];
  const lines = unknown[1]!.split(', ').map((name) => {
    const isCommand = name === command && !COMMANDS.includes(name);
    const guess = closest(name, isCommand ? COMMANDS : known);
    const what = isCommand ? `unknown command "${name}"` : `unknown option --${name}`;
    return guess ? `${what}; did you mean ${isCommand ? guess : `--${guess}`}?` : what;
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
    .option('config', { type: 'string', describe: 'Path to cloudfn.config.json (default: searched upward from the working directory)' })
    .option('schemas', { type: 'string', describe: 'Folder of *.fn.json / *.fn.yaml contracts' })
    .option('out', { type: 'string', describe: 'Folder for types, clients and contract tests' })
    .option('functions', { type: 'string', describe: 'Folder of function handlers, one sub-folder per function' })
    .option('verbose', { type: 'boolean', default: false, describe: 'List every file written, and the time each stage took' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors and warnings' })
    .option('mock', { type: 'boolean', describe: 'Handlers serve generated sample outputs (mock.ts) instead of impl.ts (same as targets.handler.mock)' }) as Argv<T & CommonArgs>;
}

function printTimings(timings: Timings): void {
  for (const t of timings) process.stderr.write(`  ${t.stage.padEnd(10)} ${t.ms.toFixed(1).padStart(8)} ms\n`);
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const report = (e: unknown): number => {
    if (e instanceof CloudFnToolError) {
      process.stderr.write(`${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  };
  /** Resolves the config, runs a command's action, maps tool errors to the exit code, prints timings. */
  const run =
    (action: (config: ResolvedConfig, timings: Timings, args: { verbose: boolean; quiet: boolean; watch: boolean; flags: ConfigFlags }) => Promise<void>) =>
    async <A extends ConfigFlags & { verbose?: boolean; quiet?: boolean; watch?: boolean }>(args: A): Promise<void> => {
      const timings: Timings = [];
      if (args.verbose && args.quiet) {
        exitCode = report(new UsageError('--verbose and --quiet ask for opposite things; pass one of them'));
        return;
      }
      try {
        await action(resolveConfig(args), timings, { verbose: args.verbose === true, quiet: args.quiet === true, watch: args.watch === true, flags: args });
      } catch (e) {
        exitCode = report(e);
      }
      if (args.verbose) printTimings(timings);
    };
  const parser = yargs(argv)
    .scriptName('cloudfn')
    .usage('$0 <command> [options]\n\nSchema-first code generator for WeChat / CloudBase cloud functions.')
    .command(
      'gen',
      'Generate types, clients and handlers from the contracts; writes only files whose content changed',
      (y) => withCommon(y).option('watch', { type: 'boolean', default: false, describe: 'Regenerate on every change of a contract, a file it $refs, or the config' }),
      run(async (config, timings, args) => {
        if (args.watch) {
          const { watchGen } = await import('./watch-command.js');
          await watchGen(args.flags, config, { verbose: args.verbose }, (line) => void process.stdout.write(`${line}\n`));
          return;
        }
        const { runGen } = await import('./pipeline.js');
        const result = await runGen(config, timings);
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        if (args.quiet) return;
        if (args.verbose) for (const f of result.written) process.stdout.write(`wrote ${f}\n`);
        for (const f of result.removed) process.stdout.write(`removed ${f} (no longer generated)\n`);
        process.stdout.write(`cloudfn: ${result.total} files, ${result.written.length} written, ${result.removed.length} removed${args.verbose || result.written.length === 0 ? '' : ' (--verbose lists them)'}\n`);
      }),
    )
    .command(
      'build',
      'Rebuild only the deployable functions/<name>/dist folders (index.js + package.json) from the sources on disk',
      (y) => withCommon(y),
      run(async (config, timings, args) => {
        const { runBuild } = await import('./pipeline.js');
        const result = await runBuild(config, timings);
        if (args.quiet) return;
        if (args.verbose) for (const f of result.written) process.stdout.write(`built ${f}\n`);
        process.stdout.write(`cloudfn: ${result.total} deployable files, ${result.written.length} written\n`);
      }),
    )
    .command(
      'check',
      'Regenerate in memory and compare with disk, and type-check every impl.ts against the contract types; exit 1 when anything drifted',
      (y) =>
        withCommon(y)
          .option('format', { choices: FORMATS, default: 'text' as ReportFormat, describe: 'text, github (workflow annotations) or json' })
          .option('impl', { type: 'boolean', default: true, describe: 'Type-check the implementations (--no-impl to skip)' }),
      async (args) =>
        run(async (config, timings) => {
          const { runCheckAll } = await import('./pipeline.js');
          const { printCheck } = await import('./stages/check-report.js');
          const result = await runCheckAll(config, timings, { impl: args.impl });
          const failed = printCheck(result, args.format, args.quiet);
          if (failed) throw new DriftError(args.format === 'text' && result.report ? result.report : 'cloudfn check: out of date (see above)');
        })(args),
    )
    .command(
      'new <name>',
      'Create a contract skeleton for a new function (input, output, an error, an example), generate, and scaffold its implementation',
      (y) =>
        withCommon(y)
          .positional('name', { type: 'string', demandOption: true, describe: 'The cloud function name, e.g. submitOrder or user-login' })
          .option('yaml', { type: 'boolean', default: false, describe: 'Write <name>.fn.yaml instead of .fn.json' })
          .option('runtime', { choices: ['nodejs', 'php'] as const, default: 'nodejs' as const, describe: 'The language of the function: a TypeScript handler, or PHP main_handler' }),
      async (args) =>
        run(async (config) => {
          const { runNew } = await import('./new-command.js');
          await runNew(config, { name: args.name, yaml: args.yaml, runtime: args.runtime }, (line) => void process.stdout.write(`${line}\n`));
        })({ ...args, createSchemas: true }),
    )
    .command(
      'openapi',
      'Write an OpenAPI 3.1 document of the functions (the HTTP trigger paths, or with --transport api the CloudBase HTTP API)',
      (y) =>
        withCommon(y)
          .option('transport', { choices: ['http', 'api'] as const, describe: 'http: POST <http.path> with X-WX-SERVICE-KEY (default); api: POST /v1/functions/{name} with a Bearer API key' })
          .option('out', { type: 'string', describe: 'The file to write, .json or .yaml (default openapi.json in the project)' }),
      async (args) =>
        run(async (config, _timings, flags) => {
          const { runOpenApi } = await import('./openapi-command.js');
          const written = runOpenApi(config, { out: args.out, transport: args.transport });
          if (!flags.quiet) process.stdout.write(`cloudfn: wrote ${written}\n`);
        })({ ...args, out: undefined }),
    )
    .command(
      'docs',
      'Write a self-contained HTML reference of the functions (search, tables, errors, examples, call snippets)',
      (y) => withCommon(y).option('out', { type: 'string', describe: 'The .html file to write (default cloudfn-docs.html in the project)' }),
      async (args) =>
        run(async (config, _timings, flags) => {
          const { runDocs } = await import('./docs-command.js');
          const written = runDocs(config, args.out);
          if (!flags.quiet) process.stdout.write(`cloudfn: wrote ${written.file} (${(written.bytes / 1024).toFixed(0)} KB)\n`);
        })({ ...args, out: undefined }),
    )
    .command(
      'diff <base> [head]',
      'Compare two versions of the contracts (folders or git refs; head defaults to the working tree) and classify each change: breaking for callers, breaking for the function, or compatible',
      (y) =>
        withCommon(y)
          .positional('base', { type: 'string', demandOption: true, describe: 'A git ref (origin/main, HEAD~1, a tag) or a folder of contracts' })
          .positional('head', { type: 'string', describe: 'Another ref or folder (default: the working tree)' })
          .option('format', { choices: FORMATS, default: 'text' as ReportFormat, describe: 'text, github (workflow annotations) or json' })
          .option('allow-breaking', { type: 'boolean', default: false, describe: 'Exit 0 even when something breaks' }),
      async (args) =>
        run(async (config) => {
          const { runDiff, BreakingChangesError } = await import('./diff/command.js');
          const breaking = runDiff(config, { base: args.base, head: args.head, format: args.format, allowBreaking: args['allow-breaking'] });
          if (breaking > 0) throw new BreakingChangesError(breaking);
        })(args),
    )
    .command(
      'serve',
      'Run the functions on a local CloudBase gateway: HTTP trigger paths and the WeChat server API (token, invoke)',
      (y) =>
        withCommon(y)
          .option('port', { type: 'string', describe: 'Port on 127.0.0.1 (default: serve.port in the config, else 3000; 0 for any free port)' })
          .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
          .option('watch', { type: 'boolean', default: false, describe: 'Reload when a contract or handler changes' })
          .option('built', { type: 'boolean', default: false, describe: 'Run the deployable functions/<name>/dist folders instead of the TypeScript handlers' }),
      async (args) =>
        run(async (config) => {
          const { serve } = await import('./emulator/serve-command.js');
          await serve(config, { port: args.port, host: args.host, watch: args.watch, built: args.built });
        })(args),
    )
    .demandCommand(1, 'Name a command: gen, build, check, diff, new or serve')
    .example('$0 gen', 'generate everything from ./schemas (or the folders cloudfn.config.json names)')
    .example('$0 check', 'in CI: exit 1 with a diff when generated files are stale')
    .example('$0 new submitOrder', 'start a function: a contract skeleton, generated code and an impl.ts to fill in')
    .example('$0 diff origin/main --format github', 'in CI: annotate breaking contract changes against the main branch')
    .example('$0 serve --watch', 'run the functions on http://127.0.0.1:3000, reloading on change')
    .strict()
    .help()
    .alias('h', 'help')
    .version(version())
    .fail((msg, err) => {
      if (err) throw err;
      // Thrown, not printed: a command line with a mistake must not go on to run the command.
      throw new UsageError(`${usageMessage(msg, argv)}\nRun \`cloudfn --help\` for usage.`);
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    exitCode = report(e);
  }
  return exitCode;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`cloudfn: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nPlease report this.\n`);
    process.exitCode = 3;
  },
);
