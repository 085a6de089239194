import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import type { Wallet } from '../snapshot/types.ts';
import { RISK_MODEL_DEFAULTS, riskModelConfig } from './config.ts';
import { exampleSnapshot } from './examples.ts';
import { walletRate } from './frequency.ts';
import { INSURANCE_NONE } from './insurance-spec.ts';
import { compileModel } from './model.ts';
import { runBlocks } from './pool.ts';
import { buildPriceModel, dailyCloses } from './prices.ts';

function wallet(tier: Wallet['tier'], controls: Partial<Wallet['controls']> = {}, risk?: Wallet['risk']): Wallet {
  return { id: 'w', asset: 'BTC', tier, purpose: 'customer', amount_minor: 1n, controls: { other: {}, ...controls }, ...(risk === undefined ? {} : { risk }) };
}

describe('walletRate', () => {
  const table = RISK_MODEL_DEFAULTS.frequency;

  it('multiplies the tier rate by each control factor', () => {
    // hot 0.1 × 2-of-3 0.6 × HSM 0.7 × allow-list 0.8 × CCSS 3 0.6 = 0.02016.
    const rate = walletRate(wallet('hot', { signing: { m: 2, n: 3 }, hsm: true, address_allowlist: true, ccss_level: 3 }), table);
    expect(rate.source).toBe('scored');
    expect(rate.annual_rate).toBeCloseTo(0.02016, 15);
    expect(rate.factors.map((f) => f.name)).toEqual(['tier:hot', 'signing:2-of-3', 'hsm', 'address_allowlist', 'ccss:3']);
  });

  it('scores thresholds by the largest listed threshold not above m', () => {
    // 1-of-3: any one key suffices, no better than a single key; 5-of-7 uses the 3+ factor 0.5.
    expect(walletRate(wallet('cold', { signing: { m: 1, n: 3 } }), table).annual_rate).toBeCloseTo(0.005, 15);
    expect(walletRate(wallet('cold', { signing: { m: 5, n: 7 } }), table).annual_rate).toBeCloseTo(0.0025, 15);
    expect(walletRate(wallet('warm', { mpc: true }), table).annual_rate).toBeCloseTo(0.021, 15);
  });

  it('takes the wallet’s own rate when it states one', () => {
    const rate = walletRate(wallet('hot', { hsm: true }, { annual_rate: 0.3 }), table);
    expect(rate).toEqual({ annual_rate: 0.3, source: 'override', factors: [] });
  });
});

describe('riskModelConfig', () => {
  it('is the defaults without a risk section', () => {
    expect(riskModelConfig({})).toBe(RISK_MODEL_DEFAULTS);
  });

  it('overrides only what the section sets', () => {
    const config = riskModelConfig({ risk: { frequency: { tier_rates: { hot: 0.2 } }, common_cause: { rates: { 'vendor:X': 0.1 } }, prices: { horizon_days: 10 } } });
    expect(config.frequency.tier_rates).toEqual({ hot: 0.2, warm: 0.03, cold: 0.005 });
    expect(config.common_cause.rates).toEqual({ 'vendor:X': 0.1 });
    expect(config.common_cause.annual_rate).toBe(0.02);
    expect(config.prices.horizon_days).toBe(10);
    expect(config.prices.history_days_min).toBe(60);
  });

  it('locates bad settings in exchange.json by path and field', () => {
    const issues = (section: unknown) => {
      try {
        riskModelConfig({ risk: section });
      } catch (error) {
        if (error instanceof InputError) return error.issues;
        throw error;
      }
      throw new Error('expected an InputError');
    };
    expect(issues({ frequency: { tier_rates: { hot: -1 } } })).toEqual([
      { file: 'exchange.json', path: 'risk.frequency.tier_rates.hot', field: 'hot', code: 'risk.params.too_small', params: { min: '0' } },
    ]);
    expect(issues({ severity: { limit_bypass_probability: 2 } })[0]).toMatchObject({ path: 'risk.severity.limit_bypass_probability', code: 'risk.params.too_big' });
    expect(issues({ prices: { horizon: 3 } })[0]).toMatchObject({ path: 'risk.prices', code: 'risk.params.unknown_keys', params: { keys: 'horizon' } });
    expect(issues({ common_cause: { keys: ['hsm'] } })[0]).toMatchObject({ path: 'risk.common_cause.keys[0]', code: 'risk.params.value' });
    expect(issues({ prices: { history_days_min: 400, history_days_max: 300 } })[0]).toMatchObject({ code: 'risk.params.history_window' });
    expect(issues('yes')[0]).toMatchObject({ path: 'risk', code: 'risk.params.type' });
  });
});

describe('compileModel', () => {
  it('values wallets, caps them by their withdrawal limit and groups shared vendors', () => {
    const snapshot = exampleSnapshot({
      wallets: [
        { id: 'a', asset: 'BTC', tier: 'hot', amount: '2', controls: { vendor: 'V', withdrawal_limit_per_day_minor: 10_000_000n } },
        { id: 'b', asset: 'ETH', tier: 'cold', amount: '4', controls: { vendor: 'V', platform: 'P' } },
        { id: 'c', asset: 'BTC', tier: 'warm', amount: '1', purpose: 'own' },
      ],
      risk: { common_cause: { keys: ['vendor', 'platform'], rates: { 'platform:P': 0.3 } }, severity: { containment_days: 2 } },
    });
    const model = compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions), { purposes: ['customer'] });
    expect(model.wallet_ids).toEqual(['a', 'b']);
    // 2 BTC × 10,000,000 = 20,000,000 JPY; 4 ETH × 500,000 = 2,000,000 JPY.
    expect([...model.wallet_value]).toEqual([20_000_000, 2_000_000]);
    // 0.1 BTC a day for 2 days = 0.2 BTC = 2,000,000 JPY; no limit on b.
    expect([...model.wallet_cap]).toEqual([2_000_000, Infinity]);
    expect(model.groups).toEqual([
      { id: 'platform:P', annual_rate: 0.3, members: [1] },
      { id: 'vendor:V', annual_rate: 0.02, members: [0, 1] },
    ]);
    // Own rates (hot 0.1, cold 0.005), then groups in id order.
    expect([...model.source_rate]).toEqual([0.1, 0.005, 0.3, 0.02]);
    // Without their own severity both wallets use the default mixture.
    expect([...model.wallet_full_probability]).toEqual([0.1, 0.1]);
  });

  it('refuses runs whose per-hit records would not fit in memory', async () => {
    // 100 breaches a year × 500,000 years = 50,000,000 expected hits > 40,000,000.
    const snapshot = exampleSnapshot({ wallets: [{ id: 'a', asset: 'BTC', tier: 'hot', amount: '1', risk: { annual_rate: 100 } }] });
    const model = compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions));
    await expect(runBlocks(model, INSURANCE_NONE, { years: 500_000, seed: 1 })).rejects.toMatchObject({ code: 'risk.too_many_hits', params: { years_max: 400_000 } });
  });

  it('refuses rates the simulation cannot carry', () => {
    const snapshot = exampleSnapshot({ wallets: [{ id: 'a', asset: 'BTC', tier: 'hot', amount: '1', risk: { annual_rate: 365 } }, { id: 'b', asset: 'BTC', tier: 'hot', amount: '1', risk: { annual_rate: 365 } }] });
    expect(() => compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions))).toThrow(expect.objectContaining({ code: 'risk.rate_too_high' }));
  });
});

describe('price model', () => {
  const days = (n: number, price: (k: number) => string) =>
    Array.from({ length: n + 1 }, (_, k) => [new Date(Date.parse('2026-11-25T00:00:00+09:00') - k * 86_400_000).toISOString(), 'BTC', price(k)] as [string, string, string]);

  it('bootstraps daily log-returns, demeaned', () => {
    // Price doubles every day going forward: every daily log-return is ln 2 before demeaning, 0 after.
    const snapshot = fixtureSnapshot({ prices: days(100, (k) => (2n ** BigInt(100 - k)).toString()) });
    const model = buildPriceModel(snapshot, ['BTC', 'JPY'], { ...RISK_MODEL_DEFAULTS.prices, history_days_max: 100, demean: false });
    expect(model.mode).toBe('bootstrap');
    expect(model.assets).toEqual(['BTC']);
    expect(model.history_days).toBe(100);
    for (const r of model.returns) expect(r).toBeCloseTo(Math.LN2, 12);
    const demeaned = buildPriceModel(snapshot, ['BTC'], { ...RISK_MODEL_DEFAULTS.prices, history_days_max: 100 });
    for (const r of demeaned.returns) expect(Math.abs(r)).toBeLessThan(1e-12);
  });

  it('treats a stale price as a missing day, and falls back (flagged) on short history', () => {
    // Prices only every third day: no day has a fresh close on both ends, so no usable return.
    const sparse = fixtureSnapshot({ prices: days(90, () => '100').filter((_, k) => k % 3 === 0) });
    expect(Number.isNaN(dailyCloses(sparse, 'BTC', 5)[1]!)).toBe(true);
    const model = buildPriceModel(sparse, ['BTC'], RISK_MODEL_DEFAULTS.prices);
    expect(model.mode).toBe('fallback');
    expect(model.history_days).toBe(0);
    // 0.8 × √(30/365) = 0.22935…
    expect(model.fallback_sigma[0]).toBeCloseTo(0.8 * Math.sqrt(30 / 365), 12);
  });

  it('is static without a horizon or without crypto', () => {
    const snapshot = fixtureSnapshot({ prices: days(100, () => '1') });
    expect(buildPriceModel(snapshot, ['BTC'], { ...RISK_MODEL_DEFAULTS.prices, horizon_days: 0 }).mode).toBe('static');
    expect(buildPriceModel(snapshot, ['JPY'], RISK_MODEL_DEFAULTS.prices).mode).toBe('static');
  });
});
