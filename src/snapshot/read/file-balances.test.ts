import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unpackBalances, type PackedBalances } from '../packed-balances.ts';
import type { AssetSpec, BalanceBatch } from '../types.ts';
import { minorDigits } from './balances.ts';
import { amountMinorAt, fileBalances, SCAN_THREAD_ROWS_MIN } from './file-balances.ts';

describe('amountMinorAt', () => {
  it('reads every amount the validator accepts as minorDigits does, short or long', () => {
    const amount = fc
      .tuple(fc.stringMatching(/^[0-9]{1,22}$/), fc.option(fc.stringMatching(/^[0-9]{1,18}$/), { nil: undefined }), fc.integer({ min: 0, max: 18 }))
      .filter(([, fraction, decimals]) => (fraction?.length ?? 0) <= decimals);
    fc.assert(
      fc.property(amount, fc.string({ maxLength: 4 }), ([whole, fraction, decimals], around) => {
        const text = fraction === undefined ? whole : `${whole}.${fraction}`;
        const line = `${around},${text}\n`;
        const start = around.length + 1;
        expect(amountMinorAt(line, start, start + text.length, decimals)).toBe(BigInt(minorDigits(text, decimals)!));
      }),
      { numRuns: 3000 },
    );
    // 15 digits are read as a double; 16 go the long way; both exact.
    expect(amountMinorAt('999999999999999', 0, 15, 0)).toBe(999_999_999_999_999n);
    expect(amountMinorAt('9007199254740993', 0, 16, 0)).toBe(9_007_199_254_740_993n);
    expect(amountMinorAt('1.5', 0, 3, 18)).toBe(1_500_000_000_000_000_000n);
  });

  it('stops on an amount the validator would have refused: the file changed since', () => {
    expect(() => amountMinorAt('1x5', 0, 3, 2)).toThrow(/changed after validation/);
    expect(() => amountMinorAt('1.2.3', 0, 5, 2)).toThrow(/changed after validation/);
    expect(() => amountMinorAt('1.234', 0, 5, 2)).toThrow(/changed after validation/);
    expect(() => amountMinorAt('', 0, 0, 2)).toThrow(/changed after validation/);
  });
});

describe('fileBalances scans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hozen-file-balances-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const assets = new Map<string, AssetSpec>([
    ['BTC', { symbol: 'BTC', decimals: 8, kind: 'crypto' }],
    ['ETH', { symbol: 'ETH', decimals: 18, kind: 'crypto' }],
  ]);
  const lines = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? `A${i},ETH,${i}.123456789012345678` : i % 7 === 0 ? `"B,${i}",BTC,0.${String(i).padStart(8, '0')}` : `A${i},BTC,${i}`));
  const path = join(dir, 'balances.csv');
  writeFileSync(path, 'account_id,asset,amount\n' + lines.join('\n') + '\n');

  async function rows(batches: AsyncIterable<BalanceBatch>): Promise<string[]> {
    const out: string[] = [];
    for await (const b of batches) for (let i = 0; i < b.length; i++) out.push(`${b.account_id[i]}|${b.asset[i]}|${b.amount_minor[i]}`);
    return out;
  }
  async function* unpacked(packed: AsyncIterable<PackedBalances>): AsyncIterable<BalanceBatch> {
    for await (const p of packed) yield unpackBalances(p);
  }

  it('hands over the same rows packed, in this thread and from the reader thread', async () => {
    const expected = await rows(fileBalances(path, assets, 0).scan({ batch_rows: 1000 }));
    expect(expected).toHaveLength(30_000);
    expect(expected[7]).toBe('B,7|BTC|7');
    expect(expected[3]).toBe('A3|ETH|3123456789012345678');
    for (const threaded_rows of [0, SCAN_THREAD_ROWS_MIN]) {
      const source = fileBalances(path, assets, threaded_rows);
      expect(await rows(unpacked(source.scanPacked!({ batch_rows: 1000 })))).toEqual(expected);
      expect(await rows(unpacked(source.scanPacked!({ batch_rows: 333, assets: ['ETH'] })))).toEqual(expected.filter((r) => r.includes('|ETH|')));
    }
  });

  it('stops the reader thread when the consumer stops, and reports its failure', async () => {
    const source = fileBalances(path, assets, SCAN_THREAD_ROWS_MIN);
    for await (const packed of source.scanPacked!({ batch_rows: 100 })) {
      expect(packed.length).toBe(100);
      break;
    }
    const changed = join(dir, 'changed.csv');
    writeFileSync(changed, 'account_id,asset,amount\nA,BTC,1\nB,BTC,1x\n');
    await expect(rows(unpacked(fileBalances(changed, assets, SCAN_THREAD_ROWS_MIN).scanPacked!()))).rejects.toThrow(/changed after validation/);
  });
});
