// Ledger amounts: bigint integers of an asset's minor unit (satoshi, wei, yen).

import { MoneyError } from './errors.ts';
import { pow10, type Decimal } from './decimal.ts';
import { divRound, type RoundingMode } from './rounding.ts';
import { malformedNumberError, PLAIN_NUMBER_PATTERN } from './syntax.ts';

export const ASSET_DECIMALS_MAX = 18;
/** Minor-unit amounts have at most this many digits: 10^36 wei is 10^18 ETH, far above any supply. */
export const AMOUNT_DIGITS_MAX = 36;
export const AMOUNT_MINOR_MAX = pow10(AMOUNT_DIGITS_MAX) - 1n;

export interface ParseAmountOptions {
  signed?: boolean;
}

/** "0.00000001" with 8 decimals → 1n. Exact; never rounds; rejects what it cannot represent. */
export function parseAmount(text: string, decimals: number, options: ParseAmountOptions = {}): bigint {
  assertDecimals(decimals);
  const match = PLAIN_NUMBER_PATTERN.exec(text);
  if (match === null) throw malformedNumberError(text, options.signed === true);
  const [, sign, integer_digits, fraction_digits = ''] = match;
  if (sign !== undefined && options.signed !== true) {
    throw new MoneyError('money.sign_not_allowed', { value: text });
  }
  if (fraction_digits.length > decimals) {
    // Trailing zeros beyond the asset's precision carry no value, but exporters that pad are
    // telling us their precision differs from ours: refuse rather than guess.
    throw new MoneyError('money.too_many_decimals', { value: text, decimals: fraction_digits.length, max: decimals });
  }
  // Counting digits before BigInt() keeps a megabyte of digits from costing a bignum parse:
  // magnitude ≤ AMOUNT_MINOR_MAX exactly when the integer part has at most 36 − decimals digits.
  if (integer_digits!.replace(/^0+/, '').length > AMOUNT_DIGITS_MAX - decimals) {
    throw new MoneyError('money.out_of_range', { value: text });
  }
  const magnitude = BigInt(integer_digits!) * pow10(decimals) + BigInt(fraction_digits.padEnd(decimals, '0') || '0');
  return sign === '-' ? -magnitude : magnitude;
}

/** 1n with 8 decimals → "0.00000001"; trailing fractional zeros are dropped ("1.5", "2"). */
export function formatAmount(amount_minor: bigint, decimals: number): string {
  assertDecimals(decimals);
  const negative = amount_minor < 0n;
  const digits = (negative ? -amount_minor : amount_minor).toString();
  if (decimals === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(decimals + 1, '0');
  const integer_part = padded.slice(0, padded.length - decimals);
  const fraction_part = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return (negative ? '-' : '') + integer_part + (fraction_part === '' ? '' : '.' + fraction_part);
}

/** Like formatAmount, but always with `decimals` fractional digits ("1.50000000"), for tables. */
export function formatAmountFixed(amount_minor: bigint, decimals: number): string {
  assertDecimals(decimals);
  const negative = amount_minor < 0n;
  const digits = (negative ? -amount_minor : amount_minor).toString();
  if (decimals === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(decimals + 1, '0');
  return (negative ? '-' : '') + padded.slice(0, -decimals) + '.' + padded.slice(-decimals);
}

/**
 * The value of an amount at a price, in the base currency's minor units, computed exactly and
 * rounded once with the named mode:
 *   amount_minor / 10^asset_decimals × price × 10^base_decimals.
 */
export function valueMinor(
  amount_minor: bigint,
  asset_decimals: number,
  price: Decimal,
  base_decimals: number,
  mode: RoundingMode,
): bigint {
  assertDecimals(asset_decimals);
  assertDecimals(base_decimals);
  const numerator = amount_minor * price.coef * pow10(base_decimals);
  const denominator = pow10(asset_decimals + price.scale);
  return divRound(numerator, denominator, mode);
}

/** The quantity of an asset that a base-currency value buys at a price, rounded with the mode. */
export function quantityForValueMinor(
  value_minor: bigint,
  base_decimals: number,
  price: Decimal,
  asset_decimals: number,
  mode: RoundingMode,
): bigint {
  assertDecimals(base_decimals);
  assertDecimals(asset_decimals);
  if (price.coef <= 0n) throw new RangeError('quantityForValueMinor needs a positive price');
  const numerator = value_minor * pow10(asset_decimals + price.scale);
  const denominator = price.coef * pow10(base_decimals);
  return divRound(numerator, denominator, mode);
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > ASSET_DECIMALS_MAX) {
    throw new RangeError(`asset decimals must be an integer in 0..${ASSET_DECIMALS_MAX}, got ${decimals}`);
  }
}
