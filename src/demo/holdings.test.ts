import { describe, expect, it } from 'vitest';
import { DEMO_ASSETS } from './assets.ts';
import { emptyHoldings, HoldingDrawer, holdingAssets, WEALTH_MAX_JPY } from './holdings.ts';
import { demoRandom } from './random.ts';

const LEVEL_PRICES = new Map(DEMO_ASSETS.map((a) => [a.symbol, a.price_level_jpy]));

describe('holdingAssets', () => {
  it('keeps every digit of each asset and the largest possible holding below 2^47 in high', () => {
    for (const asset of holdingAssets(LEVEL_PRICES)) {
      expect(asset.high_fraction_digits + asset.low_digits).toBe(asset.decimals);
      expect((WEALTH_MAX_JPY / asset.price_jpy) * 10 ** asset.high_fraction_digits).toBeLessThanOrEqual(2 ** 47);
    }
  });

  it('draws ETH wei digits at random: at ¥500k the layout leaves nine digits to low', () => {
    // ¥30bn / ¥500,000 = 60,000 ETH; 2^47 / 60,000 ≈ 2.3 × 10^9, so 9 digits in high, 18 − 9 = 9 in low.
    const eth = holdingAssets(LEVEL_PRICES).find((a) => a.symbol === 'ETH')!;
    expect(eth).toMatchObject({ high_fraction_digits: 9, low_digits: 9 });
  });

  it('refuses an asset without a positive price', () => {
    expect(() => holdingAssets(new Map([...LEVEL_PRICES, ['BTC', 0]]))).toThrow(/BTC/);
  });
});

describe('HoldingDrawer', () => {
  const assets = holdingAssets(LEVEL_PRICES);
  const accounts = 50_000;
  const drawer = new HoldingDrawer(demoRandom(3, 'holdings-test'), assets);
  const holdings = emptyHoldings(assets.length);
  const count_histogram = new Array<number>(assets.length + 1).fill(0);
  const holders = new Array<number>(assets.length).fill(0);
  let wealth_max_jpy = 0;
  const wealth_jpy: number[] = [];
  for (let n = 0; n < accounts; n++) {
    drawer.draw(holdings);
    count_histogram[holdings.count]! += 1;
    let wealth = 0;
    for (let j = 0; j < holdings.count; j++) {
      const asset = assets[holdings.asset_index[j]!]!;
      if (j > 0) expect(holdings.asset_index[j]!).toBeGreaterThan(holdings.asset_index[j - 1]!);
      expect(holdings.high[j]! > 0 || holdings.low[j]! > 0).toBe(true);
      holders[holdings.asset_index[j]!]! += 1;
      wealth += (holdings.high[j]! / 10 ** asset.high_fraction_digits) * asset.price_jpy;
    }
    wealth_jpy.push(wealth);
    wealth_max_jpy = Math.max(wealth_max_jpy, wealth);
  }

  it('gives every account one to eight distinct assets, mostly one to three', () => {
    expect(count_histogram[0]).toBe(0);
    const one_to_three = count_histogram[1]! + count_histogram[2]! + count_histogram[3]!;
    // Weights 40 + 33 + 17 of 100: 90% expected.
    expect(one_to_three / accounts).toBeGreaterThan(0.87);
    expect(one_to_three / accounts).toBeLessThan(0.93);
  });

  it('makes BTC and JPY the most held assets and MONA the least', () => {
    const by_symbol = new Map(assets.map((a, i) => [a.symbol, holders[i]!]));
    const ranked = [...by_symbol.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(ranked.slice(0, 2).sort()).toEqual(['BTC', 'JPY']);
    expect(ranked.at(-1)).toBe('MONA');
  });

  it('is heavy-tailed: median in the tens of thousands of yen, top holdings in the hundreds of millions', () => {
    wealth_jpy.sort((a, b) => a - b);
    const median = wealth_jpy[accounts >> 1]!;
    expect(median).toBeGreaterThan(30_000);
    expect(median).toBeLessThan(120_000);
    expect(wealth_max_jpy).toBeGreaterThan(100_000_000);
    expect(wealth_max_jpy).toBeLessThanOrEqual(WEALTH_MAX_JPY);
  });
});
