// The insurance claim as a table model, from the stored claim run: what the insurers would pay of
// the gross loss first, then one row per policy with what capped it.

import type { ClaimRunJson } from '../insurance/report.ts';
import { msg, type Cell, type ReportModel } from './model.ts';

export function claimModel(claim: ClaimRunJson, run_id: string, time_zone: string): ReportModel {
  const rows: Cell[][] = claim.policies.map((p) => [
    p.id,
    p.insurer,
    p.covered_loss,
    p.deductible,
    p.coinsurance,
    p.recovery,
    p.reason === null ? null : msg(p.reason.code, p.reason.params as Record<string, string | number>),
  ]);
  const base = claim.base_currency;
  return {
    report: 'claim',
    title: msg('reports.claim.title', { incident: claim.incident }),
    verdict: msg('reports.claim.verdict', { recovery: claim.total_recovery, loss: claim.gross_loss, currency: base }),
    ok: claim.total_recovery === claim.gross_loss,
    time_zone,
    facts: [
      { label: msg('reports.fact.incident'), value: claim.incident, kind: 'text' },
      { label: msg('reports.fact.occurred_at'), value: claim.occurred_at, kind: 'instant' },
      { label: msg('reports.fact.gross_loss', { currency: base }), value: claim.gross_loss, kind: 'amount' },
      { label: msg('reports.fact.total_recovery', { currency: base }), value: claim.total_recovery, kind: 'amount' },
      // Absent in claims stored before it was kept; shown when some of the loss is no customer's.
      ...(claim.unattributed_loss == null || /^0(\.0*)?$/.test(claim.unattributed_loss)
        ? []
        : [
            { label: msg('reports.fact.unattributed_loss', { currency: base }), value: claim.unattributed_loss, kind: 'amount' as const },
            { label: msg('reports.fact.unattributed_recovery', { currency: base }), value: claim.unattributed_recovery ?? '0', kind: 'amount' as const },
          ]),
      { label: msg('reports.fact.run'), value: run_id, kind: 'text' },
    ],
    notes: claim.notes.map((n) => msg(n.code, n.params as Record<string, string | number>)),
    tables: [
      {
        id: 'policies',
        title: msg('reports.claim.policies'),
        columns: [
          { label: msg('reports.col.policy'), kind: 'text' },
          { label: msg('reports.col.insurer'), kind: 'text' },
          { label: msg('reports.col.covered_loss', { currency: base }), kind: 'amount' },
          { label: msg('reports.col.deductible', { currency: base }), kind: 'amount' },
          { label: msg('reports.col.coinsurance', { currency: base }), kind: 'amount' },
          { label: msg('reports.col.recovery', { currency: base }), kind: 'amount' },
          { label: msg('reports.col.limited_by'), kind: 'text' },
        ],
        rows,
      },
    ],
  };
}
