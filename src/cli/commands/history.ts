import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerHistory(program: Command, context: CliContext): void {
  program
    .command('history')
    .description(context.t('coverage.cli.history_description'))
    .option('--regime <id>', context.t('coverage.cli.opt_history_regime'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { regime?: string; json?: boolean }) => {
      const json = options.json === true;
      const [{ checkHistory, historyJson }, { historyTable }, { renderTable }] = await Promise.all([import('../../app/history.ts'), import('../../coverage/history.ts'), import('../../text/table.ts')]);
      const result = await context.withApp({ json }, (deps) => checkHistory(deps, options.regime === undefined ? {} : { regime: options.regime }));
      if (json) {
        context.printJson(historyJson(result, context.tr));
        return;
      }
      for (const warning of result.warnings) context.io.out(`[${context.t('app.alert_warning')}] ${context.t(warning.code, warning.params)}\n`);
      const unchecked = result.snapshots.filter((s) => s.checked.length === 0);
      if (result.history.length === 0 && unchecked.length === 0) {
        context.io.out(context.t('coverage.history.empty') + '\n');
        return;
      }
      if (result.history.length > 0) {
        const table = historyTable(result.history, context.tr);
        context.io.out(renderTable(table.headers, table.rows));
      }
      if (unchecked.length > 0) {
        const { uncheckedTable } = await import('../../reports/history-model.ts');
        const table = uncheckedTable(unchecked, context.tr);
        context.io.out(renderTable(table.headers, table.rows));
      }
    });
}
