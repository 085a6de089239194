import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import type { CliContext } from '../context.ts';

const PORT_DEFAULT = 8080;

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65_535) throw new UserError('server.cli.bad_port', { port: text.slice(0, 20) });
  return port;
}

function parseCount(text: string): number {
  if (!/^\d{1,3}$/.test(text) || Number(text) > 64) throw new UserError('server.cli.bad_workers', { workers: text.slice(0, 20) });
  return Number(text);
}

/** Waits for Ctrl-C or a TERM signal. */
function stopSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description(context.t('server.cli.serve_description'))
    .option('--host <host>', context.t('server.cli.opt_host'), '127.0.0.1')
    .option('--port <port>', context.t('server.cli.opt_port'), String(PORT_DEFAULT))
    .option('--data <dir>', context.t('server.cli.opt_data'))
    .option('--workers <n>', context.t('server.cli.opt_workers'), '1')
    .option('--daily <file>', context.t('daily.opt_config'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: ServeOptions) => serveUntilStopped(context, options));
}

interface ServeOptions { host: string; port: string; data?: string; workers: string; daily?: string; json?: boolean }

/** Runs the service on the store the command line names until Ctrl-C (also `hozen start --serve`). */
export async function serveUntilStopped(context: CliContext, options: ServeOptions): Promise<void> {
  const port = parsePort(options.port);
  const workers = parseCount(options.workers);
  const daily = options.daily === undefined ? undefined : await (await import('../../service/daily.ts')).readDailyConfig(options.daily);
  const { startService, serviceUrl } = await import('../../service/serve.ts');
  await context.withHandle(
    async (handle, store_options) => {
      const data_dir = resolve(options.data ?? join(store_options.db_dir ?? '.hozen', 'service'));
      const service = await startService(handle, { host: options.host, port, data_dir, workers, ...(daily === undefined ? {} : { daily }) });
      // --json: one JSON line per event (listening, stopping), for a supervisor to read.
      if (options.json === true) context.printJson({ event: 'listening', url: service.url, docs: `${service.url}/api/v1/docs`, store: handle.location });
      else context.io.out(context.t('server.cli.listening', { url: service.url, docs: `${service.url}/api/v1/docs`, store: handle.location }) + '\n');
      await stopSignal();
      if (options.json === true) context.printJson({ event: 'stopping' });
      else context.io.out(context.t('server.cli.stopping') + '\n');
      await service.close();
    },
    // The embedded store's PGlite in a worker thread of its own: an import's COPY and commit then
    // hold that thread, not the one answering requests (docs/performance.md).
    { serving: serviceUrl(options.host, port), pglite_thread: true },
  );
}

export function registerWorker(program: Command, context: CliContext): void {
  program
    .command('worker')
    .description(context.t('server.cli.worker_description'))
    .option('--workers <n>', context.t('server.cli.opt_workers'), '1')
    .option('--kinds <kinds>', context.t('server.cli.opt_kinds'))
    .option('--lease-ms <ms>', context.t('server.cli.opt_lease'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { workers: string; kinds?: string; leaseMs?: string; json?: boolean }) => {
      const count = parseCount(options.workers);
      const lease_ms = options.leaseMs === undefined ? undefined : Number(options.leaseMs);
      if (lease_ms !== undefined && (!Number.isSafeInteger(lease_ms) || lease_ms < 100 || lease_ms > 3_600_000)) throw new UserError('server.cli.bad_lease', { lease: options.leaseMs!.slice(0, 20) });
      const { JOB_KINDS } = await import('../../store/jobs.ts');
      const kinds = options.kinds === undefined ? [...JOB_KINDS] : options.kinds.split(',').map((k) => k.trim());
      const unknown = kinds.filter((k) => !(JOB_KINDS as readonly string[]).includes(k));
      if (unknown.length > 0 || kinds.length === 0) throw new UserError('server.cli.bad_kinds', { kinds: options.kinds ?? '', allowed: JOB_KINDS.join(', ') });
      if ((context.io.env.DATABASE_URL ?? '') === '') throw new UserError('server.cli.worker_needs_server');
      const { workJobs, defaultWorkerId } = await import('../../app/jobs.ts');
      await context.withHandle(async (handle) => {
        const stop = new AbortController();
        if (options.json === true) context.printJson({ event: 'started', id: defaultWorkerId(), kinds, store: handle.location });
        else context.io.out(context.t('server.cli.worker_started', { id: defaultWorkerId(), kinds: kinds.join(', '), store: handle.location }) + '\n');
        const running = Array.from({ length: Math.max(1, count) }, (_, n) => workJobs(handle, stop.signal, { worker_id: defaultWorkerId(n), kinds: kinds as typeof JOB_KINDS[number][], ...(lease_ms === undefined ? {} : { lease_ms }), log_error: (error) => console.error(error) }));
        await stopSignal();
        stop.abort();
        const done = await Promise.all(running);
        const jobs = done.reduce((sum, d) => sum + d.jobs, 0);
        if (options.json === true) context.printJson({ event: 'stopped', jobs });
        else context.io.out(context.t('server.cli.worker_stopped', { jobs }) + '\n');
      });
    });
}
