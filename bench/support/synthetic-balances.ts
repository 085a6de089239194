// The synthetic customers the proof benches build their trees from (bench/prove.ts,
// bench/proof-serve.ts --tree-customers): each customer holds every asset, amounts below 2^42 from
// a 32-bit LCG, packed batch by batch as the store's packed reader hands them over. The rows are a
// function of (customers, assets) alone, so two benches over the same count build the same tree.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTree } from '../../src/proof/build.ts';
import { TREE_DIR } from '../../src/proof/derive.ts';
import type { PackedBalances } from '../../src/snapshot/packed-balances.ts';
import type { BalanceSource } from '../../src/snapshot/types.ts';

const SYMBOLS = ['JPY', 'BTC', 'ETH', 'XRP', 'XEM', 'MONA', 'BCH', 'USDC', 'SOL', 'DOGE', 'ADA', 'DOT', 'LTC', 'LINK', 'AVAX', 'TRX'];
export const SYNTHETIC_ASSETS_MAX = SYMBOLS.length;
const BATCH_CUSTOMERS = 8192;

/** The first `asset_count` assets, decimals cycling 0, 8, 18, 6. */
export function syntheticAssets(asset_count: number): { symbol: string; decimals: number }[] {
  if (!Number.isInteger(asset_count) || asset_count < 1 || asset_count > SYMBOLS.length) throw new RangeError(`assets must be 1…${SYMBOLS.length}`);
  return SYMBOLS.slice(0, asset_count).map((symbol, i) => ({ symbol, decimals: [0, 8, 18, 6][i % 4]! }));
}

/** Customer c's account id: sorted as the customers are, so grouping needs no map. */
export const syntheticAccountId = (c: number): string => `C${String(c).padStart(9, '0')}`;

export function syntheticBalances(customers: number, assets: readonly { symbol: string }[]): BalanceSource {
  const asset_count = assets.length;
  return {
    scan: () => {
      throw new Error('bench source is packed only');
    },
    async *scanPacked(): AsyncIterable<PackedBalances> {
      let state = 20_261_125;
      const next = (): number => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0);
      const symbols = assets.map((a) => a.symbol);
      for (let first = 0; first < customers; first += BATCH_CUSTOMERS) {
        const count = Math.min(BATCH_CUSTOMERS, customers - first);
        const length = count * asset_count;
        const id_lines: string[] = new Array(count);
        const asset = new Uint16Array(length);
        const amount_low = new BigUint64Array(length);
        // Amounts written as their 32-bit halves: a BigInt per row would make this source, not the build, the cost.
        const words = new Uint32Array(amount_low.buffer);
        let row = 0;
        for (let c = first; c < first + count; c++) {
          id_lines[c - first] = `${syntheticAccountId(c)}\n`.repeat(asset_count);
          for (let a = 0; a < asset_count; a++) {
            asset[row] = a;
            words[2 * row] = next();
            words[2 * row + 1] = next() & 0x3ff;
            row++;
          }
        }
        const ids = id_lines.join('');
        yield { length, ids: ids.slice(0, -1), symbols, asset, amount_low, amount_high: null };
      }
    },
  };
}

/** The tree header both benches build with: a fixed snapshot, exchange and time. */
export const SYNTHETIC_TREE = {
  snapshot_id: '0707070707070707',
  snapshot_sha256: new Uint8Array(32).fill(7),
  exchange: { id: 'bench', name: 'Bench K.K.' },
  as_of: '2026-11-25T00:00:00+09:00',
  min_height: 16,
} as const;

/**
 * The synthetic tree of `customers` × `asset_count` in `out_dir`/tree, as `hozen prove` lays it
 * out, built unless a tree of the same customers, assets and master secret is already there (a
 * 10M build takes minutes: a bench may keep it between runs). Answers whether it was built.
 */
export async function syntheticTree(out_dir: string, customers: number, asset_count: number, master_secret: Uint8Array): Promise<{ built: boolean; build_ms: number }> {
  const dir = join(out_dir, TREE_DIR);
  const stamp = join(out_dir, 'bench-tree.json');
  const wanted = JSON.stringify({ customers, asset_count, master_sha256: createHash('sha256').update(master_secret).digest('hex') });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return { built: false, build_ms: 0 };
  rmSync(out_dir, { recursive: true, force: true });
  mkdirSync(out_dir, { recursive: true });
  const assets = syntheticAssets(asset_count);
  const started = performance.now();
  await buildTree({ ...SYNTHETIC_TREE, assets, balances: syntheticBalances(customers, assets), master_secret, dir });
  writeFileSync(stamp, wanted);
  return { built: true, build_ms: performance.now() - started };
}
