// How an amount of an asset becomes a figure in the base currency: one rule per purpose, so that a
// figure shown in two places is the same figure, or carries the name of its rounding where it is
// shown. The specification is docs/formats/valuation.md.
//
//   holding      what is held or counts as cover — a wallet's coins, guarantee crypto as cover,
//                coins lost as the basis of an insurance recovery: rounded down, so that cover is
//                never overstated by rounding.
//   requirement  what must be covered or paid — customer liabilities, the value a rule requires
//                to be covered, coins owed and bought back in a compensation: rounded up, so that
//                a requirement is never understated; shown labelled "rounded up: a requirement".
//
// A figure over several lines (wallets, assets, loss items) is the sum of its lines' rounded
// values, never a second rounding of their exact sum, so that a table's rows add up to its total.
// Both directions are conservative for the customer: Σ⌊v⌋ ≤ ⌊Σv⌋ and Σ⌈v⌉ ≥ ⌈Σv⌉.

import { pow10, type Decimal } from './decimal.ts';
import { valueMinor } from './amount.ts';
import { divRound, type RoundingMode } from './rounding.ts';

export const VALUATION_PURPOSES = ['holding', 'requirement'] as const;
export type ValuationPurpose = (typeof VALUATION_PURPOSES)[number];

/** The rounding of each purpose, to the base currency's minor unit. */
export const VALUATION_ROUNDING: Readonly<Record<ValuationPurpose, RoundingMode>> = { holding: 'floor', requirement: 'ceil' };

/** amount_minor / 10^asset_decimals × price, in base minor units, rounded for the purpose. */
export function valueFor(purpose: ValuationPurpose, amount_minor: bigint, asset_decimals: number, price: Decimal, base_decimals: number): bigint {
  return valueMinor(amount_minor, asset_decimals, price, base_decimals, VALUATION_ROUNDING[purpose]);
}

/** An exact base-currency value (in units, not minor units) rounded to the minor unit for the purpose. */
export function roundValue(purpose: ValuationPurpose, value: Decimal, base_decimals: number): bigint {
  return divRound(value.coef * pow10(base_decimals), pow10(value.scale), VALUATION_ROUNDING[purpose]);
}

export interface ValuationLine {
  amount_minor: bigint;
  decimals: number;
  price: Decimal;
}

export interface ValuedLines {
  /** Each line's value, in the lines' order. */
  values_minor: bigint[];
  /** Σ values_minor: the figure the lines add up to. */
  total_minor: bigint;
}

/** Values each line for the purpose; the total is the sum of the rounded lines. */
export function valueLines(purpose: ValuationPurpose, lines: readonly ValuationLine[], base_decimals: number): ValuedLines {
  let total_minor = 0n;
  const values_minor = lines.map((line) => {
    const value = valueFor(purpose, line.amount_minor, line.decimals, line.price, base_decimals);
    total_minor += value;
    return value;
  });
  return { values_minor, total_minor };
}
