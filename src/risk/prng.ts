// The simulation's only source of randomness: xoshiro128** (src/random/xoshiro128.ts), seeded
// per block of simulated years from (seed, block index, stream) by a counter-based hash. A block's
// draws therefore depend on nothing but its own coordinates, which is what makes results
// independent of the number of workers and of the order in which they finish.

import { Xoshiro128 } from '../random/xoshiro128.ts';

/** The largest seed accepted: seeds are split into two 32-bit words. */
export const SEED_MAX = Number.MAX_SAFE_INTEGER;

/** Streams inside one block, so that adding draws to one part never shifts another part's. */
export const STREAM_EVENTS = 1;
export const STREAM_REFERENCE = 2;


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

export { Xoshiro128 };

/** The generator of one block of simulated years and one stream. */
export function blockRandom(seed: number, block_index: number, stream: number): Xoshiro128 {
  return new Xoshiro128(blockState(seed, block_index, stream));
}
