// Statistics of simulated annual losses. Definitions (docs/risk-model.md):
//   VaR_p  = x_(k), k = ⌈pN⌉: the smallest simulated loss with empirical CDF ≥ p (lower quantile).
//   TVaR_p = (1 / ((1−p)N)) · (Σ_{i>k} x_(i) + (k − pN) · x_(k)): the expected shortfall of the
//            empirical distribution, i.e. the mean of its worst (1−p) share, counting x_(k) for the
//            fraction of it that falls in that share. Coherent, and ≥ VaR_p.
// Losses are floats here (the model's unit); service.ts turns them into exact minor units.

export const CONFIDENCE_LEVELS = [0.99, 0.995, 0.999] as const;
export const RETURN_PERIODS = [2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000] as const;
/** pN is computed in floating point; this keeps 0.99 × 100000 from rounding up past 99000. */
const RANK_TOLERANCE = 1e-7;

export function sortedAscending(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * A copy whose positions from … N−1 hold exactly what sortedAscending puts there (the rest is
 * below them, in no order): VaR and TVaR at levels whose rank is above `from` read only those, so a
 * run with many loss series (the sector's members) selects each tail in O(N) and sorts only the tail.
 */
export function tailSortedAscending(values: Float64Array, from: number): Float64Array {
  const a = Float64Array.from(values);
  if (from <= 0) return a.sort();
  if (from >= a.length) return a;
  // Hoare's selection: afterwards nothing before `from` is above anything from `from` on.
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (from <= j) hi = j;
    else if (from >= i) lo = i;
    else break;
  }
  a.subarray(from).sort();
  return a;
}

/** k = ⌈pN⌉, at least 1. */
export function varRank(p: number, n: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`confidence must be in (0, 1), got ${p}`);
  if (n < 1) throw new RangeError('no simulated years');
  return Math.max(1, Math.ceil(p * n - RANK_TOLERANCE));
}

export function valueAtRisk(sorted: Float64Array, p: number): number {
  return sorted[varRank(p, sorted.length) - 1]!;
}

export function tailValueAtRisk(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const k = varRank(p, n);
  let sum = Math.max(0, k - p * n) * sorted[k - 1]!;
  for (let i = k; i < n; i++) sum += sorted[i]!;
  return sum / ((1 - p) * n);
}

/**
 * Each year's weight in TVaR_p: 1 above VaR_p, the leftover tail mass shared evenly by the years
 * equal to VaR_p, 0 below. Σ weights = (1−p)N and Σ weight·loss / ((1−p)N) = TVaR_p, so
 * contributions computed with these weights add up to TVaR_p (Euler allocation).
 */
export function tailWeights(values: Float64Array, p: number, var_p: number): Float64Array {
  const n = values.length;
  let above = 0;
  let equal = 0;
  for (let i = 0; i < n; i++) {
    if (values[i]! > var_p) above++;
    else if (values[i] === var_p) equal++;
  }
  const leftover = Math.max(0, (1 - p) * n - above);
  const tie_weight = equal > 0 ? leftover / equal : 0;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = values[i]! > var_p ? 1 : values[i] === var_p ? tie_weight : 0;
  return weights;
}

export interface MeanEstimate {
  mean: number;
  /** Standard error of the mean: sample standard deviation / √N. */
  stderr: number;
}

export function meanEstimate(values: Float64Array): MeanEstimate {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { mean, stderr: n > 1 ? Math.sqrt(squares / (n - 1) / n) : 0 };
}

/** Share of years whose value exceeds the threshold strictly. */
export function exceedanceProbability(values: Float64Array, threshold: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > threshold) count++;
  return count / values.length;
}

export interface CurvePoint {
  return_period: number;
  exceedance_probability: number;
  loss: number;
}

/** Losses at the standard return periods T (the VaR at 1 − 1/T); only T ≤ N / 10, where at least ten years exceed. */
export function returnPeriodLosses(sorted: Float64Array): CurvePoint[] {
  const n = sorted.length;
  return RETURN_PERIODS.filter((t) => t * 10 <= n).map((t) => ({ return_period: t, exceedance_probability: 1 / t, loss: valueAtRisk(sorted, 1 - 1 / t) }));
}

/** The empirical exceedance curve thinned to about `points` log-spaced ranks, for plotting. */
export function exceedanceCurve(sorted: Float64Array, points = 120): CurvePoint[] {
  const n = sorted.length;
  const curve: CurvePoint[] = [];
  let last_rank = 0;
  for (let i = 0; i <= points; i++) {
    // Rank r: the r-th largest value is exceeded or equalled by r years: probability r / N.
    const rank = Math.max(1, Math.round(Math.pow(n, i / points)));
    if (rank === last_rank) continue;
    last_rank = rank;
    curve.push({ return_period: n / rank, exceedance_probability: rank / n, loss: sorted[n - rank]! });
  }
  return curve;
}
