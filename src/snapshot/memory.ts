// Balances held in memory: for tests, fixtures and small snapshots. Large snapshots stream from
// the file (read/balances.ts) or the store.

import type { BalanceBatch, BalanceImportBatch, BalanceScanOptions, BalanceSource, BalanceTotal, AssetSpec } from './types.ts';

export interface BalanceRowInput {
  account_id: string;
  asset: string;
  amount_minor: bigint;
}

export const BALANCE_BATCH_ROWS_DEFAULT = 65_536;

export function memoryBalances(rows: readonly BalanceRowInput[]): BalanceSource {
  return {
    async *scan(options: BalanceScanOptions = {}): AsyncIterable<BalanceBatch> {
      const batch_rows = options.batch_rows ?? BALANCE_BATCH_ROWS_DEFAULT;
      const wanted = options.assets === undefined ? null : new Set(options.assets);
      let batch = emptyBatch();
      for (const row of rows) {
        if (wanted !== null && !wanted.has(row.asset)) continue;
        batch.account_id.push(row.account_id);
        batch.asset.push(row.asset);
        batch.amount_minor.push(row.amount_minor);
        batch.length += 1;
        if (batch.length >= batch_rows) {
          yield batch;
          batch = emptyBatch();
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

export function emptyBatch(): BalanceBatch {
  return { length: 0, account_id: [], asset: [], amount_minor: [] };
}

/** Per-asset sums in the order of `assets`, every asset present (zero when it has no rows). */
export function balanceTotals(assets: readonly AssetSpec[], rows: readonly BalanceRowInput[]): BalanceTotal[] {
  const totals = new Map(assets.map((a) => [a.symbol, { asset: a.symbol, total_minor: 0n, accounts: 0 }]));
  for (const row of rows) {
    const total = totals.get(row.asset);
    if (total === undefined) throw new Error(`balance of unknown asset ${row.asset}`);
    total.total_minor += row.amount_minor;
    total.accounts += 1;
  }
  return [...totals.values()];
}

/** An in-memory batch as the snapshot reader would hand it to the store: consecutive lines from `first_line`. */
export function importBatchOf(batch: BalanceBatch, first_line: number): BalanceImportBatch {
  return {
    length: batch.length,
    line: batch.account_id.map((_, i) => first_line + i),
    account_id: batch.account_id,
    asset: batch.asset,
    amount_minor_digits: batch.amount_minor.map((minor) => minor.toString()),
  };
}

