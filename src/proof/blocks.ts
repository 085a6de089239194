// The tree's lower levels, one block of 2^k slots at a time: the block's leaves and padding are
// hashed into a buffer, then its k levels above are computed in memory, each level's part written
// at its place in that level's file, and the block's top record handed back. Blocks are taken off
// a shared counter, so any number of threads (tree-worker.ts) can share the work, each writing
// only its own blocks' byte ranges: the files are the same whichever thread computed what, and
// the same as the level-by-level build (build-reference.ts), which the tests hold them to.

import { closeSync, openSync, writeSync } from 'node:fs';
import { hash } from 'node:crypto';
import { CustomerView, type SharedCustomers } from './customers.ts';
import { AMOUNT_BYTES, HASH_BYTES, recordBytes, TAG_LEAF, TAG_NODE, TAG_PAD } from './format.ts';
import { levelFile } from './files.ts';

/**
 * Writes a SHA-256 digest taken as a 'binary' (latin1) string, one character per byte, into
 * place: node:crypto's hash() then makes a short string on the heap instead of a Buffer with a
 * backing store of its own, and a call over a few hundred bytes costs a quarter to two fifths of
 * the CPU (bench/prove.ts times both).
 */
function writeHash(digest: string, target: Buffer, offset: number): void {
  target.write(digest, offset, HASH_BYTES, 'latin1');
}

/** tag ‖ snapshot hash ‖ u64 slot ‖ secret ‖ u16 id length: the leaf preimage's bytes before the id. */
const LEAF_HEADER_BYTES = 1 + 32 + 8 + 32 + 2;

/** A block is at most 2^15 slots: a few MiB of records whatever the number of assets. */
export const BLOCK_HEIGHT_MAX = 15;

/**
 * HMAC-SHA256 with the key's pads computed once: two SHA-256 calls per message instead of a new
 * Hmac object per customer (RFC 2104; tested against node's createHmac).
 */
export class FastHmac {
  private readonly inner: Buffer;
  private readonly outer = Buffer.alloc(64 + HASH_BYTES);
  private readonly prefix_length: number;
  /** inner's first prefix + n bytes, by message length n: one view per length, not one per message. */
  private readonly inner_views: (Buffer | undefined)[] = [];

  constructor(key: Uint8Array, prefix: Uint8Array, max_message: number) {
    const k = Buffer.alloc(64);
    Buffer.from(key.length > 64 ? hash('sha256', key, 'buffer') : key).copy(k);
    this.inner = Buffer.alloc(64 + prefix.length + max_message);
    for (let i = 0; i < 64; i++) {
      this.inner[i] = k[i]! ^ 0x36;
      this.outer[i] = k[i]! ^ 0x5c;
    }
    this.inner.set(prefix, 64);
    this.prefix_length = 64 + prefix.length;
  }

  /** The MAC of prefix ‖ text (UTF-8). */
  digest(text: string): Buffer {
    const mac = Buffer.alloc(HASH_BYTES);
    writeHash(this.finish(this.inner.write(text, this.prefix_length, 'utf8')), mac, 0);
    return mac;
  }

  /** Writes the MAC of prefix ‖ source[start, end) into target at offset. */
  digestFromInto(source: Buffer, start: number, end: number, target: Buffer, offset: number): void {
    for (let i = start, at = this.prefix_length; i < end; i++, at++) this.inner[at] = source[i]!;
    writeHash(this.finish(end - start), target, offset);
  }

  /** The MAC, as a digest string (hashInto). */
  private finish(message_bytes: number): string {
    const view = (this.inner_views[message_bytes] ??= this.inner.subarray(0, this.prefix_length + message_bytes));
    writeHash(hash('sha256', view, 'binary'), this.outer, 64);
    return hash('sha256', this.outer, 'binary');
  }

  /** Bytes hashed for a message of this many bytes: the inner and outer calls. */
  messageBytes(message_bytes: number): number {
    return this.prefix_length + message_bytes + this.outer.length;
  }
}

/** Everything a thread needs to compute blocks: shared memory, and the secrets as bytes. */
export interface BlockJob {
  customers: SharedCustomers;
  /** Uint32 per slot: customer j + 1, or 0 for padding. */
  customer_at: SharedArrayBuffer;
  /** u64 per customer, written by whoever computes its leaf: key × 2^32 + slot (little-endian words), in slot order. */
  index: SharedArrayBuffer;
  /** Uint32 per block: where its customers' index entries start (the customers in the blocks before it). */
  index_from: SharedArrayBuffer;
  /** One record per block: its top. */
  roots: SharedArrayBuffer;
  /** Int32: the next block to take. */
  next_block: SharedArrayBuffer;
  snapshot_sha256: Uint8Array;
  master_secret: Uint8Array;
  hmac_prefix: Uint8Array;
  pad_key: Uint8Array;
  asset_count: number;
  height: number;
  block_height: number;
  dir: string;
}

export interface BlockCounts {
  blocks: number;
  hashed_bytes: number;
  hash_calls: number;
  /** An asset whose sum reached 2^128, or -1. */
  overflow_asset: number;
}

function isZero128(v: DataView, at: number): boolean {
  return v.getUint32(at) === 0 && v.getUint32(at + 4) === 0 && v.getUint32(at + 8) === 0 && v.getUint32(at + 12) === 0;
}

/** Adds two u128 big-endian values into `out`, four 32-bit limbs at a time; false on a carry out. */
function addU128(a: DataView, a_at: number, b_at: number, out: DataView, out_at: number): boolean {
  let carry = 0;
  for (let limb = 12; limb >= 0; limb -= 4) {
    const s = a.getUint32(a_at + limb) + a.getUint32(b_at + limb) + carry;
    out.setUint32(out_at + limb, s >>> 0);
    carry = s > 0xffffffff ? 1 : 0;
  }
  return carry === 0;
}

/**
 * Where a level's records start in the buffers holding them: the byte before the first is free for
 * the node tag (below), and every record, and its sums 32 bytes in, start on a 32-bit word.
 */
export const RECORDS_AT = 4;

/**
 * Parents of `pairs` pairs of records laid out from byte RECORDS_AT of `children` into `parents`
 * from byte RECORDS_AT. The node tag is written just before each pair (over the last byte of the
 * pair before, already consumed), so the pair is hashed in place; returns an overflowing asset or -1.
 */
export function parentsOf(children: Buffer, pairs: number, parents: Buffer, asset_count: number): number {
  const R = recordBytes(asset_count);
  const node_bytes = 1 + 2 * R;
  const cv = new DataView(children.buffer, children.byteOffset, children.length);
  const pv = new DataView(parents.buffer, parents.byteOffset, parents.length);
  for (let p = 0; p < pairs; p++) {
    const left = RECORDS_AT + 2 * p * R;
    const right = left + R;
    const out = RECORDS_AT + p * R;
    children[left - 1] = TAG_NODE;
    writeHash(hash('sha256', children.subarray(left - 1, left - 1 + node_bytes), 'binary'), parents, out);
    for (let a = 0; a < asset_count; a++) {
      const at = HASH_BYTES + a * AMOUNT_BYTES;
      if (isZero128(cv, right + at)) {
        for (let i = 0; i < AMOUNT_BYTES; i++) parents[out + at + i] = children[left + at + i]!;
        continue;
      }
      if (!addU128(cv, left + at, right + at, pv, out + at)) return a;
    }
  }
  return -1;
}

function writeAll(fd: number, buffer: Buffer, start: number, end: number, position: number): void {
  let at = start;
  while (at < end) {
    const written = writeSync(fd, buffer, at, end - at, position + (at - start));
    at += written;
  }
}

/** Takes blocks off the job's counter until none is left; the level files exist already. */
export function runBlocks(job: BlockJob): BlockCounts {
  const { asset_count: A, block_height: k, snapshot_sha256 } = job;
  const R = recordBytes(A);
  const B = 2 ** k;
  const blocks = 2 ** (job.height - k);
  const customers = new CustomerView(job.customers);
  const stride = customers.stride;
  const customer_at = new Uint32Array(job.customer_at);
  const index_words = new Uint32Array(job.index);
  const index_from = new Uint32Array(job.index_from);
  const roots = Buffer.from(job.roots);
  const next = new Int32Array(job.next_block);
  const hmac = new FastHmac(job.master_secret, job.hmac_prefix, customers.id_bytes_max);

  // A leaf's preimage (format.ts leafHash): tag ‖ snapshot hash ‖ u64 slot ‖ secret ‖ u16 length ‖
  // id ‖ balances. It is written from byte `shift` of one of four buffers, shift chosen by the id's
  // length so that the balances start on a 32-bit word: they are then copied a word at a time.
  const leaves = [0, 1, 2, 3].map((shift) => {
    const leaf = Buffer.alloc(4 + LEAF_HEADER_BYTES + customers.id_bytes_max + stride);
    leaf[shift] = TAG_LEAF;
    leaf.set(snapshot_sha256, shift + 1);
    return { leaf, words: new Int32Array(leaf.buffer, leaf.byteOffset, leaf.length >>> 2) };
  });
  /** By id length: the shift, and the preimage as one view (a new view per leaf would cost as much as a copy). */
  const shifts: number[] = [];
  const preimages: (Buffer | undefined)[] = [];
  for (let length = 0; length <= customers.id_bytes_max; length++) shifts.push((4 - ((LEAF_HEADER_BYTES + length) & 3)) & 3);
  const pad = Buffer.alloc(1 + 32 + 8 + 32);
  pad[0] = TAG_PAD;
  pad.set(snapshot_sha256, 1);
  pad.set(job.pad_key, 41);
  const pad_bytes = pad.length;
  // Two buffers in turn: level 0 in `even`, level 1 in `odd`, level 2 in `even`…
  const even = Buffer.alloc(RECORDS_AT + B * R);
  const even_words = new Int32Array(even.buffer, even.byteOffset, even.length >>> 2);
  const odd = Buffer.alloc(RECORDS_AT + Math.max(1, B / 2) * R);
  const balance_words = stride >>> 2;
  const id_positions = new Uint32Array(B);
  const id_lengths = new Uint16Array(B);
  const fds: number[] = [];
  const counts: BlockCounts = { blocks: 0, hashed_bytes: 0, hash_calls: 0, overflow_asset: -1 };
  try {
    for (let level = 0; level <= k; level++) fds.push(openSync(levelFile(job.dir, level), 'r+'));
    for (;;) {
      const b = Atomics.add(next, 0, 1);
      if (b >= blocks) break;
      const first = b * B;
      let entry = index_from[b]!;
      // First the block's customers are read, in a loop of independent loads the processor can
      // overlap: their balances straight into their records, where their ids are and how long.
      // The customers sit at random places in memory (the slots are a shuffle); read between two
      // hashes, each one's cache and TLB misses would be waited for one after the other.
      for (let i = 0; i < B; i++) {
        const c = customer_at[first + i]!;
        if (c === 0) continue;
        customers.copyBalanceWords(c - 1, even_words, (RECORDS_AT + i * R + HASH_BYTES) >>> 2);
        const position = customers.idPosition(c - 1);
        id_positions[i] = position;
        id_lengths[i] = customers.idLengthAt(position);
      }
      for (let i = 0; i < B; i++) {
        const s = first + i;
        const record = RECORDS_AT + i * R;
        const c = customer_at[s]!;
        if (c === 0) {
          pad.writeUInt32BE(s, 37);
          writeHash(hash('sha256', pad, 'binary'), even, record);
          even.fill(0, record + HASH_BYTES, record + R);
          counts.hashed_bytes += pad_bytes;
          counts.hash_calls += 1;
        } else {
          const id_length = id_lengths[i]!;
          const shift = shifts[id_length]!;
          const { leaf, words } = leaves[shift]!;
          customers.copyIdAt(id_positions[i]!, id_length, leaf, shift + LEAF_HEADER_BYTES - 2);
          hmac.digestFromInto(leaf, shift + LEAF_HEADER_BYTES, shift + LEAF_HEADER_BYTES + id_length, leaf, shift + 41);
          leaf.writeUInt32BE(s, shift + 37);
          const leaf_word = (shift + LEAF_HEADER_BYTES + id_length) >>> 2;
          const record_word = (record + HASH_BYTES) >>> 2;
          for (let w = 0; w < balance_words; w++) words[leaf_word + w] = even_words[record_word + w]!;
          const preimage = (preimages[id_length] ??= leaf.subarray(shift, shift + LEAF_HEADER_BYTES + id_length + stride));
          writeHash(hash('sha256', preimage, 'binary'), even, record);
          index_words[2 * entry] = s;
          index_words[2 * entry + 1] = leaf.readUInt32BE(shift + 41);
          entry++;
          counts.hashed_bytes += preimage.length + hmac.messageBytes(id_length);
          counts.hash_calls += 3;
        }
      }
      writeAll(fds[0]!, even, RECORDS_AT, RECORDS_AT + B * R, first * R);
      let children = even;
      let parents = odd;
      for (let level = 1; level <= k; level++) {
        const width = B >>> level;
        const overflow = parentsOf(children, width, parents, A);
        if (overflow >= 0) {
          counts.overflow_asset = overflow;
          return counts;
        }
        writeAll(fds[level]!, parents, RECORDS_AT, RECORDS_AT + width * R, b * width * R);
        counts.hashed_bytes += width * (1 + 2 * R);
        counts.hash_calls += width;
        [children, parents] = [parents, children];
      }
      children.copy(roots, b * R, RECORDS_AT, RECORDS_AT + R);
      counts.blocks += 1;
    }
    return counts;
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}
