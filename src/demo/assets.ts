// The demo exchange's asset list and the market facts the generator needs about each asset.
// Levels are the rough yen prices of late 2026 the brief asks for; volatilities are annualised
// and only shape the price history.

export interface DemoAsset {
  symbol: string;
  decimals: number;
  kind: 'fiat' | 'crypto';
  /** Rough yen price of one unit at as_of (the base currency is 1). */
  price_level_jpy: number;
  /** Annualised volatility of log returns, for the price walk. */
  volatility_annual: number;
  /** Relative chance that an account holds this asset. */
  popularity: number;
}

export const DEMO_BASE_CURRENCY = 'JPY';

export const DEMO_ASSETS: readonly DemoAsset[] = [
  { symbol: 'JPY', decimals: 0, kind: 'fiat', price_level_jpy: 1, volatility_annual: 0, popularity: 30 },
  { symbol: 'BTC', decimals: 8, kind: 'crypto', price_level_jpy: 15_000_000, volatility_annual: 0.55, popularity: 32 },
  { symbol: 'ETH', decimals: 18, kind: 'crypto', price_level_jpy: 500_000, volatility_annual: 0.7, popularity: 15 },
  { symbol: 'XRP', decimals: 6, kind: 'crypto', price_level_jpy: 90, volatility_annual: 0.9, popularity: 12 },
  { symbol: 'XEM', decimals: 6, kind: 'crypto', price_level_jpy: 3, volatility_annual: 1.0, popularity: 3 },
  { symbol: 'MONA', decimals: 8, kind: 'crypto', price_level_jpy: 40, volatility_annual: 1.0, popularity: 2 },
  { symbol: 'BCH', decimals: 8, kind: 'crypto', price_level_jpy: 70_000, volatility_annual: 0.8, popularity: 4 },
  // USDC in yen moves with the dollar: the volatility is the JPY/USD rate's.
  { symbol: 'USDC', decimals: 6, kind: 'crypto', price_level_jpy: 150, volatility_annual: 0.08, popularity: 5 },
];

export const DEMO_CRYPTO_ASSETS: readonly DemoAsset[] = DEMO_ASSETS.filter((a) => a.kind === 'crypto');
