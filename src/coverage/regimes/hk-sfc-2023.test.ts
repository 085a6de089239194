import { describe, expect, it } from 'vitest';
import { fixtureSnapshot, type FixtureInput } from '../../snapshot/fixture.ts';
import type { InsuranceCreditProvider } from '../insurance.ts';
import { figures, findCheck, PRICE_TIME, runRegime } from '../testing.ts';

function snapshot(hot: string, cold: string, extra: Partial<FixtureInput> = {}) {
  return fixtureSnapshot({
    prices: [[PRICE_TIME, 'BTC', '10000000']],
    wallets: [
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: hot },
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: cold },
    ],
    ...extra,
  });
}

describe('hk-sfc-2023/hot-share', () => {
  it('passes at exactly 2% and fails one satoshi above', () => {
    // 2 of 100 BTC = 0.02. 2.00000001 of 100.00000001: over the limit by (2.00000001 − 0.02 × 100.00000001)
    // / 100.00000001 = 0.0000000098 / 100.00000001 = 0.0000000000979999.. → shown 0.020000000098 (rounded up).
    expect(figures(findCheck(runRegime(snapshot('2', '98'), 'hk-sfc-2023'), 'hk-sfc-2023/hot-share'))).toEqual({
      status: 'pass',
      required: '0.02',
      held: '0.02',
      shortfall: '0',
    });
    expect(figures(findCheck(runRegime(snapshot('2.00000001', '98'), 'hk-sfc-2023'), 'hk-sfc-2023/hot-share'))).toEqual({
      status: 'fail',
      required: '0.02',
      held: '0.020000000098',
      shortfall: '0.000000000098',
    });
  });
});

describe('hk-sfc-2023/cover', () => {
  // as_of day 2026-11-25; six months later is 2027-05-25.
  const sources: Partial<FixtureInput> = {
    safe_assets: [
      { id: 'demand', kind: 'bank_deposit', market_value: '100000000' },
      { id: 'td-6m', kind: 'time_deposit', market_value: '200000000', maturity: '2027-05-25' },
      { id: 'td-6m-1d', kind: 'time_deposit', market_value: '300000000', maturity: '2027-05-26' },
      { id: 'jgb', kind: 'jgb', market_value: '400000000' },
      { id: 'off-trust', kind: 'bank_deposit', market_value: '500000000', segregated: false },
    ],
    contracts: [
      { id: 'bg', kind: 'bank_guarantee', amount: '50000000', start: '2026-01-01', end: '2027-01-01' },
      { id: 'preservation', kind: 'preservation', amount: '60000000', start: '2026-01-01', end: '2027-01-01' },
    ],
  };

  it('requires 100% of hot plus 50% of cold, from funds on trust, bank guarantees and insurance', () => {
    // 2 BTC hot = 20,000,000 (100%) + 98 BTC cold = 980,000,000 × 50% = 490,000,000 → 510,000,000.
    // Counted: demand 100,000,000 + td maturing exactly 6 months on 200,000,000 + bank guarantee 50,000,000 = 350,000,000.
    const result = runRegime(snapshot('2', '98', sources), 'hk-sfc-2023');
    expect(figures(findCheck(result, 'hk-sfc-2023/cover'))).toEqual({ status: 'fail', required: '510000000', held: '350000000', shortfall: '160000000' });
    expect(Object.fromEntries(result.excluded.map((e) => [e.source_id, e.reason.code]))).toEqual({
      'td-6m-1d': 'coverage.source.maturity_too_long',
      jgb: 'coverage.source.kind_not_eligible',
      'off-trust': 'coverage.source.not_segregated',
      preservation: 'coverage.source.kind_not_eligible',
    });
    expect(result.notes.map((n) => n.code)).toEqual(['coverage.insurance.no_policies']);
  });

  it('counts third-party insurance when an insurance engine answers', () => {
    // 350,000,000 + 160,000,000 insurance = 510,000,000: exactly the requirement.
    const insurance: InsuranceCreditProvider = () => ({ sources: [{ id: 'custody-policy', recoverable_minor: 160_000_000n }], notes: [] });
    const result = runRegime(snapshot('2', '98', sources), 'hk-sfc-2023', { insurance });
    expect(figures(findCheck(result, 'hk-sfc-2023/cover'))).toEqual({ status: 'pass', required: '510000000', held: '510000000', shortfall: '0' });
    expect(result.assignments[0]).toMatchObject({ source_kind: 'insurance', source_id: 'custody-policy' });
  });
});
