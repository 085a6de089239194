import { describe, expect, it } from 'vitest';
import { blockRandom, blockState } from './prng.ts';

// The generator itself is checked against a BigInt reference in src/random/xoshiro128.test.ts.
describe('block seeding', () => {
  it('gives each (seed, block, stream) its own stream, and the same one every time', () => {
    const first = (seed: number, block: number, stream: number) => blockRandom(seed, block, stream).nextUint32();
    expect(first(1, 0, 1)).toBe(first(1, 0, 1));
    const values = new Set([first(1, 0, 1), first(1, 1, 1), first(2, 0, 1), first(1, 0, 2), first(2 ** 32 + 1, 0, 1)]);
    expect(values.size).toBe(5);
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const rng = blockRandom(9, 0, 1);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += u;
      squares += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / n;
    // Mean 1/2 with standard error √(1/12 / n) ≈ 0.00065; variance 1/12.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('rejects seeds it cannot represent exactly', () => {
    expect(() => blockState(-1, 0, 0)).toThrow(RangeError);
    expect(() => blockState(2 ** 53, 0, 0)).toThrow(RangeError);
    expect(() => blockState(1.5, 0, 0)).toThrow(RangeError);
  });
});
