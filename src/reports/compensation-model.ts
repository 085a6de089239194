// The compensation summary as a table model, answering first: how many customers (distinct
// accounts, not payout rows), how much was paid, how much is short and why; then every asset and
// every funding source. Where the waterfall drew a later source while an earlier one still had
// some left, a note says why (guarantee crypto pays only its own asset's coins).

import type { SummaryJson } from '../compensation/summary.ts';
import { addDecimal, compareDecimal, DECIMAL_ZERO, formatDecimal, parseDecimal, subDecimal } from '../money/index.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { msg, type Cell, type Msg, type ReportModel } from './model.ts';
import type { CustomerCounts } from './payout-rows.ts';

const dec = (s: string) => parseDecimal(s, { signed: true });
const positive = (s: string) => compareDecimal(dec(s), DECIMAL_ZERO) > 0;

export function waterfallNotes(s: SummaryJson): Msg[] {
  const notes: Msg[] = [];
  s.sources.forEach((later, j) => {
    if (!positive(later.drawn)) return;
    for (const earlier of s.sources.slice(0, j)) {
      const left = subDecimal(dec(earlier.available), dec(earlier.drawn));
      if (compareDecimal(left, DECIMAL_ZERO) <= 0) continue;
      const code = earlier.name === 'guarantee' ? 'reports.comp.waterfall_guarantee' : 'reports.comp.waterfall_later';
      notes.push(msg(code, { later: msg(`compensation.source_${later.name}`), earlier: msg(`compensation.source_${earlier.name}`), left: groupDigits(formatDecimal(left)), currency: s.base_currency }));
    }
  });
  return notes;
}

export function compensationModel(s: SummaryJson, counts: CustomerCounts | null, time_zone: string): ReportModel {
  const base = s.base_currency;
  const short = positive(s.shortfall);
  const customers = counts === null ? null : counts.customers;
  const verdict = short
    ? msg('reports.comp.verdict_short', { customers: customers === null ? '—' : groupDigits(String(customers)), paid: groupDigits(s.totals.paid_fiat), shortfall: groupDigits(s.shortfall), currency: base })
    : msg('reports.comp.verdict_full', { customers: customers === null ? '—' : groupDigits(String(customers)), paid: groupDigits(s.totals.paid_fiat), currency: base });
  const notes: Msg[] = [];
  if (short) {
    const sum = (xs: typeof s.sources) => groupDigits(formatDecimal(xs.reduce((total, x) => addDecimal(total, dec(x.available)), DECIMAL_ZERO)));
    const guarantee = s.sources.filter((x) => x.name === 'guarantee');
    const figures = { need: groupDigits(s.total_need), shortfall: groupDigits(s.shortfall), currency: base };
    if (s.scheme === 'per_asset' && guarantee.length > 0) notes.push(msg('reports.comp.why_short_in_kind', { ...figures, money: sum(s.sources.filter((x) => x.name !== 'guarantee')), guarantee: sum(guarantee) }));
    else notes.push(msg('reports.comp.why_short', { ...figures, available: sum(s.sources) }));
    notes.push(msg(`reports.comp.handling_${s.on_shortfall}`));
    if (s.insurance !== 'computed') notes.push(msg(`compensation.summary_insurance_${s.insurance}`));
  }
  notes.push(...waterfallNotes(s));
  if (counts === null) notes.push(msg('reports.comp.customers_not_counted'));
  const assets: Cell[][] = s.totals.by_asset.map((a) => [a.asset, a.rows, a.loss, a.paid_in_kind, a.paid_fiat, a.iou, a.unpaid_claim, a.written_off]);
  const sources: Cell[][] = s.sources.map((x) => [msg(`compensation.source_${x.name}`), x.available, x.drawn, formatDecimal(subDecimal(dec(x.available), dec(x.drawn)))]);
  const prices: Cell[][] = s.reference_prices.map((p) => [p.asset, msg(`compensation.rule_${p.rule}`), p.price]);
  return {
    report: 'compensation',
    title: msg('reports.comp.title', { incident: s.incident }),
    verdict,
    ok: !short,
    time_zone,
    facts: [
      { label: msg('reports.fact.customers'), value: customers, kind: 'count' },
      ...(counts === null ? [] : [{ label: msg('reports.fact.customers_not_paid_in_full'), value: counts.customers_not_paid_in_full, kind: 'count' as const }]),
      { label: msg('reports.fact.rows'), value: s.rows, kind: 'count' },
      { label: msg('reports.fact.paid_fiat', { currency: base }), value: s.totals.paid_fiat, kind: 'amount' },
      { label: msg('reports.fact.iou', { currency: base }), value: s.totals.iou, kind: 'amount' },
      { label: msg('reports.fact.total_need', { currency: base }), value: s.total_need, kind: 'amount' },
      { label: msg('reports.fact.shortfall', { currency: base }), value: s.shortfall, kind: 'amount' },
      { label: msg('reports.fact.scheme'), value: msg(`compensation.scheme_${s.scheme}`), kind: 'text' },
      { label: msg('reports.fact.run'), value: s.run_id, kind: 'text' },
    ],
    notes,
    tables: [
      {
        id: 'assets',
        title: msg('compensation.summary_by_asset'),
        columns: [
          { label: msg('compensation.col_asset'), kind: 'text' },
          { label: msg('compensation.col_rows'), kind: 'count' },
          { label: msg('compensation.col_loss'), kind: 'amount' },
          { label: msg('compensation.col_paid_in_kind'), kind: 'amount' },
          { label: msg('compensation.col_paid_fiat', { currency: base }), kind: 'amount' },
          { label: msg('compensation.col_iou', { currency: base }), kind: 'amount' },
          { label: msg('compensation.col_unpaid_claim'), kind: 'amount' },
          { label: msg('compensation.col_written_off'), kind: 'amount' },
        ],
        rows: assets,
      },
      {
        id: 'sources',
        title: msg('compensation.summary_sources'),
        columns: [
          { label: msg('compensation.col_source'), kind: 'text' },
          { label: msg('compensation.col_available', { currency: base }), kind: 'amount' },
          { label: msg('compensation.col_drawn', { currency: base }), kind: 'amount' },
          { label: msg('reports.col.left', { currency: base }), kind: 'amount' },
        ],
        rows: sources,
      },
      {
        id: 'prices',
        title: msg('compensation.summary_prices'),
        columns: [
          { label: msg('compensation.col_asset'), kind: 'text' },
          { label: msg('compensation.col_rule'), kind: 'text' },
          { label: msg('compensation.col_price', { currency: base }), kind: 'amount' },
        ],
        rows: prices,
      },
    ],
  };
}

