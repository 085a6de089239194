// The demo's only source of randomness: xoshiro128** seeded through splitmix32, so a seed gives
// the same files on every machine and Node version (Math.random is neither seedable nor stable).
// Each part of the demo draws from its own labelled stream, so that changing the number of
// accounts leaves the prices, safe assets and contracts of a seed unchanged.

import { Xoshiro128 } from '../random/xoshiro128.ts';

const TWO_POW_32 = 4_294_967_296;

/** splitmix32: spreads a 32-bit input over the whole state; also used to hash labels and seeds. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units: turns a stream label into 32 bits. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The demo's draws on top of the shared xoshiro128** core. */
export class DemoRandom extends Xoshiro128 {
  private spare_normal: number | null = null;

  /** Uniform integer in [min, max], both inclusive; the range is far below 2^53, so bias is nil. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) throw new RangeError(`int(${min}, ${max})`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Standard normal deviate (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare_normal !== null) {
      const spare = this.spare_normal;
      this.spare_normal = null;
      return spare;
    }
    // 1 − next() is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spare_normal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** An index drawn with probability proportional to its weight. */
  pick(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) throw new RangeError('pick needs a positive total weight');
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i]!;
      if (target < 0) return i;
    }
    // Float rounding can leave target at a hair above zero: the last positive weight takes it.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    throw new Error('unreachable: positive total without a positive weight');
  }
}


/** The independent stream `label` of a seed (a non-negative safe integer). */
export function demoRandom(seed: number, label: string): DemoRandom {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  const seed_low = seed % TWO_POW_32;
  const seed_high = Math.floor(seed / TWO_POW_32);
  let x = splitmix32(splitmix32(seed_low) ^ seed_high) ^ hashLabel(label);
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = splitmix32(x);
    state.push(x);
  }
  // splitmix32 is a bijection with splitmix32(0) ≠ 0, so the four words cannot all be zero; the
  // constructor asserts it anyway.
  return new DemoRandom(state);
}
