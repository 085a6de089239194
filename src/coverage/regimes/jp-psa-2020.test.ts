import { describe, expect, it } from 'vitest';
import { fixtureSnapshot, type FixtureInput } from '../../snapshot/fixture.ts';
import { figures, findCheck, PRICE_TIME, runRegime } from '../testing.ts';

const BTC_PRICE: FixtureInput['prices'] = [[PRICE_TIME, 'BTC', '10000000']];

function btcSnapshot(hot: string, cold: string, extra: Partial<FixtureInput> = {}) {
  return fixtureSnapshot({
    prices: BTC_PRICE,
    wallets: [
      { id: 'hot-1', asset: 'BTC', tier: 'hot', amount: hot },
      { id: 'cold-1', asset: 'BTC', tier: 'cold', amount: cold },
    ],
    ...extra,
  });
}

describe('jp-psa-2020/hot-share', () => {
  it('passes at exactly 5%', () => {
    // 5 BTC hot of 5 + 95 = 100 BTC: 50,000,000 / 1,000,000,000 JPY = 0.05 exactly, the limit itself.
    const result = runRegime(btcSnapshot('5', '95'), 'jp-psa-2020');
    expect(figures(findCheck(result, 'jp-psa-2020/hot-share'))).toEqual({ status: 'pass', required: '0.05', held: '0.05', shortfall: '0' });
  });

  it('fails at 5.0001%, naming the value to move', () => {
    // 5.0001 hot of 100 BTC: share 0.050001 > 0.05, over by 0.000001.
    // Value to move: 50,001,000 − 0.05 × 1,000,000,000 = 1,000 JPY.
    const result = runRegime(btcSnapshot('5.0001', '94.9999'), 'jp-psa-2020');
    const check = findCheck(result, 'jp-psa-2020/hot-share');
    expect(figures(check)).toEqual({ status: 'fail', required: '0.05', held: '0.050001', shortfall: '0.000001' });
    expect(check.message.params.excess).toBe('1,000 JPY');
    expect(result.compliant).toBe(false);
  });

  it('fails one satoshi above 5% even when the displayed share must round', () => {
    // hot 5.00000001 of 100.00000001 BTC: 500000001 / 10000000001 = 0.0500000000950.. > 0.05.
    // Shown rounded up at 12 digits: 0.050000000095 (never rounded down onto the limit).
    const result = runRegime(btcSnapshot('5.00000001', '95'), 'jp-psa-2020');
    expect(figures(findCheck(result, 'jp-psa-2020/hot-share'))).toEqual({ status: 'fail', required: '0.05', held: '0.050000000095', shortfall: '0.000000000095' });
  });

  it('aggregates over assets by value and reports each asset as information; warm counts as not cold', () => {
    // BTC: 1 warm + 99 cold at 10,000,000 → online 10,000,000, total 1,000,000,000.
    // ETH: 20 hot + 80 cold at 500,000 → online 10,000,000, total 50,000,000.
    // Aggregate: 20,000,000 / 1,050,000,000 = 0.019047619047619.. → 0.019047619048 (rounded up) ≤ 0.05: pass.
    // ETH alone is 20% — information only, the rule is on the aggregate.
    const snapshot = fixtureSnapshot({
      assets: { BTC: 8, ETH: 18 },
      prices: [...BTC_PRICE!, [PRICE_TIME, 'ETH', '500000']],
      wallets: [
        { id: 'btc-warm', asset: 'BTC', tier: 'warm', amount: '1' },
        { id: 'btc-cold', asset: 'BTC', tier: 'cold', amount: '99' },
        { id: 'eth-hot', asset: 'ETH', tier: 'hot', amount: '20' },
        { id: 'eth-cold', asset: 'ETH', tier: 'cold', amount: '80' },
      ],
    });
    const result = runRegime(snapshot, 'jp-psa-2020');
    expect(figures(findCheck(result, 'jp-psa-2020/hot-share'))).toEqual({ status: 'pass', required: '0.05', held: '0.019047619048', shortfall: '0' });
    expect(figures(findCheck(result, 'jp-psa-2020/hot-share', 'ETH'))).toEqual({ status: 'info', required: null, held: '0.2', shortfall: null });
    expect(figures(findCheck(result, 'jp-psa-2020/hot-share', 'BTC'))).toEqual({ status: 'info', required: null, held: '0.01', shortfall: null });
  });

  it('leaves fiat and own or guarantee wallets out of the customer share', () => {
    // Only customer crypto counts: an own hot wallet of 50 BTC changes nothing (5 of 100 stays 5%).
    const snapshot = btcSnapshot('5', '95', {
      wallets: [
        { id: 'hot-1', asset: 'BTC', tier: 'hot', amount: '5' },
        { id: 'cold-1', asset: 'BTC', tier: 'cold', amount: '95' },
        { id: 'own-hot', asset: 'BTC', tier: 'hot', purpose: 'own', amount: '50' },
      ],
    });
    expect(findCheck(runRegime(snapshot, 'jp-psa-2020'), 'jp-psa-2020/hot-share').status).toBe('pass');
  });
});

describe('jp-psa-2020/guarantee', () => {
  it('needs cold guarantee crypto of the same asset at least equal to customer crypto outside cold', () => {
    // Customer online: 3 hot + 2 warm = 5 BTC. Guarantee cold: 4 + 1.5 = 5.5 BTC ≥ 5: pass, surplus 0.5.
    const snapshot = fixtureSnapshot({
      prices: BTC_PRICE,
      net_assets: '100000000',
      wallets: [
        { id: 'hot', asset: 'BTC', tier: 'hot', amount: '3' },
        { id: 'warm', asset: 'BTC', tier: 'warm', amount: '2' },
        { id: 'cold', asset: 'BTC', tier: 'cold', amount: '95' },
        { id: 'g1', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '4' },
        { id: 'g2', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '1.5' },
      ],
    });
    const result = runRegime(snapshot, 'jp-psa-2020');
    expect(figures(findCheck(result, 'jp-psa-2020/guarantee', 'BTC'))).toEqual({ status: 'pass', required: '5', held: '5.5', shortfall: '0' });
    const assigned = result.assignments.filter((a) => a.check_id === 'jp-psa-2020/guarantee');
    // g1 is applied in full (4 of the 5 needed), g2 only for the remaining 1 of its 1.5.
    expect(assigned.map((a) => [a.source_id, a.counted.coef, a.applied.coef])).toEqual([
      ['g1', 4n, 4n],
      ['g2', 15n, 1n],
    ]);
  });

  it('does not count a guarantee wallet in a hot tier, and reports it as a finding', () => {
    // Customer online 5 BTC; guarantee: 5 BTC but in a hot wallet → counts 0: shortfall 5.
    const snapshot = fixtureSnapshot({
      prices: BTC_PRICE,
      wallets: [
        { id: 'hot', asset: 'BTC', tier: 'hot', amount: '5' },
        { id: 'cold', asset: 'BTC', tier: 'cold', amount: '95' },
        { id: 'g-hot', asset: 'BTC', tier: 'hot', purpose: 'guarantee', amount: '5' },
      ],
    });
    const result = runRegime(snapshot, 'jp-psa-2020');
    expect(figures(findCheck(result, 'jp-psa-2020/guarantee', 'BTC'))).toEqual({ status: 'fail', required: '5', held: '0', shortfall: '5' });
    const finding = findCheck(result, 'jp-psa-2020/guarantee-tier', 'BTC');
    expect(finding.status).toBe('warn');
    expect(finding.message.params.wallet).toBe('g-hot');
    expect(result.excluded).toEqual([{ source_kind: 'guarantee_crypto', source_id: 'g-hot', reason: { code: 'coverage.source.guarantee_not_cold', params: { tier: 'hot' } } }]);
  });
});

describe('jp-psa-2020/net-assets', () => {
  it('compares net assets with the value of the counted guarantee crypto, rounded up', () => {
    // Guarantee: 1 satoshi at 10,000,000.5 JPY/BTC = 0.100000005 JPY → required 1 JPY (ceil).
    const make = (net_assets: string) =>
      fixtureSnapshot({
        prices: [[PRICE_TIME, 'BTC', '10000000.5']],
        net_assets,
        wallets: [{ id: 'g', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '0.00000001' }],
      });
    expect(figures(findCheck(runRegime(make('0'), 'jp-psa-2020'), 'jp-psa-2020/net-assets'))).toEqual({ status: 'fail', required: '1', held: '0', shortfall: '1' });
    expect(figures(findCheck(runRegime(make('1'), 'jp-psa-2020'), 'jp-psa-2020/net-assets'))).toEqual({ status: 'pass', required: '1', held: '1', shortfall: '0' });
  });

  it('fails with negative net assets', () => {
    const snapshot = fixtureSnapshot({ prices: BTC_PRICE, wallets: [{ id: 'c', asset: 'BTC', tier: 'cold', amount: '1' }] });
    snapshot.manifest.net_assets_minor = -5n;
    expect(figures(findCheck(runRegime(snapshot, 'jp-psa-2020'), 'jp-psa-2020/net-assets'))).toEqual({ status: 'fail', required: '0', held: '-5', shortfall: '5' });
  });
});

describe('jp-psa-2020/segregation', () => {
  it('needs customer wallets to hold at least the customer balances, per asset', () => {
    // Balances 60 + 40.00000001 = 100.00000001 BTC; customer wallets 5 + 95 = 100 BTC: short 1 satoshi.
    const snapshot = btcSnapshot('5', '95', {
      balances: [
        ['alice', 'BTC', '60'],
        ['bob', 'BTC', '40.00000001'],
      ],
    });
    const result = runRegime(snapshot, 'jp-psa-2020');
    expect(figures(findCheck(result, 'jp-psa-2020/segregation', 'BTC'))).toEqual({
      status: 'fail',
      required: '100.00000001',
      held: '100',
      shortfall: '0.00000001',
    });
  });
});
