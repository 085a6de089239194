// The simulation's only source of randomness: xoshiro128** (Blackman and Vigna), 32-bit
// arithmetic so that V8 keeps it in small integers, seeded per block of simulated years from
// (seed, block index, stream) by a counter-based hash. A block's draws therefore depend on
// nothing but its own coordinates, which is what makes results independent of the number of
// workers and of the order in which they finish.

/** The largest seed accepted: seeds are split into two 32-bit words. */
export const SEED_MAX = Number.MAX_SAFE_INTEGER;

/** Streams inside one block, so that adding draws to one part never shifts another part's. */
export const STREAM_EVENTS = 1;
export const STREAM_REFERENCE = 2;

const TWO_POW_MINUS_53 = 1 / 9007199254740992;
const TWO_POW_MINUS_32 = 1 / 4294967296;

/** murmur3's 32-bit finaliser: a bijection with full avalanche, the core of the seed hash. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Four well-mixed state words from the block's coordinates; never all zero. */
export function blockState(seed: number, block_index: number, stream: number): Uint32Array {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a safe non-negative integer, got ${seed}`);
  if (!Number.isSafeInteger(block_index) || block_index < 0 || block_index > 0xffffffff) throw new RangeError(`block index out of range: ${block_index}`);
  const seed_low = seed >>> 0;
  const seed_high = Math.floor(seed / 4294967296) >>> 0;
  const state = new Uint32Array(4);
  let h = fmix32(seed_low ^ 0x9e3779b9);
  h = fmix32(h ^ seed_high ^ 0x7f4a7c15);
  h = fmix32(h ^ block_index ^ 0x85a308d3);
  h = fmix32(h ^ stream ^ 0x243f6a88);
  for (let i = 0; i < 4; i++) {
    h = fmix32(h + 0x9e3779b9 * (i + 1));
    state[i] = h;
  }
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  return state;
}

export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: Uint32Array) {
    this.s0 = state[0]! | 0;
    this.s1 = state[1]! | 0;
    this.s2 = state[2]! | 0;
    this.s3 = state[3]! | 0;
  }

  static forBlock(seed: number, block_index: number, stream: number): Xoshiro128 {
    return new Xoshiro128(blockState(seed, block_index, stream));
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

  /** A uniform double in [0, 1) with 53 random bits. */
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
