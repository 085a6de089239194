import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from './xoshiro128.ts';

/** xoshiro128** written the obvious way, in BigInt arithmetic modulo 2^32 (the reference path). */
function referenceOutputs(state: readonly number[], count: number): number[] {
  const mask = 0xffffffffn;
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & mask;
  let [s0, s1, s2, s3] = state.map((v) => BigInt(v >>> 0)) as [bigint, bigint, bigint, bigint];
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
  it('matches the BigInt reference, including the hand-computed first output', () => {
    const rng = new Xoshiro128([1, 2, 3, 4]);
    const fast = Array.from({ length: 10_000 }, () => rng.nextUint32());
    expect(fast).toEqual(referenceOutputs([1, 2, 3, 4], 10_000));
    // State [1, 2, 3, 4]: result = rotl(2 × 5, 7) × 9 = (10 << 7) × 9 = 1280 × 9 = 11520.
    expect(fast[0]).toBe(11520);
  });

  it('matches the reference from a state with high bits set, given as numbers or as a Uint32Array', () => {
    const state = [0xdeadbeef, 0x80000001, 0xffffffff, 0x12345678];
    const expected = referenceOutputs(state, 1000);
    const from_numbers = new Xoshiro128(state);
    const from_words = new Xoshiro128(Uint32Array.from(state));
    expect(Array.from({ length: 1000 }, () => from_numbers.nextUint32())).toEqual(expected);
    expect(Array.from({ length: 1000 }, () => from_words.nextUint32())).toEqual(expected);
  });

  it('refuses the all-zero state, which would only ever give zeros', () => {
    expect(() => new Xoshiro128([0, 0, 0, 0])).toThrow(RangeError);
  });

  it('builds 53-bit uniforms in [0, 1) from two outputs, and open uniforms in (0, 1)', () => {
    const words = new Xoshiro128([5, 6, 7, 8]);
    const uniforms = new Xoshiro128([5, 6, 7, 8]);
    for (let i = 0; i < 1000; i++) {
      const high = words.nextUint32() >>> 5;
      const low = words.nextUint32() >>> 6;
      const u = uniforms.next();
      expect(u).toBe((high * 2 ** 26 + low) / 2 ** 53);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
    const open = new Xoshiro128([9, 9, 9, 9]);
    for (let i = 0; i < 1000; i++) {
      const u = open.nextOpen();
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
    }
  });
});
