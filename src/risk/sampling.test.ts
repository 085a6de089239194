import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockRandom } from './prng.ts';
import { AliasTable, PoissonTable, Variates } from './sampling.ts';

/** Poisson CDF computed term by term in log space (reference path): ln p(k) = −λ + k ln λ − ln k!. */
function poissonCdfReference(mean: number, k: number): number {
  let sum = 0;
  let log_factorial = 0;
  for (let j = 0; j <= k; j++) {
    if (j > 0) log_factorial += Math.log(j);
    sum += Math.exp(-mean + (mean === 0 ? 0 : j * Math.log(mean)) - log_factorial);
  }
  return sum;
}

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe('PoissonTable', () => {
  it('inverts the CDF exactly where the reference CDF says', () => {
    for (const mean of [0.05, 1, 3.7, 42, 480]) {
      const table = new PoissonTable(mean);
      for (let k = 0; k < Math.min(table.cdf.length - 1, mean * 3 + 20); k++) {
        const cdf = poissonCdfReference(mean, k);
        expect(Math.abs(table.cdf[k]! - cdf)).toBeLessThan(1e-10);
        // Just below CDF(k) the sample is at most k; just above, more than k.
        if (cdf > 1e-9 && cdf < 1 - 1e-9) {
          expect(table.sample(cdf - 1e-9)).toBeLessThanOrEqual(k);
          expect(table.sample(cdf + 1e-9)).toBeGreaterThan(k);
        }
      }
    }
  });

  it('is monotone in u and never negative', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (mean, u, v) => {
        const table = new PoissonTable(mean);
        const [low, high] = u <= v ? [u, v] : [v, u];
        expect(table.sample(low)).toBeLessThanOrEqual(table.sample(high));
        expect(table.sample(low)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('has mean and variance λ', () => {
    const rng = blockRandom(3, 0, 1);
    const table = new PoissonTable(2.5);
    const { mean, variance } = moments(() => table.sample(rng.next()), 200_000);
    // Standard error of the mean √(2.5 / 200000) ≈ 0.0035.
    expect(Math.abs(mean - 2.5)).toBeLessThan(0.015);
    expect(Math.abs(variance - 2.5)).toBeLessThan(0.05);
  });

  it('refuses means it cannot tabulate', () => {
    expect(() => new PoissonTable(-1)).toThrow(RangeError);
    expect(() => new PoissonTable(501)).toThrow(RangeError);
    expect(() => new PoissonTable(NaN)).toThrow(RangeError);
  });
});

describe('AliasTable', () => {
  it('gives each index exactly its share of [0, 1)', () => {
    const weights = [0.5, 3, 0, 1.25, 0.25];
    const table = new AliasTable(weights);
    const total = weights.reduce((s, w) => s + w, 0);
    const grid = 1_000_000;
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < grid; i++) counts[table.sample((i + 0.5) / grid)]!++;
    weights.forEach((w, i) => expect(Math.abs(counts[i]! / grid - w / total)).toBeLessThan(1e-5));
  });

  it('matches the weights for random tables (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }).filter((w) => w.some((x) => x > 0)), (weights) => {
        const table = new AliasTable(weights);
        const total = weights.reduce((s, w) => s + w, 0);
        const grid = 20_000;
        const counts = new Array<number>(weights.length).fill(0);
        for (let i = 0; i < grid; i++) counts[table.sample((i + 0.5) / grid)]!++;
        // The grid resolves each column's split to within one step per column.
        weights.forEach((w, i) => expect(Math.abs(counts[i]! / grid - w / total)).toBeLessThanOrEqual((2 * weights.length) / grid + 1e-12));
        weights.forEach((w, i) => {
          if (w === 0) expect(counts[i]).toBe(0);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('refuses tables without weight', () => {
    expect(() => new AliasTable([])).toThrow(RangeError);
    expect(() => new AliasTable([0, 0])).toThrow(RangeError);
    expect(() => new AliasTable([1, -1])).toThrow(RangeError);
  });
});

describe('Variates', () => {
  const n = 200_000;

  it('draws standard normals', () => {
    const v = new Variates(blockRandom(5, 0, 1));
    const { mean, variance } = moments(() => v.normal(), n);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
  });

  it.each([0.3, 1, 2.5, 40])('draws Gamma(%d) with mean and variance equal to the shape', (shape) => {
    const v = new Variates(blockRandom(6, 0, 1));
    const { mean, variance } = moments(() => v.gamma(shape), n);
    expect(Math.abs(mean - shape) / shape).toBeLessThan(0.01);
    expect(Math.abs(variance - shape) / shape).toBeLessThan(0.03);
  });

  it.each([
    [2, 5],
    [1, 3],
    [3, 1],
    [1, 1],
    [0.5, 0.5],
  ])('draws Beta(%d, %d) in [0, 1] with mean α/(α+β) and variance αβ/((α+β)²(α+β+1))', (alpha, beta) => {
    const v = new Variates(blockRandom(7, 0, 1));
    let outside = 0;
    const { mean, variance } = moments(() => {
      const x = v.beta(alpha, beta);
      if (!(x >= 0 && x <= 1)) outside++;
      return x;
    }, n);
    const s = alpha + beta;
    expect(outside).toBe(0);
    expect(Math.abs(mean - alpha / s)).toBeLessThan(0.003);
    expect(Math.abs(variance - (alpha * beta) / (s * s * (s + 1)))).toBeLessThan(0.002);
  });
});
