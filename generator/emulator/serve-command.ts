/** `cloudfn serve`: starts the emulator for a project, logs each request, reloads on change, stops on SIGINT. */
import { watch, type FSWatcher } from 'node:fs';
import type { ResolvedConfig } from '../config.js';
import { CloudFnToolError, UsageError } from '../errors.js';
import { startEmulator } from './server.js';

export interface ServeFlags {
  /** As typed on the command line: checked here, so that a mistake gets a clear message. */
  port: string | undefined;
  host: string;
  watch: boolean;
  built: boolean;
}

export async function serve(config: ResolvedConfig, flags: ServeFlags): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  if (flags.port !== undefined && !/^\d{1,5}$/.test(flags.port)) {
    throw new UsageError(`--port ${JSON.stringify(flags.port)}: not a port number; use 0 to 65535 (0 for any free port)`);
  }
  const port = flags.port !== undefined ? Number(flags.port) : (config.serve.port ?? 3000);
  if (port > 65535) throw new UsageError(`--port ${port}: not a port number; use 0 to 65535 (0 for any free port)`);
  let emulator;
  try {
    emulator = await startEmulator({ projectDir: config.rootDir, built: flags.built, port, host: flags.host, log });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${flags.host} is in use; stop what listens there, or pass --port 0 for any free port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new UsageError(`cannot listen on ${flags.host}:${port} (${code}); pass --host 127.0.0.1${code === 'EACCES' ? ' and a port above 1023' : ''}`);
    }
    throw e;
  }
  log(`cloudfn serve: ${emulator.url}  (env ${emulator.env}, appid ${emulator.appId}; ${flags.built ? 'deployable dist/ folders' : 'TypeScript handlers'})`);
  log(`  HTTP trigger: POST ${emulator.url}/<http.path>   WeChat API: ${emulator.url}/cgi-bin/token, ${emulator.url}/tcb/invokecloudfunction`);

  const watchers: FSWatcher[] = [];
  if (flags.watch) {
    let timer: NodeJS.Timeout | undefined;
    let reloading = Promise.resolve();
    const schedule = (file: string | null): void => {
      if (file && /(^|[\\/])(dist|node_modules)([\\/]|$)|\.tmp$/.test(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        reloading = reloading.then(async () => {
          try {
            await emulator.reload();
            log(`reloaded (${file ?? 'change'})`);
          } catch (e) {
            log(`reload failed, still serving the previous version:\n${e instanceof CloudFnToolError ? e.message : String(e)}`);
          }
        });
      }, 200);
    };
    for (const dir of [config.schemasDir, config.functionsDir]) watchers.push(watch(dir, { recursive: true }, (_event, file) => schedule(file)));
    log('  watching for changes');
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      for (const w of watchers) w.close();
      void emulator.close().then(() => {
        log('cloudfn serve: stopped');
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
