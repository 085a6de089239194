import { describe, expect, it } from 'vitest';
import { demoRandom, Xoshiro128 } from './random.ts';

/** The obvious reference: xoshiro128** written with bigints, masking to 32 bits by hand. */
function referenceXoshiro(state: [bigint, bigint, bigint, bigint]) {
  const mask = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & mask;
  let [s0, s1, s2, s3] = state;
  return (): bigint => {
    const result = (rotl((s1 * 5n) & mask, 7n) * 9n) & mask;
    const t = (s1 << 9n) & mask;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11n);
    return result;
  };
}

describe('Xoshiro128', () => {
  it('matches the bigint reference, including the hand-computed first output', () => {
    // State [1, 2, 3, 4]: result = rotl(2 × 5, 7) × 9 = (10 << 7) × 9 = 1280 × 9 = 11520.
    const fast = new Xoshiro128([1, 2, 3, 4]);
    const reference = referenceXoshiro([1n, 2n, 3n, 4n]);
    expect(fast.uint32()).toBe(11520);
    expect(reference()).toBe(11520n);
    for (let i = 0; i < 10_000; i++) expect(BigInt(fast.uint32())).toBe(reference());
  });

  it('matches the reference from a state with high bits set', () => {
    const state: [number, number, number, number] = [0xdeadbeef, 0x80000001, 0xffffffff, 0x12345678];
    const fast = new Xoshiro128(state);
    const reference = referenceXoshiro(state.map(BigInt) as [bigint, bigint, bigint, bigint]);
    for (let i = 0; i < 1000; i++) expect(BigInt(fast.uint32())).toBe(reference());
  });

  it('refuses the all-zero state, which would only ever give zeros', () => {
    expect(() => new Xoshiro128([0, 0, 0, 0])).toThrow(RangeError);
  });

  it('keeps float in [0, 1), int within its bounds, and pick off zero weights', () => {
    const random = demoRandom(7, 'test');
    let float_min = Infinity;
    let float_max = -Infinity;
    const ints = new Set<number>();
    const picks = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const x = random.float();
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
    return Array.from({ length: 8 }, () => random.uint32());
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
