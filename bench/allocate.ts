// Speed of allocate(): the compensation engine spreads one recovered total over every customer.
//
//   npx tsx bench/allocate.ts [rows…]      (default 1,000,000 and 10,000,000 rows)
//
// Prints rows/s for random wei-sized weights (remainders far above 2^53, so the exact tie path
// is live) and for equal weights (every remainder ties), and, on 100,000 rows, the speed-up over
// allocateReference together with a check that both give the same parts. Setup is not timed.

import { allocate, allocateReference } from '../src/money/allocate.ts';

const REFERENCE_ROWS = 100_000;
const sizes = process.argv.slice(2).map(Number);

/** Deterministic balances of up to ~4.3 ETH in wei, from a 32-bit LCG: no Math.random, same figures each run. */
function weiWeights(rows: number, seed: number): bigint[] {
  let state = seed >>> 0;
  const next = (): number => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0);
  const weights = new Array<bigint>(rows);
  for (let i = 0; i < rows; i++) weights[i] = BigInt(next()) * 1_000_000_000n + BigInt(next() % 1_000_000_000);
  return weights;
}

/** A third of the weight sum, plus a little so that the split is not exact: a realistic partial recovery. */
function recoveredTotal(weights: readonly bigint[]): bigint {
  return weights.reduce((s, w) => s + w, 0n) / 3n + 12_345n;
}

function timeMs(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function row(label: string, rows: number, ms: number): void {
  const rows_per_s = Math.round((rows / ms) * 1000);
  console.log(`${label.padEnd(26)} ${rows.toLocaleString('en').padStart(11)} rows ${ms.toFixed(0).padStart(7)} ms ${rows_per_s.toLocaleString('en').padStart(12)} rows/s`);
}

{
  const weights = weiWeights(REFERENCE_ROWS, 7);
  const total = recoveredTotal(weights);
  let fast: bigint[] = [];
  let reference: bigint[] = [];
  const fast_ms = timeMs(() => (fast = allocate(total, weights)));
  const reference_ms = timeMs(() => (reference = allocateReference(total, weights)));
  const same = fast.length === reference.length && fast.every((part, i) => part === reference[i]);
  row('allocate (wei)', REFERENCE_ROWS, fast_ms);
  row('allocateReference (wei)', REFERENCE_ROWS, reference_ms);
  console.log(`speed-up over the reference: ×${(reference_ms / fast_ms).toFixed(1)}; identical parts: ${same}`);
  if (!same) process.exitCode = 1;
}

/** One timed run per call, so that the previous run's arrays are garbage before the next starts. */
function timeWei(rows: number): void {
  const weights = weiWeights(rows, 1);
  const total = recoveredTotal(weights);
  row('allocate (wei)', rows, timeMs(() => allocate(total, weights)));
}

function timeEqual(rows: number): void {
  // 7 + (rows − 1)/rows units each: every remainder is the same number above 2^53.
  const weights = new Array<bigint>(rows).fill(1_000_000_000_000_000_000n);
  row('allocate (equal weights)', rows, timeMs(() => allocate(BigInt(rows) * 7n + BigInt(rows - 1), weights)));
}

for (const rows of sizes.length > 0 ? sizes : [1_000_000, 10_000_000]) {
  timeWei(rows);
  timeEqual(rows);
}
