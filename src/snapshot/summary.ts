// What `hozen show` prints: a snapshot's liabilities and holdings per asset, tier and purpose,
// valued in the base currency at as_of by the valuation rule.

import { formatAmount, formatDecimal } from '../money/index.ts';
import { VALUATION_ROUNDING } from '../money/valuation.ts';
import { snapshotPrice } from './prices.ts';
import { valueInBase, walletHoldingValue } from './valuation.ts';
import { PURPOSES, TIERS, type Purpose, type Snapshot, type Tier } from './types.ts';

/**
 * The valuation rule (docs/formats/valuation.md): wallets are holdings, each valued and rounded
 * down on its own; customer balances are a requirement, rounded up per asset. Every other cell
 * and total is a sum of those lines, so the rows of the table add up to its totals.
 */
export const SUMMARY_ROUNDING = VALUATION_ROUNDING.holding;
export const LIABILITIES_ROUNDING = VALUATION_ROUNDING.requirement;

/** Per tier, plus their sum as `all`. */
type ByTier = Record<Tier | 'all', string>;

export interface AssetSummary {
  asset: string;
  kind: 'crypto' | 'fiat';
  price: string | null;
  accounts: number;
  liabilities: string;
  liabilities_value: string | null;
  holdings: Record<Purpose, ByTier>;
  holdings_value: Record<Purpose, ByTier> | null;
}

export interface SnapshotSummary {
  snapshot: string;
  exchange: { id: string; name: string };
  as_of: string;
  base_currency: string;
  balance_rows: number;
  /** The rounding of every holdings value (each wallet rounded on its own). */
  rounding: typeof SUMMARY_ROUNDING;
  /** The rounding of liabilities values (per asset): a requirement. */
  liabilities_rounding: typeof LIABILITIES_ROUNDING;
  assets: AssetSummary[];
  totals: {
    liabilities_value: string;
    holdings_value: Record<Purpose, ByTier>;
    safe_assets_market_value: string;
    contracts_amount: string;
    net_assets: string;
    group_support: string;
  };
}

export function summarizeSnapshot(snapshot: Snapshot): SnapshotSummary {
  const base = snapshot.assets.get(snapshot.manifest.base_currency)!;
  const fmtBase = (minor: bigint) => formatAmount(minor, base.decimals);
  const zeroGrid = () => Object.fromEntries(PURPOSES.map((p) => [p, Object.fromEntries(TIERS.map((t) => [t, 0n]))])) as Record<Purpose, Record<Tier, bigint>>;
  const total_holdings_value = zeroGrid();
  let total_liabilities_value = 0n;
  const assets: AssetSummary[] = snapshot.manifest.assets.map((spec) => {
    const price = snapshotPrice(snapshot, spec.symbol);
    const total = snapshot.balance_totals.find((t) => t.asset === spec.symbol)!;
    const holdings = zeroGrid();
    const values = zeroGrid();
    for (const w of snapshot.wallets) {
      if (w.asset !== spec.symbol) continue;
      holdings[w.purpose][w.tier] += w.amount_minor;
      if (price !== null) values[w.purpose][w.tier] += walletHoldingValue(snapshot, w);
    }
    let holdings_value: Record<Purpose, ByTier> | null = null;
    let liabilities_value: string | null = null;
    if (price !== null) {
      const liabilities_minor = valueInBase(snapshot, spec.symbol, total.total_minor, 'requirement');
      total_liabilities_value += liabilities_minor;
      liabilities_value = fmtBase(liabilities_minor);
      for (const p of PURPOSES) for (const t of TIERS) total_holdings_value[p][t] += values[p][t];
      holdings_value = mapGrid(values, (_p, _t, minor) => fmtBase(minor));
    }
    return {
      asset: spec.symbol,
      kind: spec.kind,
      price: price === null ? null : formatDecimal(price),
      accounts: total.accounts,
      liabilities: formatAmount(total.total_minor, spec.decimals),
      liabilities_value,
      holdings: mapGrid(holdings, (_p, _t, minor) => formatAmount(minor, spec.decimals)),
      holdings_value,
    };
  });
  return {
    snapshot: snapshot.id,
    exchange: { id: snapshot.manifest.exchange.id, name: snapshot.manifest.exchange.name },
    as_of: snapshot.manifest.as_of,
    base_currency: base.symbol,
    balance_rows: snapshot.balance_rows,
    rounding: SUMMARY_ROUNDING,
    liabilities_rounding: LIABILITIES_ROUNDING,
    assets,
    totals: {
      liabilities_value: fmtBase(total_liabilities_value),
      holdings_value: mapGrid(total_holdings_value, (_p, _t, minor) => fmtBase(minor)),
      safe_assets_market_value: fmtBase(snapshot.safe_assets.reduce((s, a) => s + a.market_value_minor, 0n)),
      contracts_amount: fmtBase(snapshot.contracts.reduce((s, c) => s + c.amount_minor, 0n)),
      net_assets: fmtBase(snapshot.manifest.net_assets_minor),
      group_support: fmtBase(snapshot.manifest.group_support_minor),
    },
  };
}

/** Formats each cell and adds an `all` column that is the exact sum of the tiers. */
function mapGrid(grid: Record<Purpose, Record<Tier, bigint>>, fn: (purpose: Purpose, tier: Tier | 'all', minor: bigint) => string): Record<Purpose, ByTier> {
  return Object.fromEntries(
    PURPOSES.map((p) => {
      const cells: Array<[string, string]> = TIERS.map((t) => [t, fn(p, t, grid[p][t])]);
      cells.push(['all', fn(p, 'all', TIERS.reduce((sum, t) => sum + grid[p][t], 0n))]);
      return [p, Object.fromEntries(cells)];
    }),
  ) as Record<Purpose, ByTier>;
}
