import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import type { CliContext } from '../context.ts';

export function registerImport(program: Command, context: CliContext): void {
  program
    .command('import')
    .description(context.t('cli.import_description'))
    .argument('<dir>', context.t('cli.arg_dir'))
    .option('--encoding <encoding>', context.t('cli.opt_encoding'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (dir: string, options: { json?: boolean; encoding?: string }) => {
      const json = options.json === true;
      const encoding = options.encoding?.toLowerCase().replace('-', '_').replace('utf_8', 'utf-8');
      if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'shift_jis') throw new UserError('cli.bad_encoding', { value: options.encoding! });
      const { importSnapshot, importJson } = await import('../../app/import.ts');
      const result = await context.withApp({ json }, (deps) => importSnapshot(deps, { dir, ...(encoding === undefined ? {} : { encoding }) }));
      if (json) {
        context.printJson(importJson(result, context.tr));
        return;
      }
      context.printWarnings(result.warnings);
      context.io.out(importedLine(context, result) + '\n');
      if (result.warnings.length > 0) context.io.out(context.t('cli.warnings_count', { count: result.warnings.length }) + '\n');
    });
}

export function importedLine(context: CliContext, result: { status: 'created' | 'exists'; snapshot_id: string; balance_rows: number; seconds: number }): string {
  const rate = result.seconds > 0 ? Math.round(result.balance_rows / result.seconds) : 0;
  return context.t(result.status === 'created' ? 'cli.import_created' : 'cli.import_exists', {
    id: result.snapshot_id,
    rows: groupDigits(String(result.balance_rows)),
    seconds: result.seconds.toFixed(2),
    rate: groupDigits(String(rate)),
  });
}
