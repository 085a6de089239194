import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { readNamedText } from '../read-text.ts';

export function registerReserves(program: Command, context: CliContext): void {
  program
    .command('reserves')
    .description(context.t('reserves.cli.description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .argument('<reserves>', context.t('reserves.cli.arg_reserves'))
    .option('--liabilities <file>', context.t('reserves.cli.opt_liabilities'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (snapshot_arg: string, reserves_path: string, options: { liabilities?: string; json?: boolean }) => {
      const json = options.json === true;
      const [{ reservesReport, reservesJson }, { snapshotRefOf }, { renderReserves }] = await Promise.all([import('../../app/reserves.ts'), import('../../app/resolve-snapshot.ts'), import('../../text/reserves.ts')]);
      const snapshot = await snapshotRefOf(snapshot_arg);
      const reserves = await readNamedText(reserves_path);
      const liabilities = options.liabilities === undefined ? undefined : await readNamedText(options.liabilities);
      const result = await context.withApp({ json }, (deps) => reservesReport(deps, { snapshot, reserves, ...(liabilities === undefined ? {} : { liabilities }) }));
      context.verdict(result.verdict);
      if (json) {
        context.printJson(reservesJson(result));
        return;
      }
      context.printWarnings(result.warnings);
      context.io.out(renderReserves(result, context.tr));
    });
}
