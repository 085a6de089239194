// The balances of the assets a compensation touches, scanned once from the snapshot and replayed
// for the later passes, up to a bound on rows: re-parsing balances.csv is most of a pass's cost.
// Beyond the bound the cache is dropped and every pass streams from the source again, so memory
// stays bounded whatever the number of customers.
//
// Kept rows are packed: a batch's account ids as one string, assets as indices, amounts as two
// 64-bit halves. No per-row object survives a pass, so garbage collection never walks the cache.

import type { BalanceBatch, BalanceScanOptions, BalanceSource } from '../snapshot/types.ts';

/** About 30–40 bytes a row packed (account id, asset index, amount): some 1 GB at most. */
export const REPLAY_ROWS_MAX = 32_000_000;

const SEPARATOR = '\n';
const LOW_BITS = 64n;
const LOW_LIMIT = 1n << LOW_BITS;

interface PackedBatch {
  length: number;
  /** Account ids joined by SEPARATOR (ids never contain a line break). */
  ids: string;
  asset: Uint16Array;
  amount_low: BigUint64Array;
  /** Only when some amount is 2^64 or more (wei of more than 18 ETH). */
  amount_high: BigUint64Array | null;
}

export class ReplayableScan {
  private batches: PackedBatch[] | null = [];
  private readonly symbols: string[] = [];
  private readonly symbol_index = new Map<string, number>();
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
      for (const packed of this.batches!) yield this.unpack(packed);
      return;
    }
    // A scan abandoned half-way (an error) leaves complete false: the next one starts afresh.
    this.batches = this.batches === null ? null : [];
    this.rows = 0;
    for await (const batch of this.source.scan(this.options)) {
      if (this.batches !== null) {
        this.rows += batch.length;
        if (this.rows > this.rows_max) this.batches = null;
        else this.batches.push(this.pack(batch));
      }
      yield batch;
    }
    this.complete = true;
  }

  private pack(batch: BalanceBatch): PackedBatch {
    const { length } = batch;
    const asset = new Uint16Array(length);
    const amount_low = new BigUint64Array(length);
    let amount_high: BigUint64Array | null = null;
    for (let i = 0; i < length; i++) {
      const symbol = batch.asset[i]!;
      let index = this.symbol_index.get(symbol);
      if (index === undefined) {
        index = this.symbols.length;
        this.symbols.push(symbol);
        this.symbol_index.set(symbol, index);
      }
      asset[i] = index;
      const amount = batch.amount_minor[i]!;
      if (amount >= 0n && amount < LOW_LIMIT) amount_low[i] = amount;
      else {
        // Amounts are at most 10^36 minor units (AMOUNT_MINOR_MAX) < 2^128: two halves hold them.
        if (amount < 0n || amount >> (2n * LOW_BITS) !== 0n) throw new RangeError('ReplayableScan: balance outside 0..2^128');
        amount_high ??= new BigUint64Array(length);
        amount_low[i] = BigInt.asUintN(64, amount);
        amount_high[i] = amount >> LOW_BITS;
      }
    }
    return { length, ids: batch.account_id.join(SEPARATOR), asset, amount_low, amount_high };
  }

  private unpack(packed: PackedBatch): BalanceBatch {
    const { length, ids, asset, amount_low, amount_high } = packed;
    const batch: BalanceBatch = { length, account_id: new Array<string>(length), asset: new Array<string>(length), amount_minor: new Array<bigint>(length) };
    let start = 0;
    for (let i = 0; i < length; i++) {
      let end = ids.indexOf(SEPARATOR, start);
      if (end === -1) end = ids.length;
      batch.account_id[i] = ids.slice(start, end);
      start = end + 1;
      batch.asset[i] = this.symbols[asset[i]!]!;
      const high = amount_high === null ? 0n : amount_high[i]!;
      batch.amount_minor[i] = high === 0n ? amount_low[i]! : (high << LOW_BITS) | amount_low[i]!;
    }
    // Account ids hold no control characters (the snapshot reader refuses them); if one did, the
    // split would not come out even, and that is a defect to stop on, not to replay.
    if (start !== ids.length + 1) throw new Error('ReplayableScan: an account id contains a line break');
    return batch;
  }
}
