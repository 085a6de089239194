import { describe, expect, it } from 'vitest';
import { blockState, Xoshiro128 } from './prng.ts';

/** xoshiro128** written the obvious way, in BigInt arithmetic modulo 2^32 (reference path). */
function referenceOutputs(state: [bigint, bigint, bigint, bigint], count: number): number[] {
  const mask = 0xffffffffn;
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & mask;
  let [s0, s1, s2, s3] = state;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s1 * 5n) & mask, 7n) * 9n) & mask));
    const t = (s1 << 9n) & mask;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11n);
  }
  return out;
}

describe('Xoshiro128', () => {
  it('matches a BigInt reference of xoshiro128** for 1000 outputs', () => {
    const rng = new Xoshiro128(Uint32Array.from([1, 2, 3, 4]));
    const fast = Array.from({ length: 1000 }, () => rng.nextUint32());
    expect(fast).toEqual(referenceOutputs([1n, 2n, 3n, 4n], 1000));
    // The first output by hand: rotl(2 × 5, 7) × 9 = 1280 × 9 = 11520.
    expect(fast[0]).toBe(11520);
  });

  it('matches the reference from a high-bit state too', () => {
    const state = blockState(2 ** 40 + 12345, 77, 1);
    const rng = new Xoshiro128(state);
    const fast = Array.from({ length: 200 }, () => rng.nextUint32());
    expect(fast).toEqual(referenceOutputs([BigInt(state[0]!), BigInt(state[1]!), BigInt(state[2]!), BigInt(state[3]!)], 200));
  });

  it('gives each (seed, block, stream) its own stream, and the same one every time', () => {
    const first = (seed: number, block: number, stream: number) => Xoshiro128.forBlock(seed, block, stream).nextUint32();
    expect(first(1, 0, 1)).toBe(first(1, 0, 1));
    const values = new Set([first(1, 0, 1), first(1, 1, 1), first(2, 0, 1), first(1, 0, 2), first(2 ** 32 + 1, 0, 1)]);
    expect(values.size).toBe(5);
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const rng = Xoshiro128.forBlock(9, 0, 1);
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
