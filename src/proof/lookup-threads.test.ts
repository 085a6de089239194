// The proof lookups a service hands to its lookup threads: the same text as the tree's own
// proofText, a customer's errors as errors of that lookup alone, a failing thread replaced, and a
// limit on lookups waiting.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTree, levelFile } from './build.ts';
import { ProofTree, TREE_DIR } from './derive.ts';
import { ProofLookupThreads } from './lookup-threads.ts';
import { rowsSource, VECTOR_ASSETS, VECTOR_HEADER } from './vectors.ts';

const execFileAsync = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'hozen-lookups-'));
const MASTER = new Uint8Array(32).fill(3);
const SNAPSHOT = '0707070707070707';
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function tree(name: string, accounts: number): Promise<string> {
  const dir = join(work, name);
  const rows: [string, string, bigint][] = Array.from({ length: accounts }, (_, i) => [`A${i}`, 'JPY', BigInt(i + 1)]);
  await buildTree({ snapshot_id: SNAPSHOT, snapshot_sha256: new Uint8Array(32).fill(7), ...VECTOR_HEADER, assets: VECTOR_ASSETS, master_secret: MASTER, min_height: 3, dir: join(dir, TREE_DIR), balances: rowsSource(rows) });
  return dir;
}

describe('proof lookups in threads', () => {
  it('answer what the tree answers, many at once; a customer not in it, or a tree of another snapshot, fails that lookup alone', async () => {
    const dir = await tree('a', 40);
    const lookups = new ProofLookupThreads(2);
    const reference = new ProofTree(dir);
    try {
      const accounts = Array.from({ length: 40 }, (_, i) => `A${i}`);
      const texts = await Promise.all(accounts.map((account_id) => lookups.text({ dir, snapshot_id: SNAPSHOT, account_id, master_secret: MASTER })));
      expect(texts).toEqual(accounts.map((a) => reference.proofText(MASTER, a)));
      const [unknown, other, missing, again] = await Promise.allSettled([
        lookups.text({ dir, snapshot_id: SNAPSHOT, account_id: 'nobody', master_secret: MASTER }),
        lookups.text({ dir, snapshot_id: 'ffffffffffffffff', account_id: 'A1', master_secret: MASTER }),
        lookups.text({ dir: join(work, 'none'), snapshot_id: SNAPSHOT, account_id: 'A1', master_secret: MASTER }),
        lookups.text({ dir, snapshot_id: SNAPSHOT, account_id: 'A1', master_secret: MASTER }),
      ]);
      expect(unknown).toMatchObject({ status: 'rejected', reason: { name: 'UserError', code: 'proof.unknown_account', params: { account: 'nobody', snapshot: SNAPSHOT } } });
      expect(other).toMatchObject({ status: 'rejected', reason: { code: 'proof.tree_mismatch' } });
      expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'proof.no_tree' } });
      expect(again).toEqual({ status: 'fulfilled', value: texts[1] });
    } finally {
      reference.close();
      await lookups.close();
    }
  });

  it('a thread that fails (a damaged tree) fails its lookup with the error; the next lookup gets a new thread', async () => {
    const dir = await tree('damaged', 40);
    const lookups = new ProofLookupThreads(1);
    try {
      // Level 0 cut short: the thread's opening of the tree, which reads its held levels, fails with a defect, not a customer's error.
      truncateSync(levelFile(join(dir, TREE_DIR), 0), 10);
      await expect(lookups.text({ dir, snapshot_id: SNAPSHOT, account_id: 'A1', master_secret: MASTER })).rejects.toThrow('tree file ends before byte');
      const good = await tree('good', 5);
      await expect(lookups.text({ dir: good, snapshot_id: SNAPSHOT, account_id: 'A2', master_secret: MASTER })).resolves.toContain('"account_id":"A2"');
    } finally {
      await lookups.close();
    }
  });

  it('refuses a lookup beyond the limit of those waiting, as busy', async () => {
    const dir = await tree('busy', 5);
    const lookups = new ProofLookupThreads(1, 1);
    try {
      const first = lookups.text({ dir, snapshot_id: SNAPSHOT, account_id: 'A1', master_secret: MASTER });
      await expect(lookups.text({ dir, snapshot_id: SNAPSHOT, account_id: 'A2', master_secret: MASTER })).rejects.toMatchObject({ code: 'proof.lookups_busy', params: { waiting: 1 } });
      await expect(first).resolves.toContain('"account_id":"A1"');
      await expect(lookups.text({ dir, snapshot_id: SNAPSHOT, account_id: 'A2', master_secret: MASTER })).resolves.toContain('"account_id":"A2"');
    } finally {
      await lookups.close();
    }
  });
});

describe('the process and the lookup threads', () => {
  it('a lookup keeps a script alive until it is answered; idle threads let it end', async () => {
    const dir = await tree('alive', 5);
    const script = `
      import { ProofLookupThreads } from ${JSON.stringify(new URL('./lookup-threads.ts', import.meta.url).href)};
      const lookups = new ProofLookupThreads(1);
      lookups.text({ dir: ${JSON.stringify(dir)}, snapshot_id: '${SNAPSHOT}', account_id: 'A3', master_secret: new Uint8Array(32).fill(3) }).then((text) => console.log(JSON.parse(text).leaf.account_id));
    `;
    const file = join(work, 'script.mts');
    writeFileSync(file, script);
    // Ended by itself: the timeout would fail the test were the idle thread keeping it alive.
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', file], { timeout: 60_000 });
    expect(stdout.trim()).toBe('A3');
  });
});
