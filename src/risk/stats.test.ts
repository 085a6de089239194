import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exceedanceCurve,
  exceedanceProbability,
  meanEstimate,
  returnPeriodLosses,
  sortedAscending,
  tailSortedAscending,
  tailValueAtRisk,
  tailWeights,
  valueAtRisk,
  varRank,
} from './stats.ts';

/** TVaR as the average of the quantile function over (p, 1), integrated step by step (reference path). */
function tvarReference(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  // The empirical quantile function is x_(i) on ((i−1)/n, i/n].
  let integral = 0;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(p, (i - 1) / n);
    const to = i / n;
    if (to > from) integral += (to - from) * sorted[i - 1]!;
  }
  return integral / (1 - p);
}

describe('VaR and TVaR', () => {
  // Ten years, losses 1..10 shuffled. Hand computation at p = 0.85: pN = 8.5, k = ⌈8.5⌉ = 9,
  // VaR = x_(9) = 9; TVaR = (x_(10) + (9 − 8.5) × x_(9)) / (0.15 × 10) = (10 + 4.5) / 1.5 = 9.666…
  const losses = Float64Array.from([3, 9, 1, 10, 6, 2, 8, 4, 7, 5]);

  it('follow the hand computation', () => {
    const sorted = sortedAscending(losses);
    expect(valueAtRisk(sorted, 0.85)).toBe(9);
    expect(tailValueAtRisk(sorted, 0.85)).toBeCloseTo(14.5 / 1.5, 12);
    // p = 0.9: pN = 9 exactly (despite 0.9 × 10 in floating point), VaR = x_(9) = 9, TVaR = x_(10) = 10.
    expect(valueAtRisk(sorted, 0.9)).toBe(9);
    expect(tailValueAtRisk(sorted, 0.9)).toBeCloseTo(10, 12);
  });

  it('take k = ⌈pN⌉ without floating-point overshoot', () => {
    expect(varRank(0.99, 100_000)).toBe(99_000);
    expect(varRank(0.995, 1_000_000)).toBe(995_000);
    expect(varRank(0.999, 1_000)).toBe(999);
    expect(varRank(0.5, 3)).toBe(2);
  });

  it('agree with the quantile-integral reference, and TVaR ≥ VaR ≥ median (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e12, noNaN: true })), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (values, p) => {
          const sorted = sortedAscending(Float64Array.from(values));
          const tvar = tailValueAtRisk(sorted, p);
          expect(Math.abs(tvar - tvarReference(values, p))).toBeLessThanOrEqual(1e-9 * Math.max(1, tvar));
          expect(tvar).toBeGreaterThanOrEqual(valueAtRisk(sorted, p) * (1 - 1e-12));
          expect(valueAtRisk(sorted, p)).toBeGreaterThanOrEqual(valueAtRisk(sorted, 0.5));
        },
      ),
    );
  });

  it('tail weights add up to (1−p)N and reproduce TVaR, ties included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 20, maxLength: 200 }), fc.double({ min: 0.5, max: 0.95, noNaN: true }), (ints, p) => {
        const values = Float64Array.from(ints);
        const sorted = sortedAscending(values);
        const weights = tailWeights(values, p, valueAtRisk(sorted, p));
        let mass = 0;
        let weighted = 0;
        weights.forEach((w, i) => {
          mass += w;
          weighted += w * values[i]!;
        });
        const n = values.length;
        expect(mass).toBeCloseTo((1 - p) * n, 9);
        expect(weighted / ((1 - p) * n)).toBeCloseTo(tailValueAtRisk(sorted, p), 9);
      }),
    );
  });
});

describe('means, exceedance and return periods', () => {
  it('estimate the mean with its standard error', () => {
    // 1, 2, 3, 4: mean 2.5, sample variance 5/3, standard error √(5/3 / 4) = 0.6455.
    const { mean, stderr } = meanEstimate(Float64Array.from([1, 2, 3, 4]));
    expect(mean).toBe(2.5);
    expect(stderr).toBeCloseTo(Math.sqrt(5 / 12), 12);
  });

  it('count strict exceedances', () => {
    expect(exceedanceProbability(Float64Array.from([0, 5, 5, 10]), 5)).toBe(0.25);
  });

  it('read return-period losses off the sorted losses', () => {
    // 1000 years with losses 1..1000: the 10-year loss is VaR at 0.9 = x_(900) = 900.
    const sorted = sortedAscending(Float64Array.from({ length: 1000 }, (_, i) => 1000 - i));
    const rows = returnPeriodLosses(sorted);
    expect(rows.map((r) => r.return_period)).toEqual([2, 5, 10, 20, 25, 50, 100]);
    expect(rows.find((r) => r.return_period === 10)!.loss).toBe(900);
    expect(rows.find((r) => r.return_period === 100)!.loss).toBe(990);
  });

  it('draws a curve whose loss rises with the return period', () => {
    const sorted = sortedAscending(Float64Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000));
    const curve = exceedanceCurve(sorted);
    expect(curve[0]!.return_period).toBe(5000);
    expect(curve[0]!.loss).toBe(4999);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.return_period).toBeLessThan(curve[i - 1]!.return_period);
      expect(curve[i]!.loss).toBeLessThanOrEqual(curve[i - 1]!.loss);
    }
  });
});

describe('tailSortedAscending', () => {
  it('holds from `from` on exactly what the full sort holds there, below it nothing larger', () => {
    fc.assert(
      fc.property(
        // Few distinct values too, as annual losses with many loss-free years have (ties at zero).
        fc.oneof(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 300 })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, at) => {
          const input = Float64Array.from(values);
          const from = Math.min(input.length - 1, Math.floor(at * input.length));
          const full = sortedAscending(input);
          const tail = tailSortedAscending(input, from);
          expect(Array.from(tail.subarray(from))).toEqual(Array.from(full.subarray(from)));
          for (let i = 0; i < from; i++) expect(tail[i]).toBeLessThanOrEqual(tail[from]!);
          for (const p of [0.5, 0.9, 0.99]) {
            if (varRank(p, input.length) - 1 < from) continue;
            expect(valueAtRisk(tail, p)).toBe(valueAtRisk(full, p));
            expect(tailValueAtRisk(tail, p)).toBe(tailValueAtRisk(full, p));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
