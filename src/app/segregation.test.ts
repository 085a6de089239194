// The daily segregation records: per business day and asset, from the totals each import stored
// (not balance rows), the latest snapshot of a day standing for it; the customers' yen against the
// customer trust account when exchange.json gives one, and the coverage check of it.

import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { storeSnapshot, withTestStore } from '../store/testing.ts';
import { checkAndStore } from './check.ts';
import { segregationRecords } from './segregation.ts';
import { UserError } from '../errors.ts';

function day(id: string, as_of: string, cold_eth: string, trust?: string) {
  return fixtureSnapshot({
    id,
    as_of,
    assets: { ETH: 18, JPY: 0 },
    wallets: [
      { id: 'eth-hot', asset: 'ETH', tier: 'hot', amount: '0.5' },
      { id: 'eth-cold', asset: 'ETH', tier: 'cold', amount: cold_eth },
      { id: 'eth-guarantee', asset: 'ETH', tier: 'cold', purpose: 'guarantee', amount: '0.4' },
    ],
    balances: [['A', 'ETH', '10.000000000000000001'], ['B', 'ETH', '3.5'], ['A', 'JPY', '1200000'], ['B', 'JPY', '300000']],
    prices: [['2026-11-20T00:00:00+09:00', 'ETH', '500000']],
    net_assets: '100000000',
    ...(trust === undefined ? {} : { extensions: { customer_money: { trust_balance: trust, trustee: '三菱UFJ信託銀行' } } }),
  });
}

describe('segregation records', () => {
  it('per day and asset: balances from stored totals, wallets by tier, guarantee held and required, yen against the trust', async () => {
    await withTestStore(async (store) => {
      await storeSnapshot(store, day('d1-early', '2026-11-24T09:00:00+09:00', '1', '1500000'));
      await storeSnapshot(store, day('d1', '2026-11-24T18:00:00+09:00', '13.000000000000000001', '1500000'));
      await storeSnapshot(store, day('d2', '2026-11-25T18:00:00+09:00', '13', '1499999'));
      await storeSnapshot(store, day('d3', '2026-11-26T18:00:00+09:00', '13.000000000000000001'));
      const result = await segregationRecords({ store }, { from: '2026-11-24', to: '2026-11-25' });
      expect(result.days).toBe(2);
      expect(result.superseded).toEqual(['d1-early']);
      expect(result.verdict).toBe('failed');
      const [eth1, yen1, eth2, yen2] = result.records;
      // 10.000000000000000001 + 3.5 = 13.500000000000000001, held 0.5 hot + 13.000000000000000001 cold.
      expect(eth1).toMatchObject({ kind: 'crypto', day: '2026-11-24', snapshot: 'd1', asset: 'ETH', customer_balances: '13.500000000000000001', customer_wallets: { hot: '0.5', warm: '0', cold: '13.000000000000000001', total: '13.500000000000000001' }, segregation_difference: '0', segregation_within: true });
      // Guarantee: 0.4 cold against the 0.5 outside cold.
      expect(eth1).toMatchObject({ guarantee_held_cold: '0.4', guarantee_required: '0.5', guarantee_difference: '-0.1', guarantee_within: false });
      expect(yen1).toMatchObject({ kind: 'money', asset: 'JPY', customer_balances: '1500000', trust_balance: '1500000', trustee: '三菱UFJ信託銀行', difference: '0', within: true });
      expect(eth2).toMatchObject({ day: '2026-11-25', segregation_difference: '-0.000000000000000001', segregation_within: false });
      expect(yen2).toMatchObject({ trust_balance: '1499999', difference: '-1', within: false });
      const all = await segregationRecords({ store });
      expect(all.records.at(-1)).toMatchObject({ kind: 'money', day: '2026-11-26', trust_balance: null, within: null });
    });
  });

  it('checks the customers\' yen against the trust under jp-psa-2020 when the snapshot gives it', async () => {
    await withTestStore(async (store) => {
      const short = await checkAndStore({ store }, day('s', '2026-11-25T18:00:00+09:00', '13.000000000000000001', '1499999'));
      const check = short.report.regimes[0]!.checks.find((c) => c.id === 'jp-psa-2020/customer-money')!;
      expect([check.status, check.message.params.shortfall]).toEqual(['fail', '1 JPY']);
      const none = await checkAndStore({ store }, day('n', '2026-11-26T18:00:00+09:00', '13.000000000000000001'));
      expect(none.report.regimes[0]!.checks.some((c) => c.id === 'jp-psa-2020/customer-money')).toBe(false);
    });
  });

  it('refuses a day that is not a date and a range beyond a year, by name', async () => {
    await withTestStore(async (store) => {
      await expect(segregationRecords({ store }, { from: '2026-13-01' })).rejects.toMatchObject({ code: 'reports.segregation.bad_day' });
      await expect(segregationRecords({ store }, { from: '2025-01-01', to: '2026-11-25' })).rejects.toBeInstanceOf(UserError);
      await expect(segregationRecords({ store }, { from: '2026-11-25', to: '2026-11-24' })).rejects.toMatchObject({ code: 'reports.segregation.bad_range' });
    });
  });
});
