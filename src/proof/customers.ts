// A snapshot's customers grouped from its balance rows, in shared memory so that the tree's worker
// threads read them without a copy: per customer, its account id as u16 length ‖ UTF-8 (the very
// bytes a leaf holds) and its balances as u128 big-endian per asset (the very bytes of the leaf
// and of its record). Nothing per customer is a JS object once grouping ends.
//
// balances.csv may list an account's rows anywhere, so grouping needs to know whether an id was
// seen before. While the ids arrive in strictly increasing order (a file sorted by account, as
// exports usually are) a comparison with the last one says so and no map is kept; at the first id
// out of order, a Map of every id so far is built and used from then on.

import type { PackedBalances } from '../snapshot/packed-balances.ts';
import { ACCOUNT_ID_BYTES_MAX, AMOUNT_BYTES } from './format.ts';

/** Customers per block of balances and of id positions: blocks are added, never copied. */
export const BLOCK_CUSTOMERS = 1 << 16;
/** Bytes per block of ids; an id never spans two blocks; a position is block × 2^24 + offset. */
export const ID_BLOCK_BYTES = 1 << 24;
const ID_BLOCKS_MAX = 256;

/** What a worker thread needs to read the customers: all shared memory. */
export interface SharedCustomers {
  count: number;
  asset_count: number;
  balance_blocks: SharedArrayBuffer[];
  position_blocks: SharedArrayBuffer[];
  id_blocks: SharedArrayBuffer[];
  id_bytes_max: number;
}

/** Read access to grouped customers, in either thread. */
export class CustomerView {
  readonly count: number;
  readonly stride: number;
  readonly id_bytes_max: number;
  private readonly balances: Buffer[];
  /** The same blocks as 32-bit words (a customer's balances start on a word: the stride is 16 × assets). */
  private readonly balance_words: Int32Array[];
  private readonly positions: Uint32Array[];
  private readonly ids: Buffer[];

  constructor(shared: SharedCustomers) {
    this.count = shared.count;
    this.stride = AMOUNT_BYTES * shared.asset_count;
    this.id_bytes_max = shared.id_bytes_max;
    this.balances = shared.balance_blocks.map((b) => Buffer.from(b));
    this.balance_words = shared.balance_blocks.map((b) => new Int32Array(b));
    this.positions = shared.position_blocks.map((b) => new Uint32Array(b));
    this.ids = shared.id_blocks.map((b) => Buffer.from(b));
  }

  /** Where customer j's id is: id block × 2^24 + offset. */
  idPosition(j: number): number {
    return this.positions[j >>> 16]![j & 0xffff]!;
  }

  /** The byte length of the id at this position. */
  idLengthAt(position: number): number {
    const block = this.ids[position >>> 24]!;
    const at = position & 0xffffff;
    return (block[at]! << 8) | block[at + 1]!;
  }

  /** Copies the u16 length ‖ id bytes at this position into target at offset. */
  copyIdAt(position: number, length: number, target: Buffer, offset: number): void {
    const block = this.ids[position >>> 24]!;
    const at = position & 0xffffff;
    for (let i = 0; i < 2 + length; i++) target[offset + i] = block[at + i]!;
  }

  idOf(j: number): string {
    const position = this.positions[j >>> 16]![j & 0xffff]!;
    const block = this.ids[position >>> 24]!;
    const at = position & 0xffffff;
    return block.toString('utf8', at + 2, at + 2 + ((block[at]! << 8) | block[at + 1]!));
  }

  /** Copies customer j's balances into target from word word_at on, a word at a time. */
  copyBalanceWords(j: number, target: Int32Array, word_at: number): void {
    const words = this.stride >>> 2;
    const from = (j & 0xffff) * words;
    const block = this.balance_words[j >>> 16]!;
    for (let w = 0; w < words; w++) target[word_at + w] = block[from + w]!;
  }

  /** Copies customer j's balances (stride bytes) into target at offset. */
  copyBalances(j: number, target: Buffer, offset: number): void {
    const at = (j & 0xffff) * this.stride;
    const block = this.balances[j >>> 16]!;
    for (let i = 0; i < this.stride; i++) target[offset + i] = block[at + i]!;
  }
}

const byteSwapped = (word: number): number => ((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24);

/**
 * Stores a packed batch's amount of row `row`, given as the 32-bit words of its little-endian
 * 64-bit halves, as u128 big-endian from word `at` of `out`: on this little-endian machine, each
 * word byte-swapped.
 */
export function storeAmount(out: Int32Array, at: number, low: Uint32Array, high: Uint32Array | null, row: number): void {
  out[at + 3] = byteSwapped(low[2 * row]!);
  out[at + 2] = byteSwapped(low[2 * row + 1]!);
  out[at + 1] = high === null ? 0 : byteSwapped(high[2 * row]!);
  out[at] = high === null ? 0 : byteSwapped(high[2 * row + 1]!);
}

/**
 * Writes the customer of each of a packed batch's rows into `row_customers`, asking `customerOf`
 * once per run of an account's consecutive rows: an account's next row is recognised in place,
 * without searching for the line end (its id comes next, then a line end; ids hold none).
 */
export function customersOfRows(ids: string, length: number, customerOf: (account_id: string) => number, row_customers: Int32Array): void {
  let start = 0;
  let last_id = '';
  let last_j = -1;
  for (let i = 0; i < length; i++) {
    const same_end = start + last_id.length;
    if (last_j >= 0 && (same_end === ids.length || ids.charCodeAt(same_end) === 10) && ids.startsWith(last_id, start)) start = same_end + 1;
    else {
      let end = ids.indexOf('\n', start);
      if (end === -1) end = ids.length;
      last_id = ids.slice(start, end);
      last_j = customerOf(last_id);
      start = end + 1;
    }
    row_customers[i] = last_j;
  }
}

/**
 * One packed batch's rows grouped by customer apart from the others' (group.ts, in a worker
 * thread): its customers in the order they first appear in the batch, with their ids as u16
 * length ‖ UTF-8, their balances as CustomerView holds them, and which of their assets the batch
 * set (a row may also set an asset to 0, and the last row of a customer's asset wins).
 */
export interface GroupedBatch {
  count: number;
  /** The customers' ids are strictly increasing. */
  sorted: boolean;
  first_id: string;
  last_id: string;
  id_bytes: Uint8Array;
  balance_words: Int32Array;
  /** A byte per customer and asset: 1 where a row of the batch set it. */
  set: Uint8Array;
}

export class CustomerGroups {
  count = 0;
  id_bytes_max = 0;
  readonly balance_blocks: SharedArrayBuffer[] = [];
  readonly position_blocks: SharedArrayBuffer[] = [];
  readonly id_blocks: SharedArrayBuffer[] = [];
  private balances: Int32Array[] = [];
  private positions: Uint32Array[] = [];
  private id_block: Buffer | null = null;
  private id_at = ID_BLOCK_BYTES;
  private readonly stride: number;
  /** The customer of each row of the batch being grouped, reused from batch to batch. */
  private row_customers = new Int32Array(0);
  /** null while ids come in increasing order. */
  private index: Map<string, number> | null = null;
  private last_id: string | null = null;

  constructor(private readonly asset_count: number) {
    this.stride = AMOUNT_BYTES * asset_count;
  }

  /** A new customer, room made for an id of `bytes` bytes at id_block[id_at]: its number. */
  private allocate(bytes: number): number {
    const j = this.count++;
    if ((j & 0xffff) === 0) {
      const balances = new SharedArrayBuffer(BLOCK_CUSTOMERS * this.stride);
      const positions = new SharedArrayBuffer(4 * BLOCK_CUSTOMERS);
      this.balance_blocks.push(balances);
      this.position_blocks.push(positions);
      this.balances.push(new Int32Array(balances));
      this.positions.push(new Uint32Array(positions));
    }
    // The import refuses such ids; the leaf's u16 length could not hold one.
    if (bytes > ACCOUNT_ID_BYTES_MAX) throw new RangeError(`account id of ${bytes} bytes in the proof tree`);
    if (this.id_at + 2 + bytes > ID_BLOCK_BYTES) {
      if (this.id_blocks.length === ID_BLOCKS_MAX) throw new RangeError('more than 4 GiB of account ids');
      const block = new SharedArrayBuffer(ID_BLOCK_BYTES);
      this.id_blocks.push(block);
      this.id_block = Buffer.from(block);
      this.id_at = 0;
    }
    this.positions[j >>> 16]![j & 0xffff] = ((this.id_blocks.length - 1) << 24) + this.id_at;
    if (bytes > this.id_bytes_max) this.id_bytes_max = bytes;
    return j;
  }

  private add(account_id: string): number {
    const bytes = Buffer.byteLength(account_id, 'utf8');
    const j = this.allocate(bytes);
    const block = this.id_block!;
    block[this.id_at] = bytes >> 8;
    block[this.id_at + 1] = bytes & 0xff;
    block.write(account_id, this.id_at + 2, 'utf8');
    this.id_at += 2 + bytes;
    return j;
  }

  /** A new customer whose id is the u16 length ‖ UTF-8 at source[at]. */
  private addFrom(source: Buffer, at: number): number {
    const bytes = (source[at]! << 8) | source[at + 1]!;
    const j = this.allocate(bytes);
    source.copy(this.id_block!, this.id_at, at, at + 2 + bytes);
    this.id_at += 2 + bytes;
    return j;
  }

  /** Takes in a batch grouped apart (the batches in their order): as slot() and set() would have for its rows. */
  append(batch: GroupedBatch): void {
    const words = this.stride >>> 2;
    const A = this.asset_count;
    const ids = Buffer.from(batch.id_bytes.buffer, batch.id_bytes.byteOffset, batch.id_bytes.length);
    const fresh = (i: number, at: number): void => {
      const j = this.addFrom(ids, at);
      this.balances[j >>> 16]!.set(batch.balance_words.subarray(i * words, (i + 1) * words), (j & 0xffff) * words);
    };
    const merge = (i: number, j: number): void => {
      const out = this.balances[j >>> 16]!;
      for (let a = 0; a < A; a++) {
        if (batch.set[i * A + a] === 0) continue;
        const from = i * words + (a * AMOUNT_BYTES) / 4;
        const to = (j & 0xffff) * words + (a * AMOUNT_BYTES) / 4;
        for (let w = 0; w < AMOUNT_BYTES / 4; w++) out[to + w] = batch.balance_words[from + w]!;
      }
    };
    const idLength = (at: number): number => (ids[at]! << 8) | ids[at + 1]!;
    let at = 0;
    let i = 0;
    if (this.index === null && batch.count > 0 && batch.sorted && (this.last_id === null || batch.first_id >= this.last_id)) {
      // Still in order: the batch's customers come after every one so far, but its first may be the last so far.
      if (batch.first_id === this.last_id) {
        merge(0, this.count - 1);
        at += 2 + idLength(at);
        i = 1;
      }
      for (; i < batch.count; i++) {
        fresh(i, at);
        at += 2 + idLength(at);
      }
      this.last_id = batch.last_id;
      return;
    }
    for (; i < batch.count; i++) {
      const length = idLength(at);
      const account_id = ids.toString('utf8', at + 2, at + 2 + length);
      const j = this.slotOf(account_id);
      if (j === -1) {
        fresh(i, at);
        this.index!.set(account_id, this.count - 1);
      } else merge(i, j);
      at += 2 + length;
    }
  }

  /** The customer of this id in the map (made now if there is none yet), or -1. */
  private slotOf(account_id: string): number {
    if (this.index === null) {
      const view = new CustomerView(this.shared());
      this.index = new Map();
      for (let j = 0; j < this.count; j++) this.index.set(view.idOf(j), j);
    }
    return this.index.get(account_id) ?? -1;
  }

  /** The customer of this id, added if new. */
  slot(account_id: string): number {
    if (this.index === null) {
      if (account_id === this.last_id) return this.count - 1;
      if (this.last_id === null || account_id > this.last_id) {
        this.last_id = account_id;
        return this.add(account_id);
      }
      // Out of order: from now on, a map.
    }
    let j = this.slotOf(account_id);
    if (j === -1) {
      j = this.add(account_id);
      this.index!.set(account_id, j);
    }
    return j;
  }

  /** Stores row `row`'s amount of a packed batch (storeAmount) as customer j's balance of `asset`. */
  set(j: number, asset: number, low: Uint32Array, high: Uint32Array | null, row: number): void {
    storeAmount(this.balances[j >>> 16]!, ((j & 0xffff) * this.stride + asset * AMOUNT_BYTES) >>> 2, low, high, row);
  }

  /** Groups a packed batch's rows, whose symbol s is the tree's asset asset_of_symbol[s]. */
  groupPacked(packed: PackedBalances, asset_of_symbol: Uint16Array): void {
    const { ids, asset, amount_low, amount_high } = packed;
    const low = new Uint32Array(amount_low.buffer, amount_low.byteOffset, amount_low.length * 2);
    const high = amount_high === null ? null : new Uint32Array(amount_high.buffer, amount_high.byteOffset, amount_high.length * 2);
    if (this.row_customers.length < packed.length) this.row_customers = new Int32Array(packed.length);
    const row_customers = this.row_customers;
    customersOfRows(ids, packed.length, (account_id) => this.slot(account_id), row_customers);
    for (let i = 0; i < packed.length; i++) {
      const j = row_customers[i]!;
      this.set(j, asset_of_symbol[asset[i]!]!, low, high, i);
    }
  }

  shared(): SharedCustomers {
    return { count: this.count, asset_count: this.asset_count, balance_blocks: this.balance_blocks, position_blocks: this.position_blocks, id_blocks: this.id_blocks, id_bytes_max: this.id_bytes_max };
  }
}
