import type { Command } from 'commander';
import { groupDigits } from '../../i18n/numbers.ts';
import type { CliContext } from '../context.ts';

export function registerSnapshot(program: Command, context: CliContext): void {
  const snapshot = program.command('snapshot').description(context.t('cli.snapshot_description'));
  snapshot
    .command('verify')
    .description(context.t('cli.snapshot_verify_description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot_id'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (id: string, options: { json?: boolean }) => {
      const json = options.json === true;
      const { verifySnapshotRows, snapshotVerifyJson } = await import('../../app/snapshot-verify.ts');
      const result = await context.withApp({ json }, (deps) => verifySnapshotRows(deps, { id }));
      context.verdict(result.verdict);
      if (json) {
        context.printJson(snapshotVerifyJson(result));
        return;
      }
      if (result.ok) {
        context.io.out(context.t('cli.snapshot_verified', { id: result.snapshot_id, rows: groupDigits(String(result.rows)), seq: result.audit_seq }) + '\n');
        return;
      }
      const d = result.difference;
      const where =
        d === undefined
          ? ''
          : d.line === null
            ? context.t('cli.snapshot_differs_lines', { first: d.first_line, last: d.last_line, recorded: d.rows_recorded, found: d.rows_found })
            : context.t(`cli.snapshot_differs_row_${d.change}`, { line: d.line, account: d.account_id ?? '' });
      context.io.out(context.t('cli.snapshot_tampered', { id: result.snapshot_id, reason: context.t(`cli.snapshot_reason_${result.reason}`), where, detail: result.detail }) + '\n');
    });
}
