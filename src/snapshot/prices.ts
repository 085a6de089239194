// Price look-ups at an instant. The base currency's price is 1 by definition. Valuation is valuation.ts.

import { DECIMAL_ONE, type Decimal } from '../money/decimal.ts';
import type { PriceRow, Snapshot } from './types.ts';

/**
 * The latest price of `asset` at or before `time_ms` (venue-independent: the last row in time
 * order, later file rows winning ties), or null when there is none. `prices` must be sorted by
 * asset then time, as Snapshot.prices is.
 */
export function priceAt(prices: readonly PriceRow[], asset: string, time_ms: number): PriceRow | null {
  // Binary search for the last row with (asset, time_ms) <= the key.
  let low = 0;
  let high = prices.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const row = prices[mid]!;
    if (row.asset < asset || (row.asset === asset && row.time_ms <= time_ms)) low = mid + 1;
    else high = mid;
  }
  const candidate = prices[low - 1];
  return candidate !== undefined && candidate.asset === asset ? candidate : null;
}

/** The price of one unit of `asset` in the base currency at `time_ms`, or null when unknown. */
export function snapshotPrice(snapshot: Pick<Snapshot, 'manifest' | 'prices'>, asset: string, time_ms: number = snapshot.manifest.as_of_ms): Decimal | null {
  if (asset === snapshot.manifest.base_currency) return DECIMAL_ONE;
  return priceAt(snapshot.prices, asset, time_ms)?.price ?? null;
}

/** Sorts price rows by asset, then time, keeping file order among equal keys (Array.sort is stable). */
export function sortPrices(rows: PriceRow[]): PriceRow[] {
  return rows.sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : a.time_ms - b.time_ms));
}
