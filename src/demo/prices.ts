// prices.csv of the demo: a year of daily closes per non-base asset, a seeded geometric random
// walk that ends near the asset's level at as_of, plus a few intraday XEM trades with volume on a
// second venue so that a volume-weighted price can be computed. Prices are written with six
// significant digits (whole yen at least), from integers, so no float noise reaches the file.

import { formatDecimal } from '../money/index.ts';
import { DEMO_ASSETS, type DemoAsset } from './assets.ts';
import { formatInOffset, MS_PER_DAY, type AsOf } from './calendar.ts';
import type { DemoRandom } from './random.ts';

export const PRICES_HEADER = 'time,asset,price,volume,venue\n';
export const PRICE_HISTORY_DAYS = 365;
export const PRICE_SIGNIFICANT_DIGITS = 6;
export const DAILY_VENUE = 'Kabuto Exchange';
export const TRADE_VENUE = 'Nishiki Exchange';
export const TRADE_ASSET = 'XEM';
const TRADE_COUNT = 8;
const TRADING_DAYS_PER_YEAR = 365;
/** How far the as_of price may land from the nominal level (one standard deviation of its log). */
const LEVEL_JITTER = 0.05;
/** Pull of the log price toward its level: a 90-day half-life. */
const REVERSION_PER_DAY = Math.LN2 / 90;

export interface DemoPriceRow {
  time: string;
  asset: string;
  /** Exact decimal text. */
  price: string;
  /** Exact decimal text, asset units; only on trades. */
  volume?: string;
  venue: string;
}

export interface DemoPrices {
  /** In file order: by asset in DEMO_ASSETS order, then by time. */
  rows: DemoPriceRow[];
  /** The price valuation will use (the last at or before as_of), as a float for sizing holdings. */
  price_at_as_of: ReadonlyMap<string, number>;
}

export function demoPrices(random: DemoRandom, as_of: AsOf): DemoPrices {
  const rows: DemoPriceRow[] = [];
  const price_at_as_of = new Map<string, number>([[DEMO_ASSETS[0]!.symbol, 1]]);
  for (const asset of DEMO_ASSETS) {
    if (asset.kind === 'fiat') continue;
    const closes = priceWalk(random, asset);
    const texts = closes.map(priceText);
    const trades = asset.symbol === TRADE_ASSET ? tradeRows(random, asset, closes[PRICE_HISTORY_DAYS]!, as_of) : [];
    for (let day = 0; day <= PRICE_HISTORY_DAYS; day++) {
      // The day before as_of ends; the trades fall inside the last day, before its close at as_of.
      if (day === PRICE_HISTORY_DAYS) rows.push(...trades);
      const time_ms = as_of.ms - (PRICE_HISTORY_DAYS - day) * MS_PER_DAY;
      rows.push({ time: formatInOffset(time_ms, as_of), asset: asset.symbol, price: texts[day]!, venue: DAILY_VENUE });
    }
    price_at_as_of.set(asset.symbol, Number(texts[PRICE_HISTORY_DAYS]!));
  }
  return { rows, price_at_as_of };
}

/**
 * Daily closes, oldest first, the last at as_of: walked backwards from a jittered level. The log
 * price reverts slowly to the level, so each day moves with the asset's volatility but a year
 * stays within a believable band of today's price rather than wandering off by a factor of four.
 */
function priceWalk(random: DemoRandom, asset: DemoAsset): number[] {
  const sigma_daily = asset.volatility_annual / Math.sqrt(TRADING_DAYS_PER_YEAR);
  const log_level = Math.log(asset.price_level_jpy);
  const closes = new Array<number>(PRICE_HISTORY_DAYS + 1);
  let log_price = log_level + LEVEL_JITTER * random.normal();
  closes[PRICE_HISTORY_DAYS] = Math.exp(log_price);
  for (let day = PRICE_HISTORY_DAYS - 1; day >= 0; day--) {
    log_price += REVERSION_PER_DAY * (log_level - log_price) + sigma_daily * random.normal();
    closes[day] = Math.exp(log_price);
  }
  return closes;
}

function tradeRows(random: DemoRandom, asset: DemoAsset, close: number, as_of: AsOf): DemoPriceRow[] {
  // Distinct seconds in the six hours before as_of, so the trades are strictly ordered.
  const seconds_before = new Set<number>();
  while (seconds_before.size < TRADE_COUNT) seconds_before.add(random.int(60, 6 * 3600));
  const ordered = [...seconds_before].sort((a, b) => b - a);
  return ordered.map((seconds) => ({
    time: formatInOffset(as_of.ms - seconds * 1000, as_of),
    asset: asset.symbol,
    price: priceText(close * Math.exp(0.004 * random.normal())),
    // 5,000 to 500,000 units, to the asset's full precision.
    volume: formatDecimal({ coef: BigInt(random.int(5_000 * 10 ** asset.decimals, 500_000 * 10 ** asset.decimals)), scale: asset.decimals }),
    venue: TRADE_VENUE,
  }));
}

/** Six significant digits, at least whole yen, as exact decimal text. */
export function priceText(price: number): string {
  if (!(price > 0) || !Number.isFinite(price)) throw new RangeError(`price walk produced ${price}`);
  const scale = Math.max(0, PRICE_SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(price)));
  const coef = Math.round(price * 10 ** scale);
  if (!Number.isSafeInteger(coef) || coef <= 0) throw new RangeError(`price ${price} does not fit six significant digits`);
  return formatDecimal({ coef: BigInt(coef), scale });
}

/** Daily closes carry no volume: the column is left empty. */
export function pricesCsv(rows: readonly DemoPriceRow[]): string {
  let text = PRICES_HEADER;
  for (const r of rows) text += `${r.time},${r.asset},${r.price},${r.volume ?? ''},${r.venue}\n`;
  return text;
}
