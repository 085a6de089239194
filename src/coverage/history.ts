// `hozen history`: the series of headline figures of stored coverage checks across snapshots, one
// row per snapshot and regime, oldest first.

import type { Translator } from '../i18n/i18n.ts';
import { parseDecimal } from '../money/decimal.ts';
import { figure } from './render.ts';
import type { CheckRunResult, StoredCheck } from './runs.ts';

export interface HistoryTable {
  headers: string[];
  rows: string[][];
}

/**
 * "hot-share 4.2% (≤ 5%)": the check's rule name, what was held, and the bound. A bound in the
 * base currency is a requirement, rounded up by the valuation rule, and says so.
 */
function headlineText(check: StoredCheck, base_currency: string, t: Translator['t']): string {
  const rule = check.id.slice(check.id.indexOf('/') + 1);
  const show = (value: string | null) => (value === null ? '—' : figure(parseDecimal(value, { signed: true }), check.unit));
  const sign = check.bound === 'max' ? '≤' : '≥';
  if (check.required !== null && check.unit === base_currency) {
    return `${rule} ${show(check.held)} (${t('coverage.history.bound_rounded_up', { sign, figure: show(check.required), rounding: t('valuation.rounded_up') })})`;
  }
  return `${rule} ${show(check.held)} (${sign} ${show(check.required)})`;
}

export function historyTable(results: readonly CheckRunResult[], tr: Translator): HistoryTable {
  const t = tr.t.bind(tr);
  return {
    headers: [t('coverage.history.col_as_of'), t('coverage.history.col_exchange'), t('coverage.history.col_snapshot'), t('coverage.history.col_regime'), t('coverage.history.col_verdict'), t('coverage.history.col_headline')],
    rows: results.map((r) => [
      r.as_of,
      r.exchange,
      r.snapshot.slice(0, 12),
      r.regime,
      r.compliant ? t('coverage.report.compliant') : t('coverage.history.failed', { count: r.failed_checks }),
      r.headline.map((check) => headlineText(check, r.base_currency, t)).join('; '),
    ]),
  };
}
