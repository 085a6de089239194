import fc from 'fast-check';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAmount } from '../money/index.ts';
import { DEMO_ASSETS } from './assets.ts';
import { splitToMinor } from './amount-text.ts';
import { BALANCES_HEADER, ExactSplitSums, writeBalances } from './balances.ts';
import { holdingAssets } from './holdings.ts';
import { demoRandom } from './random.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('ExactSplitSums', () => {
  it('equals the bigint sum of the amounts, also across many flushes of large parts', () => {
    const layout = { high_fraction_digits: 8, low_digits: 10 };
    const part = fc.tuple(fc.nat({ max: 2 ** 47 - 1 }), fc.nat({ max: 10 ** 10 - 1 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 600 }), (parts) => {
        const sums = new ExactSplitSums([layout]);
        let reference = 0n;
        for (const [high, low] of parts) {
          sums.add(0, high, low);
          reference += splitToMinor(high, low, layout);
        }
        expect(sums.total(0)).toBe(reference);
      }),
      { numRuns: 200 },
    );
  });

  it('stays exact where a plain float sum does not: 128 parts of 2^47 − 1', () => {
    const sums = new ExactSplitSums([{ high_fraction_digits: 0, low_digits: 0 }]);
    let float_sum = 0;
    for (let i = 0; i < 128; i++) {
      sums.add(0, 2 ** 47 - 1, 0);
      float_sum += 2 ** 47 - 1;
    }
    // 128 × (2^47 − 1) = 2^54 − 128. Past 2^53 a float holds only even integers, so adding the odd
    // part rounds: the float sum drifts (to 2^54 − 64) while the exact sum does not.
    expect(sums.total(0)).toBe(2n ** 54n - 128n);
    expect(BigInt(float_sum)).not.toBe(2n ** 54n - 128n);
  });
});

describe('writeBalances', () => {
  const assets = holdingAssets(new Map(DEMO_ASSETS.map((a) => [a.symbol, a.price_level_jpy])));
  const write = async (name: string, chunk_chars?: number) => {
    const dir = await mkdtemp(join(tmpdir(), 'hozen-demo-balances-'));
    dirs.push(dir);
    const path = join(dir, name);
    const file = await open(path, 'w');
    const progress: number[] = [];
    try {
      const totals = await writeBalances({
        file,
        accounts: 3000,
        assets,
        random: demoRandom(5, 'balances'),
        on_progress: (rows) => progress.push(rows),
        ...(chunk_chars === undefined ? {} : { chunk_chars }),
      });
      return { totals, progress, text: await readFile(path, 'utf8') };
    } finally {
      await file.close();
    }
  };

  it('writes parseable rows whose sums equal the returned totals', async () => {
    const { totals, progress, text } = await write('balances.csv');
    expect(text.startsWith(BALANCES_HEADER)).toBe(true);
    const lines = text.slice(BALANCES_HEADER.length).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(totals.rows);
    const decimals = new Map(DEMO_ASSETS.map((a) => [a.symbol, a.decimals]));
    const sums = new Map(DEMO_ASSETS.map((a) => [a.symbol, 0n]));
    const accounts = new Set<string>();
    for (const line of lines) {
      const [account_id, asset, amount] = line.split(',') as [string, string, string];
      expect(account_id).toMatch(/^C\d{8}$/);
      accounts.add(account_id);
      const minor = parseAmount(amount, decimals.get(asset)!);
      expect(minor > 0n).toBe(true);
      sums.set(asset, sums.get(asset)! + minor);
    }
    expect(accounts.size).toBe(3000);
    expect(totals.total_minor).toEqual(sums);
    expect(progress).toEqual([totals.rows]);
  });

  it('writes the same bytes in many small chunks, reporting rising progress as they land', async () => {
    const whole = await write('whole.csv');
    const chunked = await write('chunked.csv', 2000);
    expect(chunked.text).toBe(whole.text);
    expect(chunked.totals).toEqual(whole.totals);
    // ~150 KB of rows in chunks of ≥ 2000 characters: dozens of writes.
    expect(chunked.progress.length).toBeGreaterThan(20);
    for (let k = 1; k < chunked.progress.length; k++) expect(chunked.progress[k]!).toBeGreaterThan(chunked.progress[k - 1]!);
    expect(chunked.progress.at(-1)).toBe(whole.totals.rows);
  });
});
