import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawAccounts, drawScore } from './draw.ts';
import { rowsSource } from './vectors.ts';

describe('the random draw', () => {
  it('draws the accounts of the smallest scores, whatever the row order, with their balances summed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '保'), fc.constantFrom('JPY', 'BTC'), fc.bigInt({ min: 0n, max: 10n ** 20n })), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        async (rows, count, seed) => {
          const accounts = [...new Set(rows.map((r) => r[0]))];
          const expected = accounts.sort((x, y) => drawScore(seed, x).compare(drawScore(seed, y))).slice(0, count);
          const drawn = await drawAccounts(rowsSource(rows), seed, count);
          expect(drawn.map((d) => d.account_id)).toEqual(expected);
          for (const d of drawn) for (const asset of ['JPY', 'BTC']) expect(d.balances_minor.get(asset) ?? 0n).toBe(rows.filter((r) => r[0] === d.account_id && r[1] === asset).reduce((s, r) => s + r[2], 0n));
          expect((await drawAccounts(rowsSource([...rows].reverse()), seed, count)).map((d) => d.account_id)).toEqual(expected);
        },
      ),
    );
  });
});
