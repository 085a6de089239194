// Worked examples: each figure below was computed by hand (the computation is in the comment) and
// the engine must reproduce it exactly. Prices (TEST_SNAPSHOT): BTC ¥10,000,000 until 2026-07-01,
// then ¥12,000,000; ETH ¥500,000. Events default to 2026-05-01 12:00 JST, external_hack.
// Policy year 2026-04-01 – 2027-03-31 (JST) unless stated.

import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { policyJson, programmeOf, run, type EventInput } from './testing.ts';
import type { ProgrammeResult } from './types.ts';

const M = 1_000_000n; // ¥1m, to keep figures readable

function recoveries(result: ProgrammeResult, policy = 'p1'): bigint[] {
  return result.events.map((e) => e.policies.find((p) => p.policy_id === policy)!.recovery_minor);
}
function only(result: ProgrammeResult, policy = 'p1') {
  expect(result.events).toHaveLength(1);
  return result.events[0]!.policies.find((p) => p.policy_id === policy)!;
}
const hack = (btc: string, wallet = 'hot-btc', extra: Partial<EventInput> = {}): EventInput => ({ losses: [[wallet, btc]], ...extra });

describe('deductible, limit and co-insurance', () => {
  it('1. deductible only: 1 BTC lost, ¥1m deductible → ¥9m', () => {
    // covered 1 × 10m = 10m; 10m − 1m = 9m; no limit.
    const r = only(run(programmeOf([policyJson({}, { deductible: '1000000' })]), [hack('1')]));
    expect([r.covered_loss_minor, r.deductible_minor, r.recovery_minor, r.reason]).toEqual([10n * M, 1n * M, 9n * M, null]);
  });

  it('2. loss below the deductible pays nothing, and says why', () => {
    // 0.05 BTC = ¥500,000 ≤ ¥1m deductible → 0; the deductible applied is the whole loss.
    const r = only(run(programmeOf([policyJson({}, { deductible: '1000000' })]), [hack('0.05')]));
    expect([r.covered_loss_minor, r.deductible_minor, r.recovery_minor]).toEqual([500_000n, 500_000n, 0n]);
    expect(r.reason).toEqual({ code: 'insurance.reason.below_deductible', params: { loss: '500,000 JPY', deductible: '1,000,000 JPY' } });
  });

  it('3. the occurrence limit caps the payment after the deductible', () => {
    // 5 BTC = 50m; 50m − 1m = 49m; limit 30m → 30m.
    const r = only(run(programmeOf([policyJson({}, { deductible: '1000000', occurrence_limit: '30000000' })]), [hack('5')]));
    expect([r.recovery_minor, r.limited_by]).toEqual([30n * M, 'occurrence_limit']);
    expect(r.reason?.code).toBe('insurance.reason.limited.occurrence_limit');
  });

  it('4. co-insurance: the insured keeps 10% of the loss above the deductible', () => {
    // 5 BTC = 50m; above the 10m deductible 40m; insurer 90% = 36m; insured 4m.
    const r = only(run(programmeOf([policyJson({}, { deductible: '10000000', coinsurance: '0.1' })]), [hack('5')]));
    expect([r.deductible_minor, r.coinsurance_minor, r.recovery_minor]).toEqual([10n * M, 4n * M, 36n * M]);
  });

  it('5. the limit applies to the insurer’s part after co-insurance', () => {
    // 10 BTC = 100m; no deductible; insurer 80% = 80m; limit 50m → 50m.
    const r = only(run(programmeOf([policyJson({}, { coinsurance: '0.2', occurrence_limit: '50000000' })]), [hack('10')]));
    expect([r.coinsurance_minor, r.recovery_minor]).toEqual([20n * M, 50n * M]);
  });

  it('6. rounding: values and shares round down to whole yen, once each', () => {
    // 0.00000333 BTC × ¥10,000,000 = ¥33.3 → ¥33 (floor). 90% of 33 = 29.7 → ¥29; insured keeps ¥4.
    const r = only(run(programmeOf([policyJson({}, { coinsurance: '0.1' })]), [hack('0.00000333')]));
    expect([r.covered_loss_minor, r.recovery_minor, r.coinsurance_minor]).toEqual([33n, 29n, 4n]);
  });

  it('7. a limit of ¥9,999,999,999 is exact (and so is one far beyond 2^53)', () => {
    // 1000 BTC = ¥10,000,000,000 → capped at ¥9,999,999,999, not 1e10 or 9.999999999e9 ± float noise.
    const r = only(run(programmeOf([policyJson({}, { occurrence_limit: '9999999999' })]), [hack('1000')]));
    expect(r.recovery_minor).toBe(9_999_999_999n);
    // 999.99999999 BTC × ¥10,000,000 = ¥9,999,999,999.9 → ¥9,999,999,999; limit 10^20 does not bind.
    const big = only(run(programmeOf([policyJson({}, { occurrence_limit: '100000000000000000000' })]), [hack('999.99999999')]));
    expect(big.recovery_minor).toBe(9_999_999_999n);
  });
});

describe('annual aggregate and reinstatements', () => {
  it('8. the aggregate runs out over three events', () => {
    // aggregate 100m, occurrence 60m: 50 → 50 (left 50), 50 → 50 (left 0), 50 → 0.
    const result = run(programmeOf([policyJson({}, { occurrence_limit: '60000000', aggregate_limit: '100000000' })]), [hack('5'), hack('5'), hack('5')]);
    expect(recoveries(result)).toEqual([50n * M, 50n * M, 0n]);
    expect(result.events[2]!.policies[0]!.reason?.code).toBe('insurance.reason.limited.aggregate_limit');
    expect(result.policies[0]!.aggregate_remaining_minor).toBe(0n);
  });

  it('9. occurrence limit first, then the aggregate remaining', () => {
    // aggregate 100m, occurrence 60m: 70 → 60 (left 40), 70 → 40 (left 0).
    const result = run(programmeOf([policyJson({}, { occurrence_limit: '60000000', aggregate_limit: '100000000' })]), [hack('7'), hack('7')]);
    expect(recoveries(result)).toEqual([60n * M, 40n * M]);
    expect(result.events.map((e) => e.policies[0]!.limited_by)).toEqual(['occurrence_limit', 'aggregate_limit']);
  });

  it('10. one reinstatement at 100%, pro rata as to amount', () => {
    // aggregate 100m, 1 reinstatement at 100% of a ¥10m premium.
    // e1 80m: pays 80, reinstates 80 → available 100; premium 10m × 80/100 = 8m.
    // e2 150m: pays 100 (available), reinstates the last 20 → available 20; premium 10m × 100/100 − 8m = 2m.
    // e3 50m: pays 20; nothing left to reinstate. Year: 200m = 100m × (1 + 1), premium 10m.
    const programme = programmeOf([policyJson({}, { aggregate_limit: '100000000', reinstatements: { count: 1, premium_rate: '1' }, premium: '10000000' })]);
    const result = run(programme, [hack('8'), hack('15'), hack('5')]);
    expect(recoveries(result)).toEqual([80n * M, 100n * M, 20n * M]);
    expect(result.events.map((e) => e.policies[0]!.reinstatement_premium_minor)).toEqual([8n * M, 2n * M, 0n]);
    expect(result.events.map((e) => e.policies[0]!.aggregate_remaining_minor)).toEqual([100n * M, 20n * M, 0n]);
    expect(result.policies[0]!.reinstatement_premium_minor).toBe(10n * M);
  });

  it('11. two reinstatements at 100% then 150%', () => {
    // aggregate 100m, rates [1, 1.5], premium 10m; four losses of 100m:
    // e1 pays 100, reinstates band 1 → 10m; e2 pays 100, reinstates band 2 → 15m; e3 pays 100; e4 pays 0.
    const programme = programmeOf([policyJson({}, { aggregate_limit: '100000000', reinstatements: { count: 2, premium_rate: ['1', '1.5'] }, premium: '10000000' })]);
    const result = run(programme, [hack('10'), hack('10'), hack('10'), hack('10')]);
    expect(recoveries(result)).toEqual([100n * M, 100n * M, 100n * M, 0n]);
    expect(result.events.map((e) => e.policies[0]!.reinstatement_premium_minor)).toEqual([10n * M, 15n * M, 0n, 0n]);
  });

  it('12. reinstatement premiums round on the cumulative amount, so they sum exactly', () => {
    // aggregate 300m, 1 reinstatement at 100% of ¥1,000,000; three losses of 100m, each reinstated.
    // cumulative premiums: floor(1m × 100/300) = 333,333; floor(1m × 200/300) = 666,666; 1,000,000.
    // per event: 333,333, 333,333, 333,334 → Σ = 1,000,000 (not 999,999).
    const programme = programmeOf([policyJson({}, { aggregate_limit: '300000000', reinstatements: { count: 1, premium_rate: '1' }, premium: '1000000' })]);
    const result = run(programme, [hack('10'), hack('10'), hack('10')]);
    expect(result.events.map((e) => e.policies[0]!.reinstatement_premium_minor)).toEqual([333_333n, 333_333n, 333_334n]);
    expect(result.reinstatement_premium_minor).toBe(1_000_000n);
  });
});

describe('sublimits', () => {
  it('13. a peril sublimit per occurrence caps the payment', () => {
    // social engineering sublimit 20m per occurrence; 5 BTC = 50m → 20m.
    const programme = programmeOf([
      policyJson({ perils: ['social_engineering'] }, { sublimits: { perils: { social_engineering: { occurrence: '20000000', aggregate: 'unlimited' } } } }),
    ]);
    const r = only(run(programme, [hack('5', 'hot-btc', { peril: 'social_engineering' })]));
    expect([r.recovery_minor, r.limited_by]).toEqual([20n * M, 'peril_sublimit_occurrence']);
  });

  it('14. a peril sublimit in the aggregate', () => {
    // insider theft: 30m a year; two losses of 20m → 20m, then 10m.
    const programme = programmeOf([policyJson({ perils: ['insider_theft'] }, { sublimits: { perils: { insider_theft: { occurrence: 'unlimited', aggregate: '30000000' } } } })]);
    const result = run(programme, [hack('2', 'hot-btc', { peril: 'insider_theft' }), hack('2', 'cold-btc', { peril: 'insider_theft' })]);
    expect(recoveries(result)).toEqual([20n * M, 10n * M]);
  });

  it('15. an asset sublimit caps the loss counted for that asset, before the deductible', () => {
    // ETH sublimit 10m per occurrence. 100 ETH = 50m → counted 10m; 1 BTC = 10m counted in full.
    // counted 20m − 5m deductible = 15m, allocated pro rata to the counted 10m/10m: 7.5m each.
    const programme = programmeOf([policyJson({}, { deductible: '5000000', sublimits: { assets: { ETH: { occurrence: '10000000', aggregate: 'unlimited' } } } })]);
    const r = only(run(programme, [{ losses: [['hot-eth', '100'], ['hot-btc', '1']] }]));
    expect([r.covered_loss_minor, r.counted_loss_minor, r.recovery_minor]).toEqual([60n * M, 20n * M, 15n * M]);
    expect(r.allocation.by_asset).toEqual([{ asset: 'ETH', amount_minor: 7_500_000n }, { asset: 'BTC', amount_minor: 7_500_000n }]);
    expect(r.reason?.code).toBe('insurance.reason.asset_sublimits');
  });

  it('16. an asset sublimit in the aggregate erodes with what was paid for that asset', () => {
    // BTC: 15m a year, deductible 2m; losses of 10m each.
    // e1: counted 10m, pays 8m (BTC paid 8m). e2: counted min(10, 15 − 8) = 7m, pays 5m (BTC paid 13m).
    // e3: counted min(10, 2) = 2m ≤ the deductible → 0.
    const programme = programmeOf([policyJson({}, { deductible: '2000000', sublimits: { assets: { BTC: { occurrence: 'unlimited', aggregate: '15000000' } } } })]);
    const result = run(programme, [hack('1'), hack('1'), hack('1')]);
    expect(recoveries(result)).toEqual([8n * M, 5n * M, 0n]);
    expect(result.events.map((e) => e.policies[0]!.counted_loss_minor)).toEqual([10n * M, 7n * M, 2n * M]);
    expect(result.events[2]!.policies[0]!.reason?.code).toBe('insurance.reason.below_deductible');
    // Without a deductible the sublimit runs out: 10m, 5m, then nothing counted.
    const plain = run(programmeOf([policyJson({}, { sublimits: { assets: { BTC: { occurrence: 'unlimited', aggregate: '15000000' } } } })]), [hack('1'), hack('1'), hack('1')]);
    expect(recoveries(plain)).toEqual([10n * M, 5n * M, 0n]);
    expect(plain.events[2]!.policies[0]!.reason?.code).toBe('insurance.reason.asset_sublimit_exhausted');
  });
});

describe('a known limit of monotonicity', () => {
  it('41. with an annual asset sublimit, a larger early loss can lower the year’s total', () => {
    // Occurrence limit 100m; ETH sublimit 60m a year (eroded by what is paid for ETH).
    // (a) e1: 20 ETH (10m) + 100 BTC (1,000m) → 100m, split 10 : 1000 → ETH 990,099, BTC 99,009,901.
    //     e2: 200 ETH (100m) → counted min(100m, 60m − 990,099) = 59,009,901. Year 159,009,901.
    // (b) e1 with 2,000 ETH (1,000m): ETH counted 60m → split 60 : 1000 → ETH 5,660,377.
    //     e2 → 60m − 5,660,377 = 54,339,623. Year 154,339,623: lower, though every loss is ≥ (a)'s.
    // Each event is monotone on its own; the year is not, because a shared cap (the occurrence
    // limit) is split pro rata and the split erodes the sublimit. engine.test.ts tests the year's
    // monotonicity only for programmes without annual asset sublimits or per-customer limits.
    const programme = programmeOf([policyJson({}, { occurrence_limit: '100000000', sublimits: { assets: { ETH: { occurrence: 'unlimited', aggregate: '60000000' } } } })]);
    const year = (eth: string) => run(programme, [{ losses: [['hot-eth', eth], ['hot-btc', '100']] }, { at: '2026-05-02T00:00:00+09:00', losses: [['hot-eth', '200']] }]);
    expect(year('20').events[0]!.policies[0]!.allocation.by_asset).toEqual([{ asset: 'ETH', amount_minor: 990_099n }, { asset: 'BTC', amount_minor: 99_009_901n }]);
    expect([year('20').recovery_minor, year('2000').recovery_minor]).toEqual([159_009_901n, 154_339_623n]);
  });
});

describe('perils, scope and exclusions', () => {
  it('17. the account-takeover-only policy (¥1m per customer) pays ¥0 for an external hack of a hot wallet', () => {
    // Coincheck, 2018: the cover insured customer account takeovers only.
    const programme = programmeOf([policyJson({ id: 'ato', perils: ['account_takeover'] }, { per_customer: { annual_limit: '1000000' } })]);
    const r = only(run(programme, [hack('52.3')]), 'ato');
    expect(r.recovery_minor).toBe(0n);
    expect(r.reason).toEqual({ code: 'insurance.reason.peril_not_covered', params: { peril: 'external_hack', covered: 'account_takeover' } });
  });

  it('18. an excluded peril pays nothing', () => {
    const programme = programmeOf([policyJson({ exclusions: ['insider_theft'] })]);
    const r = only(run(programme, [hack('1', 'hot-btc', { peril: 'insider_theft' })]));
    expect([r.recovery_minor, r.reason?.code]).toEqual([0n, 'insurance.reason.peril_excluded']);
  });

  it('19. an excluded condition pays nothing', () => {
    const programme = programmeOf([policyJson({ exclusions: ['procedures_not_followed'] })]);
    const r = only(run(programme, [hack('1', 'hot-btc', { conditions: ['procedures_not_followed'] })]));
    expect(r.reason).toEqual({ code: 'insurance.reason.condition_excluded', params: { condition: 'procedures_not_followed' } });
  });

  it('20. external hacks of cold wallets are not covered when the tiers are hot and warm', () => {
    const r = only(run(programmeOf([policyJson()]), [hack('1', 'cold-btc')]));
    expect([r.recovery_minor, r.reason?.code]).toEqual([0n, 'insurance.reason.tier_not_covered']);
  });

  it('21. wallet scope by id: only the named wallet’s loss counts', () => {
    // hot-btc 1 BTC (10m) in scope, hot-btc-2 2 BTC (20m) not: covered 10m.
    const programme = programmeOf([policyJson({ wallets: { ids: ['hot-btc'] } })]);
    const r = only(run(programme, [{ losses: [['hot-btc', '1'], ['hot-btc-2', '2']] }]));
    expect([r.covered_loss_minor, r.recovery_minor]).toEqual([10n * M, 10n * M]);
    expect(run(programme, [hack('1', 'hot-btc-2')]).events[0]!.policies[0]!.reason?.code).toBe('insurance.reason.wallet_not_covered');
  });

  it('22. asset scope: ETH is not covered by a BTC-only policy', () => {
    const r = only(run(programmeOf([policyJson({ assets: ['BTC'] })]), [{ losses: [['hot-eth', '10']] }]));
    expect([r.recovery_minor, r.reason]).toEqual([0n, { code: 'insurance.reason.asset_not_covered', params: { asset: 'ETH' } }]);
  });
});

describe('valuation and the policy period', () => {
  it('23. a loss outside the policy period pays nothing; the end date covers its whole day', () => {
    const programme = programmeOf([policyJson()]);
    const result = run(programme, [hack('1', 'hot-btc', { at: '2027-03-31T23:59:59+09:00' }), hack('1', 'hot-btc', { at: '2027-04-01T00:00:00+09:00' }), hack('1', 'hot-btc', { at: '2026-03-31T23:59:59+09:00' })]);
    // Events are processed in time order: 2026-03-31 (before), 2027-03-31 (in), 2027-04-01 (after).
    expect(result.events.map((e) => [e.event_id, e.policies[0]!.recovery_minor])).toEqual([
      ['e3', 0n],
      ['e1', 12n * M],
      ['e2', 0n],
    ]);
    expect(result.events[0]!.policies[0]!.reason?.code).toBe('insurance.reason.outside_period');
  });

  it('24. losses-discovered cover: occurred before the period, discovered within it', () => {
    const programme = programmeOf([policyJson({ trigger: 'losses_discovered' })]);
    const r = only(run(programme, [hack('1', 'hot-btc', { at: '2026-03-20T00:00:00+09:00', detected: '2026-04-02T00:00:00+09:00' })]));
    expect(r.recovery_minor).toBe(10n * M);
  });

  it('25. market value at the time of loss', () => {
    // BTC is ¥12,000,000 from 2026-07-01: 1 BTC lost on 2026-08-01 → 12m.
    const r = only(run(programmeOf([policyJson()]), [hack('1', 'hot-btc', { at: '2026-08-01T00:00:00+09:00' })]));
    expect(r.covered_loss_minor).toBe(12n * M);
  });

  it('26. stated valuation: the policy’s agreed price, whatever the market', () => {
    // 1 BTC at the stated ¥8,000,000 → covered 8m, while the gross loss is 10m at market.
    const programme = programmeOf([policyJson({}, { valuation: { basis: 'stated', prices: { BTC: '8000000', ETH: '400000' } } })]);
    const result = run(programme, [hack('1')]);
    expect([result.events[0]!.gross_loss_minor, only(result).covered_loss_minor]).toEqual([10n * M, 8n * M]);
  });
});

describe('per-customer limits (account takeover)', () => {
  const ato = () =>
    programmeOf([
      policyJson(
        { id: 'ato', perils: ['account_takeover'] },
        { per_customer: { annual_limit: '100000', tiers: [{ holding_over: '1000000', annual_limit: '5000000' }] } },
      ),
    ]);

  it('27. ¥5m for a customer holding more than ¥1m, else ¥100k', () => {
    // A holds ¥6m and lost 0.6 BTC (6m) → capped 5m; B holds ¥500k and lost 0.04 BTC (400k) → 100k.
    // Recovery 5.1m, allocated 5m to A and 100k to B.
    const result = run(ato(), [
      { peril: 'account_takeover', losses: [['hot-btc', '0.64']], by_customer: [[['A', '0.6'], ['B', '0.04']]], holdings: { A: '6000000', B: '500000' } },
    ]);
    const r = only(result, 'ato');
    expect([r.covered_loss_minor, r.counted_loss_minor, r.recovery_minor]).toEqual([6_400_000n, 5_100_000n, 5_100_000n]);
    expect(r.allocation.by_customer).toEqual([
      { account_id: 'A', amount_minor: 5_000_000n },
      { account_id: 'B', amount_minor: 100_000n },
    ]);
  });

  it('28. the per-customer limit is annual: a second takeover of A within the year pays nothing', () => {
    const event = (id: string): EventInput => ({ id, peril: 'account_takeover', losses: [['hot-btc', '0.6']], by_customer: [[['A', '0.6']]], holdings: { A: '6000000' } });
    const result = run(ato(), [event('first'), event('second')]);
    expect(recoveries(result, 'ato')).toEqual([5n * M, 0n]);
    expect(result.events[1]!.policies[0]!.reason?.code).toBe('insurance.reason.customer_limits_exhausted');
  });

  it('29. without the affected customers, a per-customer policy cannot pay, and says so', () => {
    const r = only(run(ato(), [hack('0.1', 'hot-btc', { peril: 'account_takeover' })]), 'ato');
    expect([r.recovery_minor, r.reason?.code]).toEqual([0n, 'insurance.reason.customers_unknown']);
  });
});

describe('reinsurance', () => {
  const crime = (terms: Record<string, unknown> = {}) => policyJson({ id: 'crime' }, terms);

  it('30. excess of loss: ¥200m xs ¥100m on a ¥300m recovery', () => {
    // Policy pays 30 BTC = 300m. Layer: min(200, 300 − 100) = 200m to the reinsurer; insurer keeps 100m.
    const programme = programmeOf([crime()], [{ id: 'xol', reinsurer: 'Re A', kind: 'excess_of_loss', covers: ['crime'], share: '1', attachment: '100000000', limit: '200000000', reinstatements: { count: 0 } }]);
    const r = only(run(programme, [hack('30')]), 'crime');
    expect(r.reinsurance).toEqual([{ reinsurance_id: 'xol', reinsurer: 'Re A', amount_minor: 200n * M }]);
    expect(r.insurer_net_minor).toBe(100n * M);
  });

  it('31. excess of loss with a 50% share and one reinstatement', () => {
    // Layer 100m xs 50m, share 50%, 1 reinstatement at 100% of ¥20m.
    // e1 subject 200m: layer 100 → reinsurer 50m; reinstated 100 → premium 20m.
    // e2 subject 120m: layer 70 → 35m; nothing left to reinstate → available 30.
    // e3 subject 200m: layer min(100, 30) = 30 → 15m.
    const programme = programmeOf(
      [crime()],
      [{ id: 'xol', reinsurer: 'Re A', kind: 'excess_of_loss', covers: ['crime'], share: '0.5', attachment: '50000000', limit: '100000000', reinstatements: { count: 1, premium_rate: '1' }, premium: '20000000' }],
    );
    const result = run(programme, [hack('20'), hack('12'), hack('20')]);
    expect(result.events.map((e) => e.reinsurance[0]!.amount_minor)).toEqual([50n * M, 35n * M, 15n * M]);
    expect(result.events.map((e) => e.reinsurance[0]!.reinstatement_premium_minor)).toEqual([20n * M, 0n, 0n]);
  });

  it('32. quota share 40%, then an excess-of-loss layer on what the insurer retains', () => {
    // Recovery 250m; QS 40% = 100m; retained 150m; XoL 100m xs 100m takes 50m; insurer net 100m.
    const programme = programmeOf(
      [crime()],
      [
        { id: 'qs', reinsurer: 'Re Q', kind: 'quota_share', covers: ['crime'], share: '0.4', occurrence_limit: 'unlimited' },
        { id: 'xol', reinsurer: 'Re X', kind: 'excess_of_loss', covers: ['crime'], share: '1', attachment: '100000000', limit: '100000000', reinstatements: 'unlimited' },
      ],
    );
    const r = only(run(programme, [hack('25')]), 'crime');
    expect(r.reinsurance.map((x) => x.amount_minor)).toEqual([100n * M, 50n * M]);
    expect(r.insurer_net_minor).toBe(100n * M);
  });

  it('33. quota share with an occurrence limit', () => {
    // 50% of 100m = 50m, capped at 30m per occurrence.
    const programme = programmeOf([crime()], [{ id: 'qs', reinsurer: 'Re Q', kind: 'quota_share', covers: ['crime'], share: '0.5', occurrence_limit: '30000000' }]);
    expect(only(run(programme, [hack('10')]), 'crime').reinsurance[0]!.amount_minor).toBe(30n * M);
  });

  it('34. aggregate stop loss: ¥50m xs ¥100m of the year’s retained losses', () => {
    // Retained 60m per event: cumulative 60 (0), 120 (20), 180 (50, capped) → 0, 20m, 30m.
    const programme = programmeOf([crime()], [{ id: 'sl', reinsurer: 'Re S', kind: 'aggregate_stop_loss', covers: ['crime'], share: '1', attachment: '100000000', limit: '50000000' }]);
    const result = run(programme, [hack('6'), hack('6'), hack('6')]);
    expect(result.events.map((e) => e.reinsurance[0]!.amount_minor)).toEqual([0n, 20n * M, 30n * M]);
    expect(result.reinsurance[0]!.aggregate_remaining_minor).toBe(0n);
  });

  it('35. one quota share over two policies of the same insurer, split back exactly', () => {
    // p-hot covers hot wallets, p-warm warm wallets. Event: hot 1 BTC (10m), warm 2 BTC (20m).
    // QS 50% of 30m = 15m, allocated pro rata to 10m/20m: 5m and 10m.
    const programme = programmeOf(
      [
        policyJson({ id: 'p-hot', wallets: { tiers: ['hot'] } }),
        policyJson({ id: 'p-warm', wallets: { tiers: ['warm'] } }),
      ],
      [{ id: 'qs', reinsurer: 'Re Q', kind: 'quota_share', covers: ['p-hot', 'p-warm'], share: '0.5', occurrence_limit: 'unlimited' }],
    );
    const event = run(programme, [{ losses: [['hot-btc', '1'], ['warm-btc', '2']] }]).events[0]!;
    expect(event.reinsurance[0]!.amount_minor).toBe(15n * M);
    expect(event.policies.map((p) => p.reinsurance[0]!.amount_minor)).toEqual([5n * M, 10n * M]);
  });
});

describe('several policies and events in one year', () => {
  it('36. a tower: primary ¥50m xs ¥10m, excess ¥100m xs ¥60m', () => {
    // Loss 20 BTC = 200m. Primary: min(50, 200 − 10) = 50m. Excess: min(100, 200 − 60) = 100m. Total 150m.
    const programme = programmeOf([
      policyJson({ id: 'primary' }, { deductible: '10000000', occurrence_limit: '50000000' }),
      policyJson({ id: 'excess', insurer: 'Insurer B' }, { deductible: '60000000', occurrence_limit: '100000000' }),
    ]);
    const result = run(programme, [hack('20')]);
    expect(result.events[0]!.policies.map((p) => p.recovery_minor)).toEqual([50n * M, 100n * M]);
    expect(result.recovery_minor).toBe(150n * M);
  });

  it('37. overlapping policies on the same loss are an error, not a double payment', () => {
    expect(() => programmeOf([policyJson({ id: 'a' }), policyJson({ id: 'b', insurer: 'Insurer B' })])).toThrow(InputError);
  });

  it('38. a year of mixed events: perils, an exclusion, the aggregate shared across perils', () => {
    // Crime policy: external hack (hot) and insider theft; ded 1m; occurrence 40m; aggregate 60m.
    // e1 hack 2 BTC (20m): 19m (agg left 41). e2 insider 5 BTC (50m): min(49, 40) = 40m (left 1).
    // e3 social engineering: not covered → 0. e4 hack 1 BTC: min(9, 1) = 1m (left 0).
    const programme = programmeOf([
      policyJson({ perils: [{ peril: 'external_hack', tiers: ['hot'] }, 'insider_theft'] }, { deductible: '1000000', occurrence_limit: '40000000', aggregate_limit: '60000000' }),
    ]);
    const result = run(programme, [
      hack('2', 'hot-btc', { at: '2026-05-01T00:00:00+09:00' }),
      hack('5', 'cold-btc', { at: '2026-06-01T00:00:00+09:00', peril: 'insider_theft' }),
      hack('1', 'hot-btc', { at: '2026-06-15T00:00:00+09:00', peril: 'social_engineering' }),
      hack('0.8333333', 'hot-btc', { at: '2026-08-01T00:00:00+09:00' }),
    ]);
    // e4: 0.8333333 BTC × ¥12m = ¥9,999,999.6 → ¥9,999,999 covered; minus 1m = 8,999,999; capped at the 1m left.
    expect(recoveries(result)).toEqual([19n * M, 40n * M, 0n, 1n * M]);
    expect(result.policies[0]!.recovery_minor).toBe(60n * M);
  });

  it('39. a recovery split over three equal wallets conserves every yen', () => {
    // ¥10 over three equal losses: 10/3 = 3.33 each → 3, 3, 3 and the leftover yen to the first: 4, 3, 3.
    const programme = programmeOf([policyJson({}, { occurrence_limit: '10' })]);
    const r = only(run(programme, [{ losses: [['hot-btc', '1'], ['hot-btc-2', '1'], ['warm-btc', '1']] }]));
    expect(r.allocation.by_wallet.map((w) => w.amount_minor)).toEqual([4n, 3n, 3n]);
  });

  it('40. insurer net and reinsurers over the year add up', () => {
    // Two events of 30m and 80m through QS 25%: 7.5m and 20m ceded; insurer keeps 22.5m + 60m.
    const programme = programmeOf([policyJson({ id: 'crime' })], [{ id: 'qs', reinsurer: 'Re Q', kind: 'quota_share', covers: ['crime'], share: '0.25', occurrence_limit: 'unlimited' }]);
    const year = run(programme, [hack('3'), hack('8')]).policies[0]!;
    expect([year.recovery_minor, year.reinsurance[0]!.amount_minor, year.insurer_net_minor]).toEqual([110n * M, 27_500_000n, 82_500_000n]);
  });
});
