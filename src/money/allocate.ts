// Splitting a total over weights so that the parts sum exactly to the total (largest remainder,
// Hamilton's method). Used for pro-rata losses, payouts and recoveries over millions of rows.

import { kthLargestInPlace } from './select.ts';

/**
 * allocate(total, weights)[i] = floor(total × w_i / W) plus one unit for the `total − Σ floors`
 * entries with the largest remainders; ties go to the lower index. Σ result = total exactly, and
 * every part is strictly within one unit of its exact quota.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('allocate needs a non-negative total');
  let weight_sum = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError('allocate needs non-negative weights');
    weight_sum += w;
  }
  const parts = new Array<bigint>(weights.length);
  if (weight_sum === 0n) {
    if (total !== 0n) throw new RangeError('allocate cannot spread a non-zero total over zero weights');
    parts.fill(0n);
    return parts;
  }
  // Number(r) never inverts the order of two remainders (rounding to nearest is monotone); it
  // only merges remainders above 2^53 that are close, and those are compared exactly below.
  const remainder_approx = new Float64Array(weights.length);
  let assigned = 0n;
  for (let i = 0; i < weights.length; i++) {
    const product = total * weights[i]!;
    const part = product / weight_sum;
    parts[i] = part;
    remainder_approx[i] = Number(product - part * weight_sum);
    assigned += part;
  }
  const leftover = Number(total - assigned);
  if (leftover === 0) return parts;
  // leftover × W = Σ remainders and each remainder is < W, so leftover < the number of non-zero
  // remainders: the threshold is ≥ 1 and a zero remainder never receives a unit.
  const threshold = kthLargestInPlace(remainder_approx.slice(), leftover);
  let given = 0;
  let tied = 0;
  for (let i = 0; i < weights.length; i++) {
    const approx = remainder_approx[i]!;
    if (approx > threshold) {
      parts[i] = parts[i]! + 1n;
      given += 1;
    } else if (approx === threshold) {
      tied += 1;
    }
  }
  // Typed, not number[]: with equal balances millions of rows tie, and the heap is already full of bigints.
  const at_threshold = new Uint32Array(tied);
  for (let i = 0, j = 0; j < tied; i++) if (remainder_approx[i] === threshold) at_threshold[j++] = i;
  const winners = Number.isSafeInteger(threshold)
    ? at_threshold // below 2^53 every remainder is exact, so these are true ties, already by index
    : byExactRemainderDescending(at_threshold, total, weights, parts, weight_sum); // their parts are still the floors
  const still_owed = leftover - given;
  if (still_owed < 1 || still_owed > winners.length) throw new Error('allocate: threshold selection is inconsistent');
  for (let k = 0; k < still_owed; k++) {
    const index = winners[k]!;
    parts[index] = parts[index]! + 1n;
  }
  return parts;
}

/** `indices` (increasing) ordered by exact remainder, largest first, ties by lower index. */
function byExactRemainderDescending(
  indices: Uint32Array,
  total: bigint,
  weights: readonly bigint[],
  floors: readonly bigint[],
  weight_sum: bigint,
): ArrayLike<number> {
  // Equal balances, the usual source of merged remainders, have equal remainders: then the order by
  // index stands, and comparing the weights costs no bigint arithmetic.
  const first_weight = weights[indices[0]!]!;
  if (indices.every((i) => weights[i] === first_weight)) return indices;
  const remainders = Array.from(indices, (i) => total * weights[i]! - floors[i]! * weight_sum);
  const order = Array.from(indices.keys());
  order.sort((a, b) => {
    const ra = remainders[a]!;
    const rb = remainders[b]!;
    return ra > rb ? -1 : ra < rb ? 1 : a - b;
  });
  return order.map((position) => indices[position]!);
}

/**
 * The obvious reference: every quota total × w_i / W shares the denominator W, so fractional
 * parts compare as the integer remainders; a full sort of all indices. Slow; for tests.
 */
export function allocateReference(total: bigint, weights: readonly bigint[]): bigint[] {
  const weight_sum = weights.reduce((s, w) => s + w, 0n);
  if (weight_sum === 0n) return weights.map(() => 0n);
  const floors = weights.map((w) => (total * w) / weight_sum);
  const leftover = Number(total - floors.reduce((s, f) => s + f, 0n));
  const indices = weights.map((_, i) => i);
  indices.sort((a, b) => {
    const fa = total * weights[a]! - floors[a]! * weight_sum;
    const fb = total * weights[b]! - floors[b]! * weight_sum;
    if (fa !== fb) return fa > fb ? -1 : 1;
    return a - b;
  });
  for (let k = 0; k < leftover; k++) {
    const index = indices[k]!;
    floors[index] = floors[index]! + 1n;
  }
  return floors;
}
