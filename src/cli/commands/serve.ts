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

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description(context.t('server.cli.serve_description'))
    .option('--host <host>', context.t('server.cli.opt_host'), '127.0.0.1')
    .option('--port <port>', context.t('server.cli.opt_port'), String(PORT_DEFAULT))
    .option('--data <dir>', context.t('server.cli.opt_data'))
    .action(async (options: { host: string; port: string; data?: string }) => {
      const port = parsePort(options.port);
      const { startService, serviceUrl } = await import('../../server/serve.ts');
      await context.withHandle(
        async (handle, store_options) => {
          const data_dir = resolve(options.data ?? join(store_options.db_dir ?? '.hozen', 'service'));
          const service = await startService(handle, { host: options.host, port, data_dir });
          context.io.out(context.t('server.cli.listening', { url: service.url, docs: `${service.url}/api/v1/docs`, store: handle.location }) + '\n');
          await new Promise<void>((done) => {
            const stop = (): void => {
              process.off('SIGINT', stop);
              process.off('SIGTERM', stop);
              done();
            };
            process.on('SIGINT', stop);
            process.on('SIGTERM', stop);
          });
          context.io.out(context.t('server.cli.stopping') + '\n');
          await service.close();
        },
        { serving: serviceUrl(options.host, port) },
      );
    });
}
