import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { fixtureSnapshot, type FixtureInput } from '../../snapshot/fixture.ts';
import type { InsuranceCreditProvider } from '../insurance.ts';
import { figures, findCheck, PRICE_TIME, runRegime } from '../testing.ts';

// Customer BTC at 10,000,000 JPY: hot 1 (10,000,000), warm 1 (10,000,000), cold 98 (980,000,000).
function snapshot(liability_reserve: unknown, extra: Partial<FixtureInput> = {}) {
  return fixtureSnapshot({
    prices: [[PRICE_TIME, 'BTC', '10000000']],
    wallets: [
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: '1' },
      { id: 'warm', asset: 'BTC', tier: 'warm', amount: '1' },
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: '98' },
    ],
    extensions: liability_reserve === undefined ? {} : { liability_reserve },
    ...extra,
  });
}

const RESERVE = 'jp-2026-liability-reserve/reserve';

describe('jp-2026-liability-reserve', () => {
  it('uses the assumed default tier shares and says they are assumptions', () => {
    // 1 × 10,000,000 + 1 × 10,000,000 + 0.01 × 980,000,000 = 29,800,000; nothing booked.
    const result = runRegime(snapshot(undefined), 'jp-2026-liability-reserve');
    expect(figures(findCheck(result, RESERVE))).toEqual({ status: 'fail', required: '29800000', held: '0', shortfall: '29800000' });
    expect(result.notes.map((n) => n.code)).toEqual(['coverage.jp-2026-liability-reserve.assumptions', 'coverage.insurance.no_policies']);
    expect(result.params.assumed).toBe(true);
  });

  it('takes the larger of the basis and the floor, and counts the booked reserve', () => {
    // Shares hot 0.5, warm 0.25, cold 0.001: 5,000,000 + 2,500,000 + 980,000 = 8,480,000 < floor 9,000,000.
    const result = runRegime(
      snapshot({ tier_shares: { hot: '0.5', warm: '0.25', cold: '0.001' }, floor: '9000000', reserve_booked: '9000000' }),
      'jp-2026-liability-reserve',
    );
    const check = findCheck(result, RESERVE);
    expect(figures(check)).toEqual({ status: 'pass', required: '9000000', held: '9000000', shortfall: '0' });
    expect(check.message.params.basis).toBe('8,480,000 JPY');
  });

  it('caps insurance credit at the configured share of the requirement', () => {
    // Required 29,800,000; two policies would pay 12,000,000 + 8,000,000, capped together at
    // 0.4 × 29,800,000 = 11,920,000 (the second policy adds nothing); booked 10,000,000
    // → held 21,920,000, short 7,880,000.
    const insurance: InsuranceCreditProvider = (_snapshot, scope) => {
      expect(scope).toEqual({ regime: 'jp-2026-liability-reserve', peril: 'external_hack', tiers: ['hot', 'warm', 'cold'] });
      return { sources: [{ id: 'crime-policy', recoverable_minor: 12_000_000n }, { id: 'excess-policy', recoverable_minor: 8_000_000n }], notes: [] };
    };
    const result = runRegime(snapshot({ insurance_credit_share_max: '0.4', reserve_booked: '10000000' }), 'jp-2026-liability-reserve', { insurance });
    expect(figures(findCheck(result, RESERVE))).toEqual({ status: 'fail', required: '29800000', held: '21920000', shortfall: '7880000' });
    expect(result.assignments.map((a) => [a.source_kind, a.source_id, a.counted.coef])).toEqual([
      ['reserve', 'reserve_booked', 10_000_000n],
      ['insurance', 'crime-policy', 11_920_000n],
    ]);
  });

  it('can take the risk amount over all tiers as its basis', () => {
    const result = runRegime(snapshot({ basis: 'risk_amount', risk: { share: '0.1' } }), 'jp-2026-liability-reserve');
    // 0.1 × (10,000,000 + 10,000,000 + 980,000,000) = 100,000,000.
    expect(findCheck(result, RESERVE).required?.coef).toBe(100_000_000n);
  });

  it('rejects a bad parameter with its location in exchange.json', () => {
    try {
      runRegime(snapshot({ tier_shares: { hot: '1.5' }, floor: 12 }), 'jp-2026-liability-reserve');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues.map((i) => [i.file, i.path, i.code])).toEqual([
        ['exchange.json', 'liability_reserve.tier_shares.hot', 'coverage.params.share'],
        ['exchange.json', 'liability_reserve.floor', 'coverage.params.type'],
      ]);
    }
  });
});
