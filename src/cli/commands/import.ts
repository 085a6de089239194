import type { Command } from 'commander';
import { importSnapshotDir } from '../../services/import.ts';
import type { CliContext } from '../context.ts';
import { groupDigits } from '../../i18n/numbers.ts';

export function registerImport(program: Command, context: CliContext): void {
  program
    .command('import')
    .description(context.t('cli.import_description'))
    .argument('<dir>', context.t('cli.arg_dir'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (dir: string, options: { json?: boolean }) => {
      const json = options.json === true;
      const result = await context.withStore(async (store) => {
        const progress = context.progress(context.t('cli.progress_import'), context.t('cli.rows'), json);
        const imported = await importSnapshotDir(store, dir, { on_progress: (rows) => progress.update(rows) });
        progress.done();
        return imported;
      });
      if (json) {
        context.printJson({
          snapshot: result.snapshot_id,
          status: result.status,
          content_sha256: result.content_sha256,
          balance_rows: result.balance_rows,
          seconds: Number(result.seconds.toFixed(3)),
          warnings: result.warnings.map((w) => ({ ...w, message: context.t(w.code, w.params) })),
        });
        return;
      }
      context.printWarnings(result.warnings);
      const rate = result.seconds > 0 ? Math.round(result.balance_rows / result.seconds) : 0;
      context.io.out(
        context.t(result.status === 'created' ? 'cli.import_created' : 'cli.import_exists', {
          id: result.snapshot_id,
          rows: groupDigits(String(result.balance_rows)),
          seconds: result.seconds.toFixed(2),
          rate: groupDigits(String(rate)),
        }) + '\n',
      );
      if (result.warnings.length > 0) context.io.out(context.t('cli.warnings_count', { count: result.warnings.length }) + '\n');
    });
}
