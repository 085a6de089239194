import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kthLargestInPlace } from './select.ts';

// A bug makes shrinking slow on big inputs: fail after 20 s rather than hang, and never pass unfinished.
fc.installGlobalPlugin(fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true }));

function kthLargestBySorting(values: readonly number[], k: number): number {
  return [...values].sort((a, b) => b - a)[k - 1]!;
}

describe('kthLargestInPlace', () => {
  it('finds the k-th largest of a small example', () => {
    // Descending: 9, 7, 7, 5, 3, 1.
    const values = [5, 1, 7, 3, 9, 7];
    expect([1, 2, 3, 4, 5, 6].map((k) => kthLargestInPlace(Float64Array.from(values), k))).toEqual([9, 7, 7, 5, 3, 1]);
  });

  it('refuses a k outside 1..n', () => {
    expect(() => kthLargestInPlace(Float64Array.from([1, 2]), 0)).toThrow(RangeError);
    expect(() => kthLargestInPlace(Float64Array.from([1, 2]), 3)).toThrow(RangeError);
    expect(() => kthLargestInPlace(new Float64Array(0), 1)).toThrow(RangeError);
    expect(() => kthLargestInPlace(Float64Array.from([1, 2]), 1.5)).toThrow(RangeError);
  });

  // Few distinct values exercise the three-way partition; a zero budget forces the sorting fallback.
  const values = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 200 }),
    fc.array(fc.double({ min: 0, max: 2 ** 90, noNaN: true }), { minLength: 1, maxLength: 200 }),
  );
  const budget = fc.oneof(fc.constant(undefined), fc.constant(0), fc.integer({ min: 1, max: 400 }));

  it('agrees with sorting, whatever the budget, and only permutes its input', () => {
    fc.assert(
      fc.property(values, fc.nat(), budget, (list, seed, scan_budget) => {
        const k = (seed % list.length) + 1;
        const array = Float64Array.from(list);
        expect(kthLargestInPlace(array, k, scan_budget)).toBe(kthLargestBySorting(list, k));
        expect([...array].sort((a, b) => a - b)).toEqual([...list].sort((a, b) => a - b));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles already sorted and reversed runs, the classic worst cases of naive pivots', () => {
    const ascending = Array.from({ length: 10_001 }, (_, i) => i);
    for (const list of [ascending, [...ascending].reverse(), ascending.map((i) => i % 2)]) {
      for (const k of [1, 2, 5_000, 10_000, 10_001]) {
        expect(kthLargestInPlace(Float64Array.from(list), k)).toBe(kthLargestBySorting(list, k));
      }
    }
  });
});
