// Figures as a person reads them on a page: grouped digits, 円 for yen in Japanese prose, a ratio
// as a percentage to two places. The exact figure stays one click away (the stored run and the
// API keep every digit); what is rounded here is rounded half-even to two places and said so in
// the page's legend.

import type { Lang } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { RATIO_UNIT } from '../coverage/types.ts';
import { compareDecimal, formatDecimal, mulDecimal, parseDecimal, roundDecimal, subDecimal, type Decimal } from '../money/decimal.ts';

/** Percentages on pages: two places, half-even (a display rounding; the stored ratio is exact). */
export const PERCENT_PLACES = 2;

export function decimalOf(text: string): Decimal {
  return parseDecimal(text, { signed: true });
}

export function shownPercent(ratio: Decimal): string {
  return `${formatDecimal(roundDecimal(mulDecimal(ratio, { coef: 100n, scale: 0 }), PERCENT_PLACES, 'half-even'))}%`;
}

export { RATIO_UNIT };

/** A currency as the page names it: 円 for yen in Japanese, the code otherwise. */
export function shownUnit(unit: string, lang: Lang): string {
  return unit === 'JPY' && lang === 'ja' ? '円' : unit;
}

export function shownAmount(value: Decimal, unit: string, lang: Lang): string {
  if (unit === RATIO_UNIT) return shownPercent(value);
  return `${groupDigits(formatDecimal(value))} ${shownUnit(unit, lang)}`;
}

/** held − required for a minimum, required − held for a maximum: how much room is left (negative: short). */
export function headroom(held: Decimal, required: Decimal, bound: string | null): Decimal {
  return bound === 'max' ? subDecimal(required, held) : subDecimal(held, required);
}

export function isNegative(d: Decimal): boolean {
  return compareDecimal(d, { coef: 0n, scale: 0 }) < 0;
}
