import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { checkCoverage } from './check.ts';
import { insuranceNotWired } from './insurance.ts';
import { figures, findCheck, PRICE_TIME } from './testing.ts';

// Customer BTC at 10,000,000 JPY: 2 hot (20,000,000), 98 cold (980,000,000).
// One crime policy in force on as_of: external hack of hot and warm wallets only,
// deductible 1,000,000, occurrence limit 15,000,000.
const policies = {
  format: 'hozen-policies/1',
  policies: [
    {
      id: 'crime',
      insurer: 'insurer-a',
      period: { start: '2026-01-01', end: '2026-12-31' },
      currency: 'JPY',
      perils: [{ peril: 'external_hack', tiers: ['hot', 'warm'] }],
      exclusions: [],
      assets: 'all',
      wallets: 'all',
      terms: { deductible: '1000000', occurrence_limit: '15000000', aggregate_limit: 'unlimited', valuation: { basis: 'market' } },
    },
  ],
};

const snapshot = fixtureSnapshot({
  prices: [[PRICE_TIME, 'BTC', '10000000']],
  wallets: [
    { id: 'hot', asset: 'BTC', tier: 'hot', amount: '2' },
    { id: 'cold', asset: 'BTC', tier: 'cold', amount: '98' },
  ],
  safe_assets: [{ id: 'trust-deposit', kind: 'bank_deposit', market_value: '500000000' }],
  documents: { policies },
});

describe('insurance credit from the insurance engine', () => {
  it('counts what the policy would really pay for a total loss, after deductible and limit', () => {
    // Hot loss 20,000,000 − deductible 1,000,000 = 19,000,000, limited to 15,000,000; cold is not covered.
    // hk-sfc-2023 cover: required 20,000,000 + 50% × 980,000,000 = 510,000,000;
    // held 15,000,000 insurance + 500,000,000 deposit = 515,000,000.
    const regime = checkCoverage(snapshot, { regimes: ['hk-sfc-2023'] }).regimes[0]!;
    expect(figures(findCheck(regime, 'hk-sfc-2023/cover'))).toEqual({ status: 'pass', required: '510000000', held: '515000000', shortfall: '0' });
    expect(regime.assignments[0]).toMatchObject({ source_kind: 'insurance', source_id: 'crime', counted: { coef: 15_000_000n, scale: 0 } });
    expect(regime.notes[0]).toMatchObject({ code: 'coverage.insurance.credited', params: { loss: '1,000,000,000 JPY', recovery: '15,000,000 JPY' } });
  });

  it('loses nothing from a drained wallet, so the policy pays nothing for it', () => {
    // Hot drained: customer hot 0, required 490,000,000, insurance 0, deposit 500,000,000.
    const regime = checkCoverage(snapshot, { regimes: ['hk-sfc-2023'], drain: ['hot'] }).regimes[0]!;
    expect(figures(findCheck(regime, 'hk-sfc-2023/cover'))).toEqual({ status: 'pass', required: '490000000', held: '500000000', shortfall: '0' });
    expect(regime.assignments.map((a) => a.source_kind)).toEqual(['safe_asset']);
  });

  it('counts nothing when told the engine is not wired, and says so', () => {
    const regime = checkCoverage(snapshot, { regimes: ['hk-sfc-2023'], insurance: insuranceNotWired }).regimes[0]!;
    expect(findCheck(regime, 'hk-sfc-2023/cover').held).toEqual({ coef: 500_000_000n, scale: 0 });
    expect(regime.notes).toEqual([{ code: 'coverage.insurance.not_wired', params: {} }]);
  });
});
