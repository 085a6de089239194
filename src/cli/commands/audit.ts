import type { Command } from 'commander';
import { EXIT_CHECK_FAILED } from '../../errors.ts';
import type { CliContext } from '../context.ts';
import { renderTable } from '../table.ts';

export function registerAudit(program: Command, context: CliContext): void {
  const audit = program.command('audit').description(context.t('cli.audit_description'));
  audit
    .command('verify')
    .description(context.t('cli.audit_verify_description'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const result = await context.withStore((store) => store.verifyAudit());
      if (!result.ok) context.exit_code = EXIT_CHECK_FAILED;
      if (options.json === true) {
        context.printJson(result);
        return;
      }
      context.io.out(
        (result.ok
          ? context.t('cli.audit_ok', { entries: result.entries, head: result.head_hash.slice(0, 16) })
          : context.t('cli.audit_broken', { entries: result.entries, seq: result.seq, reason: context.t(`cli.audit_reason_${result.reason}`), detail: result.detail })) + '\n',
      );
    });
  audit
    .command('log')
    .description(context.t('cli.audit_log_description'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const entries = await context.withStore((store) => store.auditEntries());
      if (options.json === true) {
        context.printJson({ entries });
        return;
      }
      context.io.out(
        renderTable(
          ['seq', context.t('cli.col_at'), context.t('cli.col_kind'), context.t('cli.col_subject'), 'inputs_sha256', 'hash'],
          entries.map((e) => [String(e.seq), e.at, e.kind, e.subject, e.inputs_sha256.slice(0, 16), e.hash.slice(0, 16)]),
          ['right'],
        ),
      );
    });
}
