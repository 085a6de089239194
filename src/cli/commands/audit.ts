import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerAudit(program: Command, context: CliContext): void {
  const audit = program.command('audit').description(context.t('cli.audit_description'));
  audit
    .command('verify')
    .description(context.t('cli.audit_verify_description'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const json = options.json === true;
      const { verifyAuditLog, auditVerifyJson } = await import('../../app/audit.ts');
      const result = await context.withApp({ json }, (deps) => verifyAuditLog(deps));
      context.verdict(result.verdict);
      if (json) {
        context.printJson(auditVerifyJson(result));
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
      const json = options.json === true;
      const [{ auditLog, auditLogJson }, { renderTable }] = await Promise.all([import('../../app/audit.ts'), import('../../text/table.ts')]);
      const result = await context.withApp({ json }, (deps) => auditLog(deps));
      if (json) {
        context.printJson(auditLogJson(result));
        return;
      }
      context.io.out(
        renderTable(
          ['seq', context.t('cli.col_at'), context.t('cli.col_kind'), context.t('cli.col_subject'), 'inputs_sha256', 'hash'],
          result.entries.map((e) => [String(e.seq), e.at, e.kind, e.subject, e.inputs_sha256.slice(0, 16), e.hash.slice(0, 16)]),
          ['right'],
        ),
      );
    });
}
