// Exact sums of many minor-unit amounts given as digit strings, without a BigInt per amount:
// amounts of at most 15 digits are exact as doubles, and so is their running sum while it stays
// below 2^53; it is folded into the BigInt total long before it could get there. Longer amounts
// (wei) take the BigInt path. Used on the hot paths of import, where a BigInt per row costs more
// than the rest of the row's validation.

/** Folding at 4e15 leaves room for one more 15-digit amount (< 1e15) below 2^53 ≈ 9.007e15. */
const SMALL_SUM_FOLD_AT = 4e15;

export class ExactSum {
  private big = 0n;
  private small = 0;

  /** `digits`: a non-negative integer in decimal digits (leading zeros allowed). */
  add(digits: string): void {
    if (digits.length <= 15) {
      this.small += Number(digits);
      if (this.small >= SMALL_SUM_FOLD_AT) this.fold();
    } else this.big += BigInt(digits);
  }

  get total(): bigint {
    this.fold();
    return this.big;
  }

  private fold(): void {
    if (this.small !== 0) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }
}

const ZEROS = Array.from({ length: 19 }, (_, i) => '0'.repeat(i));

/**
 * The minor-unit digits of a plain non-negative amount text with at most `decimals` fraction
 * digits ("1.5", 8 → "150000000"; leading zeros are dropped), or null when the text is not one.
 * No length limit: callers bound it (the snapshot reader refuses more than AMOUNT_DIGITS_MAX).
 */
export function minorUnitDigits(text: string, decimals: number): string | null {
  const length = text.length;
  if (length === 0) return null;
  let dot = -1;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 46 && dot === -1 && i > 0 && i < length - 1) {
      dot = i;
      continue;
    }
    return null;
  }
  let digits: string;
  if (dot === -1) digits = decimals === 0 ? text : text + ZEROS[decimals]!;
  else {
    const fraction_digits = length - dot - 1;
    if (fraction_digits > decimals) return null;
    digits = text.slice(0, dot) + text.slice(dot + 1) + ZEROS[decimals - fraction_digits]!;
  }
  let first = 0;
  while (first < digits.length - 1 && digits.charCodeAt(first) === 48) first++;
  return first === 0 ? digits : digits.slice(first);
}
