// One customer's inclusion proof, read from the stored tree: the customer's secret is derived
// again from the master secret, its first four bytes find the candidate slots in the sorted index
// (a binary search by positioned reads), the leaf is recomputed to confirm the slot, and the
// siblings are read one record per level. Nothing but the records on the path is read.

import { parseJsonText } from '../encoding/json.ts';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { INDEX_FILE, levelFile, META_FILE, type TreeMeta } from './build.ts';
import { hash } from 'node:crypto';
import { FastHmac } from './blocks.ts';
import {
  ACCOUNT_ID_BYTES_MAX,
  AMOUNT_BYTES,
  customerSecretPrefix,
  fromHex,
  HASH_BYTES,
  TAG_LEAF,
  PROOF_FORMAT,
  readU128,
  rootHash,
  toHex,
  TREE_FORMAT,
  type LiabilitiesJson,
  type NodeValue,
  type ProofJson,
  type RootHeader,
} from './format.ts';

export const LIABILITIES_FILE = 'liabilities.json';

const sha256 = (bytes: Uint8Array): Buffer => hash('sha256', bytes, 'buffer') as Buffer;
export const TREE_DIR = 'tree';

export function readTreeMeta(dir: string): TreeMeta {
  let text: string;
  try {
    text = readFileSync(join(dir, TREE_DIR, META_FILE), 'utf8');
  } catch {
    throw new UserError('proof.no_tree', { dir });
  }
  return parseJsonText(text) as TreeMeta;
}

function readAt(fd: number, bytes: number, position: number, into: Buffer = Buffer.alloc(bytes)): Buffer {
  let read = 0;
  while (read < bytes) {
    const got = readSync(fd, into, read, bytes - read, position + read);
    if (got === 0) throw new Error(`tree file ends before byte ${position + bytes}`);
    read += got;
  }
  return into;
}

/**
 * The decimal digits of the u128 at `offset`: from a double where the value is below 2^53 (every
 * real balance and sum but the largest), exact there; through BigInt above. The same string as
 * readU128(...).toString() for every value (derive.test.ts holds it to that).
 */
export function u128Decimal(record: Buffer, offset: number): string {
  if (record.readUInt32BE(offset) === 0 && record.readUInt32BE(offset + 4) === 0) {
    const high = record.readUInt32BE(offset + 8);
    if (high < 0x200000) return String(high * 0x100000000 + record.readUInt32BE(offset + 12));
  }
  return readU128(record, offset).toString();
}

/** `"a","b",…`: a record's sums as the proof's JSON writes them (decimal strings need no escaping), appended to parts. */
function sumsParts(record: Buffer, assets: number, parts: string[]): void {
  for (let a = 0; a < assets; a++) parts.push(a === 0 ? '"' : ',"', u128Decimal(record, HASH_BYTES + a * AMOUNT_BYTES), '"');
}

/** One step of a proof's path as proofText writes it: JSON.stringify({ hash, sums_minor }), as one flat string. */
function stepText(record: Buffer, assets: number): string {
  const parts = ['{"hash":"', record.toString('hex', 0, HASH_BYTES), '","sums_minor":['];
  sumsParts(record, assets, parts);
  parts.push(']}');
  return parts.join('');
}

function recordValue(record: Buffer, assets: number): NodeValue {
  const sums: bigint[] = [];
  for (let a = 0; a < assets; a++) sums.push(readU128(record, HASH_BYTES + a * AMOUNT_BYTES));
  return { hash: new Uint8Array(record.subarray(0, HASH_BYTES)), sums };
}

/**
 * What a tree kept open by a service holds in memory (ProofTree's `hold`): the levels from the
 * top down while together they take at most `levels_bytes_max` (a lookup reads from the file only
 * the levels below them); of those, from the top down, the levels whose records' rendered steps
 * are kept once rendered, while at most `steps_bytes_max` (reckoned at two bytes per record byte:
 * a step's text is shorter, V8's header included); and the key of every `index_run`-th index entry
 * (a lookup reads one run of 2 × index_run entries). 10M customers × 10 assets (192-byte records,
 * 24 levels): levels 8…24 held, 24 MiB, their steps kept, at most 48 MiB; a sample of 625 KB; a
 * lookup reads the leaf's pair, 7 levels and 1 KiB of the index, and renders 8 steps.
 */
export interface TreeHolding {
  levels_bytes_max: number;
  steps_bytes_max: number;
  index_run: number;
}

export const TREE_HOLDING: TreeHolding = { levels_bytes_max: 32 * 1024 * 1024, steps_bytes_max: 48 * 1024 * 1024, index_run: 64 };
/** One proof and done: nothing held but the root. */
const HOLD_NOTHING: TreeHolding = { levels_bytes_max: 0, steps_bytes_max: 0, index_run: 0 };

/**
 * A stored tree opened once: its meta read, its files open, its root computed. Each proof then
 * costs the customer's secret, one read of the index (a sample of its keys is in memory), the
 * leaf and one record per level below the levels held in memory (TreeHolding). A long-running
 * front end keeps it (openTree's cache).
 */
export class ProofTree {
  readonly meta: TreeMeta;
  private readonly fds: number[] = [];
  private readonly index_fd: number;
  private readonly sha: Uint8Array;
  private readonly root: ProofJson['root'];
  /** The key of every index_run-th index entry (empty when none is held). */
  private readonly index_sample: Uint32Array;
  private readonly index_run: number;
  private readonly run: Buffer;
  /** Levels top_from… held whole. */
  private readonly top_from: number;
  private readonly top_levels: Buffer[] = [];
  /** The held levels' records as path steps, rendered on first use (the same for every proof through them); undefined for a level too wide to keep them. */
  private readonly top_steps: ((string | undefined)[] | undefined)[] = [];
  /** proofText's lines before the leaf, and from the root on: the same for every proof of the tree. */
  private readonly head_text: string;
  private readonly root_text: string;
  private closed = false;

  /** `hold`: what to keep in memory (a service's tree: TREE_HOLDING, the default); `false` for one proof and done. */
  constructor(
    readonly dir: string,
    hold: TreeHolding | boolean = true,
  ) {
    const holding = hold === true ? TREE_HOLDING : hold === false ? HOLD_NOTHING : hold;
    if (!Number.isInteger(holding.index_run) || holding.index_run < 0 || !(holding.levels_bytes_max >= 0) || !(holding.steps_bytes_max >= 0)) throw new RangeError('tree holding: index_run a count, levels_bytes_max and steps_bytes_max ≥ 0');
    this.meta = readTreeMeta(dir);
    const tree = join(dir, TREE_DIR);
    this.sha = fromHex(this.meta.snapshot_sha256);
    this.index_fd = openSync(join(tree, INDEX_FILE), 'r');
    try {
      for (let level = 0; level <= this.meta.height; level++) this.fds.push(openSync(levelFile(tree, level), 'r'));
      const { height, record_bytes: R, customers } = this.meta;
      // The root is always held; each level below it doubles the bytes.
      let top_from = height;
      let held_bytes = R;
      while (top_from > 0 && held_bytes + R * 2 ** (height - top_from + 1) <= holding.levels_bytes_max) held_bytes += R * 2 ** (height - --top_from);
      this.top_from = top_from;
      let steps_from = height + 1;
      let steps_bytes = 0;
      while (steps_from > top_from && steps_bytes + 2 * R * 2 ** (height - steps_from + 1) <= holding.steps_bytes_max) steps_bytes += 2 * R * 2 ** (height - --steps_from);
      for (let level = top_from; level <= height; level++) {
        this.top_levels.push(readAt(this.fds[level]!, R * 2 ** (height - level), 0));
        this.top_steps.push(level >= steps_from ? [] : undefined);
      }
      this.index_run = holding.index_run;
      this.run = Buffer.alloc(8 * Math.max(1, 2 * this.index_run));
      this.index_sample = new Uint32Array(this.index_run === 0 ? 0 : Math.ceil(customers / this.index_run));
      const chunk_entries = this.index_run * Math.max(1, Math.floor(65_536 / Math.max(1, this.index_run)));
      const chunk = Buffer.alloc(this.index_run === 0 ? 0 : 8 * chunk_entries);
      for (let first = 0; this.index_run > 0 && first < customers; first += chunk_entries) {
        const count = Math.min(chunk_entries, customers - first);
        readAt(this.index_fd, 8 * count, 8 * first, chunk.subarray(0, 8 * count));
        for (let i = 0; i < count; i += this.index_run) this.index_sample[(first + i) / this.index_run] = chunk.readUInt32LE(8 * i + 4);
      }
      const top = recordValue(this.top_levels[height - this.top_from]!, this.meta.assets.length);
      this.root = { hash: toHex(rootHash(rootHeaderOf(this.meta), top)), totals_minor: top.sums.map(String) };
      const text = proofText({ format: PROOF_FORMAT, ...treeHeaderOf(this.meta), leaf: { index: 0, account_id: '', secret: '', balances_minor: [] }, path: [], root: this.root });
      this.head_text = text.slice(0, text.indexOf('  "leaf": '));
      this.root_text = text.slice(text.indexOf('  "root": '));
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The slots whose index entry carries this key: the sample narrows the search to one run of the index file. */
  private candidateSlots(key: number): number[] {
    const entries = this.meta.customers;
    const sample = this.index_sample;
    if (sample.length === 0 && entries > 0) return this.searchedSlots(key);
    // The last sampled run starting at or below the key: the first entry with the key is in it or the next.
    let lo = 0;
    let hi = sample.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sample[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    const first = Math.max(0, lo - 1) * this.index_run;
    const count = Math.min(entries - first, 2 * this.index_run);
    const run = readAt(this.index_fd, 8 * count, 8 * first, this.run.subarray(0, 8 * count));
    const slots: number[] = [];
    for (let i = 0; i < count; i++) {
      const k = run.readUInt32LE(8 * i + 4);
      if (k === key) slots.push(run.readUInt32LE(8 * i));
      else if (k > key) return slots;
    }
    // The key's entries may go on past the two runs read (more entries of one key than a run holds): the search over the file finds them all.
    return first + count < entries && slots.length > 0 ? this.searchedSlots(key) : slots;
  }

  /** The same, by binary search over the index file (about log2(customers) reads of 8 bytes): for a tree opened for one proof. */
  private searchedSlots(key: number): number[] {
    const entries = this.meta.customers;
    const entry = this.run.subarray(0, 8);
    const keyAt = (i: number): number => readAt(this.index_fd, 8, i * 8, entry).readUInt32LE(4);
    let lo = 0;
    let hi = entries;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyAt(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    const slots: number[] = [];
    for (let i = lo; i < entries && keyAt(i) === key; i++) slots.push(entry.readUInt32LE(0));
    return slots;
  }

  /** Record `position` of level `level`: from memory for the small top levels, else one read. */
  private record(level: number, position: number, into: Buffer): Buffer {
    const R = this.meta.record_bytes;
    const top = this.top_levels[level - this.top_from];
    if (top !== undefined) return top.subarray(position * R, (position + 1) * R) as Buffer;
    return readAt(this.fds[level]!, R, position * R, into);
  }

  /** HMAC under the master secret last asked with (pads computed once), and the leaf preimage's buffer. */
  private hmac: { master_secret: Uint8Array; mac: FastHmac } | null = null;
  private preimage = Buffer.alloc(0);

  /**
   * The customer's slot, their secret, and their leaf's record with its sibling (one read of both:
   * they are neighbours); a customer not in the tree is an error. The leaf is confirmed by its
   * hash, whose preimage takes the amounts as the record stores them (the same bytes leafPreimage
   * writes from their values).
   */
  private leafOf(master_secret: Uint8Array, account_id: string): { slot: number; secret: Buffer; pair: Buffer } {
    if (this.closed) throw new Error('proof tree closed');
    const R = this.meta.record_bytes;
    if (this.hmac?.master_secret !== master_secret) this.hmac = { master_secret, mac: new FastHmac(master_secret, customerSecretPrefix(this.sha), ACCOUNT_ID_BYTES_MAX) };
    const id_bytes = Buffer.byteLength(account_id, 'utf8');
    if (id_bytes > ACCOUNT_ID_BYTES_MAX) throw new UserError('proof.unknown_account', { account: account_id, snapshot: this.meta.snapshot_id });
    const secret = this.hmac.mac.digest(account_id);
    // 0x00 ‖ snapshot_sha256 ‖ u64 index ‖ secret ‖ u16 len ‖ account_id ‖ amounts
    const id_at = 1 + HASH_BYTES + 8 + HASH_BYTES + 2;
    const amounts = R - HASH_BYTES;
    if (this.preimage.length < id_at + id_bytes + amounts) this.preimage = Buffer.alloc(id_at + id_bytes + amounts);
    const preimage = this.preimage;
    preimage[0] = TAG_LEAF;
    preimage.set(this.sha, 1);
    secret.copy(preimage, 1 + HASH_BYTES + 8);
    preimage.writeUInt16BE(id_bytes, id_at - 2);
    preimage.write(account_id, id_at, 'utf8');
    const leaves = this.top_levels[-this.top_from];
    let pair: Buffer = Buffer.alloc(leaves === undefined ? 2 * R : 0);
    for (const candidate of this.candidateSlots(secret.readUInt32BE(0))) {
      if (leaves === undefined) readAt(this.fds[0]!, 2 * R, (candidate & ~1) * R, pair);
      else pair = leaves.subarray((candidate & ~1) * R, ((candidate & ~1) + 2) * R) as Buffer;
      const at = (candidate & 1) * R;
      preimage.writeUInt32BE(Math.floor(candidate / 0x100000000), 1 + HASH_BYTES);
      preimage.writeUInt32BE(candidate >>> 0, 1 + HASH_BYTES + 4);
      pair.copy(preimage, id_at + id_bytes, at + HASH_BYTES, at + R);
      if (sha256(preimage.subarray(0, id_at + id_bytes + amounts)).equals(pair.subarray(at, at + HASH_BYTES))) return { slot: candidate, secret, pair };
    }
    throw new UserError('proof.unknown_account', { account: account_id, snapshot: this.meta.snapshot_id });
  }

  proof(master_secret: Uint8Array, account_id: string): ProofJson {
    const { meta } = this;
    const A = meta.assets.length;
    const { slot, secret, pair } = this.leafOf(master_secret, account_id);
    const R = meta.record_bytes;
    const leaf = pair.subarray((slot & 1) * R, (slot & 1) * R + R);
    const path: ProofJson['path'] = [];
    const record = Buffer.alloc(R);
    for (let level = 0; level < meta.height; level++) {
      const sibling = recordValue(level === 0 ? pair.subarray((~slot & 1) * R, (~slot & 1) * R + R) : this.record(level, (slot >>> level) ^ 1, record), A);
      path.push({ hash: toHex(sibling.hash), sums_minor: sibling.sums.map(String) });
    }
    return {
      format: PROOF_FORMAT,
      ...treeHeaderOf(meta),
      leaf: { index: slot, account_id, secret: toHex(secret), balances_minor: recordValue(leaf, A).sums.map(String) },
      path,
      root: { hash: this.root.hash, totals_minor: [...this.root.totals_minor] },
    };
  }

  /**
   * proofText(this.proof(…)), the same bytes, written straight from the records: no proof object,
   * no BigInt below 2^53, the header, the root and the held levels' steps rendered once (the
   * proof endpoint answers with it; derive.test.ts holds it to the reference).
   */
  proofText(master_secret: Uint8Array, account_id: string): string {
    const { meta } = this;
    const A = meta.assets.length;
    const { slot, secret, pair } = this.leafOf(master_secret, account_id);
    const R = meta.record_bytes;
    // Pieces joined once: a string grown by += is a rope of a few thousand pieces, which the
    // response's encoding would flatten at several times the cost of the join (bench/request-cost.ts).
    const parts: string[] = [this.head_text, `  "leaf": {"index":${slot},"account_id":${JSON.stringify(account_id)},"secret":"${secret.toString('hex')}","balances_minor":[`];
    sumsParts(pair.subarray((slot & 1) * R), A, parts);
    parts.push(']},\n  "path": [\n');
    const record = Buffer.alloc(R);
    for (let level = 0; level < meta.height; level++) {
      const position = (slot >>> level) ^ 1;
      const held = this.top_steps[level - this.top_from];
      let step = held?.[position];
      if (step === undefined) {
        step = stepText(level === 0 ? pair.subarray((position & 1) * R) : this.record(level, position, record), A);
        if (held !== undefined) held[position] = step;
      }
      parts.push('    ', step, level === meta.height - 1 ? '\n' : ',\n');
    }
    parts.push('  ],\n', this.root_text);
    return parts.join('');
  }

  /** This tree, when it is of the snapshot the caller means; a tree of another is an error naming both. */
  ofSnapshot(snapshot_id: string): this {
    if (this.meta.snapshot_id !== snapshot_id) throw new UserError('proof.tree_mismatch', { dir: this.dir, found: this.meta.snapshot_id, wanted: snapshot_id });
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of [this.index_fd, ...this.fds]) closeSync(fd);
  }
}

export function deriveProof(dir: string, master_secret: Uint8Array, account_id: string): ProofJson {
  const tree = new ProofTree(dir, false);
  try {
    return tree.proof(master_secret, account_id);
  } finally {
    tree.close();
  }
}

/** What a proof and liabilities.json both say of their tree, in this key order (the files' bytes depend on it). */
function treeHeaderOf(meta: TreeMeta) {
  return { tree_format: TREE_FORMAT, exchange: meta.exchange, snapshot_id: meta.snapshot_id, snapshot_sha256: meta.snapshot_sha256, as_of: meta.as_of, assets: meta.assets, height: meta.height } as const;
}

export const rootHeaderOf = (meta: TreeMeta): RootHeader => ({
  snapshot_sha256: fromHex(meta.snapshot_sha256),
  exchange_id: meta.exchange.id,
  exchange_name: meta.exchange.name,
  as_of: meta.as_of,
  height: meta.height,
  assets: meta.assets,
});

export function liabilitiesJson(meta: TreeMeta, top_hash: Uint8Array, totals_minor: readonly bigint[]): LiabilitiesJson {
  return {
    format: 'hozen-liabilities/1',
    ...treeHeaderOf(meta),
    leaf_count: 2 ** meta.height,
    top_hash: toHex(top_hash),
    totals_minor: totals_minor.map(String),
    root_hash: toHex(rootHash(rootHeaderOf(meta), { hash: top_hash, sums: [...totals_minor] })),
  };
}

/**
 * A proof as a file: one line per field and per step of the path, so that it stays a few KB
 * with many assets and a reader still sees its structure.
 */
export function proofText(proof: ProofJson): string {
  const fields = Object.entries(proof).map(([key, value]) =>
    key === 'path' ? `  "path": [\n${(value as ProofJson['path']).map((step) => `    ${JSON.stringify(step)}`).join(',\n')}\n  ]` : `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{\n${fields.join(',\n')}\n}\n`;
}
