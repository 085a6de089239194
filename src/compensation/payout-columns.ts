// Payout rows packed into a few typed arrays, to cross to the thread that writes payouts.csv:
// transferring buffers costs nothing, where cloning millions of row objects would cost more than
// writing them.

import type { PayoutRow } from './types.ts';

/** balance, loss, paid_in_kind, paid_fiat, iou, unpaid_claim, |rounding_residue|. */
export const AMOUNT_COLUMNS = 7;
const WORD_LIMIT = 1n << 64n;
/** Account ids never hold a line break (the snapshot reader refuses control characters). */
const ID_SEPARATOR = '\n';

export interface PayoutColumns {
  length: number;
  /** The rows' account ids joined by a line break. */
  ids: string;
  asset: Uint16Array;
  residue_scale: Uint8Array;
  residue_negative: Uint8Array;
  /** Row-major, AMOUNT_COLUMNS a row; an amount of 2^64 or more is 0 here and listed in `wide`. */
  amounts: BigUint64Array;
  /** [row × AMOUNT_COLUMNS + column, amount] for amounts of 2^64 or more (wei of 18+ ETH). */
  wide: Array<[number, bigint]>;
}

export class PayoutColumnsBuilder {
  private ids: string[] = [];
  private asset: Uint16Array;
  private residue_scale: Uint8Array;
  private residue_negative: Uint8Array;
  private amounts: BigUint64Array;
  private wide: Array<[number, bigint]> = [];
  private length = 0;

  constructor(readonly rows_max: number) {
    this.asset = new Uint16Array(rows_max);
    this.residue_scale = new Uint8Array(rows_max);
    this.residue_negative = new Uint8Array(rows_max);
    this.amounts = new BigUint64Array(rows_max * AMOUNT_COLUMNS);
  }

  get full(): boolean {
    return this.length === this.rows_max;
  }

  get empty(): boolean {
    return this.length === 0;
  }

  add(row: PayoutRow, asset_index: number): void {
    if (this.length === this.rows_max) throw new Error('PayoutColumnsBuilder: batch full');
    if (row.account_id.includes(ID_SEPARATOR)) throw new Error('PayoutColumnsBuilder: an account id contains a line break');
    const scale = row.rounding_residue.scale;
    if (scale > 255 || asset_index > 0xffff) throw new RangeError('PayoutColumnsBuilder: residue scale or asset index out of range');
    const r = this.length++;
    this.ids.push(row.account_id);
    this.asset[r] = asset_index;
    this.residue_scale[r] = scale;
    const residue = row.rounding_residue.coef;
    this.residue_negative[r] = residue < 0n ? 1 : 0;
    const base = r * AMOUNT_COLUMNS;
    this.put(base, row.balance_minor);
    this.put(base + 1, row.loss_minor);
    this.put(base + 2, row.paid_in_kind_minor);
    this.put(base + 3, row.paid_fiat_minor);
    this.put(base + 4, row.iou_minor);
    this.put(base + 5, row.unpaid_claim_minor);
    this.put(base + 6, residue < 0n ? -residue : residue);
  }

  /** The rows so far, as a batch whose buffers can be transferred; the builder starts afresh. */
  take(): PayoutColumns {
    const length = this.length;
    const batch: PayoutColumns = {
      length,
      ids: this.ids.join(ID_SEPARATOR),
      asset: this.asset.subarray(0, length),
      residue_scale: this.residue_scale.subarray(0, length),
      residue_negative: this.residue_negative.subarray(0, length),
      amounts: this.amounts.subarray(0, length * AMOUNT_COLUMNS),
      wide: this.wide,
    };
    this.ids = [];
    this.wide = [];
    this.length = 0;
    this.asset = new Uint16Array(this.rows_max);
    this.residue_scale = new Uint8Array(this.rows_max);
    this.residue_negative = new Uint8Array(this.rows_max);
    this.amounts = new BigUint64Array(this.rows_max * AMOUNT_COLUMNS);
    return batch;
  }

  private put(index: number, amount: bigint): void {
    if (amount < 0n) throw new RangeError('PayoutColumnsBuilder: a negative amount');
    if (amount < WORD_LIMIT) this.amounts[index] = amount;
    else this.wide.push([index, amount]);
  }
}

/** The buffers to transfer with a batch. */
export function transferables(batch: PayoutColumns): ArrayBuffer[] {
  return [batch.asset.buffer, batch.residue_scale.buffer, batch.residue_negative.buffer, batch.amounts.buffer] as ArrayBuffer[];
}

/** Visits a batch's rows in order, with their amounts as bigints again. */
export function forEachPayout(
  batch: PayoutColumns,
  visit: (account_id: string, asset: number, balance: bigint, loss: bigint, paid_in_kind: bigint, paid_fiat: bigint, iou: bigint, unpaid_claim: bigint, residue_coef: bigint, residue_scale: number) => void,
): void {
  const { length, ids, asset, residue_scale, residue_negative, amounts } = batch;
  if (length === 0) return;
  const wide = new Map(batch.wide);
  const amount = wide.size === 0 ? (i: number): bigint => amounts[i]! : (i: number): bigint => wide.get(i) ?? amounts[i]!;
  let start = 0;
  for (let r = 0; r < length; r++) {
    let end = ids.indexOf(ID_SEPARATOR, start);
    if (end === -1) end = ids.length;
    const base = r * AMOUNT_COLUMNS;
    const residue = amount(base + 6);
    visit(ids.slice(start, end), asset[r]!, amount(base), amount(base + 1), amount(base + 2), amount(base + 3), amount(base + 4), amount(base + 5), residue_negative[r] === 1 ? -residue : residue, residue_scale[r]!);
    start = end + 1;
  }
  if (start !== ids.length + 1) throw new Error('PayoutColumns: ids and rows differ in number');
}
