// Builds a snapshot's proof-of-liabilities tree (hozen-pol/1, format.ts) onto disk, level by level.
//
// Memory: the customers' balances are grouped by account first (balances.csv may list an
// account's rows anywhere), which keeps one entry per customer: its id in a Map, its balances in
// one flat buffer of 16 bytes per asset, and an 8-byte index entry; plus 8 bytes per leaf slot for
// the shuffle, and a few chunks of records. No node of the tree is ever a JS object: each level is
// computed from the file of the level below in fixed-size chunks and written to its own file.
// Bound: about (100 + 16 × assets + 8) bytes per customer + 8 bytes per leaf + 64 MiB.
//
// Leaf positions are a keyed shuffle of the padded slots (AES-256-CTR keystream from a secret
// derived from the master secret and the snapshot), so a position says nothing about the customer
// (file order, sign-up order) and changes with every snapshot; padding leaves sit among real ones.

import { createCipheriv, hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { BalancePacker, type PackedBalances } from '../snapshot/packed-balances.ts';
import type { BalanceSource } from '../snapshot/types.ts';
import {
  AMOUNT_BYTES,
  deriveSecret,
  HASH_BYTES,
  recordBytes,
  SECRET_LABEL_CUSTOMER,
  SECRET_LABEL_PADDING,
  SECRET_LABEL_SHUFFLE,
  TAG_LEAF,
  TAG_NODE,
  TAG_PAD,
  treeHeight,
  type ProofAsset,
} from './format.ts';

/** Records per chunk of a level: a few MiB whatever the number of assets. */
const CHUNK_RECORDS = 1 << 15;

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
}

export interface BuildResult {
  meta: TreeMeta;
  top_hash: Uint8Array;
  totals_minor: bigint[];
  /** Bytes SHA-256 was run over, and how many times: what bench/prove.ts compares with. */
  hashed_bytes: number;
  hash_calls: number;
}

export const levelFile = (dir: string, level: number): string => join(dir, `level-${String(level).padStart(2, '0')}.bin`);
export const INDEX_FILE = 'index.bin';
export const META_FILE = 'meta.json';

/** Customers per block of the balances store: blocks are added, never copied, as customers come. */
const BLOCK_CUSTOMERS = 1 << 16;

/** Customers grouped from balance rows: ids in first-appearance order, balances as u128 big-endian. */
class Customers {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly blocks: Buffer[] = [];
  private readonly stride: number;

  constructor(asset_count: number) {
    this.stride = AMOUNT_BYTES * asset_count;
  }

  slot(account_id: string): number {
    let j = this.index.get(account_id);
    if (j === undefined) {
      j = this.ids.length;
      this.ids.push(account_id);
      this.index.set(account_id, j);
      if (j % BLOCK_CUSTOMERS === 0) this.blocks.push(Buffer.alloc(BLOCK_CUSTOMERS * this.stride));
    }
    return j;
  }

  /** Copies one amount, given as little-endian 64-bit halves (a packed batch's bytes), big-endian. */
  set(j: number, asset: number, low: Uint8Array, high: Uint8Array | null, row: number): void {
    const out = this.blocks[Math.floor(j / BLOCK_CUSTOMERS)]!;
    const at = (j % BLOCK_CUSTOMERS) * this.stride + asset * AMOUNT_BYTES;
    const from = row * 8;
    for (let b = 0; b < 8; b++) {
      out[at + 15 - b] = low[from + b]!;
      out[at + 7 - b] = high === null ? 0 : high[from + b]!;
    }
  }

  /** Copies customer j's balances into target at offset. */
  copyBalances(j: number, target: Buffer, offset: number): void {
    const at = (j % BLOCK_CUSTOMERS) * this.stride;
    this.blocks[Math.floor(j / BLOCK_CUSTOMERS)]!.copy(target, offset, at, at + this.stride);
  }

  /** The map is needed no longer once every row is grouped; the balances and ids are. */
  releaseIndex(): void {
    this.index.clear();
  }
}

/** Balances are whole minor units ≥ 0 (import refuses others; the tree must never hold one). */
function assertBalance(account_id: string, symbol: string, amount: bigint): void {
  if (typeof amount !== 'bigint' || amount < 0n || amount >> 128n !== 0n) throw new UserError('proof.bad_balance', { account: account_id, asset: symbol, amount: String(amount) });
}

async function groupCustomers(balances: BalanceSource, assets: readonly ProofAsset[]): Promise<Customers> {
  const customers = new Customers(assets.length);
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
  for await (const packed of batches) {
    const { ids, symbols, asset, amount_low, amount_high } = packed;
    const manifest_index = symbols.map((s) => {
      const i = asset_index.get(s);
      if (i === undefined) throw new UserError('proof.unknown_asset', { asset: s });
      return i;
    });
    const low = new Uint8Array(amount_low.buffer, amount_low.byteOffset, amount_low.byteLength);
    const high = amount_high === null ? null : new Uint8Array(amount_high.buffer, amount_high.byteOffset, amount_high.byteLength);
    // An account's rows usually follow one another: compare in place before slicing an id out.
    let start = 0;
    let last_id = '';
    let last_j = -1;
    for (let i = 0; i < packed.length; i++) {
      let end = ids.indexOf('\n', start);
      if (end === -1) end = ids.length;
      let j: number;
      if (last_j >= 0 && end - start === last_id.length && ids.startsWith(last_id, start)) j = last_j;
      else {
        last_id = ids.slice(start, end);
        j = last_j = customers.slot(last_id);
      }
      start = end + 1;
      customers.set(j, manifest_index[asset[i]!]!, low, high, i);
    }
  }
  return customers;
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

/**
 * HMAC-SHA256 with the key's pads computed once: two SHA-256 calls per message instead of a new
 * Hmac object per customer (RFC 2104; tested against node's createHmac).
 */
export class FastHmac {
  private readonly inner: Buffer;
  private readonly outer = Buffer.alloc(64 + HASH_BYTES);
  private readonly prefix_length: number;

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

  /** The MAC of prefix ‖ text (UTF-8); bytes hashed: 2 calls. */
  digest(text: string): Buffer {
    const length = this.prefix_length + this.inner.write(text, this.prefix_length, 'utf8');
    hash('sha256', this.inner.subarray(0, length), 'buffer').copy(this.outer, 64);
    return hash('sha256', this.outer, 'buffer');
  }

  messageBytes(text_bytes: number): number {
    return this.prefix_length + text_bytes + this.outer.length;
  }
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

/** Typed-array views of packed amounts and of the index are read as little-endian words. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export async function buildTree(input: BuildInput): Promise<BuildResult> {
  if (!LITTLE_ENDIAN) throw new Error('the proof builder assumes a little-endian machine');
  const { assets, snapshot_sha256, master_secret, dir } = input;
  const A = assets.length;
  const R = recordBytes(A);
  const stride = AMOUNT_BYTES * A;
  const customers = await groupCustomers(input.balances, assets);
  customers.releaseIndex();
  const n = customers.ids.length;
  const height = treeHeight(n, input.min_height);
  const slots = 2 ** height;
  mkdirSync(dir, { recursive: true });

  const perm = shuffledSlots(slots, deriveSecret(master_secret, SECRET_LABEL_SHUFFLE, snapshot_sha256));
  // customer_at[slot] = j + 1 for customer j, 0 for padding.
  const customer_at = new Uint32Array(slots);
  for (let j = 0; j < n; j++) customer_at[perm[j]!] = j + 1;

  const prefix = Buffer.concat([Buffer.from(SECRET_LABEL_CUSTOMER, 'utf8'), Buffer.from([0]), Buffer.from(snapshot_sha256)]);
  const max_id_bytes = customers.ids.reduce((m, id) => Math.max(m, Buffer.byteLength(id, 'utf8')), 0);
  const hmac = new FastHmac(master_secret, prefix, max_id_bytes);
  const pad_key = deriveSecret(master_secret, SECRET_LABEL_PADDING, snapshot_sha256);
  const index = new BigUint64Array(n);
  // Little-endian words of each 64-bit entry (key << 32 | slot), written without a BigInt.
  const index_words = new Uint32Array(index.buffer);
  let hashed_bytes = 0;
  let hash_calls = 0;

  // Level 0: a leaf or a padding record per slot.
  const leaf = Buffer.alloc(1 + 32 + 8 + 32 + 2 + max_id_bytes + stride);
  leaf[0] = TAG_LEAF;
  leaf.set(snapshot_sha256, 1);
  const pad = Buffer.alloc(1 + 32 + 8 + 32);
  pad[0] = TAG_PAD;
  pad.set(snapshot_sha256, 1);
  pad.set(pad_key, 41);
  const chunk = Buffer.alloc(CHUNK_RECORDS * R);
  let fd = openSync(levelFile(dir, 0), 'w');
  let filled = 0;
  for (let s = 0; s < slots; s++) {
    const record = filled * R;
    const c = customer_at[s]!;
    if (c === 0) {
      pad.writeUInt32BE(s, 37);
      hash('sha256', pad, 'buffer').copy(chunk, record);
      chunk.fill(0, record + HASH_BYTES, record + R);
      hashed_bytes += pad.length;
      hash_calls += 1;
    } else {
      const j = c - 1;
      const id = customers.ids[j]!;
      const secret = hmac.digest(id);
      leaf.writeUInt32BE(s, 37);
      secret.copy(leaf, 41);
      const id_length = leaf.write(id, 75, 'utf8');
      leaf.writeUInt16BE(id_length, 73);
      customers.copyBalances(j, leaf, 75 + id_length);
      const end = 75 + id_length + stride;
      hash('sha256', leaf.subarray(0, end), 'buffer').copy(chunk, record);
      customers.copyBalances(j, chunk, record + HASH_BYTES);
      index_words[2 * j] = s;
      index_words[2 * j + 1] = secret.readUInt32BE(0);
      hashed_bytes += end + hmac.messageBytes(id_length);
      hash_calls += 3;
    }
    if (++filled === CHUNK_RECORDS) {
      writeSync(fd, chunk, 0, filled * R);
      filled = 0;
    }
  }
  if (filled > 0) writeSync(fd, chunk, 0, filled * R);
  closeSync(fd);

  // Levels 1..height, each from the file below in chunks of 2 × CHUNK_RECORDS children. The
  // children sit one byte into their buffer, so that the node tag can be written just before a
  // pair (over the last byte of the pair before, already consumed) and the pair hashed in place.
  const children = Buffer.alloc(1 + 2 * CHUNK_RECORDS * R);
  const children_view = new DataView(children.buffer, children.byteOffset, children.length);
  const chunk_view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
  const node_bytes = 1 + 2 * R;
  for (let level = 1; level <= height; level++) {
    const below = openSync(levelFile(dir, level - 1), 'r');
    fd = openSync(levelFile(dir, level), 'w');
    let remaining = 2 ** (height - level);
    let position = 0;
    while (remaining > 0) {
      const parents = Math.min(remaining, CHUNK_RECORDS);
      const bytes = 2 * parents * R;
      let read = 0;
      while (read < bytes) read += readSync(below, children, 1 + read, bytes - read, position + read);
      position += bytes;
      for (let p = 0; p < parents; p++) {
        const left = 1 + 2 * p * R;
        const right = left + R;
        const out = p * R;
        children[left - 1] = TAG_NODE;
        hash('sha256', children.subarray(left - 1, left - 1 + node_bytes), 'buffer').copy(chunk, out);
        for (let a = 0; a < A; a++) {
          const at = HASH_BYTES + a * AMOUNT_BYTES;
          if (isZero128(children_view, right + at)) {
            for (let k = 0; k < AMOUNT_BYTES; k += 4) chunk_view.setUint32(out + at + k, children_view.getUint32(left + at + k));
            continue;
          }
          if (!addU128(children_view, left + at, right + at, chunk_view, out + at)) throw new UserError('proof.sum_overflow', { asset: assets[a]!.symbol });
        }
      }
      hashed_bytes += parents * node_bytes;
      hash_calls += parents;
      writeSync(fd, chunk, 0, parents * R);
      remaining -= parents;
    }
    closeSync(below);
    closeSync(fd);
  }

  // The top record is the last chunk's first record.
  const top_hash = new Uint8Array(chunk.subarray(0, HASH_BYTES));
  const totals_minor = assets.map((_, a) => {
    const at = HASH_BYTES + a * AMOUNT_BYTES;
    return (chunk.readBigUInt64BE(at) << 64n) | chunk.readBigUInt64BE(at + 8);
  });

  index.sort();
  const index_bytes = Buffer.from(index.buffer, index.byteOffset, index.byteLength);
  fd = openSync(join(dir, INDEX_FILE), 'w');
  writeSync(fd, index_bytes);
  closeSync(fd);

  const meta: TreeMeta = {
    format: 'hozen-pol-tree/1',
    snapshot_id: input.snapshot_id,
    snapshot_sha256: Buffer.from(snapshot_sha256).toString('hex'),
    exchange: input.exchange,
    as_of: input.as_of,
    assets: assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals })),
    height,
    customers: n,
    record_bytes: R,
  };
  writeFileSync(join(dir, META_FILE), JSON.stringify(meta, null, 2) + '\n');
  return { meta, top_hash, totals_minor, hashed_bytes, hash_calls };
}
