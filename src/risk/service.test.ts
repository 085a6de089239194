import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { riskAmount } from './amount.ts';
import { riskEngineProvider } from '../app/providers.ts';
import { exampleSnapshot, oneWallet } from './examples.ts';
import type { NetOfInsurance } from './net.ts';
import { renderRiskText, riskJson } from './report.ts';
import { allocateByFloats, runRisk, type RiskReport } from './service.ts';
import { exceedanceSvg } from './svg.ts';
import { syntheticSnapshot } from './synthetic.ts';
import type { CoverageFacts } from '../coverage/facts.ts';

const sum = (values: bigint[]): bigint => values.reduce((s, v) => s + v, 0n);

describe('runRisk on the compound Poisson example', () => {
  // 1 BTC = 10,000,000 JPY, λ = 1, half drained each time: VaR 99% = 4 × 5,000,000 = 20,000,000,
  // VaR 99.9% = 25,000,000 (see simulate.test.ts). A contract of 12,000,000 covers hacks.
  const snapshot = exampleSnapshot({
    wallets: [oneWallet('1', { annual_rate: 1, severity: { dist: 'fixed', fraction: 0.5 } })],
    contracts: [{ id: 'c1', kind: 'bank_guarantee', amount: '12000000', start: '2026-01-01', end: '2026-12-31' }],
  });

  it('reports exact figures in minor units and the JSON keys the interface promises', async () => {
    const report = await runRisk(snapshot, { years: 100_000, seed: 5, workers: 0 });
    const json = riskJson(report) as Record<string, any>;
    expect(json.years).toBe(100_000);
    expect(json.seed).toBe(5);
    expect(json.var).toEqual({ '0.99': '20000000', '0.995': '20000000', '0.999': '25000000' });
    expect(Object.keys(json.tvar)).toEqual(['0.99', '0.995', '0.999']);
    expect(Object.keys(json.net)).toEqual(['expected_loss', 'expected_loss_stderr', 'var', 'tvar']);
    // No insurance: net = gross.
    expect(json.net.var).toEqual(json.var);
    expect(json.by_wallet).toEqual([
      expect.objectContaining({ wallet_id: 'w1', annual_rate: 1, expected_loss: json.expected_loss, rate_source: 'override' }),
    ]);
    // The cover is the contract in force: 12,000,000. Net loss > 12,000,000 means N ≥ 3 events:
    // P(N ≥ 3) = 1 − e^−1 (1 + 1 + 1/2) = 0.0803; standard error over 100,000 years 0.00086.
    expect(json.cover).toEqual({ amount: '12000000', source: 'contracts', contract_ids: ['c1'] });
    expect(Math.abs(json.p_exceed_cover - (1 - Math.exp(-1) * 2.5))).toBeLessThan(0.004);
    // The stress test drains wallets up to 100%: all of w1 is 10,000,000, below the cover.
    expect(json.reverse_stress.smallest).toBeNull();
  });

  it('finds the smallest single event that exceeds the cover, after insurance', async () => {
    // Cover 4,000,000 and no insurance: w1 (10,000,000) must lose 4,000,001, i.e. 40%.
    const bare = await runRisk(snapshot, { years: 1_000, workers: 0, cover: { amount_minor: 4_000_000n, source: 'option', contract_ids: [] } });
    expect(bare.reverse_stress!.smallest).toMatchObject({ kind: 'wallet', id: 'w1', gross_needed_minor: 4_000_001n, limit_must_fail: false });
    expect(bare.reverse_stress!.smallest!.fraction_needed).toBeCloseTo(0.4, 6);
    // A deductible of 1,000,000 and a limit of 3,000,000: net = G − min(max(G − 1,000,000, 0), 3,000,000)
    // exceeds 4,000,000 once G − 3,000,000 > 4,000,000, i.e. G = 7,000,001 (70%).
    const layer: NetOfInsurance = { recoveries: (b) => b.gross.map((g) => Math.min(Math.max(g - 1_000_000, 0), 3_000_000)) };
    const insured = await runRisk(snapshot, { years: 1_000, workers: 0, insurance_override: layer, cover: { amount_minor: 4_000_000n, source: 'option', contract_ids: [] } });
    expect(insured.reverse_stress!.smallest).toMatchObject({ id: 'w1', gross_needed_minor: 7_000_001n });
  });

  it('rejects parameters outside their limits with user errors', async () => {
    await expect(runRisk(snapshot, { years: 10 })).rejects.toMatchObject({ code: 'risk.years_range' });
    await expect(runRisk(snapshot, { years: 1_000, confidence: 0.9999 })).rejects.toMatchObject({ code: 'risk.confidence_range' });
    await expect(runRisk(snapshot, { seed: -3 })).rejects.toMatchObject({ code: 'risk.seed_range' });
  });
});

describe('insurance from policies.json', () => {
  // Each event loses 5,000,000 (1 BTC at 10,000,000 JPY, fixed fraction 0.5, λ = 1).
  const policy = (terms: Record<string, unknown>) => ({
    id: 'p1',
    insurer: 'Insurer A',
    period: { start: '2026-04-01', end: '2027-03-31' },
    currency: 'JPY',
    perils: [{ peril: 'external_hack', tiers: ['hot', 'warm'] }],
    exclusions: [],
    assets: 'all',
    wallets: 'all',
    terms: { deductible: '0', occurrence_limit: 'unlimited', aggregate_limit: 'unlimited', valuation: { basis: 'market' }, ...terms },
  });
  const insured = (terms: Record<string, unknown>) => {
    const snapshot = exampleSnapshot({ wallets: [oneWallet('1', { annual_rate: 1, severity: { dist: 'fixed', fraction: 0.5 } })] });
    return { ...snapshot, documents: { policies: { format: 'hozen-policies/1', policies: [policy(terms)], reinsurance: [] } } };
  };

  it('removes a known share: 40% co-insurance leaves 40% of every loss', async () => {
    const report = await runRisk(insured({ coinsurance: '0.4' }), { years: 50_000, seed: 2, workers: 2 });
    expect(report.insurance).toBe('programme');
    expect(report.insurance_policies).toEqual(['p1']);
    // Every annual loss is N × 5,000,000 and its net N × 2,000,000, so every figure scales by 0.4.
    expect(report.net.expected_minor).toBe((report.gross.expected_minor * 2n) / 5n);
    report.gross.levels.forEach((level, i) => {
      expect(report.net.levels[i]!.var_minor).toBe((level.var_minor * 2n) / 5n);
    });
  });

  it('applies deductible, occurrence and annual aggregate limits in event order', async () => {
    // Deductible 1,000,000, occurrence limit 3,000,000, aggregate 4,000,000: with N = 4 events
    // (the 99% year) the policy pays 3 + 1 + 0 + 0 million, net 20 − 4 = 16,000,000.
    const report = await runRisk(insured({ deductible: '1000000', occurrence_limit: '3000000', aggregate_limit: '4000000' }), { years: 100_000, workers: 0 });
    expect(report.gross.levels[0]).toMatchObject({ level: '0.99', var_minor: 20_000_000n });
    expect(report.net.levels[0]).toMatchObject({ level: '0.99', var_minor: 16_000_000n });
    // The largest single event of a year, net: the first event nets 5 − 3 = 2 million, a second
    // 5 − 1 = 4 million (1,000,000 of aggregate left), a third 5 million. P(N ≥ 1) = 0.632,
    // P(N ≥ 2) = 0.264, P(N ≥ 3) = 0.080: at 2 years (VaR 50%) the net OEP is 2,000,000, at 10
    // years (VaR 90%) 4,000,000; the gross OEP is 5,000,000 at both.
    expect(report.oep.find((r) => r.return_period === 2)).toMatchObject({ gross_minor: 5_000_000n, net_minor: 2_000_000n });
    expect(report.oep.find((r) => r.return_period === 10)).toMatchObject({ gross_minor: 5_000_000n, net_minor: 4_000_000n });
  });
});

describe('contributions', () => {
  let report: RiskReport;
  const snapshot = syntheticSnapshot({ wallets: 40, price_days: 300 });

  it('add up exactly to the totals they explain', async () => {
    report = await runRisk(snapshot, { years: 50_000, seed: 3, workers: 0, confidence: 0.995 });
    const headline = report.gross.levels.find((l) => l.level === '0.995')!;
    expect(sum(report.by_wallet.map((w) => w.expected_loss_minor))).toBe(report.gross.expected_minor);
    expect(sum(report.by_wallet.map((w) => w.expected_loss_net_minor))).toBe(report.net.expected_minor);
    expect(sum(report.by_wallet.map((w) => w.tvar_contribution_minor))).toBe(headline.tvar_minor);
    expect(sum(report.by_cause.map((c) => c.expected_loss_minor))).toBe(report.gross.expected_minor);
    expect(sum(report.by_cause.map((c) => c.tvar_contribution_minor))).toBe(headline.tvar_minor);
    expect(report.by_cause[0]!.cause).toBe('own');
    expect(report.by_cause.slice(1).every((c) => /^(vendor|platform):/.test(c.cause))).toBe(true);
  });

  it('order the measures sensibly', () => {
    const levels = report.gross.levels;
    expect(levels.map((l) => l.level)).toEqual(['0.99', '0.995', '0.999']);
    for (let i = 0; i < levels.length; i++) {
      expect(levels[i]!.tvar_minor).toBeGreaterThanOrEqual(levels[i]!.var_minor);
      if (i > 0) expect(levels[i]!.var_minor).toBeGreaterThanOrEqual(levels[i - 1]!.var_minor);
    }
    const rows = report.aep;
    for (let i = 0; i < rows.length; i++) expect(rows[i]!.gross_minor).toBeGreaterThanOrEqual(report.oep[i]!.gross_minor);
  });

  it('render as text in both languages and as an SVG chart', () => {
    const en = renderRiskText(report, translator('en'));
    expect(en).toContain('Expected loss');
    expect(en).toContain('VaR 99.5%');
    expect(en).toContain('Reverse stress test');
    const ja = renderRiskText(report, translator('ja'));
    expect(ja).toContain('期待損失');
    expect(ja).toContain('再現期間');
    const svg = exceedanceSvg(report, translator('en'));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('AEP gross');
    expect(svg).toContain('OEP net');
  });
});

describe('allocateByFloats', () => {
  it('splits a total exactly, in proportion to the weights', () => {
    // 100 over 1 : 2 : 1 → 25, 50, 25; 10 over thirds → 4, 3, 3 (largest remainder, lower index first).
    expect(allocateByFloats(100n, [1, 2, 1])).toEqual([25n, 50n, 25n]);
    expect(allocateByFloats(10n, [1 / 3, 1 / 3, 1 / 3])).toEqual([4n, 3n, 3n]);
    expect(allocateByFloats(0n, [0, 0])).toEqual([0n, 0n]);
    expect(sum(allocateByFloats(123_456_789n, [1e12, 3e15, 7, 0.5]))).toBe(123_456_789n);
  });
});

describe('risk amount for the coverage engine', () => {
  const snapshot = exampleSnapshot({
    wallets: [
      oneWallet('1', { annual_rate: 1, severity: { dist: 'fixed', fraction: 0.5 } }),
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: '100', risk: { annual_rate: 1, severity: { dist: 'fixed', fraction: 1 } } },
      { id: 'own', asset: 'BTC', tier: 'hot', amount: '100', purpose: 'own', risk: { annual_rate: 1, severity: { dist: 'fixed', fraction: 1 } } },
    ],
  });

  it('answers VaR and TVaR of customer wallets in the tiers asked, rounded up', async () => {
    // Hot customer wallet only: the compound Poisson example, VaR 99% = 20,000,000.
    const amount = await riskAmount(snapshot, { measure: 'var', confidence: { coef: 99n, scale: 2 }, tiers: ['hot'], years: 100_000, workers: 0 });
    expect(amount).toMatchObject({ amount_minor: 20_000_000n, measure: 'var', confidence: 0.99, basis: 'gross', tiers: ['hot'], price_model: 'static' });
    const tvar = await riskAmount(snapshot, { measure: 'tvar', confidence: 0.99, tiers: ['hot'], years: 100_000, workers: 0 });
    expect(tvar.amount_minor).toBeGreaterThan(20_000_000n);
  });

  it('plugs into the coverage engine as a synchronous provider', () => {
    const provider = riskEngineProvider(snapshot, { years: 100_000 });
    const facts = { drained: [] as string[] } as CoverageFacts;
    const result = provider(facts, { regime: 'jvcea-2018-draft', tiers: ['hot', 'warm'] }, { method: 'var', share: { coef: 1n, scale: 0 }, confidence: { coef: 99n, scale: 2 } });
    expect(result.amount_minor).toBe(20_000_000n);
    expect(result.note.code).toBe('risk.amount_note');
    // Adding the cold wallet (100 BTC drained in full once a year on average) raises it a lot.
    const all = provider(facts, { regime: 'jp-2026-liability-reserve', tiers: ['hot', 'warm', 'cold'] }, { method: 'var', share: { coef: 1n, scale: 0 }, confidence: { coef: 99n, scale: 2 } });
    expect(all.amount_minor).toBeGreaterThan(1_000_000_000n);
    // Drained, the cold wallet holds nothing and adds nothing.
    const drained = provider({ drained: ['cold'] } as CoverageFacts, { regime: 'jp-2026-liability-reserve', tiers: ['hot', 'warm', 'cold'] }, { method: 'var', share: { coef: 1n, scale: 0 }, confidence: { coef: 99n, scale: 2 } });
    expect(drained.amount_minor).toBe(20_000_000n);
  });
});
