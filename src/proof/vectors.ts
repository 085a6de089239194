// The test vectors in examples/proof/: a small tree (5 customers, 3 assets, padded to 8 leaves)
// built by the real builder with a published test master secret, every level's records, every
// customer's proof, and liabilities.json. `npx tsx src/proof/vectors.ts` writes them; the tests
// rebuild them and compare byte for byte, and check both verifiers against the committed files.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BalanceBatch, BalanceSource } from '../snapshot/types.ts';
import { buildTree, levelFile } from './build.ts';
import { deriveProof, LIABILITIES_FILE, liabilitiesJson, proofText, TREE_DIR } from './derive.ts';
import { AMOUNT_BYTES, customerSecret, fromHex, HASH_BYTES, readU128, toHex, type ProofAsset, type ProofJson } from './format.ts';

/** Published on purpose: it protects nothing but these vectors. */
export const VECTOR_MASTER_SECRET = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
export const VECTOR_SNAPSHOT_SHA256 = 'b0d1c3a5e7f90817263544536271808f9eadbccbdae9f80716253443526170ff';
export const VECTOR_ASSETS: ProofAsset[] = [
  { symbol: 'JPY', decimals: 0 },
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 18 },
];
/** Rows as balances.csv would list them: one account's rows apart, one id not ASCII. */
export const VECTOR_ROWS: [string, string, bigint][] = [
  ['A0001', 'JPY', 1_250_000n],
  ['A0001', 'BTC', 50_000_000n],
  ['A0002', 'ETH', 3_000_000_000_000_000_000n],
  ['A0003', 'JPY', 0n],
  ['A0001', 'ETH', 1n],
  ['顧客-0004', 'BTC', 123n],
  ['A0005', 'JPY', 999_999_999_999n],
  ['A0005', 'ETH', 340_282_366_920_938_463_463_374_607_431_768n],
];
export const VECTOR_HEADER = { exchange: { id: 'vector-exchange', name: 'Vector Exchange K.K.' }, as_of: '2026-11-25T00:00:00+09:00' };

export function rowsSource(rows: readonly [string, string, bigint][]): BalanceSource {
  return {
    async *scan(): AsyncIterable<BalanceBatch> {
      yield { length: rows.length, account_id: rows.map((r) => r[0]), asset: rows.map((r) => r[1]), amount_minor: rows.map((r) => r[2]) };
    },
  };
}

export interface Vectors {
  /** File name under examples/proof/ → content. */
  files: Map<string, string>;
  proofs: Map<string, ProofJson>;
}

export async function buildVectors(): Promise<Vectors> {
  const work = await mkdtemp(join(tmpdir(), 'hozen-vectors-'));
  try {
    const master = fromHex(VECTOR_MASTER_SECRET);
    const sha = fromHex(VECTOR_SNAPSHOT_SHA256);
    const built = await buildTree({
      snapshot_id: VECTOR_SNAPSHOT_SHA256.slice(0, 16),
      snapshot_sha256: sha,
      ...VECTOR_HEADER,
      assets: VECTOR_ASSETS,
      balances: rowsSource(VECTOR_ROWS),
      master_secret: master,
      min_height: 3,
      dir: join(work, TREE_DIR),
    });
    const files = new Map<string, string>();
    const proofs = new Map<string, ProofJson>();
    const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
    files.set(LIABILITIES_FILE, json(liabilitiesJson(built.meta, built.top_hash, built.totals_minor)));
    const R = built.meta.record_bytes;
    const levels: { hash: string; sums_minor: string[] }[][] = [];
    for (let level = 0; level <= built.meta.height; level++) {
      const bytes = await readFile(levelFile(join(work, TREE_DIR), level));
      const records: { hash: string; sums_minor: string[] }[] = [];
      for (let at = 0; at < bytes.length; at += R) {
        records.push({ hash: toHex(bytes.subarray(at, at + HASH_BYTES)), sums_minor: VECTOR_ASSETS.map((_, a) => String(readU128(bytes, at + HASH_BYTES + a * AMOUNT_BYTES))) });
      }
      levels.push(records);
    }
    const accounts = [...new Set(VECTOR_ROWS.map((r) => r[0]))];
    const secrets = Object.fromEntries(accounts.map((a) => [a, toHex(customerSecret(master, sha, a))]));
    for (const [i, account] of accounts.entries()) {
      const proof = deriveProof(work, master, account);
      proofs.set(account, proof);
      files.set(`proofs/customer-${i + 1}.json`, proofText(proof));
    }
    files.set('tree.json', json({ master_secret: VECTOR_MASTER_SECRET, snapshot_sha256: VECTOR_SNAPSHOT_SHA256, ...VECTOR_HEADER, assets: VECTOR_ASSETS, rows: VECTOR_ROWS.map(([a, s, v]) => [a, s, String(v)]), customer_secrets: secrets, levels }));
    return { files, proofs };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\/src\//, '/src/'))) {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const out = new URL('../../examples/proof/', import.meta.url).pathname;
  const { files } = await buildVectors();
  for (const [name, text] of files) {
    await mkdir(join(out, name, '..'), { recursive: true });
    await writeFile(join(out, name), text);
  }
  console.log(`wrote ${files.size} files to ${out}`);
}
