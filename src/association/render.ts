// The association's figures as tables in the reader's language, for the command line and the
// board report: grouped digits, 円 for yen in Japanese, shares and probabilities as percentages
// (shares exact to two places half-even; probabilities are the model's floats, shown to two).
// Pages draw their own HTML from the same results; this holds the wording both share.

import type { Translator } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { formatAmount } from '../money/amount.ts';
import { formatDecimal, mulDecimal, roundDecimal, type Decimal } from '../money/decimal.ts';
import type { CauseCapacity } from './capacity.ts';
import { WALLET_KINDS, type DependencyMap } from './dependencies.ts';
import type { SectorReport } from './sector.ts';

export interface TableView {
  headers: string[];
  rows: string[][];
  align: Array<'left' | 'right'>;
}

export function unitOf(currency: string, tr: Translator): string {
  return currency === 'JPY' && tr.lang === 'ja' ? '円' : currency;
}

export function money(minor: bigint, decimals: number): string {
  return groupDigits(formatAmount(minor, decimals));
}

export function sharePercent(share: Decimal): string {
  return `${formatDecimal(roundDecimal(mulDecimal(share, { coef: 100n, scale: 0 }), 2, 'half-even'))}%`;
}

export function probabilityPercent(p: number): string {
  return `${(p * 100).toFixed(2)}%`;
}

export function dependencyTable(map: DependencyMap, tr: Translator): TableView {
  const unit = unitOf(map.base_currency, tr);
  const m = (x: bigint) => money(x, map.base_decimals);
  return {
    headers: [
      tr.t('association.col.dependency'),
      tr.t('association.col.kind'),
      tr.t('association.col.members'),
      tr.t('association.col.hot', { unit }),
      tr.t('association.col.warm', { unit }),
      tr.t('association.col.cold', { unit }),
      tr.t('association.col.relied', { unit }),
      tr.t('association.col.concentration'),
      tr.t('association.col.matched'),
    ],
    rows: map.dependencies.map((d) => {
      const wallet = WALLET_KINDS.includes(d.kind);
      return [
      d.name,
      tr.t(`association.kind.${d.kind}`),
      d.members.map((x) => x.member_name).join(', '),
      wallet ? m(d.wallets.hot_minor) : '—',
      wallet ? m(d.wallets.warm_minor) : '—',
      wallet ? m(d.wallets.cold_minor) : '—',
      wallet ? '—' : m(d.relied_minor),
      wallet ? sharePercent(d.concentration) : '—',
      d.members.flatMap((x) => x.spellings.map((s) => tr.t(`association.rule.${s.rule}`, { written: s.written }))).join(tr.lang === 'ja' ? '、' : '; '),
      ];
    }),
    align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
  };
}

export function sectorMembersTable(report: SectorReport, tr: Translator): TableView {
  const unit = unitOf(report.base_currency, tr);
  const m = (x: bigint) => money(x, report.base_decimals);
  const level = String(report.confidence);
  const at = (f: SectorReport['sector']['net']) => f.levels.find((l) => l.level === level)!;
  const row = (name: string, gross: SectorReport['sector']['gross'], net: SectorReport['sector']['net'], p_short: number, shortfall: bigint | null) => [
    name,
    m(gross.expected_minor),
    m(net.expected_minor),
    m(at(net).var_minor),
    m(at(net).tvar_minor),
    probabilityPercent(p_short),
    shortfall === null ? '' : m(shortfall),
  ];
  return {
    headers: [
      tr.t('association.col.member'),
      tr.t('association.col.el_gross', { unit }),
      tr.t('association.col.el_net', { unit }),
      tr.t('association.col.var_net', { unit, level: probabilityPercent(report.confidence) }),
      tr.t('association.col.tvar_net', { unit, level: probabilityPercent(report.confidence) }),
      tr.t('association.col.p_short'),
      tr.t('association.col.shortfall', { unit }),
    ],
    rows: [
      ...report.members.map((x) => row(x.member_name, x.gross, x.net, x.p_short, x.shortfall_expected_minor)),
      row(tr.t('association.sector'), report.sector.gross, report.sector.net, report.sector.p_any_short, report.sector.unpaid.expected_minor),
    ],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  };
}

export function reverseStressTable(report: SectorReport, tr: Translator): TableView {
  const unit = unitOf(report.base_currency, tr);
  const m = (x: bigint) => money(x, report.base_decimals);
  const names = new Map(report.members.map((x) => [x.member_id, x.member_name]));
  return {
    headers: [tr.t('association.col.cause'), tr.t('association.col.members'), tr.t('association.col.unpaid', { unit }), tr.t('association.col.members_short'), tr.t('association.col.customers_min')],
    rows: report.reverse_stress.map((r) => [
      r.name,
      r.members.map((x) => names.get(x.member_id) ?? x.member_id).join(', '),
      m(r.unpaid_minor),
      groupDigits(String(r.members_short)),
      groupDigits(String(r.customers_at_members_short_min)),
    ]),
    align: ['left', 'left', 'right', 'right', 'right'],
  };
}

export function capacityTable(causes: readonly CauseCapacity[], base_currency: string, base_decimals: number, tr: Translator): TableView {
  const unit = unitOf(base_currency, tr);
  const m = (x: bigint) => money(x, base_decimals);
  return {
    headers: [tr.t('association.col.cause'), tr.t('association.col.member'), tr.t('association.col.scheme'), tr.t('association.col.need', { unit }), tr.t('association.col.insurance', { unit }), tr.t('association.col.paid', { unit }), tr.t('association.col.shortfall_now', { unit })],
    rows: causes.flatMap((c) => [
      ...c.members.map((x) => [c.name, x.member_name, tr.t(x.scheme === null ? 'association.scheme_none' : `compensation.scheme_${x.scheme}`), m(x.need_minor), m(x.insurance_minor), m(x.paid_minor), m(x.shortfall_minor)]),
      [c.name, tr.t('association.sector'), '', m(c.need_minor), m(c.members.reduce((s, x) => s + x.insurance_minor, 0n)), m(c.paid_minor), m(c.shortfall_minor)],
    ]),
    align: ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
  };
}

/** One line of the sector's headline: the verdict first. */
export function stressHeadline(report: SectorReport, tr: Translator): string[] {
  const worst = report.reverse_stress[0];
  const unit = unitOf(report.base_currency, tr);
  return [
    worst === undefined || worst.unpaid_minor === 0n
      ? tr.t('association.stress.verdict_ok')
      : tr.t('association.stress.verdict_bad', { cause: worst.name, unpaid: money(worst.unpaid_minor, report.base_decimals), unit, members: worst.members_short }),
    tr.t('association.stress.two_or_more', { p: probabilityPercent(report.sector.p_two_or_more_lose) }),
    tr.t('association.stress.meta', { members: report.members.length, years: groupDigits(String(report.years)), seed: report.seed }),
  ];
}
