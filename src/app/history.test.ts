// History shows the exchange, lists every imported snapshot (checked or not) with the headline
// figures its import stored, and warns when two different snapshots claim one exchange and as_of.

import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { storeSnapshot, withTestStore } from '../store/testing.ts';
import { checkAndStore } from './check.ts';
import { checkHistory, historyJson } from './history.ts';
import { historyTable } from '../coverage/history.ts';

function snapshot(id: string, as_of: string, cold: string) {
  return fixtureSnapshot({
    id,
    as_of,
    assets: { BTC: 8 },
    wallets: [
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: '0.1' },
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: cold },
    ],
    balances: [['A', 'BTC', '1'], ['B', 'BTC', '1']],
    prices: [['2026-11-20T00:00:00+09:00', 'BTC', '15000000']],
    net_assets: '100000000',
  });
}

describe('history', () => {
  it('lists an imported snapshot before any check, with its exchange and headline figures', async () => {
    await withTestStore(async (store) => {
      const checked = snapshot('snap-a', '2026-11-24T00:00:00+09:00', '1.9');
      await storeSnapshot(store, checked);
      await checkAndStore({ store }, checked, { regimes: ['jp-psa-2020'] });
      await storeSnapshot(store, snapshot('snap-b', '2026-11-25T00:00:00+09:00', '1.9'));
      const result = await checkHistory({ store });
      expect(result.history.map((h) => h.snapshot)).toEqual(['snap-a']);
      // 2 BTC of customer balances at ¥15,000,000; customer wallets 0.1 + 1.9.
      expect(result.snapshots.map((s) => [s.snapshot, s.exchange, s.liabilities_value, s.customer_holdings_value, s.checked])).toEqual([
        ['snap-a', checked.manifest.exchange.name, '30000000', '30000000', ['jp-psa-2020']],
        ['snap-b', checked.manifest.exchange.name, '30000000', '30000000', []],
      ]);
      expect(result.warnings).toEqual([]);
      expect(historyTable(result.history, translator('en')).headers.slice(0, 3)).toEqual(['as of', 'exchange', 'snapshot']);
      expect(historyTable(result.history, translator('en')).rows[0]![1]).toBe(checked.manifest.exchange.name);
    });
  });

  it('warns when two different snapshots claim the same exchange and as_of (the same instant in another offset too)', async () => {
    await withTestStore(async (store) => {
      await storeSnapshot(store, snapshot('snap-x', '2026-11-25T00:00:00+09:00', '1.9'));
      await storeSnapshot(store, snapshot('snap-y', '2026-11-24T15:00:00Z', '1.8'));
      const result = await checkHistory({ store });
      expect(result.warnings).toEqual([{ code: 'history.same_as_of', params: { exchange: 'fixture-exchange', as_of: '2026-11-25T00:00:00+09:00', snapshots: 'snap-x, snap-y' } }]);
      expect(historyJson(result, translator('ja')).warnings[0]!.message).toContain('どちらが正しいか確認してください');
    });
  });
});
