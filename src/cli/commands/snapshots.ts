import type { Command } from 'commander';
import { groupDigits } from '../../i18n/numbers.ts';
import { renderTable } from '../../text/table.ts';
import type { CliContext } from '../context.ts';

export function registerSnapshots(program: Command, context: CliContext): void {
  program
    .command('snapshots')
    .description(context.t('cli.snapshots_description'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const json = options.json === true;
      const { importedByText, listSnapshots, snapshotsJson } = await import('../../app/snapshots.ts');
      const result = await context.withApp({ json }, (deps) => listSnapshots(deps));
      if (json) {
        context.printJson(snapshotsJson(result));
        return;
      }
      if (result.snapshots.length === 0) {
        context.io.out(context.t('cli.no_snapshots') + '\n');
        return;
      }
      context.io.out(
        renderTable(
          [context.t('cli.col_snapshot'), context.t('cli.col_exchange'), context.t('cli.col_as_of'), context.t('cli.col_base'), context.t('cli.col_rows'), context.t('cli.col_imported_at'), context.t('cli.col_imported_by')],
          result.snapshots.map((r) => [r.id, `${r.exchange_name} (${r.exchange_id})`, r.as_of, r.base_currency, groupDigits(String(r.balance_rows)), r.imported_at, importedByText(context.tr, r.imported_by)]),
          ['left', 'left', 'left', 'left', 'right', 'left', 'left'],
        ),
      );
    });
}
