// History as a table model: one row per stored check's headline figure (snapshot × regime × rule),
// and every imported snapshot with the headline figures its import stored, checked or not; two
// different snapshots claiming the same exchange and as_of are a warning before anything else.

import type { HistoryResult, SnapshotHeadline } from '../app/history.ts';
import type { Translator } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { msg, type Cell, type Msg, type ReportModel } from './model.ts';

/** The snapshots no check has seen yet, for the terminal: `hozen history` lists them after the checks. */
export function uncheckedTable(snapshots: readonly SnapshotHeadline[], tr: Translator): { headers: string[]; rows: string[][] } {
  const t = tr.t.bind(tr);
  return {
    headers: [t('coverage.history.col_as_of'), t('coverage.history.col_exchange'), t('coverage.history.col_snapshot'), t('coverage.history.col_verdict'), t('reports.col.liabilities_value'), t('reports.col.customer_holdings_value')],
    rows: snapshots.map((s) => [s.as_of, s.exchange, s.snapshot.slice(0, 12), t('coverage.history.not_checked'), `${groupDigits(s.liabilities_value)} ${s.base_currency}`, `${groupDigits(s.customer_holdings_value)} ${s.base_currency}`]),
  };
}

export function historyModel(result: HistoryResult, time_zone: string): ReportModel {
  const checks: Cell[][] = [];
  for (const r of result.history) {
    for (const c of r.headline) {
      checks.push([r.as_of, r.exchange, r.snapshot.slice(0, 12), r.regime, msg(r.compliant ? 'coverage.report.compliant' : 'coverage.report.not_compliant'), c.id.slice(c.id.indexOf('/') + 1), c.held, c.bound === 'max' ? '≤' : '≥', c.required, c.unit]);
    }
  }
  const snapshots: Cell[][] = result.snapshots.map((s) => [s.as_of, s.exchange, s.snapshot.slice(0, 12), s.balance_rows, s.liabilities_value, s.customer_holdings_value, s.base_currency, s.checked.length === 0 ? msg('coverage.history.not_checked') : s.checked.join(', ')]);
  const failed = result.history.filter((r) => !r.compliant).length;
  const notes: Msg[] = result.warnings.map((w) => msg(w.code, w.params));
  return {
    report: 'history',
    title: msg('reports.history.title'),
    verdict: msg(failed === 0 ? 'reports.history.verdict_ok' : 'reports.history.verdict_failed', { snapshots: result.snapshots.length, checks: result.history.length, failed }),
    ok: failed === 0 && result.warnings.length === 0,
    time_zone,
    facts: [
      { label: msg('reports.fact.snapshots'), value: result.snapshots.length, kind: 'count' },
      { label: msg('reports.fact.checks'), value: result.history.length, kind: 'count' },
    ],
    notes,
    tables: [
      {
        id: 'checks',
        title: msg('reports.history.checks'),
        columns: [
          { label: msg('coverage.history.col_as_of'), kind: 'instant' },
          { label: msg('coverage.history.col_exchange'), kind: 'text' },
          { label: msg('coverage.history.col_snapshot'), kind: 'text' },
          { label: msg('coverage.history.col_regime'), kind: 'text' },
          { label: msg('coverage.history.col_verdict'), kind: 'text' },
          { label: msg('reports.col.check'), kind: 'text' },
          { label: msg('reports.col.held'), kind: 'amount' },
          { label: msg('reports.col.bound'), kind: 'text' },
          { label: msg('reports.col.required'), kind: 'amount' },
          { label: msg('reports.col.unit'), kind: 'text' },
        ],
        rows: checks,
      },
      {
        id: 'snapshots',
        title: msg('reports.history.snapshots'),
        columns: [
          { label: msg('coverage.history.col_as_of'), kind: 'instant' },
          { label: msg('coverage.history.col_exchange'), kind: 'text' },
          { label: msg('coverage.history.col_snapshot'), kind: 'text' },
          { label: msg('reports.col.accounts_rows'), kind: 'count' },
          { label: msg('reports.col.liabilities_value'), kind: 'amount' },
          { label: msg('reports.col.customer_holdings_value'), kind: 'amount' },
          { label: msg('reports.col.unit'), kind: 'text' },
          { label: msg('reports.col.checked'), kind: 'text' },
        ],
        rows: snapshots,
      },
    ],
  };
}
