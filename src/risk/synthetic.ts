// A deterministic, realistic-looking exchange for tests and bench/risk: many wallets over several
// assets, a mix of tiers and controls, shared vendors and platforms, and two years of correlated
// daily prices. Built from a seed so that the bench and its numpy twin see the same inputs.

import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import type { Snapshot, Tier } from '../snapshot/types.ts';
import { blockRandom } from './prng.ts';
import { Variates } from './sampling.ts';

const ASSETS = [
  // symbol, decimals, starting price in yen, daily volatility
  { symbol: 'BTC', decimals: 8, price: 15_000_000, daily_volatility: 0.03 },
  { symbol: 'ETH', decimals: 18, price: 500_000, daily_volatility: 0.04 },
  { symbol: 'XRP', decimals: 6, price: 90, daily_volatility: 0.05 },
  { symbol: 'SOL', decimals: 9, price: 25_000, daily_volatility: 0.055 },
  { symbol: 'USDT', decimals: 6, price: 150, daily_volatility: 0.004 },
] as const;
const VENDORS = ['VendorA', 'VendorB', 'VendorC', 'VendorD'];
const PLATFORMS = ['SafeSign', 'KeyVault'];
/** Every asset loads on one market factor with this weight, which correlates their returns. */
const MARKET_LOADING = 0.7;

export interface SyntheticOptions {
  wallets: number;
  price_days: number;
  seed?: number;
  /**
   * Draw the prices from this seed alone, apart from the wallets': exchanges built with one
   * market seed trade one market (the same price history) whatever their own seeds. Without it
   * the prices come first from the exchange's own seed (the inputs of the benches' figures).
   */
  market_seed?: number;
}

export function syntheticSnapshot(options: SyntheticOptions): Snapshot {
  const rng = blockRandom(options.seed ?? 7, 0, 0);
  const variates = new Variates(rng);
  const market_variates = options.market_seed === undefined ? variates : new Variates(blockRandom(options.market_seed, 0, 1));
  const as_of_ms = Date.parse('2026-11-25T00:00:00+09:00');
  const prices: NonNullable<FixtureInput['prices']> = [];
  const level: number[] = ASSETS.map((a) => a.price);
  // Walk backwards from as_of so that the as_of price is the nominal one.
  for (let day = 0; day <= options.price_days; day++) {
    const time = new Date(as_of_ms - day * 86_400_000 + 9 * 3_600_000).toISOString().replace('Z', '+09:00').replace('.000', '');
    ASSETS.forEach((a, j) => prices.push([time, a.symbol, level[j]!.toFixed(6)]));
    const market = market_variates.normal();
    ASSETS.forEach((a, j) => {
      const z = MARKET_LOADING * market + Math.sqrt(1 - MARKET_LOADING ** 2) * market_variates.normal();
      level[j] = level[j]! * Math.exp(-a.daily_volatility * z);
    });
  }
  const tiers: Tier[] = ['hot', 'warm', 'cold'];
  const wallets: NonNullable<FixtureInput['wallets']> = [];
  for (let i = 0; i < options.wallets; i++) {
    const asset = ASSETS[i % ASSETS.length]!;
    const tier = tiers[Math.min(2, Math.floor(rng.next() * 3.3))]!;
    const value_yen = Math.exp(Math.log(1e8) + 2.5 * variates.normal());
    const places = Math.min(asset.decimals, 6);
    const amount = (value_yen / asset.price).toFixed(places);
    // A twentieth of the wallet per day, in minor units (6 significant decimals are plenty).
    const limit_minor = rng.next() < 0.4 ? BigInt(Math.round((value_yen / asset.price / 20) * 10 ** places)) * 10n ** BigInt(asset.decimals - places) : undefined;
    const severity_pick = rng.next();
    wallets.push({
      id: `w${String(i).padStart(3, '0')}`,
      asset: asset.symbol,
      tier,
      amount,
      controls: {
        ...(rng.next() < 0.7 ? { signing: { m: 2 + Math.floor(rng.next() * 2), n: 3 + Math.floor(rng.next() * 3) } } : {}),
        ...(rng.next() < 0.5 ? { hsm: true } : {}),
        ...(rng.next() < 0.3 ? { mpc: true } : {}),
        ...(rng.next() < 0.6 ? { address_allowlist: true } : {}),
        ...(rng.next() < 0.5 ? { ccss_level: (1 + Math.floor(rng.next() * 3)) as 1 | 2 | 3 } : {}),
        ...(rng.next() < 0.6 ? { vendor: VENDORS[Math.floor(rng.next() * VENDORS.length)]! } : {}),
        ...(rng.next() < 0.3 ? { platform: PLATFORMS[Math.floor(rng.next() * PLATFORMS.length)]! } : {}),
        ...(limit_minor === undefined ? {} : { withdrawal_limit_per_day_minor: limit_minor }),
      },
      ...(severity_pick < 0.2
        ? { risk: { severity: { dist: 'fixed' as const, fraction: 1 } } }
        : severity_pick < 0.5
          ? { risk: { severity: { dist: 'beta' as const, alpha: 2, beta: 5 } } }
          : {}),
    });
  }
  return fixtureSnapshot({
    id: 'synthetic',
    assets: { ...Object.fromEntries(ASSETS.map((a) => [a.symbol, a.decimals])), JPY: 0 },
    net_assets: '10000000000',
    wallets,
    prices,
  });
}
