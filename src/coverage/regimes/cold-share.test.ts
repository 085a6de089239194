import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../snapshot/fixture.ts';
import { figures, findCheck, PRICE_TIME, runRegime } from '../testing.ts';

// BTC at 10,000,000 JPY, ETH at 500,000 JPY.
// BTC: 10 hot, 90 cold (90% cold, exactly the limit). ETH: 11 warm, 89 cold (89%).
// By value: cold 900,000,000 + 44,500,000 = 944,500,000 of 1,050,000,000 = 0.89952380952380.. → shown 0.899523809523 (floor).
const snapshot = fixtureSnapshot({
  assets: { BTC: 8, ETH: 18 },
  prices: [
    [PRICE_TIME, 'BTC', '10000000'],
    [PRICE_TIME, 'ETH', '500000'],
  ],
  wallets: [
    { id: 'btc-hot', asset: 'BTC', tier: 'hot', amount: '10' },
    { id: 'btc-cold', asset: 'BTC', tier: 'cold', amount: '90' },
    { id: 'eth-warm', asset: 'ETH', tier: 'warm', amount: '11' },
    { id: 'eth-cold', asset: 'ETH', tier: 'cold', amount: '89' },
  ],
});

describe('sg-mas/cold-share', () => {
  it('judges the aggregate by value, rounding the shown share down', () => {
    expect(figures(findCheck(runRegime(snapshot, 'sg-mas'), 'sg-mas/cold-share'))).toEqual({
      status: 'fail',
      required: '0.9',
      held: '0.899523809523',
      shortfall: '0.000476190477',
    });
  });
});

describe('bh-cbb/cold-share', () => {
  it('judges each asset by quantity: 90% passes, 89% fails', () => {
    const result = runRegime(snapshot, 'bh-cbb');
    expect(figures(findCheck(result, 'bh-cbb/cold-share', 'BTC'))).toEqual({ status: 'pass', required: '0.9', held: '0.9', shortfall: '0' });
    expect(figures(findCheck(result, 'bh-cbb/cold-share', 'ETH'))).toEqual({ status: 'fail', required: '0.9', held: '0.89', shortfall: '0.01' });
    expect(result.compliant).toBe(false);
  });

  it('passes vacuously for an asset that only has customer balances', () => {
    const only_balances = fixtureSnapshot({ balances: [['alice', 'BTC', '1']] });
    expect(figures(findCheck(runRegime(only_balances, 'bh-cbb'), 'bh-cbb/cold-share', 'BTC'))).toEqual({ status: 'pass', required: '0.9', held: '1', shortfall: '0' });
  });
});
