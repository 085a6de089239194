// The balances of the assets a compensation touches, scanned once from the snapshot and replayed
// for the later passes, up to a bound on rows: re-parsing balances.csv is most of a pass's cost.
// Beyond the bound the cache is dropped and every pass streams from the source again, so memory
// stays bounded whatever the number of customers.
//
// Kept rows are packed (snapshot/packed-balances.ts): no per-row object survives a pass, so
// garbage collection never walks the cache. A source that packs in another thread (a large
// balances.csv) hands its batches over as they are.

import { BalancePacker, unpackBalances, type PackedBalances } from '../snapshot/packed-balances.ts';
import type { BalanceBatch, BalanceScanOptions, BalanceSource } from '../snapshot/types.ts';

/** About 30–40 bytes a row packed (account id, asset index, amount): some 1 GB at most. */
export const REPLAY_ROWS_MAX = 32_000_000;

export class ReplayableScan {
  private batches: PackedBalances[] | null = [];
  private rows = 0;
  private complete = false;

  constructor(
    private readonly source: BalanceSource,
    private readonly options: BalanceScanOptions,
    private readonly rows_max: number = REPLAY_ROWS_MAX,
  ) {}

  /** True once a full scan was kept: later scans read memory, not the source. */
  get replaying(): boolean {
    return this.complete && this.batches !== null;
  }

  async *scan(): AsyncIterable<BalanceBatch> {
    if (this.replaying) {
      for (const packed of this.batches!) yield unpackBalances(packed);
      return;
    }
    // A scan abandoned half-way (an error) leaves complete false: the next one starts afresh.
    this.batches = this.batches === null ? null : [];
    this.rows = 0;
    if (this.batches === null) {
      // Nothing to keep: the source's own batches, unpacked or not.
      if (this.source.scanPacked === undefined) yield* this.source.scan(this.options);
      else for await (const packed of this.source.scanPacked(this.options)) yield unpackBalances(packed);
    } else {
      for await (const packed of this.packedFromSource()) {
        if (this.batches !== null) {
          this.rows += packed.length;
          if (this.rows > this.rows_max) this.batches = null;
          else this.batches.push(packed);
        }
        yield unpackBalances(packed);
      }
    }
    this.complete = true;
  }

  private async *packedFromSource(): AsyncIterable<PackedBalances> {
    if (this.source.scanPacked !== undefined) {
      yield* this.source.scanPacked(this.options);
      return;
    }
    const packer = new BalancePacker();
    for await (const batch of this.source.scan(this.options)) yield packer.pack(batch);
  }
}
