// The daily segregation records as a table model: the verdict over the range first, then one row
// per business day and crypto asset, and one per day for the customers' yen against the trust.

import type { SegregationResult } from '../app/segregation.ts';
import { msg, type Cell, type ReportModel } from './model.ts';

const within = (ok: boolean | null): Cell => (ok === null ? msg('reports.seg.not_given') : msg(ok ? 'reports.seg.within' : 'reports.seg.outside'));

export function segregationModel(result: SegregationResult, time_zone: string): ReportModel {
  const crypto: Cell[][] = [];
  const money: Cell[][] = [];
  let outside = 0;
  for (const r of result.records) {
    if (r.kind === 'crypto') {
      if (!r.segregation_within || !r.guarantee_within) outside += 1;
      crypto.push([r.day, r.exchange, r.asset, r.customer_balances, r.customer_wallets.hot, r.customer_wallets.warm, r.customer_wallets.cold, r.customer_wallets.total, r.segregation_difference, within(r.segregation_within), r.guarantee_held_cold, r.guarantee_not_cold, r.guarantee_required, r.guarantee_difference, within(r.guarantee_within), r.snapshot.slice(0, 12)]);
    } else {
      if (r.within === false) outside += 1;
      money.push([r.day, r.exchange, r.asset, r.customer_balances, r.trust_balance, r.trustee, r.difference, within(r.within), r.snapshot.slice(0, 12)]);
    }
  }
  const range = { from: result.from ?? '—', to: result.to ?? '—', days: result.days };
  return {
    report: 'segregation',
    title: msg('reports.seg.title'),
    verdict: result.records.length === 0 ? msg('reports.seg.verdict_empty', range) : outside === 0 ? msg('reports.seg.verdict_ok', range) : msg('reports.seg.verdict_outside', { ...range, outside }),
    ok: outside === 0,
    time_zone,
    facts: [
      { label: msg('reports.fact.from'), value: result.from, kind: 'date' },
      { label: msg('reports.fact.to'), value: result.to, kind: 'date' },
      { label: msg('reports.fact.days'), value: result.days, kind: 'count' },
    ],
    notes: [msg('reports.seg.note_rule'), msg('reports.seg.note_counsel'), ...(result.superseded.length > 0 ? [msg('reports.seg.note_superseded', { count: result.superseded.length })] : [])],
    tables: [
      {
        id: 'crypto',
        title: msg('reports.seg.crypto'),
        columns: [
          { label: msg('reports.col.day'), kind: 'date' },
          { label: msg('reports.col.exchange'), kind: 'text' },
          { label: msg('reports.col.asset'), kind: 'text' },
          { label: msg('reports.col.customer_balances'), kind: 'amount' },
          { label: msg('reports.col.customer_hot'), kind: 'amount' },
          { label: msg('reports.col.customer_warm'), kind: 'amount' },
          { label: msg('reports.col.customer_cold'), kind: 'amount' },
          { label: msg('reports.col.customer_total'), kind: 'amount' },
          { label: msg('reports.col.segregation_difference'), kind: 'amount' },
          { label: msg('reports.col.segregation_within'), kind: 'text' },
          { label: msg('reports.col.guarantee_cold'), kind: 'amount' },
          { label: msg('reports.col.guarantee_not_cold'), kind: 'amount' },
          { label: msg('reports.col.guarantee_required'), kind: 'amount' },
          { label: msg('reports.col.guarantee_difference'), kind: 'amount' },
          { label: msg('reports.col.guarantee_within'), kind: 'text' },
          { label: msg('reports.col.snapshot'), kind: 'text' },
        ],
        rows: crypto,
      },
      {
        id: 'money',
        title: msg('reports.seg.money'),
        columns: [
          { label: msg('reports.col.day'), kind: 'date' },
          { label: msg('reports.col.exchange'), kind: 'text' },
          { label: msg('reports.col.asset'), kind: 'text' },
          { label: msg('reports.col.customer_money'), kind: 'amount' },
          { label: msg('reports.col.trust_balance'), kind: 'amount' },
          { label: msg('reports.col.trustee'), kind: 'text' },
          { label: msg('reports.col.trust_difference'), kind: 'amount' },
          { label: msg('reports.col.trust_within'), kind: 'text' },
          { label: msg('reports.col.snapshot'), kind: 'text' },
        ],
        rows: money,
      },
    ],
  };
}
