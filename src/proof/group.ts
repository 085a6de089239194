// The customers grouped from the balance rows by several threads (customers.ts does it in one):
// this thread reads the source's packed batches and hands them out in turn to group-worker.ts
// threads, each grouping its batch's rows by customer apart from the others' (groupBatch); this
// thread takes the grouped batches back in the source's order and appends them (CustomerGroups
// .append), which merges a customer whose rows run on from one batch into the next, or, once ids
// come out of order, any customer seen before. The customers, their numbers and their balances
// are then the same as groupCustomers gives; the tests hold the two to the same tree.
//
// The first rows are grouped here, as groupCustomers does: starting threads would cost more than
// they save on a small snapshot. Memory beyond the customers: at most 2 batches per thread on
// their way, and in each thread a batch's worth of grouped balances.

import { UserError } from '../errors.ts';
import { BalancePacker, packedTransferables, type PackedBalances } from '../snapshot/packed-balances.ts';
import type { BalanceSource } from '../snapshot/types.ts';
import { workerMap, type WorkerMap } from '../threads/channel.ts';
import { CustomerGroups, customersOfRows, storeAmount, type GroupedBatch, type SharedCustomers } from './customers.ts';
import { ACCOUNT_ID_BYTES_MAX, AMOUNT_BYTES, type ProofAsset } from './format.ts';

/** Rows grouped in this thread before threads are started. */
export const GROUP_SERIAL_ROWS = 1 << 20;
/** Batches handed to a thread and not yet taken back. */
const AHEAD_PER_THREAD = 2;

export interface GroupRequest {
  packed: PackedBalances;
  /** The asset (the tree's order) of each of the packed batch's symbols. */
  asset_of_symbol: Uint16Array;
}

export interface GroupScratch {
  words: Int32Array;
  set: Uint8Array;
  row_customers: Int32Array;
}

/** Groups one batch's rows by customer; `scratch` is reused from batch to batch, and grown (the new one returned). */
export function groupBatch(request: GroupRequest, asset_count: number, scratch: GroupScratch): { batch: GroupedBatch; scratch: GroupScratch } {
  const { packed, asset_of_symbol } = request;
  const { ids, asset, amount_low, amount_high } = packed;
  const words = (AMOUNT_BYTES * asset_count) >>> 2;
  // A batch holds at most one customer per row.
  if (scratch.row_customers.length < packed.length) scratch = { words: new Int32Array(packed.length * words), set: new Uint8Array(packed.length * asset_count), row_customers: new Int32Array(packed.length) };
  const out = scratch.words;
  const set = scratch.set;
  const low = new Uint32Array(amount_low.buffer, amount_low.byteOffset, amount_low.length * 2);
  const high = amount_high === null ? null : new Uint32Array(amount_high.buffer, amount_high.byteOffset, amount_high.length * 2);
  const customer_ids: string[] = [];
  let sorted = true;
  let index: Map<string, number> | null = null;
  const customerOf = (account_id: string): number => {
    const previous = customer_ids.length === 0 ? null : customer_ids[customer_ids.length - 1]!;
    if (index === null && (previous === null || account_id > previous)) return customer_ids.push(account_id) - 1;
    if (index === null) {
      sorted = false;
      index = new Map(customer_ids.map((id, c) => [id, c]));
    }
    let j = index.get(account_id);
    if (j === undefined) {
      j = customer_ids.push(account_id) - 1;
      index.set(account_id, j);
    }
    return j;
  };
  const row_customers = scratch.row_customers;
  customersOfRows(ids, packed.length, customerOf, row_customers);
  for (let i = 0; i < packed.length; i++) {
    const j = row_customers[i]!;
    const a = asset_of_symbol[asset[i]!]!;
    storeAmount(out, j * words + ((a * AMOUNT_BYTES) >>> 2), low, high, i);
    set[j * asset_count + a] = 1;
  }
  const count = customer_ids.length;
  let id_total = 0;
  for (const id of customer_ids) {
    const bytes = Buffer.byteLength(id, 'utf8');
    // The import refuses such ids; the leaf's u16 length could not hold one.
    if (bytes > ACCOUNT_ID_BYTES_MAX) throw new RangeError(`account id of ${bytes} bytes in the proof tree`);
    id_total += 2 + bytes;
  }
  const id_bytes = Buffer.alloc(id_total);
  for (let c = 0, at = 0; c < count; c++) {
    const bytes = id_bytes.write(customer_ids[c]!, at + 2, 'utf8');
    id_bytes[at] = bytes >> 8;
    id_bytes[at + 1] = bytes & 0xff;
    at += 2 + bytes;
  }
  const batch: GroupedBatch = {
    count,
    sorted,
    first_id: customer_ids[0] ?? '',
    last_id: customer_ids[count - 1] ?? '',
    id_bytes,
    balance_words: out.slice(0, count * words),
    set: set.slice(0, count * asset_count),
  };
  out.fill(0, 0, count * words);
  set.fill(0, 0, count * asset_count);
  return { batch, scratch };
}

export function groupedTransferables(batch: GroupedBatch): ArrayBuffer[] {
  return [batch.id_bytes.buffer, batch.balance_words.buffer, batch.set.buffer] as ArrayBuffer[];
}

/** Balances are whole minor units ≥ 0 (import refuses others; the tree must never hold one). */
function assertBalance(account_id: string, symbol: string, amount: bigint): void {
  if (typeof amount !== 'bigint' || amount < 0n || amount >> 128n !== 0n) throw new UserError('proof.bad_balance', { account: account_id, asset: symbol, amount: String(amount) });
}

export interface GroupOptions {
  /** Threads grouping batches (this one reads the source and appends). */
  threads: number;
  /** Rows grouped in this thread before the threads start (default GROUP_SERIAL_ROWS). */
  serial_rows?: number;
}

/** The snapshot's customers, grouped in this thread (threads 0) or in threads after the first rows. */
export async function groupCustomers(balances: BalanceSource, assets: readonly ProofAsset[], options: GroupOptions = { threads: 0 }): Promise<SharedCustomers> {
  const customers = new CustomerGroups(assets.length);
  const asset_index = new Map(assets.map((a, i) => [a.symbol, i]));
  const packer = new BalancePacker();
  const batches: AsyncIterable<PackedBalances> =
    balances.scanPacked?.() ??
    (async function* () {
      for await (const batch of balances.scan()) {
        for (let i = 0; i < batch.length; i++) assertBalance(batch.account_id[i]!, batch.asset[i]!, batch.amount_minor[i]!);
        yield packer.pack(batch);
      }
    })();
  const serial_rows = options.threads === 0 ? Infinity : (options.serial_rows ?? GROUP_SERIAL_ROWS);
  const threads: WorkerMap<GroupRequest, GroupedBatch>[] = [];
  /** Batches handed out, and taken back: batch n goes to thread n mod threads. */
  let sent = 0;
  let taken = 0;
  const takeBack = async (): Promise<void> => customers.append(await threads[taken++ % threads.length]!.answer());
  let rows = 0;
  try {
    for await (const packed of batches) {
      const asset_of_symbol = Uint16Array.from(packed.symbols, (s) => {
        const i = asset_index.get(s);
        if (i === undefined) throw new UserError('proof.unknown_asset', { asset: s });
        return i;
      });
      if (rows < serial_rows) {
        rows += packed.length;
        customers.groupPacked(packed, asset_of_symbol);
        continue;
      }
      if (threads.length === 0) for (let t = 0; t < options.threads; t++) threads.push(workerMap(new URL('./group-worker.ts', import.meta.url), { label: 'proof grouping thread', data: { asset_count: assets.length } }));
      if (sent - taken === AHEAD_PER_THREAD * threads.length) await takeBack();
      threads[sent++ % threads.length]!.send({ packed, asset_of_symbol }, [...packedTransferables(packed), asset_of_symbol.buffer]);
    }
    while (taken < sent) await takeBack();
  } finally {
    await Promise.all(threads.map((t) => t.close()));
  }
  return customers.shared();
}
