// Splitting a total over weights so that the parts sum exactly to the total (largest remainder,
// Hamilton's method). Used for pro-rata losses, payouts and recoveries over millions of rows.

/**
 * allocate(total, weights)[i] = floor(total × w_i / W) plus one unit for the `total − Σ floors`
 * entries with the largest remainders; ties go to the lower index. Σ result = total exactly, and
 * every part is within one unit of its exact quota.
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
  const remainders = new Array<bigint>(weights.length);
  let assigned = 0n;
  for (let i = 0; i < weights.length; i++) {
    const product = total * weights[i]!;
    const part = product / weight_sum;
    parts[i] = part;
    remainders[i] = product - part * weight_sum;
    assigned += part;
  }
  let leftover = total - assigned;
  if (leftover === 0n) return parts;
  // leftover < number of non-zero remainders, so at most weights.length − 1 units move.
  const order = largestRemainderOrder(remainders, Number(leftover));
  for (const index of order) {
    parts[index] = parts[index]! + 1n;
    leftover -= 1n;
  }
  if (leftover !== 0n) throw new Error('allocate: leftover not exhausted');
  return parts;
}

/** The `count` indices with the largest remainders, ties broken by lower index. */
function largestRemainderOrder(remainders: readonly bigint[], count: number): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < remainders.length; i++) if (remainders[i]! > 0n) candidates.push(i);
  candidates.sort((a, b) => {
    const ra = remainders[a]!;
    const rb = remainders[b]!;
    return ra > rb ? -1 : ra < rb ? 1 : a - b;
  });
  return candidates.slice(0, count);
}

/** The obvious reference: exact quotas as fractions, compared by cross-multiplication. Slow; for tests. */
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
