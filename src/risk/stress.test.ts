import { describe, expect, it } from 'vitest';
import { riskModelConfig } from './config.ts';
import { exampleSnapshot } from './examples.ts';
import { compileModel } from './model.ts';
import { NO_INSURANCE } from './net.ts';
import { reverseStress } from './stress.ts';

describe('reverseStress', () => {
  // a: 1 BTC = 10,000,000 JPY with a limit of 0.1 BTC a day (cap 1,000,000);
  // b: 60 ETH = 30,000,000 JPY; c: 6 ETH = 3,000,000 JPY. a and b share vendor V.
  const snapshot = exampleSnapshot({
    wallets: [
      { id: 'a', asset: 'BTC', tier: 'hot', amount: '1', controls: { vendor: 'V', withdrawal_limit_per_day_minor: 10_000_000n } },
      { id: 'b', asset: 'ETH', tier: 'warm', amount: '60', controls: { vendor: 'V' } },
      { id: 'c', asset: 'ETH', tier: 'cold', amount: '6' },
    ],
    risk: { common_cause: { keys: ['vendor'] } },
  });
  const model = compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions));

  it('picks the single wallet that needs the smallest share to exceed the cover', () => {
    // Cover 5,000,000, no insurance: any event losing 5,000,001 exceeds it. b needs 1/6 of its
    // value, a half of its value (above its 1,000,000 cap: the limit must fail), c cannot.
    const stress = reverseStress(model, NO_INSURANCE, 5_000_000);
    expect(stress.smallest).toMatchObject({ kind: 'wallet', id: 'b', gross_needed: 5_000_001, limit_must_fail: false });
    expect(stress.smallest!.fraction_needed).toBeCloseTo(5_000_001 / 30_000_000, 9);
    expect(stress.scenarios.map((s) => [s.id, s.gross_needed, s.limit_must_fail])).toEqual([
      ['b', 5_000_001, false],
      ['a', 5_000_001, true],
      ['vendor:V', 5_000_001, true],
      ['c', null, false],
    ]);
  });

  it('finds nothing when no single event can exceed the cover', () => {
    // Everything together is 43,000,000; the largest single event (vendor V) 40,000,000.
    const stress = reverseStress(model, NO_INSURANCE, 40_000_000);
    expect(stress.smallest).toBeNull();
    expect(stress.scenarios.every((s) => s.gross_needed === null)).toBe(true);
  });
});
