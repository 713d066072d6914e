/** `cloudfn serve`: starts the emulator for a project, logs each request, reloads on change, stops on SIGINT. */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { CloudFnToolError, UsageError } from '../errors.js';
import { compile } from '../pipeline.js';
import { serviceKeyEnv } from './load-project.js';
import { startEmulator } from './server.js';
import { t } from '../i18n/messages.js';
import { watchTree } from '../util/watch-tree.js';

export interface ServeFlags {
  /** As typed on the command line: checked here, so that a mistake gets a clear message. */
  port: string | undefined;
  host: string;
  watch: boolean;
  built: boolean;
}

/** The service key `cloudfn serve` uses on this machine when none is configured: printed, never a secret. */
export const LOCAL_SERVICE_KEY = 'cloudfn-local-service-key';
/** The API key the HTTP API path accepts on this machine when none is configured: printed, never a secret. */
export const LOCAL_API_KEY = 'cloudfn-local-api-key';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** True when an executable by that name is in one of PATH's folders. */
function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function serve(config: ResolvedConfig, flags: ServeFlags): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  if (flags.port !== undefined && !/^\d{1,5}$/.test(flags.port)) {
    throw new UsageError(t('serve.badPort', { port: JSON.stringify(flags.port) }));
  }
  const port = flags.port !== undefined ? Number(flags.port) : (config.serve.port ?? 3000);
  if (port > 65535) throw new UsageError(t('serve.badPort', { port }));
  // The service key: the config's, else the one exported in the shell, else (on this machine only) a
  // printed local default, so that the functions answer out of the box. The functions get it too.
  const keyEnv = serviceKeyEnv(config);
  const fromShell = process.env[keyEnv];
  const serviceKey = config.serve.serviceKey ?? (fromShell !== undefined && fromShell !== '' ? fromShell : undefined) ?? (isLoopback(flags.host) ? LOCAL_SERVICE_KEY : undefined);
  if (serviceKey === undefined) {
    throw new UsageError(t('serve.needsKey', { host: flags.host, env: keyEnv }));
  }
  const keySource = config.serve.serviceKey !== undefined ? 'serve.serviceKey' : serviceKey === fromShell ? `$${keyEnv}` : t('serve.localDefault');
  // API keys for /v1/functions: the config's, else CLOUDFN_API_KEY from the shell, else (here only) a local default.
  const apiFromShell = process.env['CLOUDFN_API_KEY'];
  const apiKeys = config.serve.apiKeys ?? (apiFromShell ? [apiFromShell] : isLoopback(flags.host) ? [LOCAL_API_KEY] : []);
  const localApiKey = config.serve.apiKeys === undefined && !apiFromShell && apiKeys.length > 0;
  const apiKeySource = config.serve.apiKeys !== undefined ? 'serve.apiKeys' : apiFromShell ? '$CLOUDFN_API_KEY' : localApiKey ? t('serve.localDefault') : undefined;
  const served: ResolvedConfig = { ...config, serve: { ...config.serve, serviceKey, apiKeys } };
  let emulator;
  try {
    emulator = await startEmulator({ config: served, built: flags.built, port, host: flags.host, log });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(t('serve.portInUse', { port, host: flags.host }));
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new UsageError(t('serve.cannotListen', { host: flags.host, port, code, extra: code === 'EACCES' ? t('serve.lowPort') : '' }));
    }
    throw e;
  }
  const mock = config.targets['handler']?.['mock'] === true;
  // The first line keeps this shape in every language: scripts read the URL from it.
  log(`cloudfn serve: ${emulator.url}  (${t(flags.built ? 'serve.modeBuilt' : mock ? 'serve.modeMock' : 'serve.modeTs')})`);
  log(`  HTTP trigger   POST ${emulator.url}<http.path> with X-WX-SERVICE-KEY: ${serviceKey}  (${keySource})`);
  const functions = compile(config).functions;
  for (const fn of functions) log(`    POST ${emulator.url}${fn.httpPath}  → ${fn.name}`);
  const phpFunctions = functions.filter((fn) => fn.runtime === 'php').map((fn) => fn.name);
  // Said now, not at the first call: a PHP function runs with the php on PATH.
  if (phpFunctions.length > 0 && !onPath(process.platform === 'win32' ? 'php.exe' : 'php')) log(t('serve.noPhp', { names: phpFunctions.join(', ') }));
  // `--mock` mocks a Node function in memory; a PHP function runs its folder, so only `gen --mock` mocks it.
  const unmocked = mock && !flags.built ? phpFunctions.filter((name) => !existsSync(path.join(config.functionsDir, name, 'mock.php'))) : [];
  if (unmocked.length > 0) log(t('serve.phpNotMocked', { names: unmocked.join(', ') }));
  const shownKey = localApiKey ? apiKeys[0] : '<API key>';
  log(
    apiKeys.length
      ? `  HTTP API       POST ${emulator.url}/v1/functions/<function> with Authorization: Bearer ${shownKey}  (${apiKeySource})`
      : t('serve.noApiKey'),
  );
  log(`  WeChat API     ${emulator.url}/cgi-bin/token?grant_type=client_credential&appid=${emulator.appId}&secret=${emulator.appSecret}`);
  log(`                 ${emulator.url}/tcb/invokecloudfunction?env=${emulator.env}&name=<function>`);

  const watchers: { close(): void }[] = [];
  if (flags.watch) {
    let timer: NodeJS.Timeout | undefined;
    let reloading = Promise.resolve();
    let contractsChanged = false;
    const schedule = (file: string | null, contract: boolean): void => {
      if (file && /(^|[\\/])(dist|node_modules)([\\/]|$)|\.tmp$/.test(file)) return;
      contractsChanged ||= contract;
      clearTimeout(timer);
      timer = setTimeout(() => {
        reloading = reloading.then(async () => {
          try {
            await emulator.reload();
            log(t('serve.reloaded', { what: file ?? t('serve.change') }));
            if (contractsChanged) {
              contractsChanged = false;
              // serve runs the generated handlers as they are on disk: say so when a contract edit made them stale.
              const { runCheck } = await import('../pipeline.js');
              if ((await runCheck(config)) !== undefined) log(t('serve.stale'));
            }
          } catch (e) {
            log(t('serve.reloadFailed', { detail: e instanceof CloudFnToolError ? e.message : String(e) }));
          }
        });
      }, 200);
    };
    // Each folder watched on its own: saves that replace a file are seen every time (util/watch-tree.ts).
    const deployed = (name: string): boolean => name === 'dist';
    watchers.push(watchTree(config.schemasDir, (abs) => schedule(path.relative(config.schemasDir, abs), true), deployed));
    watchers.push(watchTree(config.functionsDir, (abs) => schedule(path.relative(config.functionsDir, abs), false), deployed));
    log(t('serve.watching'));
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      for (const w of watchers) w.close();
      void emulator.close().then(() => {
        log(t('serve.stopped'));
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
