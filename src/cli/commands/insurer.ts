// `hozen insurer claims --insurer <name>`: the insurer's view of the stored claims, as an insurer
// user reads it from GET /api/v1/insurer/claims (the rule is in app/underwritten.ts), for the
// operator who answers an insurer without the service running. The same use case and, with
// --json, the same JSON as the API.

import type { Command } from 'commander';
import type { UnderwrittenResult } from '../../app/underwritten.ts';
import type { Lang, Translator } from '../../i18n/i18n.ts';
import { UserError } from '../../errors.ts';
import type { CliContext } from '../context.ts';

/** Insurer names are at most this long in policies.json (docs/formats/policies.md). */
const INSURER_NAME_MAX = 200;

export function registerInsurer(program: Command, context: CliContext): void {
  const group = program.command('insurer').description(context.t('insurance.underwritten.cli.description'));
  group
    .command('claims')
    .description(context.t('insurance.underwritten.cli.claims'))
    .requiredOption('--insurer <name>', context.t('insurance.underwritten.cli.opt_insurer'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { insurer: string; json?: boolean }) => {
      const insurer = options.insurer.trim();
      if (insurer === '' || insurer.length > INSURER_NAME_MAX) throw new UserError('insurance.underwritten.cli.bad_insurer', { max: INSURER_NAME_MAX });
      const [{ underwrittenClaims, underwrittenJson }, { cliActor }] = await Promise.all([import('../../app/underwritten.ts'), import('../../store/open.ts')]);
      // The actor is the operator, reading as the insurer would (role insurer, no tenant).
      const result = await context.withHandle((handle) => underwrittenClaims({ handle, actor: { ...cliActor(context.io.env), role: 'insurer' } }, { insurer }));
      if (options.json === true) return context.printJson(underwrittenJson(result, context.tr));
      context.io.out(await underwrittenText(result, context.tr, context.lang));
    });
}

async function underwrittenText(result: UnderwrittenResult, tr: Translator, lang: Lang): Promise<string> {
  const [{ groupDigits }, { shownInstant }, { reasonText }] = await Promise.all([import('../../i18n/numbers.ts'), import('../../i18n/dates.ts'), import('../../insurance/report.ts')]);
  const out = [tr.t(result.claims.length === 0 ? 'insurance.underwritten.none' : 'insurance.underwritten.verdict', { insurer: result.insurer, count: result.claims.length })];
  for (const claim of result.claims) {
    const unit = claim.base_currency === 'JPY' && lang === 'ja' ? '円' : ` ${claim.base_currency}`;
    const m = (amount: string): string => `${groupDigits(amount)}${unit}`;
    out.push('');
    out.push(tr.t('insurance.underwritten.claim', { tenant: claim.tenant.name, incident: claim.incident, peril: claim.peril, occurred_at: shownInstant(claim.occurred_at, lang), gross: m(claim.gross_loss), snapshot: claim.snapshot_id.slice(0, 12) }));
    for (const line of claim.lines) {
      out.push(tr.t(`insurance.underwritten.on_${line.on}`, { policy: line.policy }));
      out.push(tr.t('insurance.text.amounts', { covered: m(line.covered_loss), deductible: m(line.deductible), coinsurance: m(line.coinsurance), recovery: m(line.recovery) }));
      if (line.reason !== null) out.push(tr.t('insurance.text.reason', { reason: reasonText(line.reason, tr) }));
      for (const r of line.reinsurance) out.push(tr.t('insurance.text.reinsurance', { id: r.id, reinsurer: r.reinsurer, amount: m(r.share) }));
    }
  }
  if (result.truncated) out.push('', tr.t('insurance.underwritten.truncated', { max: result.claims.length }));
  return out.join('\n') + '\n';
}
