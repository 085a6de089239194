// Balance rows packed into a few flat values: a batch's account ids as one string, assets as
// indices, amounts as two 64-bit halves. No per-row object survives, so the garbage collector
// never walks them, and the buffers can be transferred between threads for free.

import type { BalanceBatch } from './types.ts';

export interface PackedBalances {
  length: number;
  /** Account ids joined by ID_SEPARATOR (ids never contain a line break). */
  ids: string;
  /** The symbols `asset` indexes: every symbol seen so far by the packer. */
  symbols: string[];
  asset: Uint16Array;
  amount_low: BigUint64Array;
  /** Only when some amount is 2^64 or more (wei of more than 18 ETH). */
  amount_high: BigUint64Array | null;
}

const ID_SEPARATOR = '\n';
const LOW_BITS = 64n;
const LOW_LIMIT = 1n << LOW_BITS;
const SYMBOLS_MAX = 0xffff;

/** Packs batches against one growing symbol table. */
export class BalancePacker {
  private readonly symbols: string[] = [];
  private readonly symbol_index = new Map<string, number>();

  pack(batch: BalanceBatch): PackedBalances {
    const { length } = batch;
    const asset = new Uint16Array(length);
    const amount_low = new BigUint64Array(length);
    let amount_high: BigUint64Array | null = null;
    for (let i = 0; i < length; i++) {
      const symbol = batch.asset[i]!;
      let index = this.symbol_index.get(symbol);
      if (index === undefined) {
        if (this.symbols.length === SYMBOLS_MAX) throw new RangeError('BalancePacker: too many symbols');
        index = this.symbols.length;
        this.symbols.push(symbol);
        this.symbol_index.set(symbol, index);
      }
      asset[i] = index;
      const amount = batch.amount_minor[i]!;
      if (amount >= 0n && amount < LOW_LIMIT) amount_low[i] = amount;
      else {
        // Amounts are at most 10^36 minor units (AMOUNT_MINOR_MAX) < 2^128: two halves hold them.
        if (amount < 0n || amount >> (2n * LOW_BITS) !== 0n) throw new RangeError('BalancePacker: balance outside 0..2^128');
        amount_high ??= new BigUint64Array(length);
        amount_low[i] = BigInt.asUintN(64, amount);
        amount_high[i] = amount >> LOW_BITS;
      }
    }
    return { length, ids: batch.account_id.join(ID_SEPARATOR), symbols: this.symbols.slice(), asset, amount_low, amount_high };
  }
}

export function unpackBalances(packed: PackedBalances): BalanceBatch {
  const { length, ids, symbols, asset, amount_low, amount_high } = packed;
  const batch: BalanceBatch = { length, account_id: new Array<string>(length), asset: new Array<string>(length), amount_minor: new Array<bigint>(length) };
  let start = 0;
  for (let i = 0; i < length; i++) {
    let end = ids.indexOf(ID_SEPARATOR, start);
    if (end === -1) end = ids.length;
    batch.account_id[i] = ids.slice(start, end);
    start = end + 1;
    batch.asset[i] = symbols[asset[i]!]!;
    const high = amount_high === null ? 0n : amount_high[i]!;
    batch.amount_minor[i] = high === 0n ? amount_low[i]! : (high << LOW_BITS) | amount_low[i]!;
  }
  // Account ids hold no control characters (the snapshot reader refuses them); if one did, the
  // split would not come out even, and that is a defect to stop on, not to replay.
  if (length > 0 && start !== ids.length + 1) throw new Error('unpackBalances: an account id contains a line break');
  return batch;
}

/** The buffers to transfer with a packed batch. */
export function packedTransferables(packed: PackedBalances): ArrayBuffer[] {
  const buffers = [packed.asset.buffer, packed.amount_low.buffer] as ArrayBuffer[];
  if (packed.amount_high !== null) buffers.push(packed.amount_high.buffer as ArrayBuffer);
  return buffers;
}
