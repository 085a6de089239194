import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from '../money/index.ts';
import { formatSplitAmount, splitToMinor, type SplitLayout } from './amount-text.ts';

describe('formatSplitAmount', () => {
  it('writes worked examples digit for digit', () => {
    // ETH layout: 8 fraction digits in high, 10 in low. high 123456789 = 1.23456789 ETH; low 42
    // supplies the last ten digits 0000000042: 1.23456789|0000000042 → 1.234567890000000042.
    expect(formatSplitAmount(123_456_789, 42, { high_fraction_digits: 8, low_digits: 10 })).toBe('1.234567890000000042');
    // Trailing zeros go, as in formatAmount: 1.5 BTC is 150000000 sat.
    expect(formatSplitAmount(150_000_000, 0, { high_fraction_digits: 8, low_digits: 0 })).toBe('1.5');
    expect(formatSplitAmount(7, 0, { high_fraction_digits: 0, low_digits: 0 })).toBe('7');
    // high 0 and low 1 of 18 decimals: one wei.
    expect(formatSplitAmount(0, 1, { high_fraction_digits: 8, low_digits: 10 })).toBe('0.000000000000000001');
    expect(formatSplitAmount(300, 0, { high_fraction_digits: 2, low_digits: 1 })).toBe('3');
  });

  it('agrees with formatAmount of the exact minor amount and parses back with the asset decimals', () => {
    const layout = fc
      .record({ high_fraction_digits: fc.integer({ min: 0, max: 12 }), low_digits: fc.integer({ min: 0, max: 15 }) })
      .filter((l) => l.high_fraction_digits + l.low_digits <= 18);
    fc.assert(
      fc.property(layout, fc.nat({ max: 2 ** 47 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (l: SplitLayout, high, low_fraction) => {
        const low = Math.floor(low_fraction * 10 ** l.low_digits);
        const decimals = l.high_fraction_digits + l.low_digits;
        const minor = splitToMinor(high, low, l);
        const text = formatSplitAmount(high, low, l);
        expect(text).toBe(formatAmount(minor, decimals));
        expect(parseAmount(text, decimals)).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses parts that would not be exact', () => {
    expect(() => formatSplitAmount(2 ** 50, 0, { high_fraction_digits: 0, low_digits: 0 })).toThrow(RangeError);
    expect(() => formatSplitAmount(1, 100, { high_fraction_digits: 0, low_digits: 2 })).toThrow(RangeError);
    expect(() => formatSplitAmount(-1, 0, { high_fraction_digits: 0, low_digits: 0 })).toThrow(RangeError);
  });
});
