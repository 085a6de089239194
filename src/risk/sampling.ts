// Random variates for the loss model: Poisson counts (table inversion), discrete choice (Walker's
// alias), normal, gamma and beta. Floats live here by design: this is the stochastic model, and
// nothing it returns is money until service.ts rounds it explicitly.

import type { Xoshiro128 } from './prng.ts';

/** Poisson tables are built by forward recursion from e^-λ, which must stay a normal double. */
export const POISSON_MEAN_MAX = 500;
/** Tail mass below which a Poisson table stops; far beneath any quantile the engine reports. */
const POISSON_TAIL = 1e-18;

/** Samples Poisson(λ) by inverting a precomputed CDF: one uniform and a binary search per draw. */
export class PoissonTable {
  readonly cdf: Float64Array;

  constructor(readonly mean: number) {
    if (!(mean >= 0 && mean <= POISSON_MEAN_MAX)) throw new RangeError(`Poisson mean must be in [0, ${POISSON_MEAN_MAX}], got ${mean}`);
    const values: number[] = [];
    let pmf = Math.exp(-mean);
    let cumulative = 0;
    for (let k = 0; ; k++) {
      cumulative += pmf;
      values.push(Math.min(cumulative, 1));
      if (k > mean && pmf < POISSON_TAIL) break;
      pmf = (pmf * mean) / (k + 1);
    }
    this.cdf = Float64Array.from(values);
  }

  /** The smallest k with CDF(k) > u; u in [0, 1). */
  sample(u: number): number {
    const cdf = this.cdf;
    if (u < cdf[0]!) return 0;
    let low = 0;
    let high = cdf.length - 1;
    if (u >= cdf[high]!) return high;
    // Invariant: cdf[low] <= u < cdf[high].
    while (high - low > 1) {
      const mid = (low + high) >>> 1;
      if (cdf[mid]! <= u) low = mid;
      else high = mid;
    }
    return high;
  }
}

/** Walker's alias table (Vose's construction): picks index i with probability w_i / Σw in O(1). */
export class AliasTable {
  readonly probability: Float64Array;
  readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('alias table needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`alias weight ${i} is ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('alias table needs a positive total weight');
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i]! * n) / total;
      (scaled[i]! < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding.
    for (const i of large) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
    for (const i of small) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
  }

  /** One uniform in [0, 1) serves both the column and the coin flip. */
  sample(u: number): number {
    const x = u * this.probability.length;
    const column = Math.floor(x);
    return x - column < this.probability[column]! ? column : this.alias[column]!;
  }
}

/** Normal, gamma and beta variates over one generator. Keeps the spare normal of the polar method. */
export class Variates {
  private spare = 0;
  private has_spare = false;

  constructor(readonly rng: Xoshiro128) {}

  /** Standard normal by Marsaglia's polar method. */
  normal(): number {
    if (this.has_spare) {
      this.has_spare = false;
      return this.spare;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * this.rng.next() - 1;
      y = 2 * this.rng.next() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = y * factor;
    this.has_spare = true;
    return x * factor;
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 by the U^(1/shape) boost. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.rng.nextOpen(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.rng.nextOpen();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(alpha, beta) on [0, 1]; exact closed forms when either parameter is 1. */
  beta(alpha: number, beta: number): number {
    if (alpha === 1 && beta === 1) return this.rng.next();
    if (alpha === 1) return 1 - Math.pow(this.rng.nextOpen(), 1 / beta);
    if (beta === 1) return Math.pow(this.rng.nextOpen(), 1 / alpha);
    const x = this.gamma(alpha);
    const y = this.gamma(beta);
    return x / (x + y);
  }
}
