// The valuation the engine needs, taken from a snapshot: asset decimals and the latest market
// price at or before an instant (the base currency is 1).

import { DECIMAL_ONE } from '../money/index.ts';
import { priceAt } from '../snapshot/prices.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { ValuationContext } from './engine.ts';

export function valuationOf(snapshot: Pick<Snapshot, 'manifest' | 'assets' | 'prices'>): ValuationContext {
  const base_currency = snapshot.manifest.base_currency;
  const base = snapshot.assets.get(base_currency);
  if (base === undefined) throw new Error(`base currency ${base_currency} is not an asset`);
  return {
    base_currency,
    base_decimals: base.decimals,
    decimalsOf: (asset) => snapshot.assets.get(asset)?.decimals,
    marketPrice: (asset, time_ms) => (asset === base_currency ? DECIMAL_ONE : (priceAt(snapshot.prices, asset, time_ms)?.price ?? null)),
  };
}
