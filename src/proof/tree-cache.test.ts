import { cpSync, mkdtempSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTree } from './build.ts';
import { TREE_DIR } from './derive.ts';
import { ProofTreeCache } from './tree-cache.ts';
import { rowsSource, VECTOR_ASSETS, VECTOR_HEADER } from './vectors.ts';

const work = mkdtempSync(join(tmpdir(), 'hozen-tree-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function tree(dir: string, rows: [string, string, bigint][]): Promise<void> {
  await buildTree({ snapshot_id: '0707070707070707', snapshot_sha256: new Uint8Array(32).fill(7), ...VECTOR_HEADER, assets: VECTOR_ASSETS, master_secret: new Uint8Array(32), min_height: 3, dir: join(dir, TREE_DIR), balances: rowsSource(rows) });
}

describe('the opened trees a service keeps', () => {
  it('opens a tree once, opens it anew once rebuilt in place (after the recheck), and closes the least recently used', async () => {
    const cache = new ProofTreeCache(2, 10);
    const a = join(work, 'a');
    await tree(a, [['A', 'JPY', 1n]]);
    const first = cache.open(a, 0);
    expect(cache.open(a, 5)).toBe(first);
    expect(cache.open(a, 20)).toBe(first); // rechecked, the same files
    // Rebuilt elsewhere and renamed into place, as prove does.
    const b = join(work, 'a.partial');
    await tree(b, [['B', 'JPY', 2n]]);
    rmSync(a, { recursive: true });
    renameSync(b, a);
    expect(cache.open(a, 25)).toBe(first); // within the recheck interval: the open files still serve
    const second = cache.open(a, 40);
    expect(second).not.toBe(first);
    expect(() => first.proof(new Uint8Array(32), 'A')).toThrow('closed');
    expect(second.proof(new Uint8Array(32), 'B').leaf.account_id).toBe('B');
    cpSync(a, join(work, 'c'), { recursive: true });
    cpSync(a, join(work, 'd'), { recursive: true });
    cache.open(join(work, 'c'), 50);
    cache.open(join(work, 'd'), 60);
    expect(cache.size).toBe(2);
    expect(() => second.proof(new Uint8Array(32), 'B')).toThrow('closed');
    expect(() => cache.open(join(work, 'none'), 70)).toThrow(expect.objectContaining({ code: 'proof.no_tree' }));
    cache.close();
  });
});
