// `hozen history`: the series of headline figures of stored coverage checks across snapshots, one
// row per snapshot and regime, oldest first.

import type { Translator } from '../i18n/i18n.ts';
import { parseDecimal } from '../money/decimal.ts';
import { figure } from './render.ts';
import { shownInstant } from '../i18n/dates.ts';
import type { CheckRunResult, StoredCheck } from './runs.ts';

export interface HistoryTable {
  headers: string[];
  rows: string[][];
}

/**
 * "hot-share 4.2% (≤ 5%)": the check's rule name, what was held, and the bound. A bound in the
 * base currency is a requirement, rounded up by the valuation rule, and says so.
 */
function headlineText(check: StoredCheck, base_currency: string, tr: Translator): string {
  const t = tr.t.bind(tr);
  const rule = check.id.slice(check.id.indexOf('/') + 1);
  const show = (value: string | null) => (value === null ? '—' : figure(parseDecimal(value, { signed: true }), check.unit, undefined, tr.lang));
  const sign = check.bound === 'max' ? '≤' : '≥';
  const bound = check.required !== null && check.unit === base_currency ? t('coverage.history.bound_rounded_up', { sign, figure: show(check.required), rounding: t('valuation.rounded_up') }) : `${sign} ${show(check.required)}`;
  return t('coverage.history.headline', { rule, held: show(check.held), bound });
}

export function historyTable(results: readonly CheckRunResult[], tr: Translator): HistoryTable {
  const t = tr.t.bind(tr);
  return {
    headers: [t('coverage.history.col_as_of'), t('coverage.history.col_exchange'), t('coverage.history.col_snapshot'), t('coverage.history.col_regime'), t('coverage.history.col_verdict'), t('coverage.history.col_headline')],
    rows: results.map((r) => [
      shownInstant(r.as_of, tr.lang),
      r.exchange,
      r.snapshot.slice(0, 12),
      r.regime,
      r.compliant ? t('coverage.report.compliant') : t('coverage.history.failed', { count: r.failed_checks }),
      r.headline.map((check) => headlineText(check, r.base_currency, tr)).join(t('coverage.history.separator')),
    ]),
  };
}
