// Every rounding in Hozen goes through divRound with a named mode, so that the mode is always
// visible at the call site and documented in the output that depends on it.

export const ROUNDING_MODES = ['floor', 'ceil', 'half-up', 'half-even'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export function isRoundingMode(value: unknown): value is RoundingMode {
  return typeof value === 'string' && (ROUNDING_MODES as readonly string[]).includes(value);
}

/**
 * numerator / denominator rounded to an integer.
 * floor: toward −∞; ceil: toward +∞; half-up: nearest, ties away from zero;
 * half-even: nearest, ties to the even neighbour (banker's rounding).
 */
export function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError('divRound needs a positive denominator');
  // BigInt division truncates toward zero; derive floor first, then adjust.
  let quotient = numerator / denominator;
  let remainder = numerator % denominator;
  if (remainder < 0n) {
    quotient -= 1n;
    remainder += denominator;
  }
  // Now numerator = quotient * denominator + remainder with 0 <= remainder < denominator.
  if (remainder === 0n) return quotient;
  switch (mode) {
    case 'floor':
      return quotient;
    case 'ceil':
      return quotient + 1n;
    case 'half-up': {
      const twice = remainder * 2n;
      if (twice > denominator) return quotient + 1n;
      if (twice < denominator) return quotient;
      // A tie: away from zero. The exact value is quotient + 1/2.
      return quotient >= 0n ? quotient + 1n : quotient;
    }
    case 'half-even': {
      const twice = remainder * 2n;
      if (twice > denominator) return quotient + 1n;
      if (twice < denominator) return quotient;
      return quotient % 2n === 0n ? quotient : quotient + 1n;
    }
  }
}
