// Who holds what: each account draws a wealth in yen (log-normal body, Pareto tail, so a few
// whales appear) and a handful of assets (most accounts hold one to three), then spreads its
// wealth over them and converts each share into a quantity at the as_of price. Floats are fine
// here: they only pick random quantities, and each quantity leaves as exact integer parts.

import { DEMO_ASSETS } from './assets.ts';
import { assertLayout, LOW_DIGITS_MAX, SPLIT_PART_MAX, type SplitLayout } from './amount-text.ts';
import type { DemoRandom } from './random.ts';

/** P(an account holds k assets) ∝ ASSET_COUNT_WEIGHTS[k - 1]. */
const ASSET_COUNT_WEIGHTS = [40, 33, 17, 6, 2, 1, 0.6, 0.4];
const WEALTH_BODY_MEDIAN_JPY = 60_000;
const WEALTH_BODY_SIGMA = 1.5;
const WEALTH_TAIL_PROBABILITY = 0.03;
const WEALTH_TAIL_MIN_JPY = 2_000_000;
const WEALTH_TAIL_ALPHA = 1.2;
/** No account holds more than this, which bounds every quantity (and so the split layout). */
export const WEALTH_MAX_JPY = 30_000_000_000;
/** Spread of the log of each holding's share of an account's wealth. */
const SHARE_SIGMA = 0.8;

export interface HoldingAsset extends SplitLayout {
  symbol: string;
  decimals: number;
  price_jpy: number;
  popularity: number;
}

/**
 * The split layout of each asset: as many digits as possible in `high` (the quantity drawn from
 * the wealth), the remaining minor digits random in `low`, so that even the largest holding keeps
 * high < 2^47 and sums of thousands of rows stay exact in a float.
 */
export function holdingAssets(price_at_as_of: ReadonlyMap<string, number>): HoldingAsset[] {
  if (DEMO_ASSETS.length > ASSET_COUNT_WEIGHTS.length) throw new Error('ASSET_COUNT_WEIGHTS needs an entry per asset');
  return DEMO_ASSETS.map((asset) => {
    const price_jpy = price_at_as_of.get(asset.symbol);
    if (price_jpy === undefined || !(price_jpy > 0)) throw new Error(`no positive as_of price for ${asset.symbol}`);
    const quantity_max = WEALTH_MAX_JPY / price_jpy;
    const high_fraction_digits = Math.max(0, Math.min(asset.decimals, Math.floor(Math.log10(2 ** 47 / quantity_max))));
    const low_digits = asset.decimals - high_fraction_digits;
    if (low_digits > LOW_DIGITS_MAX) throw new Error(`${asset.symbol}: price too low for exact split amounts`);
    const layout = { high_fraction_digits, low_digits };
    assertLayout(layout);
    return { symbol: asset.symbol, decimals: asset.decimals, price_jpy, popularity: asset.popularity, ...layout };
  });
}

/** One account's holdings, reused between accounts to avoid garbage: entries [0, count). */
export interface AccountHoldings {
  count: number;
  /** Index into the HoldingAsset list, ascending. */
  asset_index: Int32Array;
  high: Float64Array;
  low: Float64Array;
}

export function emptyHoldings(asset_count: number): AccountHoldings {
  return { count: 0, asset_index: new Int32Array(asset_count), high: new Float64Array(asset_count), low: new Float64Array(asset_count) };
}

export class HoldingDrawer {
  private readonly high_unit: number[];
  private readonly low_unit: number[];
  private readonly popularity: number[];
  private readonly count_weights: number[];
  private readonly chosen: Uint8Array;
  private readonly share: Float64Array;

  constructor(
    private readonly random: DemoRandom,
    private readonly assets: readonly HoldingAsset[],
  ) {
    this.high_unit = assets.map((a) => 10 ** a.high_fraction_digits);
    this.low_unit = assets.map((a) => 10 ** a.low_digits);
    this.popularity = assets.map((a) => a.popularity);
    this.count_weights = ASSET_COUNT_WEIGHTS.slice(0, assets.length);
    this.chosen = new Uint8Array(assets.length);
    this.share = new Float64Array(assets.length);
  }

  /** Fills `out` with the next account's holdings: at least one, every amount at least one minor unit. */
  draw(out: AccountHoldings): void {
    const random = this.random;
    const asset_count = this.assets.length;
    const holding_count = random.pick(this.count_weights) + 1;
    this.chosen.fill(0);
    let remaining_popularity = 0;
    for (const p of this.popularity) remaining_popularity += p;
    for (let k = 0; k < holding_count; k++) {
      // Weighted draw without replacement among the assets not yet chosen.
      let target = random.next() * remaining_popularity;
      let index = -1;
      for (let i = 0; i < asset_count; i++) {
        if (this.chosen[i] === 1) continue;
        index = i;
        target -= this.popularity[i]!;
        if (target < 0) break;
      }
      this.chosen[index] = 1;
      remaining_popularity -= this.popularity[index]!;
    }
    const wealth_jpy = this.wealth();
    let share_sum = 0;
    let count = 0;
    for (let i = 0; i < asset_count; i++) {
      if (this.chosen[i] === 0) continue;
      const share = Math.exp(SHARE_SIGMA * random.normal());
      this.share[count] = share;
      share_sum += share;
      out.asset_index[count] = i;
      count++;
    }
    for (let j = 0; j < count; j++) {
      const i = out.asset_index[j]!;
      const asset = this.assets[i]!;
      const quantity = ((wealth_jpy * this.share[j]!) / share_sum) / asset.price_jpy;
      let high = Math.floor(quantity * this.high_unit[i]!);
      let low = this.low_unit[i]! === 1 ? 0 : Math.floor(random.next() * this.low_unit[i]!);
      if (high === 0 && low === 0) {
        if (asset.low_digits === 0) high = 1;
        else low = 1;
      }
      if (!(high < SPLIT_PART_MAX)) throw new Error(`${asset.symbol}: holding ${quantity} exceeds the split layout`);
      out.high[j] = high;
      out.low[j] = low;
    }
    out.count = count;
  }

  private wealth(): number {
    const random = this.random;
    let wealth: number;
    if (random.next() < WEALTH_TAIL_PROBABILITY) {
      wealth = WEALTH_TAIL_MIN_JPY * Math.pow(1 - random.next(), -1 / WEALTH_TAIL_ALPHA);
    } else {
      wealth = WEALTH_BODY_MEDIAN_JPY * Math.exp(WEALTH_BODY_SIGMA * random.normal());
    }
    return Math.min(wealth, WEALTH_MAX_JPY);
  }
}
