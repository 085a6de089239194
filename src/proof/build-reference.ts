// The reference build of the proof tree: the same files as build.ts, computed the plain way —
// every leaf, padding leaf and node through format.ts's spec-level functions (BigInt sums, one
// array of nodes per level, one thread) — for the tests to hold the fast, threaded build to.
// Memory grows with the tree: for test trees only.

import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { addSums, customerSecret, nodeHash, padHash, leafHash, recordBytes, HASH_BYTES, AMOUNT_BYTES, writeU128, type NodeValue } from './format.ts';
import { finishBuild, prepareBuild, type BuildInput, type BuildResult } from './build.ts';
import { CustomerView } from './customers.ts';
import { levelFile } from './files.ts';

function writeLevel(dir: string, level: number, nodes: readonly NodeValue[], asset_count: number): void {
  const R = recordBytes(asset_count);
  const bytes = Buffer.alloc(nodes.length * R);
  nodes.forEach((node, i) => {
    bytes.set(node.hash, i * R);
    node.sums.forEach((sum, a) => writeU128(bytes, i * R + HASH_BYTES + a * AMOUNT_BYTES, sum));
  });
  const fd = openSync(levelFile(dir, level), 'w');
  writeSync(fd, bytes);
  closeSync(fd);
}

export async function buildTreeReference(input: BuildInput): Promise<BuildResult> {
  // The rows grouped in this thread alone: the tests hold the threaded grouping to it.
  const prepared = await prepareBuild(input, { threads: 0 });
  const { height } = prepared;
  const A = input.assets.length;
  const customers = new CustomerView(prepared.customers);
  const customer_at = new Uint32Array(prepared.customer_at);
  const index = new BigUint64Array(prepared.index);
  const balances = Buffer.alloc(customers.stride);
  mkdirSync(input.dir, { recursive: true });

  let level: NodeValue[] = [];
  for (let s = 0; s < 2 ** height; s++) {
    const c = customer_at[s]!;
    if (c === 0) {
      level.push({ hash: padHash(input.snapshot_sha256, s, prepared.pad_key), sums: new Array<bigint>(A).fill(0n) });
      continue;
    }
    const account_id = customers.idOf(c - 1);
    customers.copyBalances(c - 1, balances, 0);
    const sums = Array.from({ length: A }, (_, a) => (balances.readBigUInt64BE(a * 16) << 64n) | balances.readBigUInt64BE(a * 16 + 8));
    const secret = customerSecret(input.master_secret, input.snapshot_sha256, account_id);
    level.push({ hash: leafHash(input.snapshot_sha256, s, secret, account_id, sums), sums });
    index[c - 1] = (BigInt(Buffer.from(secret).readUInt32BE(0)) << 32n) | BigInt(s);
  }
  writeLevel(input.dir, 0, level, A);
  for (let l = 1; l <= height; l++) {
    const parents: NodeValue[] = [];
    for (let p = 0; p < level.length / 2; p++) {
      const left = level[2 * p]!;
      const right = level[2 * p + 1]!;
      const sums = addSums(left.sums, right.sums);
      if (sums === null) throw new Error('sum overflow');
      parents.push({ hash: nodeHash(left, right), sums });
    }
    writeLevel(input.dir, l, parents, A);
    level = parents;
  }
  const top = Buffer.alloc(recordBytes(A));
  top.set(level[0]!.hash, 0);
  level[0]!.sums.forEach((sum, a) => writeU128(top, HASH_BYTES + a * AMOUNT_BYTES, sum));
  return finishBuild(input, prepared, top, { hashed_bytes: 0, hash_calls: 0 }, 1, performance.now());
}
