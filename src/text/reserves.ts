// `reserves` as readable text: each address and what its signature showed, then the solvency
// table per asset.

import type { ReservesResult } from '../app/reserves.ts';
import type { Translator } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { formatAmount } from '../money/amount.ts';
import { renderTable } from './table.ts';

export function renderReserves(r: ReservesResult, tr: Translator): string {
  const base_decimals = r.base_decimals;
  const lines = [tr.t('reserves.cli.title', { snapshot: r.snapshot_id }), '', ...r.challenge.split('\n').map((l) => `    ${l}`), ''];
  const decimals = new Map(r.assets.map((a) => [a.asset, a.decimals]));
  for (const a of r.addresses) {
    const at = 'block_height' in a.at ? tr.t('reserves.cli.at_block', { height: a.at.block_height }) : a.at.time;
    lines.push(tr.t('reserves.cli.address', { mark: a.status === 'verified' ? '✓' : '✗', asset: a.asset, address: a.address, balance: groupDigits(formatAmount(a.balance_minor, decimals.get(a.asset) ?? 0)), at, scheme: a.scheme, status: tr.t(`reserves.status.${a.status}`) }));
  }
  const amount = (v: bigint, d: number): string => (v < 0n ? '-' : '') + groupDigits(formatAmount(v < 0n ? -v : v, d));
  lines.push(
    '',
    renderTable(
      [tr.t('reserves.cli.col_asset'), tr.t('reserves.cli.col_liabilities'), tr.t('reserves.cli.col_verified'), tr.t('reserves.cli.col_unverified'), tr.t('reserves.cli.col_wallets'), tr.t('reserves.cli.col_gap'), tr.t('reserves.cli.col_gap_base', { base: r.base_currency }), tr.t('reserves.cli.col_status')],
      r.assets.map((a) => [a.asset, amount(a.liabilities_minor, a.decimals), amount(a.verified_reserves_minor, a.decimals), amount(a.unverified_reserves_minor, a.decimals), amount(a.wallets_minor, a.decimals), amount(a.gap_minor, a.decimals), a.gap_base_minor === null ? '—' : amount(a.gap_base_minor, base_decimals), tr.t(`reserves.asset.${a.status}`)]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    ),
    '',
    tr.t(r.solvent ? 'reserves.cli.solvent' : 'reserves.cli.insolvent'),
  );
  return lines.join('\n') + '\n';
}
