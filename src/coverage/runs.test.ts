import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { withTestStore } from '../store/testing.ts';
import { checkCoverage } from './check.ts';
import { historyTable } from './history.ts';
import { checkHistory, saveCheckRuns } from './runs.ts';
import { PRICE_TIME } from './testing.ts';

// Two snapshots a day apart; the later one has moved 1 BTC more to the hot wallet.
// 25 Nov: 4 of 100 BTC hot = 4% (pass). 26 Nov: 6 of 100 = 6% (fail). Guarantee 6 BTC cold
// (60,000,000 JPY) covers both; net assets 100,000,000 ≥ 60,000,000.
function snapshot(id: string, as_of: string, hot: string, cold: string) {
  return fixtureSnapshot({
    id,
    as_of,
    prices: [[PRICE_TIME, 'BTC', '10000000']],
    wallets: [
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: hot },
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: cold },
      { id: 'guarantee', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '6' },
    ],
    net_assets: '100000000',
    regimes: ['jp-psa-2020', 'sg-mas'],
  });
}

describe('stored check runs and history', () => {
  it('stores one run per regime, once, and lists the headline figures oldest first', async () => {
    await withTestStore(async (store) => {
      const later = snapshot('snap-b', '2026-11-26T00:00:00+09:00', '6', '94');
      const earlier = snapshot('snap-a', '2026-11-25T00:00:00+09:00', '4', '96');
      // Stored out of order: history sorts by as_of.
      for (const s of [later, earlier]) {
        const saved = await saveCheckRuns(store, s, checkCoverage(s), 'test');
        expect(saved.map((r) => [r.regime, r.created])).toEqual([
          ['jp-psa-2020', true],
          ['sg-mas', true],
        ]);
      }
      const again = await saveCheckRuns(store, earlier, checkCoverage(earlier), 'test');
      expect(again.every((r) => !r.created)).toBe(true);
      expect((await store.verifyAudit()).ok).toBe(true);

      const history = await checkHistory(store, 'jp-psa-2020');
      expect(history.map((h) => [h.snapshot, h.compliant, h.failed_checks, h.headline.map((c) => `${c.id}=${c.held}`).join(',')])).toEqual([
        ['snap-a', true, 0, 'jp-psa-2020/hot-share=0.04,jp-psa-2020/net-assets=100000000'],
        ['snap-b', false, 1, 'jp-psa-2020/hot-share=0.06,jp-psa-2020/net-assets=100000000'],
      ]);
      expect(await checkHistory(store)).toHaveLength(4);
      await expect(checkHistory(store, 'jp-psa-2019')).rejects.toBeInstanceOf(UserError);

      const table = historyTable(history, translator('ja'));
      expect(table.rows[1]).toEqual(['2026-11-26T00:00:00+09:00', 'snap-b', 'jp-psa-2020', '不適合 1 件', 'hot-share 6% (≤ 5%); net-assets 100,000,000 JPY (≥ 60,000,000 JPY、必要額のため切り上げ)']);
    });
  });

  it('refuses to store a drained report', async () => {
    const s = snapshot('snap-c', '2026-11-25T00:00:00+09:00', '4', '96');
    await withTestStore(async (store) => {
      await expect(saveCheckRuns(store, s, checkCoverage(s, { drain: ['hot'] }), 'test')).rejects.toThrow(/not stored/);
    });
  });
});
