// `show` as readable text: a table per asset, then the totals in the base currency.

import type { Translator } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import type { SnapshotSummary } from '../snapshot/summary.ts';
import { renderTable } from './table.ts';

export function renderSnapshotSummary(s: SnapshotSummary, tr: Translator): string {
  const t = tr.t.bind(tr);
  const dash = '—';
  const out: string[] = [];
  out.push(t('cli.summary_title', { name: s.exchange.name, id: s.exchange.id, snapshot: s.snapshot, as_of: s.as_of }));
  out.push(t('cli.summary_rows', { rows: groupDigits(String(s.balance_rows)), base: s.base_currency }));
  out.push('');
  out.push(
    renderTable(
      [t('cli.col_asset'), t('cli.col_price'), t('cli.col_accounts'), t('cli.col_liabilities'), t('cli.col_customer_hot'), t('cli.col_customer_warm'), t('cli.col_customer_cold'), t('cli.col_guarantee'), t('cli.col_own')],
      s.assets.map((a) => [
        a.asset,
        a.price === null ? dash : groupDigits(a.price),
        groupDigits(String(a.accounts)),
        groupDigits(a.liabilities),
        groupDigits(a.holdings.customer.hot),
        groupDigits(a.holdings.customer.warm),
        groupDigits(a.holdings.customer.cold),
        groupDigits(a.holdings.guarantee.all),
        groupDigits(a.holdings.own.all),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  const requirement = t('valuation.rounded_up');
  out.push(t('cli.summary_values', { base: s.base_currency }));
  const v = s.totals;
  const rows: Array<[string, string]> = [
    [t('cli.total_liabilities', { requirement }), v.liabilities_value],
    [t('cli.total_customer_hot'), v.holdings_value.customer.hot],
    [t('cli.total_customer_warm'), v.holdings_value.customer.warm],
    [t('cli.total_customer_cold'), v.holdings_value.customer.cold],
    [t('cli.total_guarantee'), v.holdings_value.guarantee.all],
    [t('cli.total_own'), v.holdings_value.own.all],
    [t('cli.total_safe_assets'), v.safe_assets_market_value],
    [t('cli.total_contracts'), v.contracts_amount],
    [t('cli.total_net_assets'), v.net_assets],
    [t('cli.total_group_support'), v.group_support],
  ];
  out.push(renderTable([t('cli.col_item'), t('cli.col_value', { base: s.base_currency })], rows.map(([k, value]) => [k, groupDigits(value)]), ['left', 'right']));
  return out.join('\n');
}
