import { describe, expect, it } from 'vitest';
import { historyTable } from '../coverage/history.ts';
import { PRICE_TIME } from '../coverage/testing.ts';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { withTestStore } from '../store/testing.ts';
import { checkAndStore } from './check.ts';
import { checkHistory } from './history.ts';

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

describe('the check use case: stored runs and history', () => {
  it('stores one run per regime, once, and lists the headline figures oldest first', async () => {
    await withTestStore(async (store) => {
      const later = snapshot('snap-b', '2026-11-26T00:00:00+09:00', '6', '94');
      const earlier = snapshot('snap-a', '2026-11-25T00:00:00+09:00', '4', '96');
      // Stored out of order: history sorts by as_of.
      for (const s of [later, earlier]) {
        const { runs } = await checkAndStore({ store }, s);
        expect(runs.map((r) => [r.regime, r.created])).toEqual([
          ['jp-psa-2020', true],
          ['sg-mas', true],
        ]);
      }
      const again = await checkAndStore({ store }, earlier);
      expect(again.runs.every((r) => !r.created)).toBe(true);
      expect(again.runs.every((r) => /^check-[0-9a-f]{24}$/.test(r.run_id))).toBe(true);
      expect((await store.verifyAudit()).ok).toBe(true);

      const { history } = await checkHistory({ store }, { regime: 'jp-psa-2020' });
      expect(history.map((h) => [h.snapshot, h.compliant, h.failed_checks, h.headline.map((c) => `${c.id}=${c.held}`).join(',')])).toEqual([
        ['snap-a', true, 0, 'jp-psa-2020/hot-share=0.04,jp-psa-2020/net-assets=100000000'],
        ['snap-b', false, 1, 'jp-psa-2020/hot-share=0.06,jp-psa-2020/net-assets=100000000'],
      ]);
      expect((await checkHistory({ store })).history).toHaveLength(4);
      await expect(checkHistory({ store }, { regime: 'jp-psa-2019' })).rejects.toBeInstanceOf(UserError);

      const table = historyTable(history, translator('ja'));
      expect(table.rows[1]).toEqual(['2026年11月26日 00:00', 'Fixture Exchange', 'snap-b', 'jp-psa-2020', '不適合 1 件', 'hot-share 6%（≤ 5%）、net-assets 100,000,000円（≥ 60,000,000円、必要額のため切り上げ）']);
    });
  });

  it('does not store a what-if (a drained wallet)', async () => {
    const s = snapshot('snap-c', '2026-11-25T00:00:00+09:00', '4', '96');
    await withTestStore(async (store) => {
      const what_if = await checkAndStore({ store }, s, { drain: ['hot'] });
      expect([what_if.runs, what_if.report.drained]).toEqual([[], ['hot']]);
      expect(await store.listRuns({ kind: 'check' })).toEqual([]);
    });
  });

  it('shows the latest run of a snapshot and regime once, however often it was stored', async () => {
    const s = snapshot('snap-d', '2026-11-25T00:00:00+09:00', '4', '96');
    await withTestStore(async (store) => {
      // A run stored under an earlier id scheme, then the same check under the current one.
      const { runs } = await checkAndStore({ store }, s, { regimes: ['jp-psa-2020'] });
      const current = await store.getRun(runs[0]!.run_id);
      await store.saveRun({ ...current!, id: 'check-jp-psa-2020-000000000000000000000000', inputs_sha256: '0'.repeat(64), result: { ...(current!.result as object), failed_checks: 99 } });
      const { history } = await checkHistory({ store });
      expect(history.map((h) => [h.snapshot, h.regime, h.failed_checks])).toEqual([['snap-d', 'jp-psa-2020', 99]]);
    });
  });
});
