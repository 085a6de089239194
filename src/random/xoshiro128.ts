// xoshiro128** (Blackman and Vigna): the one pseudo-random core of Hozen, shared by the demo
// generator and the risk engine's simulation. 32-bit arithmetic keeps V8 in small integers; each
// user seeds it its own way (the demo from labelled streams, the risk engine per block of years),
// so that a seed gives the same draws on every machine and Node version (Math.random is neither
// seedable nor stable).

const TWO_POW_MINUS_53 = 1 / 9007199254740992;
const TWO_POW_MINUS_32 = 1 / 4294967296;

export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Four 32-bit state words, not all zero (that state would only ever give zeros). */
  constructor(state: ArrayLike<number>) {
    this.s0 = state[0]! | 0;
    this.s1 = state[1]! | 0;
    this.s2 = state[2]! | 0;
    this.s3 = state[3]! | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const rotated = Math.imul(s1, 5);
    const result = Math.imul((rotated << 7) | (rotated >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits, so that floor(x × 10^15) still takes every value. */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) * TWO_POW_MINUS_53;
  }

  /** A uniform double in (0, 1): safe for logarithms. */
  nextOpen(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  /**
   * A uniform integer in [0, n) for 0 < n ≤ 2^21 (multiply-shift: the product is exact in a double
   * up to 2^21; the bias, below n × 2^-32, is immaterial at these sizes).
   */
  nextIndex(n: number): number {
    return Math.floor(this.nextUint32() * TWO_POW_MINUS_32 * n);
  }
}
