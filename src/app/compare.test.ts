import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../snapshot/types.ts';
import { compareSnapshotHeaders } from './compare.ts';

/** Only what the comparison reads: a header and balance totals, no balance rows. */
function snapshot(id: string, parts: { totals: Array<[string, bigint]>; wallets: Array<[string, string, bigint]>; safe: Array<[string, bigint]>; contracts: Array<[string, bigint]> }): Snapshot {
  return {
    id,
    manifest: { as_of: `${id}T00:00:00+09:00`, base_currency: 'JPY' },
    assets: new Map([
      ['JPY', { symbol: 'JPY', decimals: 0 }],
      ['BTC', { symbol: 'BTC', decimals: 8 }],
      ['ETH', { symbol: 'ETH', decimals: 18 }],
    ]),
    balance_totals: parts.totals.map(([asset, total_minor]) => ({ asset, total_minor, accounts: 1 })),
    wallets: parts.wallets.map(([id, asset, amount_minor]) => ({ id, asset, amount_minor })),
    safe_assets: parts.safe.map(([id, market_value_minor]) => ({ id, market_value_minor })),
    contracts: parts.contracts.map(([id, amount_minor]) => ({ id, amount_minor })),
  } as unknown as Snapshot;
}

describe('comparing two snapshots', () => {
  it('lists what changed by asset, wallet and cover source, exactly, and leaves out what did not', () => {
    const before = snapshot('2026-11-24', { totals: [['BTC', 5_000_000_000n], ['ETH', 10n ** 18n]], wallets: [['btc-hot-1', 'BTC', 100_000_000n], ['eth-hot-1', 'ETH', 10n ** 18n], ['gone', 'BTC', 1n]], safe: [['sa-1', 1_000n]], contracts: [['pc-1', 3_000n]] });
    const after = snapshot('2026-11-25', { totals: [['BTC', 5_000_000_001n], ['ETH', 10n ** 18n]], wallets: [['btc-hot-1', 'BTC', 90_000_000n], ['eth-hot-1', 'ETH', 10n ** 18n], ['new', 'ETH', 5n]], safe: [['sa-1', 1_000n]], contracts: [['pc-1', 2_500n], ['pc-2', 1_000n]] });
    const result = compareSnapshotHeaders(before, after);
    expect(result.balances).toEqual([{ id: 'BTC', unit: 'BTC', decimals: 8, before_minor: 5_000_000_000n, after_minor: 5_000_000_001n, delta_minor: 1n }]);
    // BTC held: 100,000,001 → 90,000,000; ETH held: 1e18 → 1e18 + 5.
    expect(result.holdings.map((c) => [c.id, c.delta_minor])).toEqual([['BTC', -10_000_001n], ['ETH', 5n]]);
    expect(result.wallets.map((c) => [c.id, c.before_minor, c.after_minor, c.delta_minor])).toEqual([
      ['btc-hot-1', 100_000_000n, 90_000_000n, -10_000_000n],
      ['gone', 1n, null, -1n],
      ['new', null, 5n, 5n],
    ]);
    expect(result.sources.map((c) => [c.kind, c.id, c.before_minor, c.after_minor, c.unit, c.decimals])).toEqual([
      ['contract', 'pc-1', 3_000n, 2_500n, 'JPY', 0],
      ['contract', 'pc-2', null, 1_000n, 'JPY', 0],
    ]);
  });

  it('finds nothing between a snapshot and itself', () => {
    const s = snapshot('2026-11-24', { totals: [['BTC', 1n]], wallets: [['w', 'BTC', 1n]], safe: [['sa', 1n]], contracts: [['c', 1n]] });
    const result = compareSnapshotHeaders(s, s);
    expect([result.balances, result.holdings, result.wallets, result.sources]).toEqual([[], [], [], []]);
  });
});
