// Formatting tens of millions of balance amounts through bigint would dominate the demo's run
// time, so a generated amount is kept as two exact float integers: `high` (the leading digits,
// with `high_fraction_digits` of them after the decimal point) and `low` (the last `low_digits`
// digits). amount_minor = high × 10^low_digits + low. The text is the canonical one of
// formatAmount (trailing fractional zeros dropped), which the tests check digit for digit.

/** high and low must stay below this so that every operation on them is exact. */
export const SPLIT_PART_MAX = 2 ** 50;
export const LOW_DIGITS_MAX = 15;

export interface SplitLayout {
  high_fraction_digits: number;
  low_digits: number;
}

const POWERS_OF_TEN = Array.from({ length: LOW_DIGITS_MAX + 1 }, (_, i) => 10 ** i);

export function formatSplitAmount(high: number, low: number, layout: SplitLayout): string {
  const { high_fraction_digits, low_digits } = layout;
  if (!(high >= 0 && high < SPLIT_PART_MAX && low >= 0 && low < POWERS_OF_TEN[low_digits]!)) {
    throw new RangeError(`split amount out of range: high ${high}, low ${low}, layout ${JSON.stringify(layout)}`);
  }
  const unit = POWERS_OF_TEN[high_fraction_digits]!;
  const high_fraction = high % unit;
  const integer_text = String((high - high_fraction) / unit);
  if (high_fraction_digits + low_digits === 0) return integer_text;
  const fraction_text =
    (high_fraction_digits === 0 ? '' : String(high_fraction).padStart(high_fraction_digits, '0')) +
    (low_digits === 0 ? '' : String(low).padStart(low_digits, '0'));
  let end = fraction_text.length;
  while (end > 0 && fraction_text.charCodeAt(end - 1) === 48 /* '0' */) end--;
  return end === 0 ? integer_text : integer_text + '.' + fraction_text.slice(0, end);
}

export function splitToMinor(high: number, low: number, layout: SplitLayout): bigint {
  return BigInt(high) * 10n ** BigInt(layout.low_digits) + BigInt(low);
}

export function assertLayout(layout: SplitLayout): void {
  const { high_fraction_digits, low_digits } = layout;
  if (!Number.isInteger(high_fraction_digits) || high_fraction_digits < 0 || high_fraction_digits > LOW_DIGITS_MAX) {
    throw new RangeError(`high_fraction_digits ${high_fraction_digits}`);
  }
  if (!Number.isInteger(low_digits) || low_digits < 0 || low_digits > LOW_DIGITS_MAX) throw new RangeError(`low_digits ${low_digits}`);
}
