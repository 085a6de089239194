import type { Command } from 'commander';
import { historyTable } from '../../coverage/history.ts';
import { checkHistory } from '../../coverage/runs.ts';
import type { CliContext } from '../context.ts';
import { renderTable } from '../table.ts';

export function registerHistory(program: Command, context: CliContext): void {
  program
    .command('history')
    .description(context.t('coverage.cli.history_description'))
    .option('--regime <id>', context.t('coverage.cli.opt_history_regime'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { regime?: string; json?: boolean }) => {
      const results = await context.withStore((store) => checkHistory(store, options.regime));
      if (options.json === true) {
        context.printJson({ history: results.map(({ checks: _checks, assignments: _assignments, excluded: _excluded, ...headline }) => headline) });
        return;
      }
      if (results.length === 0) {
        context.io.out(context.t('coverage.history.empty') + '\n');
        return;
      }
      const table = historyTable(results, context.tr);
      context.io.out(renderTable(table.headers, table.rows));
    });
}
