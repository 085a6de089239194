// The summary of a compensation run: summary.json (exact decimal strings, stable key order, so a
// re-run writes the same bytes) and a readable Markdown version in Japanese or English.

import { addDecimal, DECIMAL_ZERO, formatAmount, formatDecimal, VALUATION_ROUNDING } from '../money/index.ts';
import { mulDecimal, parseDecimal, roundDecimal } from '../money/decimal.ts';
import type { Translator } from '../i18n/i18n.ts';
import type { CompensationResult } from './types.ts';

export interface SummaryJson {
  incident: string;
  run_id: string;
  scheme: string;
  on_shortfall: string;
  base_currency: string;
  total_need: string;
  /** "ceil": coins owed valued as a requirement, rounded up; "policy" (rehabilitation): each claim as the policy rounds it. */
  total_need_rounding: string;
  shortfall: string;
  haircut_ratio: string | null;
  coverage_ratio: string | null;
  reference_prices: Array<{ asset: string; rule: string; price: string }>;
  sources: Array<{ name: string; available: string; drawn: string }>;
  insurance: string;
  /** Of the insurance recovery, the part for the loss no customer bears; null when the claim named no customers. */
  insurance_unattributed: string | null;
  totals: {
    paid_fiat: string;
    iou: string;
    rounding_residue: string;
    by_asset: Array<{
      asset: string;
      loss: string;
      paid_in_kind: string;
      iou: string;
      unpaid_claim: string;
      rounding_residue: string;
      balance: string;
      paid_fiat: string;
      settled_in_value: string;
      written_off: string;
      borne_by_exchange: string;
      rows: number;
    }>;
  };
  rows: number;
}

export function summaryJson(result: CompensationResult, run_id: string): SummaryJson {
  const base = (minor: bigint) => formatAmount(minor, result.base_decimals);
  const residue = result.by_asset.reduce((sum, a) => addDecimal(sum, a.rounding_residue), DECIMAL_ZERO);
  return {
    incident: result.incident_id,
    run_id,
    scheme: result.scheme,
    on_shortfall: result.on_shortfall,
    base_currency: result.base_currency,
    total_need: base(result.total_need_minor),
    total_need_rounding: result.scheme === 'rehabilitation' ? 'policy' : VALUATION_ROUNDING.requirement,
    shortfall: base(result.shortfall_minor),
    haircut_ratio: result.haircut_ratio === null ? null : formatDecimal(result.haircut_ratio),
    coverage_ratio: result.coverage_ratio === null ? null : formatDecimal(result.coverage_ratio),
    reference_prices: result.reference_prices.map((p) => ({ asset: p.asset, rule: p.rule, price: formatDecimal(p.price) })),
    sources: result.sources.map((s) => ({ name: s.name, available: base(s.available_minor), drawn: base(s.drawn_minor) })),
    insurance: result.insurance_status,
    insurance_unattributed: result.insurance_unattributed_minor === null ? null : base(result.insurance_unattributed_minor),
    totals: {
      paid_fiat: base(result.by_asset.reduce((s, a) => s + a.paid_fiat_minor, 0n)),
      iou: base(result.by_asset.reduce((s, a) => s + a.iou_minor, 0n)),
      rounding_residue: formatDecimal(residue),
      by_asset: result.by_asset.map((a) => {
        const qty = (minor: bigint) => formatAmount(minor, a.decimals);
        return {
          asset: a.asset,
          loss: qty(a.loss_minor),
          paid_in_kind: qty(a.paid_in_kind_minor),
          iou: base(a.iou_minor),
          unpaid_claim: qty(a.unpaid_claim_minor),
          rounding_residue: formatDecimal(a.rounding_residue),
          balance: qty(a.balance_minor),
          paid_fiat: base(a.paid_fiat_minor),
          settled_in_value: qty(a.settled_in_value_minor),
          written_off: qty(a.written_off_minor),
          borne_by_exchange: qty(a.borne_by_exchange_minor),
          rows: a.rows,
        };
      }),
    },
    rows: result.rows,
  };
}

/** Places a ratio is read with as a percentage; summary.json keeps the exact ratio. */
const PERCENT_PLACES = 2;

/** "0.8523456" → "85.23%" (half-even), for people. */
function percentText(ratio: string): string {
  const exact = mulDecimal(parseDecimal(ratio), { coef: 100n, scale: 0 });
  return `${grouped(formatDecimal(exact.scale > PERCENT_PLACES ? roundDecimal(exact, PERCENT_PLACES, 'half-even') : exact))}%`;
}

/** 1234567.5 → 1,234,567.5 for people; machine output keeps the plain string. */
function grouped(decimal: string): string {
  const [integer = '', fraction] = decimal.split('.');
  const sign = integer.startsWith('-') ? '-' : '';
  const digits = (sign === '' ? integer : integer.slice(1)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + digits + (fraction === undefined ? '' : '.' + fraction);
}

function table(headers: string[], rows: string[][], right: boolean[]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${right.map((r) => (r ? ' ---: ' : ' --- ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function renderSummaryMarkdown(s: SummaryJson, tr: Translator): string {
  const t = tr.t.bind(tr);
  const out: string[] = [];
  out.push(`# ${t('compensation.summary_title', { incident: s.incident })}`, '');
  out.push(`- ${t('compensation.summary_run', { run_id: s.run_id })}`);
  out.push(`- ${t('compensation.summary_scheme', { scheme: t(`compensation.scheme_${s.scheme}`), on_shortfall: t(`compensation.on_shortfall_${s.on_shortfall}`) })}`);
  const need_rounding = s.scheme === 'rehabilitation' ? t('compensation.need_rounding_claims') : t('valuation.rounded_up');
  out.push(`- ${t('compensation.summary_need', { need: grouped(s.total_need), currency: s.base_currency, rounding: need_rounding })}`);
  out.push(`- ${t(s.shortfall === '0' ? 'compensation.summary_no_shortfall' : 'compensation.summary_shortfall', { shortfall: grouped(s.shortfall), currency: s.base_currency })}`);
  out.push(`- ${t('compensation.summary_residue', { residue: grouped(s.totals.rounding_residue), currency: s.base_currency })}`);
  if (s.coverage_ratio !== null) out.push(`- ${t('compensation.summary_coverage', { ratio: percentText(s.coverage_ratio) })}`);
  if (s.haircut_ratio !== null) out.push(`- ${t('compensation.summary_haircut', { ratio: percentText(s.haircut_ratio) })}`);
  if (s.insurance !== 'computed') out.push(`- ${t(`compensation.summary_insurance_${s.insurance}`)}`);
  // Absent in summaries stored before it was kept.
  const unattributed = s.insurance_unattributed ?? null;
  if (unattributed !== null && unattributed !== '0') out.push(`- ${t('compensation.summary_insurance_unattributed', { amount: grouped(unattributed), currency: s.base_currency })}`);
  out.push('', `## ${t('compensation.summary_by_asset')}`, '');
  out.push(
    ...table(
      [t('compensation.col_asset'), t('compensation.col_rows'), t('compensation.col_loss'), t('compensation.col_paid_in_kind'), t('compensation.col_paid_fiat', { currency: s.base_currency }), t('compensation.col_iou', { currency: s.base_currency }), t('compensation.col_unpaid_claim'), t('compensation.col_written_off'), t('compensation.col_residue', { currency: s.base_currency })],
      s.totals.by_asset.map((a) => [a.asset, grouped(String(a.rows)), grouped(a.loss), grouped(a.paid_in_kind), grouped(a.paid_fiat), grouped(a.iou), grouped(a.unpaid_claim), grouped(a.written_off), grouped(a.rounding_residue)]),
      [false, true, true, true, true, true, true, true, true],
    ),
  );
  out.push('', `## ${t('compensation.summary_sources')}`, '');
  out.push(...table([t('compensation.col_source'), t('compensation.col_available', { currency: s.base_currency }), t('compensation.col_drawn', { currency: s.base_currency })], s.sources.map((x) => [tr.has(`compensation.source_${x.name}`) ? t(`compensation.source_${x.name}`) : x.name, grouped(x.available), grouped(x.drawn)]), [false, true, true]));
  if (s.sources.some((x) => x.name === 'guarantee')) out.push('', t(s.scheme === 'per_asset' ? 'compensation.guarantee_valued_in_kind' : 'compensation.guarantee_valued_as_money'));
  if (s.reference_prices.length > 0) {
    out.push('', `## ${t('compensation.summary_prices')}`, '');
    out.push(...table([t('compensation.col_asset'), t('compensation.col_rule'), t('compensation.col_price', { currency: s.base_currency })], s.reference_prices.map((p) => [p.asset, t(`compensation.rule_${p.rule}`), grouped(p.price)]), [false, false, true]));
  }
  return out.join('\n') + '\n';
}
