import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, type BuildInput } from './build.ts';
import { buildTreeReference } from './build-reference.ts';
import { readU128, writeU128 } from './format.ts';
import { deriveProof, liabilitiesJson, ProofTree, TREE_DIR } from './derive.ts';
import { verifyProof } from './verify.ts';
import { UserError } from '../errors.ts';
import { rowsSource, VECTOR_HEADER } from './vectors.ts';
import type { BalanceBatch, BalanceSource } from '../snapshot/types.ts';

const ASSETS = [{ symbol: 'JPY', decimals: 0 }, { symbol: 'BTC', decimals: 8 }, { symbol: 'ETH', decimals: 18 }];

let work = '';
beforeAll(async () => void (work = await mkdtemp(join(tmpdir(), 'hozen-build-'))));
afterAll(async () => rm(work, { recursive: true, force: true }));

/** Every file of a tree directory, by name. */
function files(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))]));
}

function rowsOf(customers: number, seed: number, shuffled: boolean): [string, string, bigint][] {
  let state = seed >>> 0;
  const next = (): number => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0);
  const rows: [string, string, bigint][] = [];
  for (let c = 0; c < customers; c++) {
    const id = `C${String(c).padStart(6, '0')}${c % 7 === 0 ? '保' : ''}`;
    rows.push([id, 'JPY', BigInt(next())]);
    if (c % 2 === 0) rows.push([id, 'BTC', BigInt(next()) * 1000n]);
    if (c % 5 === 0) rows.push([id, 'ETH', (BigInt(next()) << 70n) + BigInt(next())]);
  }
  if (shuffled) for (let i = rows.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

describe('the block-by-block, threaded tree build', () => {
  let round = 0;
  async function compare(rows: [string, string, bigint][], options: Pick<BuildInput, 'threads' | 'block_height' | 'min_height' | 'group_threads' | 'group_serial_rows'>, batch_rows: number[] = []): Promise<void> {
    const dir = join(work, String(round++));
    const input = { snapshot_id: '0707070707070707', snapshot_sha256: new Uint8Array(32).fill(round), ...VECTOR_HEADER, assets: ASSETS, master_secret: new Uint8Array(32).fill(3), dir: join(dir, 'fast') };
    const fast = await buildTree({ ...input, group_threads: 0, ...options, balances: batch_rows.length === 0 ? rowsSource(rows) : batchedSource(rows, batch_rows) });
    const reference = await buildTreeReference({ ...input, min_height: options.min_height, dir: join(dir, 'reference'), balances: rowsSource(rows) });
    expect(fast.meta).toEqual(reference.meta);
    expect(fast.totals_minor).toEqual(reference.totals_minor);
    const a = files(join(dir, 'fast'));
    const b = files(join(dir, 'reference'));
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const name of Object.keys(a)) expect(a[name]!.equals(b[name]!), name).toBe(true);
    await rm(dir, { recursive: true, force: true });
  }

  it('writes the same bytes as the reference build, in threads, over many blocks', async () => {
    // 2^11 slots in blocks of 2^4: 128 blocks shared by two threads; rows out of order (the map).
    await compare(rowsOf(1500, 1, true), { threads: 2, block_height: 4, min_height: 1 });
  });

  it('writes the same bytes in one thread, with ids in order (no map), for any sizes and block heights', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), fc.integer(), async (customers, block_height, min_height, shuffled, seed) => {
        await compare(rowsOf(customers, seed, shuffled), { threads: 1, block_height, min_height });
      }),
      { numRuns: 30 },
    );
  });

  it('writes the same bytes for ids of any length and script (the balances start on each of the four byte alignments)', async () => {
    const id = fc.array(fc.constantFrom('a', 'Z', '9', '-', '保', 'é', '𝔸'), { minLength: 1, maxLength: 40 }).map((chars) => chars.join(''));
    const row = fc.tuple(id, fc.constantFrom('JPY', 'BTC', 'ETH'), fc.bigInt({ min: 0n, max: (1n << 100n) - 1n }));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 5 }), async (rows, block_height) => {
        await compare(rows, { threads: 1, block_height, min_height: 1 });
      }),
      { numRuns: 25 },
    );
  });

  it('says how many threads computed blocks, never more than there are blocks', async () => {
    const dir = join(work, 'count');
    const input = { snapshot_id: '0707070707070707', snapshot_sha256: new Uint8Array(32), ...VECTOR_HEADER, assets: ASSETS, master_secret: new Uint8Array(32), min_height: 3 };
    expect((await buildTree({ ...input, dir: join(dir, 'a'), balances: rowsSource(rowsOf(5, 1, false)), threads: 4 })).threads).toBe(1);
    expect((await buildTree({ ...input, dir: join(dir, 'b'), balances: rowsSource(rowsOf(5, 1, false)), threads: 4, block_height: 2 })).threads).toBe(2);
  });
});

/** The rows in batches of these sizes in turn (the last size repeated), as a store's scan gives them. */
function batchedSource(rows: readonly [string, string, bigint][], sizes: number[]): BalanceSource {
  return {
    async *scan(): AsyncIterable<BalanceBatch> {
      for (let at = 0, n = 0; at < rows.length; n++) {
        const part = rows.slice(at, (at += sizes[Math.min(n, sizes.length - 1)]!));
        yield { length: part.length, account_id: part.map((r) => r[0]), asset: part.map((r) => r[1]), amount_minor: part.map((r) => r[2]) };
      }
    },
  };
}

describe('the rows grouped by customer in threads', () => {
  let round = 0;
  const rows = (customers: number, seed: number, order: 'sorted' | 'shuffled' | 'runs'): [string, string, bigint][] => {
    const all = rowsOf(customers, seed, order === 'shuffled');
    // 'runs': sorted, then a few rows of earlier customers again (one asset set twice, the last row winning, or once more to 0).
    if (order === 'runs') for (let i = 0; i < customers; i += 7) all.push([all[i]![0], all[i]![1], i % 2 === 0 ? 0n : BigInt(i)]);
    return all;
  };

  it('gives the same tree as one thread, wherever the batches and the threads start (inside one account\'s rows too)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom<'sorted' | 'shuffled' | 'runs'>('sorted', 'sorted', 'shuffled', 'runs'),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(0, 1, 5, 40),
        fc.integer(),
        async (customers, order, batch_rows, group_threads, group_serial_rows, seed) => {
          const dir = join(work, `grouped-${round++}`);
          const input = { snapshot_id: '0707070707070707', snapshot_sha256: new Uint8Array(32).fill(5), ...VECTOR_HEADER, assets: ASSETS, master_secret: new Uint8Array(32).fill(3), min_height: 1 };
          const data = rows(customers, seed, order);
          const threaded = await buildTree({ ...input, dir: join(dir, 'threaded'), balances: batchedSource(data, batch_rows), threads: 1, group_threads, group_serial_rows });
          const reference = await buildTreeReference({ ...input, dir: join(dir, 'reference'), balances: rowsSource(data) });
          expect(threaded.meta).toEqual(reference.meta);
          const a = files(join(dir, 'threaded'));
          const b = files(join(dir, 'reference'));
          for (const name of Object.keys(b)) expect(a[name]!.equals(b[name]!), name).toBe(true);
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});

describe('u128 fields', () => {
  /** The byte-by-byte writer the format describes: the reference for the two-halves one. */
  function bytewise(value: bigint): Uint8Array {
    const out = new Uint8Array(16);
    let rest = value;
    for (let i = 15; i >= 0; i--) {
      out[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return out;
  }

  it('are written and read as the byte-by-byte big-endian writer does, at any offset', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 15 }), (value, offset) => {
        const target = new Uint8Array(40);
        writeU128(target, offset, value);
        expect([...target.subarray(offset, offset + 16)]).toEqual([...bytewise(value)]);
        expect(readU128(target, offset)).toBe(value);
      }),
    );
    expect(() => writeU128(new Uint8Array(16), 0, 1n << 128n)).toThrow(RangeError);
    expect(() => writeU128(new Uint8Array(16), 0, -1n)).toThrow(RangeError);
  });
});

describe('a stored tree opened once', () => {
  it("derives every customer's proof, over several runs of the index and levels on disk and in memory", async () => {
    const dir = join(work, 'opened');
    const rows = rowsOf(3000, 9, true);
    const master = new Uint8Array(32).fill(8);
    const built = await buildTree({ snapshot_id: '0707070707070707', snapshot_sha256: new Uint8Array(32).fill(7), ...VECTOR_HEADER, assets: ASSETS, master_secret: master, min_height: 14, dir: join(dir, TREE_DIR), balances: rowsSource(rows) });
    const liabilities = liabilitiesJson(built.meta, built.top_hash, built.totals_minor);
    const tree = new ProofTree(dir);
    try {
      for (const account of new Set(rows.map((r) => r[0]))) {
        const proof = tree.proof(master, account);
        expect(proof).toEqual(deriveProof(dir, master, account));
        expect(verifyProof({ proof, proof_file: 'p', liabilities, account_id: account }).ok).toBe(true);
      }
      expect(() => tree.proof(master, 'nobody')).toThrow(UserError);
    } finally {
      tree.close();
    }
  });
});
