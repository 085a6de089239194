// The arithmetic of insurance terms, exact in bigint minor units, shared by policies and
// reinsurance. The fast path (fast.ts) mirrors these rules in doubles; tests hold them equal.

import { divRound, pow10, type Decimal } from '../money/index.ts';
import { SHARE_SCALE_MAX, type Limit, type Reinstatement } from './types.ts';

/** floor(amount × share): an insurer pays whole minor units, never a fraction it does not owe. */
export function shareOf(amount_minor: bigint, share: Decimal): bigint {
  if (share.scale > SHARE_SCALE_MAX || share.coef < 0n) throw new RangeError(`share ${share.coef}e-${share.scale} out of range`);
  return divRound(amount_minor * share.coef, pow10(share.scale), 'floor');
}

/** 1 − share, exactly. */
export function complement(share: Decimal): Decimal {
  const one = pow10(share.scale);
  if (share.coef > one) throw new RangeError('share above 1');
  return { coef: one - share.coef, scale: share.scale };
}

export function minLimit(amount_minor: bigint, limit: Limit): bigint {
  return limit === null || amount_minor <= limit ? amount_minor : limit;
}

export function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Remaining capacity of a limit after `used`; null stays unlimited. */
export function remaining(limit: Limit, used_minor: bigint): Limit {
  if (limit === null) return null;
  return limit > used_minor ? limit - used_minor : 0n;
}

/**
 * The reinstatement premium owed once `reinstated_minor` of an aggregate `limit_minor` has been
 * reinstated in the year: reinstatement j (1-based) restores the band [(j−1)·limit, j·limit) at
 * premium × rate_j per full limit, pro rata as to amount. Rounded down once, on the cumulative
 * amount, so that per-event premiums (differences of this) sum exactly to the year's.
 */
export function cumulativeReinstatementPremium(
  reinstated_minor: bigint,
  limit_minor: bigint,
  rates: readonly Reinstatement[],
  premium_minor: bigint | null,
): bigint {
  if (reinstated_minor === 0n || premium_minor === null || premium_minor === 0n) return 0n;
  const scale = BigInt(SHARE_SCALE_MAX);
  let numerator = 0n;
  let band_start = 0n;
  for (const { premium_rate } of rates) {
    if (band_start >= reinstated_minor) break;
    const band_end = band_start + limit_minor;
    const overlap = (reinstated_minor < band_end ? reinstated_minor : band_end) - band_start;
    numerator += overlap * premium_rate.coef * pow10(Number(scale) - premium_rate.scale);
    band_start = band_end;
  }
  if (band_start < reinstated_minor) throw new RangeError('reinstated beyond the reinstatements bought');
  return divRound(premium_minor * numerator, limit_minor * pow10(Number(scale)), 'floor');
}

/**
 * An annual aggregate limit with reinstatements: a payment erodes what is available, then as much
 * of it as reinstatements allow is restored at once (automatic reinstatement), for a premium.
 * One occurrence can therefore never take more than the limit, and the year at most
 * limit × (1 + reinstatements).
 */
export class ReinstatableAggregate {
  available_minor: bigint;
  reinstated_minor = 0n;
  premium_due_minor = 0n;
  private readonly capacity_minor: bigint;

  constructor(
    readonly limit_minor: bigint,
    readonly reinstatements: readonly Reinstatement[],
    readonly premium_minor: bigint | null,
  ) {
    if (limit_minor <= 0n) throw new RangeError('an aggregate limit must be positive');
    this.available_minor = limit_minor;
    this.capacity_minor = limit_minor * BigInt(reinstatements.length);
  }

  /** Erodes by `paid_minor` (≤ available) and reinstates; returns what was reinstated and its premium. */
  take(paid_minor: bigint): { reinstated_minor: bigint; premium_minor: bigint } {
    if (paid_minor < 0n || paid_minor > this.available_minor) throw new RangeError('payment beyond the aggregate available');
    const left = this.capacity_minor - this.reinstated_minor;
    const reinstated = paid_minor < left ? paid_minor : left;
    const before = cumulativeReinstatementPremium(this.reinstated_minor, this.limit_minor, this.reinstatements, this.premium_minor);
    this.reinstated_minor += reinstated;
    const after = cumulativeReinstatementPremium(this.reinstated_minor, this.limit_minor, this.reinstatements, this.premium_minor);
    this.available_minor += reinstated - paid_minor;
    this.premium_due_minor += after - before;
    return { reinstated_minor: reinstated, premium_minor: after - before };
  }
}
