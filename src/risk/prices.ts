// The price side of a loss: stolen coins are bought back after a replenishment horizon, at a price
// that has moved. Moves are a joint bootstrap of historical daily log-returns (whole days of all
// assets at once, which keeps their correlation), or, when history is too short, a flagged
// lognormal fallback in which every crypto asset moves together.

import { formatDecimal } from '../money/decimal.ts';
import { priceAt } from '../snapshot/prices.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { PriceModelConfig } from './config.ts';

export const DAY_MS = 86_400_000;
const DAYS_PER_YEAR = 365;

export type PriceModelMode = 'bootstrap' | 'fallback' | 'static';

export interface PriceModel {
  /** static: no move at all (no horizon, or only base-currency wallets). */
  mode: PriceModelMode;
  horizon_days: number;
  /** The columns: assets whose price can move, in a fixed order. */
  assets: string[];
  /** Usable days of joint returns found (whatever the mode). */
  history_days: number;
  /** bootstrap: history_days × assets.length daily log-returns, row-major. */
  returns: Float64Array;
  /** fallback: per column, the horizon's log-price standard deviation σ√(H/365). */
  fallback_sigma: Float64Array;
}

/** Daily closes on a grid stepping back from as_of; a day without a fresh price is missing (NaN). */
export function dailyCloses(snapshot: Snapshot, asset: string, days: number): Float64Array {
  const closes = new Float64Array(days + 1);
  const as_of_ms = snapshot.manifest.as_of_ms;
  for (let k = 0; k <= days; k++) {
    const t = as_of_ms - k * DAY_MS;
    const row = priceAt(snapshot.prices, asset, t);
    // A stale price repeated over several days would read as days without moves.
    closes[k] = row !== null && row.time_ms > t - DAY_MS ? Number(formatDecimal(row.price)) : NaN;
  }
  return closes;
}

export function buildPriceModel(snapshot: Snapshot, assets: readonly string[], config: PriceModelConfig): PriceModel {
  const columns = assets.filter((a) => a !== snapshot.manifest.base_currency);
  const empty = new Float64Array(0);
  if (columns.length === 0 || config.horizon_days === 0) {
    return { mode: 'static', horizon_days: config.horizon_days, assets: [], history_days: 0, returns: empty, fallback_sigma: empty };
  }
  const closes = columns.map((a) => dailyCloses(snapshot, a, config.history_days_max));
  const rows: number[] = [];
  for (let k = 0; k < config.history_days_max; k++) {
    if (closes.every((c) => c[k]! > 0 && c[k + 1]! > 0)) rows.push(k);
  }
  const history_days = rows.length;
  if (history_days < config.history_days_min) {
    const sigma = new Float64Array(columns.length);
    columns.forEach((a, j) => {
      sigma[j] = snapshot.assets.get(a)?.kind === 'crypto' ? config.fallback_volatility_annual * Math.sqrt(config.horizon_days / DAYS_PER_YEAR) : 0;
    });
    return { mode: 'fallback', horizon_days: config.horizon_days, assets: columns, history_days, returns: empty, fallback_sigma: sigma };
  }
  const returns = new Float64Array(history_days * columns.length);
  rows.forEach((k, i) => {
    columns.forEach((_, j) => {
      const c = closes[j]!;
      returns[i * columns.length + j] = Math.log(c[k]! / c[k + 1]!);
    });
  });
  if (config.demean) {
    for (let j = 0; j < columns.length; j++) {
      let sum = 0;
      for (let i = 0; i < history_days; i++) sum += returns[i * columns.length + j]!;
      const mean = sum / history_days;
      for (let i = 0; i < history_days; i++) returns[i * columns.length + j] = returns[i * columns.length + j]! - mean;
    }
  }
  return { mode: 'bootstrap', horizon_days: config.horizon_days, assets: columns, history_days, returns, fallback_sigma: empty };
}
