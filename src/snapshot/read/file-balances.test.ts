import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minorDigits } from './balances.ts';
import { amountMinorAt } from './file-balances.ts';

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
