// Builds a snapshot's proof-of-liabilities tree (hozen-pol/1, format.ts) onto disk.
//
// Memory: the customers' balances are grouped by account first (customers.ts: balances.csv may
// list an account's rows anywhere), which keeps per customer its id bytes, a 4-byte position,
// 16 bytes per asset of balances and an 8-byte index entry, all in shared memory; plus 8 bytes
// per leaf slot for the shuffle and a few MiB of records per thread. No node of the tree is ever
// a JS object. Bound: about (id bytes + 2 + 4 + 16 × assets + 8) bytes per customer (+ ~40 bytes
// per distinct id while a map is needed, for files not sorted by account) + 8 bytes per leaf +
// 1.5 × 2^15 records and 6 × 2^15 bytes of id positions and lengths per thread; while grouping,
// per grouping thread (group.ts) two batches on their way each way and a batch's rows' worth of
// balances and set flags ((16 + 1) × assets bytes per row). At 10M customers × 10 assets with ids
// of 10 characters: about 2.1 GB, 2.2 GB for the whole process (docs/performance.md).
//
// The levels below 2^15 slots are computed block by block (blocks.ts), by as many threads as the
// machine has cores, each block's levels in memory and written straight to their place in the
// level files; the levels above the blocks from the blocks' tops. build-reference.ts builds the
// same files level by level in one thread: the tests hold the two to the same bytes.
//
// Leaf positions are a keyed shuffle of the padded slots (AES-256-CTR keystream from a secret
// derived from the master secret and the snapshot), so a position says nothing about the customer
// (file order, sign-up order) and changes with every snapshot; padding leaves sit among real ones.

import { createCipheriv } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import type { BalanceSource } from '../snapshot/types.ts';
import { workerStream } from '../threads/channel.ts';
import { BLOCK_HEIGHT_MAX, parentsOf, RECORDS_AT, runBlocks, type BlockCounts, type BlockJob } from './blocks.ts';
import type { SharedCustomers } from './customers.ts';
import { groupCustomers, type GroupOptions } from './group.ts';
import { INDEX_FILE, levelFile, META_FILE } from './files.ts';
import { deriveSecret, HASH_BYTES, recordBytes, SECRET_LABEL_CUSTOMER, SECRET_LABEL_PADDING, SECRET_LABEL_SHUFFLE, treeHeight, type ProofAsset } from './format.ts';

export { FastHmac } from './blocks.ts';
export { INDEX_FILE, levelFile, META_FILE } from './files.ts';

/** Trees below 2^18 leaves are built in this thread: starting workers would cost more than they save. */
const THREADED_SLOTS_MIN = 1 << 18;
const THREADS_MAX = 16;

export interface TreeMeta {
  format: 'hozen-pol-tree/1';
  snapshot_id: string;
  snapshot_sha256: string;
  exchange: { id: string; name: string };
  as_of: string;
  assets: ProofAsset[];
  height: number;
  /** Real (customer) leaves; the rest of the 2^height slots are padding. Private, like the tree. */
  customers: number;
  record_bytes: number;
}

export interface BuildInput {
  snapshot_id: string;
  exchange: { id: string; name: string };
  as_of: string;
  snapshot_sha256: Uint8Array;
  assets: readonly ProofAsset[];
  balances: BalanceSource;
  master_secret: Uint8Array;
  /** The tree has at least 2^min_height leaves, so small exchanges do not show how small they are. */
  min_height: number;
  /** An empty directory the tree's files go into. */
  dir: string;
  /** Threads computing blocks, this one included (default: the cores, for trees of 2^18 leaves or more). */
  threads?: number;
  /** Slots per block, as a power of two (default 15); smaller only to test many blocks on a small tree. */
  block_height?: number;
  /** Threads grouping the rows by customer besides this one (default: the cores), once past `group_serial_rows` rows. */
  group_threads?: number;
  /** Rows grouped in this thread before grouping threads start (default GROUP_SERIAL_ROWS); smaller only in tests. */
  group_serial_rows?: number;
}

export interface BuildResult {
  meta: TreeMeta;
  top_hash: Uint8Array;
  totals_minor: bigint[];
  /** Bytes SHA-256 was run over, and how many times: what bench/prove.ts compares with. */
  hashed_bytes: number;
  hash_calls: number;
  /** Threads that computed blocks. */
  threads: number;
  /** Wall-clock milliseconds of each phase, for bench/prove.ts. */
  phases_ms: BuildPhases;
}

export interface BuildPhases {
  /** Reading the source and grouping its rows by customer. */
  group: number;
  /** The keyed shuffle of the slots. */
  shuffle: number;
  /** Leaves and the levels of the blocks, in every thread. */
  blocks: number;
  /** The levels above the blocks, the index sorted and written. */
  finish: number;
}

/** A uniform keyed shuffle of 0..slots-1 (Fisher–Yates over an AES-256-CTR keystream). */
export function shuffledSlots(slots: number, key: Uint8Array): Uint32Array {
  const perm = new Uint32Array(slots);
  for (let i = 0; i < slots; i++) perm[i] = i;
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(4 * 16384);
  let words = new Uint32Array(0);
  let at = 0;
  const next = (): number => {
    if (at === words.length) {
      const block = cipher.update(zeros);
      words = new Uint32Array(block.buffer, block.byteOffset, block.length / 4);
      at = 0;
    }
    return words[at++]!;
  };
  for (let i = slots - 1; i > 0; i--) {
    const bound = i + 1;
    const limit = 2 ** 32 - (2 ** 32 % bound);
    let r = next();
    while (r >= limit) r = next();
    const j = r % bound;
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}

/** Typed-array views of packed amounts and of the index are read as little-endian words. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What both builds start from: the customers grouped, the height, the slots shuffled, the secrets. */
export interface Prepared {
  customers: SharedCustomers;
  height: number;
  customer_at: SharedArrayBuffer;
  index: SharedArrayBuffer;
  hmac_prefix: Uint8Array;
  pad_key: Uint8Array;
  phases_ms: BuildPhases;
}

/** Groups the customers (in this thread alone with `group.threads` 0) and shuffles the slots. */
export async function prepareBuild(input: BuildInput, group: GroupOptions): Promise<Prepared> {
  if (!LITTLE_ENDIAN) throw new Error('the proof builder assumes a little-endian machine');
  const { snapshot_sha256, master_secret } = input;
  const started = performance.now();
  const customers = await groupCustomers(input.balances, input.assets, group);
  const grouped = performance.now();
  const n = customers.count;
  const height = treeHeight(n, input.min_height);
  const slots = 2 ** height;
  const perm = shuffledSlots(slots, deriveSecret(master_secret, SECRET_LABEL_SHUFFLE, snapshot_sha256));
  const customer_at = new SharedArrayBuffer(4 * slots);
  const at = new Uint32Array(customer_at);
  for (let j = 0; j < n; j++) at[perm[j]!] = j + 1;
  const shuffled = performance.now();
  return {
    customers,
    height,
    customer_at,
    index: new SharedArrayBuffer(8 * n),
    hmac_prefix: Buffer.concat([Buffer.from(SECRET_LABEL_CUSTOMER, 'utf8'), Buffer.from([0]), Buffer.from(snapshot_sha256)]),
    pad_key: deriveSecret(master_secret, SECRET_LABEL_PADDING, snapshot_sha256),
    phases_ms: { group: grouped - started, shuffle: shuffled - grouped, blocks: 0, finish: 0 },
  };
}

/** Sorts and writes the index, writes meta.json; `top` is the top record (hash ‖ sums). */
export function finishBuild(input: BuildInput, prepared: Prepared, top: Buffer, hashed: { hashed_bytes: number; hash_calls: number }, threads: number, finish_started: number): BuildResult {
  const { assets, dir } = input;
  const top_hash = new Uint8Array(top.subarray(0, HASH_BYTES));
  const totals_minor = assets.map((_, a) => {
    const at = HASH_BYTES + a * 16;
    return (top.readBigUInt64BE(at) << 64n) | top.readBigUInt64BE(at + 8);
  });
  const index = new BigUint64Array(prepared.index);
  index.sort();
  const fd = openSync(join(dir, INDEX_FILE), 'w');
  writeSync(fd, new Uint8Array(prepared.index));
  closeSync(fd);
  const meta: TreeMeta = {
    format: 'hozen-pol-tree/1',
    snapshot_id: input.snapshot_id,
    snapshot_sha256: Buffer.from(input.snapshot_sha256).toString('hex'),
    exchange: input.exchange,
    as_of: input.as_of,
    assets: assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals })),
    height: prepared.height,
    customers: prepared.customers.count,
    record_bytes: recordBytes(assets.length),
  };
  writeFileSync(join(dir, META_FILE), JSON.stringify(meta, null, 2) + '\n');
  const phases_ms = { ...prepared.phases_ms, finish: performance.now() - finish_started };
  return { meta, top_hash, totals_minor, ...hashed, threads, phases_ms };
}

function threadsFor(input: BuildInput, slots: number, blocks: number): number {
  const wanted = input.threads ?? (slots >= THREADED_SLOTS_MIN ? availableParallelism() : 1);
  if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`threads must be a whole number ≥ 1, not ${wanted}`);
  return Math.min(wanted, THREADS_MAX, blocks);
}

export async function buildTree(input: BuildInput): Promise<BuildResult> {
  const group_threads = input.group_threads ?? Math.min(availableParallelism(), THREADS_MAX);
  if (!Number.isInteger(group_threads) || group_threads < 0) throw new RangeError(`group_threads must be a whole number ≥ 0, not ${group_threads}`);
  const prepared = await prepareBuild(input, { threads: group_threads, serial_rows: input.group_serial_rows });
  const { height } = prepared;
  const A = input.assets.length;
  const R = recordBytes(A);
  const k = Math.min(height, input.block_height ?? BLOCK_HEIGHT_MAX);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`block_height must be ≥ 1, not ${k}`);
  const blocks = 2 ** (height - k);
  // The index is sorted once every entry is in, so each block writes its customers' entries in
  // slot order from the count of customers in the blocks before it: sequential writes, not one at
  // a random place per leaf.
  const index_from = new SharedArrayBuffer(4 * blocks);
  const from = new Uint32Array(index_from);
  const at = new Uint32Array(prepared.customer_at);
  for (let b = 0, count = 0; b < blocks; b++) {
    from[b] = count;
    for (let s = b * 2 ** k, end = s + 2 ** k; s < end; s++) if (at[s] !== 0) count++;
  }
  mkdirSync(input.dir, { recursive: true });
  for (let level = 0; level <= height; level++) closeSync(openSync(levelFile(input.dir, level), 'w'));

  const job: BlockJob = {
    customers: prepared.customers,
    customer_at: prepared.customer_at,
    index: prepared.index,
    index_from,
    roots: new SharedArrayBuffer(blocks * R),
    next_block: new SharedArrayBuffer(4),
    snapshot_sha256: input.snapshot_sha256,
    master_secret: input.master_secret,
    hmac_prefix: prepared.hmac_prefix,
    pad_key: prepared.pad_key,
    asset_count: A,
    height,
    block_height: k,
    dir: input.dir,
  };
  const threads = threadsFor(input, 2 ** height, blocks);
  // The other threads start, then this one takes blocks too until none is left (its event loop
  // waits meanwhile; the workers' counts are read after).
  const blocks_started = performance.now();
  const streams = Array.from({ length: threads - 1 }, () => workerStream<never, BlockCounts>(new URL('./tree-worker.ts', import.meta.url), { label: 'proof tree thread', data: job, ahead_max: 1 }));
  const counts: BlockCounts[] = [];
  try {
    const pending = streams.map((stream) => stream.next());
    counts.push(runBlocks(job));
    for (const next of pending) {
      const result = await next;
      if (!result.done) throw new Error('a proof tree thread sent a value');
      counts.push(result.value);
    }
  } finally {
    // Ended threads are already gone; on a failure, the others are stopped.
    await Promise.all(streams.map((stream) => stream.return(undefined as never)));
  }
  const overflow = counts.find((c) => c.overflow_asset >= 0);
  if (overflow !== undefined) throw new UserError('proof.sum_overflow', { asset: input.assets[overflow.overflow_asset]!.symbol });
  if (counts.reduce((n, c) => n + c.blocks, 0) !== blocks) throw new Error('proof tree threads computed the wrong number of blocks');
  prepared.phases_ms.blocks = performance.now() - blocks_started;
  const finish_started = performance.now();
  let hashed_bytes = counts.reduce((n, c) => n + c.hashed_bytes, 0);
  let hash_calls = counts.reduce((n, c) => n + c.hash_calls, 0);

  // The levels above the blocks, from the blocks' tops, in memory (2^(height − k) records).
  let children = Buffer.alloc(RECORDS_AT + blocks * R);
  Buffer.from(job.roots).copy(children, RECORDS_AT);
  for (let level = k + 1; level <= height; level++) {
    const width = 2 ** (height - level);
    const parents = Buffer.alloc(RECORDS_AT + width * R);
    const asset = parentsOf(children, width, parents, A);
    if (asset >= 0) throw new UserError('proof.sum_overflow', { asset: input.assets[asset]!.symbol });
    const fd = openSync(levelFile(input.dir, level), 'w');
    writeSync(fd, parents, RECORDS_AT, width * R, 0);
    closeSync(fd);
    hashed_bytes += width * (1 + 2 * R);
    hash_calls += width;
    children = parents;
  }
  return finishBuild(input, prepared, children.subarray(RECORDS_AT, RECORDS_AT + R), { hashed_bytes, hash_calls }, threads, finish_started);
}
