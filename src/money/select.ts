// The k-th largest of millions of numbers without sorting them all: allocate() needs only the
// threshold remainder, and a full sort would cost a factor log n it does not need.

/** Scanning more than this many elements per input element means pivots keep failing. */
const SCANS_PER_ELEMENT_MAX = 8;

/**
 * The k-th largest value of `values` (k = 1 is the maximum); `values` is left permuted.
 * Quickselect with a three-way partition (many remainders are equal when weights are); if the
 * pivots are so unlucky that the scanned work exceeds `scan_budget`, the rest is sorted, which
 * bounds the worst case by O(n log n).
 */
export function kthLargestInPlace(
  values: Float64Array,
  k: number,
  scan_budget: number = SCANS_PER_ELEMENT_MAX * values.length,
): number {
  if (!Number.isInteger(k) || k < 1 || k > values.length) {
    throw new RangeError(`kthLargestInPlace needs 1 ≤ k ≤ ${values.length}, got ${k}`);
  }
  const target = values.length - k; // its position in ascending order
  let low = 0;
  let high = values.length - 1;
  let scanned = 0;
  while (low < high) {
    scanned += high - low + 1;
    if (scanned > scan_budget) {
      values.subarray(low, high + 1).sort();
      return values[target]!;
    }
    const pivot = medianOfThree(values[low]!, values[(low + high) >>> 1]!, values[high]!);
    // Invariant: [low, less) < pivot, [less, i) = pivot, (greater, high] > pivot.
    let less = low;
    let i = low;
    let greater = high;
    while (i <= greater) {
      const value = values[i]!;
      if (value < pivot) {
        values[i] = values[less]!;
        values[less] = value;
        less += 1;
        i += 1;
      } else if (value > pivot) {
        values[i] = values[greater]!;
        values[greater] = value;
        greater -= 1;
      } else {
        i += 1;
      }
    }
    if (target < less) high = less - 1;
    else if (target > greater) low = greater + 1;
    else return pivot;
  }
  return values[target]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
