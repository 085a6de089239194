// One customer's inclusion proof, read from the stored tree: the customer's secret is derived
// again from the master secret, its first four bytes find the candidate slots in the sorted index
// (a binary search by positioned reads), the leaf is recomputed to confirm the slot, and the
// siblings are read one record per level. Nothing but the records on the path is read.

import { parseJsonText } from '../encoding/json.ts';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { INDEX_FILE, levelFile, META_FILE, type TreeMeta } from './build.ts';
import {
  AMOUNT_BYTES,
  customerSecret,
  fromHex,
  HASH_BYTES,
  leafHash,
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

function readAt(fd: number, bytes: number, position: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  let read = 0;
  while (read < bytes) {
    const got = readSync(fd, buffer, read, bytes - read, position + read);
    if (got === 0) throw new Error(`tree file ends before byte ${position + bytes}`);
    read += got;
  }
  return buffer;
}

function recordValue(record: Buffer, assets: number): NodeValue {
  const sums: bigint[] = [];
  for (let a = 0; a < assets; a++) sums.push(readU128(record, HASH_BYTES + a * AMOUNT_BYTES));
  return { hash: new Uint8Array(record.subarray(0, HASH_BYTES)), sums };
}

/** The slots whose index entry carries this key, from the sorted index file. */
function candidateSlots(fd: number, entries: number, key: number): number[] {
  const entryAt = (i: number): bigint => readAt(fd, 8, i * 8).readBigUInt64LE(0);
  let lo = 0;
  let hi = entries;
  const wanted = BigInt(key) << 32n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entryAt(mid) < wanted) lo = mid + 1;
    else hi = mid;
  }
  const slots: number[] = [];
  for (let i = lo; i < entries; i++) {
    const entry = entryAt(i);
    if (entry >> 32n !== BigInt(key)) break;
    slots.push(Number(entry & 0xffffffffn));
  }
  return slots;
}

export function deriveProof(dir: string, master_secret: Uint8Array, account_id: string): ProofJson {
  const meta = readTreeMeta(dir);
  const tree = join(dir, TREE_DIR);
  const A = meta.assets.length;
  const R = meta.record_bytes;
  const sha = fromHex(meta.snapshot_sha256);
  const secret = customerSecret(master_secret, sha, account_id);
  const index_fd = openSync(join(tree, INDEX_FILE), 'r');
  let slots: number[];
  try {
    slots = candidateSlots(index_fd, meta.customers, Buffer.from(secret).readUInt32BE(0));
  } finally {
    closeSync(index_fd);
  }
  const fds: number[] = [];
  try {
    for (let level = 0; level <= meta.height; level++) fds.push(openSync(levelFile(tree, level), 'r'));
    let slot = -1;
    let leaf: NodeValue | undefined;
    for (const candidate of slots) {
      const value = recordValue(readAt(fds[0]!, R, candidate * R), A);
      if (Buffer.from(leafHash(sha, candidate, secret, account_id, value.sums)).equals(value.hash)) {
        slot = candidate;
        leaf = value;
        break;
      }
    }
    if (leaf === undefined) throw new UserError('proof.unknown_account', { account: account_id, snapshot: meta.snapshot_id });
    const path: ProofJson['path'] = [];
    for (let level = 0; level < meta.height; level++) {
      const sibling = recordValue(readAt(fds[level]!, R, ((slot >>> level) ^ 1) * R), A);
      path.push({ hash: toHex(sibling.hash), sums_minor: sibling.sums.map(String) });
    }
    const top = recordValue(readAt(fds[meta.height]!, R, 0), A);
    return {
      format: PROOF_FORMAT,
      ...treeHeaderOf(meta),
      leaf: { index: slot, account_id, secret: toHex(secret), balances_minor: leaf.sums.map(String) },
      path,
      root: { hash: toHex(rootHash(rootHeaderOf(meta), top)), totals_minor: top.sums.map(String) },
    };
  } finally {
    for (const fd of fds) closeSync(fd);
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
