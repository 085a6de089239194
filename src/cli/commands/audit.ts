import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { readNamedText } from '../read-text.ts';
import { UserError } from '../../errors.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerAudit(program: Command, context: CliContext): void {
  const audit = program.command('audit').description(context.t('cli.audit_description'));
  audit
    .command('verify')
    .description(context.t('cli.audit_verify_description'))
    .option('--anchor <file>', context.t('cli.opt_anchor'), collect, [])
    .option('--public-key <file>', context.t('cli.opt_public_key'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { anchor: string[]; publicKey?: string; json?: boolean }) => {
      const json = options.json === true;
      const { verifyAuditLog, auditVerifyJson } = await import('../../app/audit.ts');
      const anchors = await Promise.all(options.anchor.map(readNamedText));
      const public_key = options.publicKey === undefined ? undefined : await readNamedText(options.publicKey);
      const result = await context.withApp({ json }, (deps) => verifyAuditLog(deps, { anchors, ...(public_key === undefined ? {} : { public_key }) }));
      context.verdict(result.verdict);
      if (json) {
        context.printJson(auditVerifyJson(result));
        return;
      }
      context.io.out(
        (result.ok
          ? context.t('cli.audit_ok', { entries: result.entries, head: result.head_hash.slice(0, 16) })
          : context.t('cli.audit_broken', { entries: result.entries, seq: result.seq, reason: context.t(`cli.audit_reason_${result.reason}`), detail: context.t(result.detail_code, result.detail_params) })) + '\n',
      );
      for (const check of result.anchors) {
        context.io.out(context.t(check.outcome === 'ok' ? 'cli.anchor_ok' : 'cli.anchor_failed', { file: check.file, seq: check.seq, at: check.at, outcome: context.t(`cli.anchor_outcome_${check.outcome}`) }) + '\n');
      }
    });
  audit
    .command('anchor')
    .description(context.t('cli.audit_anchor_description'))
    .requiredOption('--key <file>', context.t('cli.opt_anchor_key'))
    .option('--out <file>', context.t('cli.opt_anchor_out'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { key: string; out?: string; json?: boolean }) => {
      const json = options.json === true;
      const { anchorAudit, anchorJson } = await import('../../app/anchor.ts');
      const key = await readNamedText(options.key);
      const result = await context.withApp({ json }, (deps) => anchorAudit(deps, { key }));
      context.verdict(result.verdict);
      if (result.anchor !== null && options.out !== undefined) {
        // Whole or not at all, like every file Hozen writes.
        await writeFile(`${options.out}.partial`, JSON.stringify(result.anchor, null, 2) + '\n', 'utf8');
        await rename(`${options.out}.partial`, options.out);
      }
      if (json || (result.anchor !== null && options.out === undefined)) {
        context.printJson(anchorJson(result));
        return;
      }
      const v = result.verification;
      context.io.out(
        (result.anchor !== null
          ? context.t('cli.anchor_written', { file: options.out!, seq: result.anchor.seq, head: result.anchor.head_hash.slice(0, 16) })
          : context.t('cli.anchor_refused', { detail: v.ok ? '' : context.t('cli.audit_broken', { entries: v.entries, seq: v.seq, reason: context.t(`cli.audit_reason_${v.reason}`), detail: context.t(v.detail_code, v.detail_params) }) })) + '\n',
      );
    });
  audit
    .command('keygen')
    .description(context.t('cli.audit_keygen_description'))
    .requiredOption('--out <file>', context.t('cli.opt_keygen_out'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { out: string; json?: boolean }) => {
      const { newAnchorKey } = await import('../../app/anchor.ts');
      const key = newAnchorKey();
      try {
        // Never over an existing key; readable by its owner only.
        await writeFile(options.out, key.private_key_pem, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError('cli.keygen_exists', { file: options.out });
        throw new UserError('cli.keygen_unwritable', { file: options.out });
      }
      if (options.json === true) context.printJson({ file: options.out, public_key: key.public_key, public_key_pem: key.public_key_pem });
      else context.io.out(context.t('cli.keygen_written', { file: options.out, public_key: key.public_key }) + '\n' + key.public_key_pem);
    });
  audit
    .command('log')
    .description(context.t('cli.audit_log_description'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const json = options.json === true;
      const [{ auditLog, auditLogJson }, { renderTable }, { shownInstant }] = await Promise.all([import('../../app/audit.ts'), import('../../text/table.ts'), import('../../i18n/dates.ts')]);
      const result = await context.withApp({ json }, (deps) => auditLog(deps));
      if (json) {
        context.printJson(auditLogJson(result));
        return;
      }
      context.io.out(
        renderTable(
          ['seq', context.t('cli.col_at'), context.t('cli.col_kind'), context.t('cli.col_subject'), 'inputs_sha256', 'hash'],
          result.entries.map((e) => [String(e.seq), shownInstant(e.at, context.lang, result.time_zone), e.kind, e.subject, e.inputs_sha256.slice(0, 16), e.hash.slice(0, 16)]),
          ['right'],
        ),
      );
    });
}
