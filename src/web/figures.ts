// Figures for reading and figures for checking. A person reading Japanese reads yen in 億 and 万
// (120億円, 約 5,904万円: cut down to the 万 and marked 約 when digits were dropped); a person
// checking reads every digit. A quantity of an asset with many decimals (ETH's 18) is shown to
// QUANTITY_PLACES_SHOWN places, cut down and marked ≈, unless the exact figure is asked for.

import type { Lang } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { formatAmount } from '../money/amount.ts';

/** Places a quantity is shown to on a page unless the exact figure is asked for. */
export const QUANTITY_PLACES_SHOWN = 8;

const OKU = 100_000_000n;
const MAN = 10_000n;

/** Whole yen as a Japanese reader reads them; other languages get the exact grouped figure. */
export function readableYen(yen: bigint, lang: Lang): string {
  if (lang !== 'ja') return `${groupDigits(yen.toString())} JPY`;
  const negative = yen < 0n;
  const v = negative ? -yen : yen;
  const sign = negative ? '−' : '';
  if (v < MAN) return `${sign}${groupDigits(v.toString())}円`;
  const oku = v / OKU;
  const man = (v % OKU) / MAN;
  const dropped = v % MAN !== 0n;
  const text = `${oku > 0n ? `${groupDigits(oku.toString())}億` : ''}${man > 0n ? `${groupDigits(man.toString())}万` : ''}円`;
  return `${dropped ? '約 ' : ''}${sign}${text}`;
}

/**
 * An amount in minor units as a quantity: exact when asked or when it has few decimals; otherwise
 * cut down (towards zero) to QUANTITY_PLACES_SHOWN places and marked ≈ when that dropped digits.
 */
export function shownQuantity(amount_minor: bigint, decimals: number, exact = false): string {
  if (exact || decimals <= QUANTITY_PLACES_SHOWN) return groupDigits(formatAmount(amount_minor, decimals));
  const step = 10n ** BigInt(decimals - QUANTITY_PLACES_SHOWN);
  const cut = amount_minor / step;
  const text = groupDigits(formatAmount(cut, QUANTITY_PLACES_SHOWN));
  return cut * step === amount_minor ? text : `≈${text}`;
}

/** A signed change: "+1,234.5" / "−12". */
export function shownDelta(amount_minor: bigint, decimals: number, exact = false): string {
  if (amount_minor === 0n) return '0';
  const text = shownQuantity(amount_minor < 0n ? -amount_minor : amount_minor, decimals, exact);
  return `${amount_minor < 0n ? '−' : '+'}${text}`;
}
