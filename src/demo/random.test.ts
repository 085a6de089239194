import { describe, expect, it } from 'vitest';
import { demoRandom } from './random.ts';

// The xoshiro128** core is checked against a BigInt reference in src/random/xoshiro128.test.ts.
describe('DemoRandom', () => {
  it('keeps next() in [0, 1), int within its bounds, and pick off zero weights', () => {
    const random = demoRandom(7, 'test');
    let float_min = Infinity;
    let float_max = -Infinity;
    const ints = new Set<number>();
    const picks = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const x = random.next();
      float_min = Math.min(float_min, x);
      float_max = Math.max(float_max, x);
      ints.add(random.int(-3, 3));
      picks.add(random.pick([0, 1, 0, 5, 0]));
    }
    expect(float_min).toBeGreaterThanOrEqual(0);
    expect(float_min).toBeLessThan(0.001);
    expect(float_max).toBeLessThan(1);
    expect(float_max).toBeGreaterThan(0.999);
    expect([...ints].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect([...picks].sort((a, b) => a - b)).toEqual([1, 3]);
  });

  it('gives normal deviates with mean ≈ 0 and variance ≈ 1', () => {
    const random = demoRandom(11, 'normal');
    const n = 200_000;
    let sum = 0;
    let sum_squares = 0;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      sum += z;
      sum_squares += z * z;
    }
    // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032; the bounds are ~5 of them.
    expect(Math.abs(sum / n)).toBeLessThan(0.011);
    expect(Math.abs(sum_squares / n - 1)).toBeLessThan(0.016);
  });
});

describe('demoRandom', () => {
  const draws = (seed: number, label: string) => {
    const random = demoRandom(seed, label);
    return Array.from({ length: 8 }, () => random.nextUint32());
  };

  it('is a pure function of seed and label', () => {
    expect(draws(1, 'balances')).toEqual(draws(1, 'balances'));
    expect(draws(1, 'balances')).not.toEqual(draws(2, 'balances'));
    expect(draws(1, 'balances')).not.toEqual(draws(1, 'prices'));
  });

  it('uses the high half of large seeds', () => {
    expect(draws(1, 'x')).not.toEqual(draws(1 + 2 ** 32, 'x'));
    expect(draws(Number.MAX_SAFE_INTEGER, 'x')).toHaveLength(8);
  });

  it('refuses seeds that are not non-negative safe integers', () => {
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => demoRandom(seed, 'x')).toThrow(RangeError);
  });
});
