import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../money/index.ts';
import { DEMO_ASSETS, DEMO_CRYPTO_ASSETS } from './assets.ts';
import { demoRandom } from './random.ts';
import { demoWallets, HOT_WARM_BP_MAX, HOT_WARM_BP_MIN, splitCustomerAsset, twoSignificantDigits } from './wallets.ts';

describe('splitCustomerAsset', () => {
  it('splits 10 BTC as computed by hand', () => {
    // 1,000,000,000 sat × 350 bp = 35,000,000 hot+warm; 70% hot = 24,500,000, warm 10,500,000;
    // cold 965,000,000 over weights 5:3:2 = 482,500,000 + 289,500,000 + 193,000,000;
    // guarantee 35,000,000 × 1.02 = 35,700,000.
    expect(
      splitCustomerAsset({ total_minor: 1_000_000_000n, hot_warm_bp: 350n, hot_percent: 70n, cold_weights: [5n, 3n, 2n], guarantee_margin_bp: 200n }),
    ).toEqual({ hot_minor: 24_500_000n, warm_minor: 10_500_000n, cold_minor: [482_500_000n, 289_500_000n, 193_000_000n], guarantee_minor: 35_700_000n });
  });

  it('rounds each step as named, by hand', () => {
    // 1001 × 333 / 10000 = 33.33 → floor 33; 60% of 33 = 19.8 → floor 19, warm 14;
    // cold 968 over 1:1:1 = 322.67 each → floors 322 × 3 = 966, the 2 left go to the lower
    // indices (equal remainders): 323, 323, 322; guarantee 33 × 1.01 = 33.33 → ceil 34.
    expect(splitCustomerAsset({ total_minor: 1001n, hot_warm_bp: 333n, hot_percent: 60n, cold_weights: [1n, 1n, 1n], guarantee_margin_bp: 100n })).toEqual({
      hot_minor: 19n,
      warm_minor: 14n,
      cold_minor: [323n, 323n, 322n],
      guarantee_minor: 34n,
    });
  });

  it('conserves the total, keeps hot+warm under the share and the guarantee at or above hot+warm', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 499n }),
        fc.bigInt({ min: 0n, max: 100n }),
        fc.array(fc.bigInt({ min: 1n, max: 9n }), { minLength: 1, maxLength: 4 }),
        fc.bigInt({ min: 0n, max: 500n }),
        (total_minor, hot_warm_bp, hot_percent, cold_weights, guarantee_margin_bp) => {
          const split = splitCustomerAsset({ total_minor, hot_warm_bp, hot_percent, cold_weights, guarantee_margin_bp });
          const hot_warm = split.hot_minor + split.warm_minor;
          expect(hot_warm + split.cold_minor.reduce((a, b) => a + b, 0n)).toBe(total_minor);
          expect(hot_warm * 10_000n <= total_minor * hot_warm_bp).toBe(true);
          expect(split.guarantee_minor >= hot_warm).toBe(true);
          expect([split.hot_minor, split.warm_minor, ...split.cold_minor].every((x) => x >= 0n)).toBe(true);
        },
      ),
    );
  });
});

describe('twoSignificantDigits', () => {
  it('rounds down to two significant digits', () => {
    expect(twoSignificantDigits(1_234_567n)).toBe(1_200_000n);
    expect(twoSignificantDigits(99n)).toBe(99n);
    expect(twoSignificantDigits(999n)).toBe(990n);
    expect(twoSignificantDigits(0n)).toBe(0n);
  });
});

describe('demoWallets', () => {
  const decimals = new Map(DEMO_ASSETS.map((a) => [a.symbol, a.decimals]));
  // 12.34567891 BTC, 123.456… ETH to the wei, and so on: totals as a small demo might have them.
  const totals = new Map<string, bigint>([
    ['BTC', 1_234_567_891n],
    ['ETH', 123_456_789_012_345_678_901n],
    ['XRP', 987_654_321_987n],
    ['XEM', 55_555_555_555n],
    ['MONA', 7_777_777_777n],
    ['BCH', 333_333_333n],
    ['USDC', 0n],
  ]);
  const wallets = demoWallets({ customer_total_minor: totals, random: demoRandom(1, 'wallets') });

  it('holds exactly the customer balances of each asset in customer wallets', () => {
    for (const asset of DEMO_CRYPTO_ASSETS) {
      const customer = wallets.filter((w) => w.asset === asset.symbol && w.purpose === 'customer');
      const sum = customer.reduce((s, w) => s + parseAmount(w.amount, asset.decimals), 0n);
      expect(sum, asset.symbol).toBe(totals.get(asset.symbol));
    }
  });

  it('keeps hot+warm between 3% and 4.5% of each asset, covered by a cold guarantee wallet', () => {
    for (const asset of DEMO_CRYPTO_ASSETS) {
      const total = totals.get(asset.symbol)!;
      const of_asset = wallets.filter((w) => w.asset === asset.symbol);
      const amount = (w: (typeof wallets)[number]) => parseAmount(w.amount, asset.decimals);
      const hot_warm = of_asset.filter((w) => w.purpose === 'customer' && w.tier !== 'cold').reduce((s, w) => s + amount(w), 0n);
      const guarantee = of_asset.filter((w) => w.purpose === 'guarantee');
      if (total === 0n) {
        expect(of_asset.filter((w) => w.purpose !== 'own')).toEqual([]);
        continue;
      }
      expect(hot_warm * 10_000n <= total * BigInt(HOT_WARM_BP_MAX)).toBe(true);
      // floor(total × bp) ≥ total × bp − 1 minor unit.
      expect(hot_warm * 10_000n + 10_000n > total * BigInt(HOT_WARM_BP_MIN)).toBe(true);
      expect(guarantee).toHaveLength(1);
      expect(guarantee[0]!.tier).toBe('cold');
      expect(amount(guarantee[0]!) >= hot_warm).toBe(true);
    }
  });

  it('writes amounts and limits that parse with the asset decimals, and unique ids', () => {
    expect(new Set(wallets.map((w) => w.id)).size).toBe(wallets.length);
    for (const w of wallets) {
      const d = decimals.get(w.asset)!;
      expect(parseAmount(w.amount, d) > 0n).toBe(true);
      if (w.controls.withdrawal_limit_per_day !== undefined) parseAmount(w.controls.withdrawal_limit_per_day, d);
      if (w.controls.signing !== undefined) expect(w.controls.signing).toMatch(/^\d+-of-\d+$/);
    }
    expect(wallets.filter((w) => w.purpose === 'own').length).toBeGreaterThanOrEqual(2);
  });

  it('has hot wallets sharing a vendor (common cause) and one weak single-key hot wallet', () => {
    const hot_vendors = wallets.filter((w) => w.tier === 'hot' && w.purpose === 'customer').map((w) => w.controls.vendor);
    const counts = new Map<string, number>();
    for (const v of hot_vendors) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(3);
    const xem_hot = wallets.find((w) => w.id === 'xem-hot-1')!;
    expect(xem_hot.controls.signing).toBeUndefined();
    expect(xem_hot.controls.address_allowlist).toBe(false);
  });
});
