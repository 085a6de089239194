// The prices a compensation pays at, from prices.csv, by the policy's rules. A rule that finds no
// data is an error located where the rule is written: paying at a guessed price is not an option.

import { InputError, UserError, type MessageParams } from '../errors.ts';
import { addDecimal, divDecimal, DECIMAL_ONE, DECIMAL_ZERO, decimalFromBigint, mulDecimal, type Decimal } from '../money/index.ts';
import { priceAt } from '../snapshot/prices.ts';
import type { PriceRow, Snapshot } from '../snapshot/types.ts';
import type { Incident } from '../incident/types.ts';
import type { PriceRule } from './types.ts';

/** The price of one unit of `asset` in the base currency under `rule`. */
export function resolvePrice(rule: PriceRule, asset: string, snapshot: Snapshot, incident: Incident): Decimal {
  if (asset === snapshot.manifest.base_currency) return DECIMAL_ONE;
  const fail = (code: string, params: MessageParams): never => {
    throw new InputError([{ ...rule.source, code, params: { asset, ...params } }]);
  };
  switch (rule.rule) {
    case 'fixed':
      return rule.price;
    case 'market_at_loss': {
      const row = priceAt(snapshot.prices, asset, incident.occurred_at_ms);
      return row === null ? fail('compensation.no_market_price', { at: incident.occurred_at }) : positive(row.price, fail);
    }
    case 'vwap': {
      let value = DECIMAL_ZERO;
      let volume = DECIMAL_ZERO;
      for (const row of rowsOf(snapshot.prices, asset)) {
        if (row.time_ms < rule.from_ms || row.time_ms > rule.to_ms) continue;
        if (rule.venue !== null && row.venue !== rule.venue) continue;
        if (row.volume === undefined || row.volume.coef === 0n) continue;
        value = addDecimal(value, mulDecimal(row.price, row.volume));
        volume = addDecimal(volume, row.volume);
      }
      if (volume.coef === 0n) return fail('compensation.vwap_no_trades', { venue: rule.venue ?? '*', from: rule.from, to: rule.to });
      return positive(divDecimal(value, volume, rule.decimals, rule.mode), fail);
    }
    case 'mid': {
      let sum = DECIMAL_ZERO;
      for (const venue of rule.venues) {
        const row = latestAtVenue(snapshot.prices, asset, venue, rule.at_ms);
        if (row === null) return fail('compensation.mid_no_price', { venue, at: rule.at });
        sum = addDecimal(sum, row.price);
      }
      return positive(divDecimal(sum, decimalFromBigint(BigInt(rule.venues.length)), rule.decimals, rule.mode), fail);
    }
  }
}

function positive(price: Decimal, fail: (code: string, params: MessageParams) => never): Decimal {
  return price.coef > 0n ? price : fail('compensation.price_zero_computed', {});
}

/**
 * The price that values in-kind obligations when money must buy the coins back: the latest at or
 * before detection, when the exchange knows what it owes.
 */
export function detectionPrice(snapshot: Snapshot, asset: string, incident: Incident): Decimal {
  if (asset === snapshot.manifest.base_currency) return DECIMAL_ONE;
  const row = priceAt(snapshot.prices, asset, incident.detected_at_ms);
  if (row === null || row.price.coef === 0n) throw new UserError('compensation.no_detection_price', { asset, at: incident.detected_at });
  return row.price;
}

/** The rows of one asset (prices are sorted by asset, then time). */
function rowsOf(prices: readonly PriceRow[], asset: string): readonly PriceRow[] {
  let low = 0;
  let high = prices.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (prices[mid]!.asset < asset) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < prices.length && prices[end]!.asset === asset) end += 1;
  return prices.slice(low, end);
}

function latestAtVenue(prices: readonly PriceRow[], asset: string, venue: string, time_ms: number): PriceRow | null {
  const rows = rowsOf(prices, asset);
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.time_ms <= time_ms && row.venue === venue) return row;
  }
  return null;
}
