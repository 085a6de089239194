// The bytes of hozen-pol/1, the proof-of-liabilities sum tree (docs/formats/proof.md is the spec;
// this file and verifier/verify.mjs are two implementations of it that the tests hold to the same
// vectors). Every hash is SHA-256 over a one-byte domain tag and fixed-width fields, so no two
// kinds of preimage can collide and no field can be read as another:
//
//   leaf = H(0x00 ‖ snapshot_sha256 ‖ u64 index ‖ secret ‖ u16 len ‖ account_id ‖ amounts)
//   node = H(0x01 ‖ L.hash ‖ L.sums ‖ R.hash ‖ R.sums)
//   pad  = H(0x02 ‖ snapshot_sha256 ‖ u64 index ‖ pad_key)
//   root = H(0x03 ‖ "hozen-pol/1" ‖ snapshot_sha256 ‖ exchange id, name, as_of (u16 len ‖ UTF-8 each) ‖
//            u8 height ‖ u16 assets ‖ (u8 len ‖ symbol ‖ u8 decimals)* ‖ top.hash ‖ top.sums)
//
// Amounts are unsigned 128-bit big-endian integers of minor units. A balance is at most 10^36 − 1
// minor units (the snapshot format's bound, < 2^120), so a tree of up to 2^8 leaves of maximal
// balances cannot wrap a sum; real sums (every customer's wei of ETH is about 2^87) are nowhere
// near 2^128, and every addition, by the prover and by the verifiers, refuses a carry out of bit
// 127 instead of wrapping.

import { createHmac, hash } from 'node:crypto';

export const TREE_FORMAT = 'hozen-pol/1';
export const PROOF_FORMAT = 'hozen-liability-proof/1';
export const LIABILITIES_FORMAT = 'hozen-liabilities/1';

export const TAG_LEAF = 0x00;
export const TAG_NODE = 0x01;
export const TAG_PAD = 0x02;
export const TAG_ROOT = 0x03;

export const HASH_BYTES = 32;
export const AMOUNT_BYTES = 16;
export const AMOUNT_LIMIT = 1n << 128n;
export const HEIGHT_MAX = 32;
export const ACCOUNT_ID_BYTES_MAX = 0xffff;

export const SECRET_LABEL_CUSTOMER = 'hozen-pol/1 customer';
export const SECRET_LABEL_PADDING = 'hozen-pol/1 padding';
export const SECRET_LABEL_SHUFFLE = 'hozen-pol/1 shuffle';

export interface ProofAsset {
  symbol: string;
  decimals: number;
}

/** A node of the tree as stored and as a proof carries it: its hash and its per-asset sums. */
export interface NodeValue {
  hash: Uint8Array;
  sums: bigint[];
}

/** One record of a level file: hash ‖ sums, 32 + 16 × assets bytes. */
export const recordBytes = (assets: number): number => HASH_BYTES + AMOUNT_BYTES * assets;

const U64_MASK = (1n << 64n) - 1n;

/** Writes value as u128 big-endian: two 64-bit halves (the tests hold it to a byte-by-byte writer). */
export function writeU128(target: Uint8Array, offset: number, value: bigint): void {
  if (value < 0n || value >= AMOUNT_LIMIT) throw new RangeError(`amount ${value} does not fit in 128 unsigned bits`);
  const view = new DataView(target.buffer, target.byteOffset + offset, AMOUNT_BYTES);
  view.setBigUint64(0, value >> 64n);
  view.setBigUint64(8, value & U64_MASK);
}

export function readU128(source: Uint8Array, offset: number): bigint {
  const view = new DataView(source.buffer, source.byteOffset + offset, AMOUNT_BYTES);
  return (view.getBigUint64(0) << 64n) | view.getBigUint64(8);
}

function u64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function amounts(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(AMOUNT_BYTES * values.length);
  values.forEach((v, i) => writeU128(out, i * AMOUNT_BYTES, v));
  return out;
}

const sha256 = (bytes: Uint8Array): Uint8Array => hash('sha256', bytes, 'buffer');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function leafPreimage(snapshot_sha256: Uint8Array, index: number, secret: Uint8Array, account_id: string, balances: readonly bigint[]): Uint8Array {
  const id = utf8(account_id);
  if (id.length > ACCOUNT_ID_BYTES_MAX) throw new RangeError('account id longer than 65535 bytes');
  const len = new Uint8Array([id.length >> 8, id.length & 0xff]);
  return concat([new Uint8Array([TAG_LEAF]), snapshot_sha256, u64(index), secret, len, id, amounts(balances)]);
}

export const leafHash = (snapshot_sha256: Uint8Array, index: number, secret: Uint8Array, account_id: string, balances: readonly bigint[]): Uint8Array =>
  sha256(leafPreimage(snapshot_sha256, index, secret, account_id, balances));

export const padHash = (snapshot_sha256: Uint8Array, index: number, pad_key: Uint8Array): Uint8Array =>
  sha256(concat([new Uint8Array([TAG_PAD]), snapshot_sha256, u64(index), pad_key]));

/** The sum of two children per asset, refusing to wrap. */
export function addSums(left: readonly bigint[], right: readonly bigint[]): bigint[] | null {
  const out: bigint[] = [];
  for (let i = 0; i < left.length; i++) {
    const sum = left[i]! + right[i]!;
    if (sum >= AMOUNT_LIMIT) return null;
    out.push(sum);
  }
  return out;
}

/** H(0x01 ‖ L.hash ‖ L.sums ‖ R.hash ‖ R.sums), the preimage written into one buffer. */
export function nodeHash(left: NodeValue, right: NodeValue): Uint8Array {
  const R = recordBytes(left.sums.length);
  const preimage = new Uint8Array(1 + 2 * R);
  preimage[0] = TAG_NODE;
  for (const [at, node] of [[1, left], [1 + R, right]] as const) {
    if (node.sums.length !== left.sums.length) throw new RangeError('children with different numbers of sums');
    preimage.set(node.hash, at);
    for (let a = 0; a < node.sums.length; a++) writeU128(preimage, at + HASH_BYTES + a * AMOUNT_BYTES, node.sums[a]!);
  }
  return sha256(preimage);
}

/** What the root commits to besides the top node: which tree this is. */
export interface RootHeader {
  snapshot_sha256: Uint8Array;
  exchange_id: string;
  exchange_name: string;
  as_of: string;
  height: number;
  assets: readonly ProofAsset[];
}

function text16(text: string): Uint8Array {
  const bytes = utf8(text);
  if (bytes.length > 0xffff) throw new RangeError('text longer than 65535 bytes');
  return concat([new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

export function rootPreimage(header: RootHeader, top: NodeValue): Uint8Array {
  const asset_bytes = header.assets.map((a) => {
    const symbol = utf8(a.symbol);
    return concat([new Uint8Array([symbol.length]), symbol, new Uint8Array([a.decimals])]);
  });
  return concat([
    new Uint8Array([TAG_ROOT]),
    utf8(TREE_FORMAT),
    header.snapshot_sha256,
    text16(header.exchange_id),
    text16(header.exchange_name),
    text16(header.as_of),
    new Uint8Array([header.height]),
    new Uint8Array([header.assets.length >> 8, header.assets.length & 0xff]),
    ...asset_bytes,
    top.hash,
    amounts(top.sums),
  ]);
}

export const rootHash = (header: RootHeader, top: NodeValue): Uint8Array => sha256(rootPreimage(header, top));

/** HMAC-SHA256(master, label ‖ 0x00 ‖ snapshot_sha256 ‖ extra): the per-snapshot secrets. */
export function deriveSecret(master: Uint8Array, label: string, snapshot_sha256: Uint8Array, extra: Uint8Array = new Uint8Array(0)): Uint8Array {
  return new Uint8Array(createHmac('sha256', master).update(utf8(label)).update(new Uint8Array([0])).update(snapshot_sha256).update(extra).digest());
}

export const customerSecret = (master: Uint8Array, snapshot_sha256: Uint8Array, account_id: string): Uint8Array => deriveSecret(master, SECRET_LABEL_CUSTOMER, snapshot_sha256, utf8(account_id));

/** What a customer's secret's HMAC takes before the account id: label ‖ 0x00 ‖ snapshot_sha256 (for a precomputed HMAC). */
export const customerSecretPrefix = (snapshot_sha256: Uint8Array): Uint8Array => concat([utf8(SECRET_LABEL_CUSTOMER), new Uint8Array([0]), snapshot_sha256]);

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

/** The tree's height for n customers: the next power of two at or above n, and never below min_height. */
export function treeHeight(customers: number, min_height: number): number {
  let height = Math.max(1, min_height);
  while (2 ** height < customers) height++;
  if (height > HEIGHT_MAX) throw new RangeError(`more than 2^${HEIGHT_MAX} customers`);
  return height;
}

/** What liabilities.json holds (published). */
export interface LiabilitiesJson {
  format: typeof LIABILITIES_FORMAT;
  tree_format: typeof TREE_FORMAT;
  exchange: { id: string; name: string };
  snapshot_id: string;
  snapshot_sha256: string;
  as_of: string;
  assets: ProofAsset[];
  height: number;
  leaf_count: number;
  top_hash: string;
  totals_minor: string[];
  root_hash: string;
}

/** What one customer's proof holds (given to that customer alone). */
export interface ProofJson {
  format: typeof PROOF_FORMAT;
  tree_format: typeof TREE_FORMAT;
  exchange: { id: string; name: string };
  snapshot_id: string;
  snapshot_sha256: string;
  as_of: string;
  assets: ProofAsset[];
  height: number;
  leaf: { index: number; account_id: string; secret: string; balances_minor: string[] };
  /** Siblings from the leaf's level up; the side of each follows from the bits of leaf.index. */
  path: { hash: string; sums_minor: string[] }[];
  root: { hash: string; totals_minor: string[] };
}
