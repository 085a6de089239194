// The coverage report as a table model, from the stored check of a snapshot (nothing recomputed):
// the verdict over every regime first, then one row per check with its exact figures.

import type { LatestCheckResult } from '../app/check.ts';
import { msg, type Cell, type ReportModel } from './model.ts';

const params = (p: Record<string, unknown>): Record<string, string | number> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'number' ? v : String(v ?? '')]));

export function coverageModel(latest: LatestCheckResult, time_zone: string): ReportModel {
  const first = latest.runs[0]!.result;
  const failed = latest.runs.reduce((n, r) => n + r.result.failed_checks, 0);
  const compliant = latest.runs.every((r) => r.result.compliant);
  const rows: Cell[][] = [];
  for (const { result } of latest.runs) {
    for (const c of result.checks) {
      rows.push([result.regime, c.id.slice(c.id.indexOf('/') + 1), c.asset, msg(`coverage.report.status.${c.status}`), c.required, c.held, c.shortfall, c.unit, msg(c.message_code, params(c.message_params))]);
    }
  }
  return {
    report: 'coverage',
    title: msg('reports.coverage.title', { exchange: first.exchange }),
    verdict: compliant ? msg('reports.coverage.verdict_ok', { regimes: latest.runs.length }) : msg('reports.coverage.verdict_failed', { failed, regimes: latest.runs.length }),
    ok: compliant,
    time_zone,
    facts: [
      { label: msg('reports.fact.exchange'), value: first.exchange, kind: 'text' },
      { label: msg('reports.fact.as_of'), value: first.as_of, kind: 'instant' },
      { label: msg('reports.fact.snapshot'), value: latest.snapshot_id, kind: 'text' },
      { label: msg('reports.fact.base_currency'), value: first.base_currency, kind: 'text' },
    ],
    notes: [],
    tables: [
      {
        id: 'checks',
        title: msg('reports.coverage.checks'),
        columns: [
          { label: msg('reports.col.regime'), kind: 'text' },
          { label: msg('reports.col.check'), kind: 'text' },
          { label: msg('reports.col.asset'), kind: 'text' },
          { label: msg('reports.col.status'), kind: 'text' },
          { label: msg('reports.col.required'), kind: 'amount' },
          { label: msg('reports.col.held'), kind: 'amount' },
          { label: msg('reports.col.shortfall'), kind: 'amount' },
          { label: msg('reports.col.unit'), kind: 'text' },
          { label: msg('reports.col.message'), kind: 'text' },
        ],
        rows,
      },
    ],
  };
}
