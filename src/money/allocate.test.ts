import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, allocateReference } from './allocate.ts';

// A bug makes shrinking slow on big inputs: fail after 20 s rather than hang, and never pass unfinished.
fc.installGlobalPlugin(fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true }));

const sum = (values: readonly bigint[]): bigint => values.reduce((s, v) => s + v, 0n);
const TWO_60 = 2n ** 60n;

describe('allocate: worked examples', () => {
  it.each([
    // 100 over 1:1:1 → 33⅓ each; floors 99, one unit left, three equal remainders → lowest index.
    [100n, [1n, 1n, 1n], [34n, 33n, 33n]],
    // 2 over 1:1:1 → ⅔ each; floors 0, two units to the two lowest indices.
    [2n, [1n, 1n, 1n], [1n, 1n, 0n]],
    // 10 over 0:1:2 → 0, 3⅓, 6⅔; floors 9, the unit goes to remainder ⅔ (index 2).
    [10n, [0n, 1n, 2n], [0n, 3n, 7n]],
    // Zero weights take nothing; 7 over 0:3:0:4 divides exactly.
    [7n, [0n, 3n, 0n, 4n], [0n, 3n, 0n, 4n]],
    // 10 over 6:6:2 → 4.286, 4.286, 1.429; floors 9; largest remainder .429 → index 2.
    [10n, [6n, 6n, 2n], [4n, 4n, 2n]],
    // 11 over 6:6:2 → 4.714, 4.714, 1.571; floors 9; two units to .714, .714. Index 2 drops 2 → 1
    // although the total grew: the Alabama paradox of largest remainder.
    [11n, [6n, 6n, 2n], [5n, 5n, 1n]],
    // A total equal to the weight sum hands every weight back.
    [15n, [4n, 5n, 6n], [4n, 5n, 6n]],
    // A payout of ¥1,000,001 over three balances 0.5, 0.25, 0.25 BTC (in satoshi):
    // quotas 500,000.5, 250,000.25, 250,000.25 → floors 1,000,000; the unit goes to .5 (index 0).
    [1_000_001n, [50_000_000n, 25_000_000n, 25_000_000n], [500_001n, 250_000n, 250_000n]],
  ])('allocate(%s, %s) = %s', (total, weights, expected) => {
    expect(allocate(total, weights)).toEqual(expected);
    expect(allocateReference(total, weights)).toEqual(expected);
  });

  it('spreads a zero total as zeros, and nothing over no weights', () => {
    expect(allocate(0n, [1n, 2n, 3n])).toEqual([0n, 0n, 0n]);
    expect(allocate(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(allocate(0n, [])).toEqual([]);
  });

  it('refuses what has no answer', () => {
    expect(() => allocate(5n, [0n, 0n])).toThrow(RangeError);
    expect(() => allocate(5n, [])).toThrow(RangeError);
    expect(() => allocate(-1n, [1n])).toThrow(RangeError);
    expect(() => allocate(1n, [1n, -1n, 1n])).toThrow(RangeError);
  });

  it('compares remainders exactly where doubles cannot tell them apart', () => {
    // Total 1: every quota is w_i / W < 1, so the one unit goes to the largest weight. 2^60, 2^60 + 1
    // and 2^60 + 2 are the same double (a double's step at 2^60 is 256).
    expect(allocate(1n, [TWO_60, TWO_60 + 1n, TWO_60 + 2n])).toEqual([0n, 0n, 1n]);
    expect(allocate(1n, [TWO_60 + 2n, TWO_60 + 1n, TWO_60])).toEqual([1n, 0n, 0n]);
    // Total 2 over 2^60, 2^61, 2^60 + 1, 2^60 + 2 (W = 5·2^60 + 3): quotas are 2w/W < 1, the largest
    // remainder 2^62 is clear of the others, the second is 2^61 + 4 against 2^61 + 2 and 2^61.
    expect(allocate(2n, [TWO_60, 2n * TWO_60, TWO_60 + 1n, TWO_60 + 2n])).toEqual([0n, 1n, 0n, 1n]);
    // Equal weights far above 2^53: 2 over 2^60 × 3 → ⅔ each, equal exact remainders 2^61 → lowest indices.
    expect(allocate(2n, [TWO_60, TWO_60, TWO_60])).toEqual([1n, 1n, 0n]);
  });

  it('spreads 10 ETH of recovered wei over balances above 2^63 and conserves every wei', () => {
    // Balances 1, 2 and 3.000000000000000001 ETH: W = 6,000,000,000,000,000,001 wei;
    // total 10^19 wei → quotas 1.666…e18, 3.333…e18, 5e18 + tiny; exactly the reference answer.
    const weights = [10n ** 18n, 2n * 10n ** 18n, 3n * 10n ** 18n + 1n];
    const parts = allocate(10n ** 19n, weights);
    expect(sum(parts)).toBe(10n ** 19n);
    expect(parts).toEqual(allocateReference(10n ** 19n, weights));
  });
});

// Small weights make equal remainders common (the tie-break matters); large ones near 2^60 make
// remainders that doubles merge (the exact comparison matters); mixed sizes cover the rest.
const weight = fc.oneof(
  fc.bigInt({ min: 0n, max: 5n }),
  fc.bigInt({ min: 0n, max: 10n ** 12n }),
  fc.bigInt({ min: TWO_60, max: TWO_60 + 1000n }),
  fc.bigInt({ min: 0n, max: 10n ** 30n }),
);
const weights = fc.array(weight, { minLength: 1, maxLength: 60 }).filter((w) => sum(w) > 0n);
const total = fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: 10n ** 24n }));

describe('allocate: properties', () => {
  it('equals the reference', () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        expect(allocate(t, w)).toEqual(allocateReference(t, w));
      }),
      { numRuns: 3000 },
    );
  });

  it('conserves the total, and every part is strictly within one unit of its quota', () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const parts = allocate(t, w);
        const weight_sum = sum(w);
        expect(sum(parts)).toBe(t);
        parts.forEach((part, i) => {
          const error = part * weight_sum - t * w[i]!; // (part − quota) × W
          expect(-weight_sum < error && error < weight_sum).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0n);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives a larger weight less than a smaller one; equal weights differ by at most the tie unit', () => {
    // Holds for largest remainder: a larger quota has a floor at least as large, and with equal
    // floors a larger remainder, which ranks first for the extra unit.
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const parts = allocate(t, w);
        for (let i = 0; i < w.length; i++) {
          for (let j = 0; j < w.length; j++) {
            if (w[i]! > w[j]!) expect(parts[i]!).toBeGreaterThanOrEqual(parts[j]!);
            // Equal weights: the lower index gets the unit first.
            if (w[i] === w[j] && i < j) expect(parts[i]! - parts[j]!).toBeGreaterThanOrEqual(0n);
            if (w[i] === w[j] && i < j) expect(parts[i]! - parts[j]!).toBeLessThanOrEqual(1n);
          }
          if (w[i] === 0n) expect(parts[i]).toBe(0n);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a larger total may take a unit from a part (Alabama paradox), but never more than one', () => {
    // Increasing the total does NOT keep every part from shrinking: see allocate(10 → 11, [6, 6, 2])
    // above. What holds: part(T + k) ≥ floor(quota(T + k)) ≥ floor(quota(T)) ≥ part(T) − 1.
    fc.assert(
      fc.property(total, fc.bigInt({ min: 1n, max: 1000n }), weights, (t, k, w) => {
        const before = allocate(t, w);
        const after = allocate(t + k, w);
        before.forEach((part, i) => expect(after[i]!).toBeGreaterThanOrEqual(part - 1n));
      }),
      { numRuns: 1000 },
    );
  });

  it('depends only on the weight ratios: scaling every weight changes nothing', () => {
    fc.assert(
      fc.property(total, weights, fc.bigInt({ min: 2n, max: 10n ** 9n }), (t, w, factor) => {
        expect(allocate(t, w.map((x) => x * factor))).toEqual(allocate(t, w));
      }),
      { numRuns: 500 },
    );
  });

  it('matches the reference on 50,000 weights where many remainders tie', () => {
    // Weights 1..7 repeat, so the remainders take a handful of values shared by thousands of rows.
    const many = Array.from({ length: 50_000 }, (_, i) => BigInt((i * 7919) % 7) + 1n);
    for (const t of [0n, 1n, 99_999n, 123_456_789n, 10n ** 20n + 7n]) {
      const parts = allocate(t, many);
      expect(sum(parts)).toBe(t);
      expect(parts).toEqual(allocateReference(t, many));
    }
  });
});
