// Exact decimals for prices, rates and shares: value = coef / 10^scale.
// Amounts of an asset are not Decimals but bigint minor units (see amount.ts); a Decimal is
// what multiplies them. No float ever enters or leaves this module.

import { MoneyError } from './errors.ts';
import { divRound, type RoundingMode } from './rounding.ts';
import { malformedNumberError, PLAIN_NUMBER_PATTERN } from './syntax.ts';

export interface Decimal {
  readonly coef: bigint;
  readonly scale: number;
}

/** The most fractional digits an input price or rate may have: bounds every later product. */
export const DECIMAL_SCALE_MAX = 36;
/** The most integer digits an input price or rate may have. */
export const DECIMAL_INTEGER_DIGITS_MAX = 40;

export interface ParseDecimalOptions {
  /** Allow a leading '-' (default false: prices and rates are never negative). */
  signed?: boolean;
}

/**
 * Parses a plain decimal string exactly. Rejects exponents, separators, NaN/Infinity, blanks,
 * surrounding junk and a leading '+'. Throws MoneyError with a code the i18n layer renders.
 */
export function parseDecimal(text: string, options: ParseDecimalOptions = {}): Decimal {
  const match = PLAIN_NUMBER_PATTERN.exec(text);
  if (match === null) throw malformedNumberError(text, options.signed === true);
  const [, sign, integer_digits, fraction_digits = ''] = match;
  if (sign !== undefined && options.signed !== true) {
    throw new MoneyError('money.sign_not_allowed', { value: text });
  }
  if (fraction_digits.length > DECIMAL_SCALE_MAX) {
    throw new MoneyError('money.too_many_decimals', { value: text, decimals: fraction_digits.length, max: DECIMAL_SCALE_MAX });
  }
  if (integer_digits!.replace(/^0+/, '').length > DECIMAL_INTEGER_DIGITS_MAX) {
    throw new MoneyError('money.out_of_range', { value: text });
  }
  const magnitude = BigInt(integer_digits! + fraction_digits);
  return normalize({ coef: sign === '-' ? -magnitude : magnitude, scale: fraction_digits.length });
}

/** Removes trailing zeros of the fraction so equal values have one representation. */
export function normalize(d: Decimal): Decimal {
  let { coef, scale } = d;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return { coef, scale };
}

export function decimalFromBigint(value: bigint): Decimal {
  return { coef: value, scale: 0 };
}

export function formatDecimal(d: Decimal): string {
  const negative = d.coef < 0n;
  const digits = (negative ? -d.coef : d.coef).toString();
  if (d.scale === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(d.scale + 1, '0');
  const integer_part = padded.slice(0, padded.length - d.scale);
  const fraction_part = padded.slice(padded.length - d.scale).replace(/0+$/, '');
  return (negative ? '-' : '') + integer_part + (fraction_part === '' ? '' : '.' + fraction_part);
}

export function pow10(n: number): bigint {
  if (n < 0 || !Number.isInteger(n)) throw new RangeError(`pow10 of ${n}`);
  return POW10[n] ?? 10n ** BigInt(n);
}
const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.coef, b.coef, a.scale];
  if (a.scale > b.scale) return [a.coef, b.coef * pow10(a.scale - b.scale), a.scale];
  return [a.coef * pow10(b.scale - a.scale), b.coef, b.scale];
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ coef: x + y, scale });
}

export function subDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ coef: x - y, scale });
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return normalize({ coef: a.coef * b.coef, scale: a.scale + b.scale });
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZeroDecimal(d: Decimal): boolean {
  return d.coef === 0n;
}

/** a / b rounded to `scale` fractional digits with the named mode. */
export function divDecimal(a: Decimal, b: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (b.coef === 0n) throw new RangeError('division by zero');
  // a/b = (a.coef / 10^a.scale) / (b.coef / 10^b.scale); scaled by 10^scale.
  let numerator = a.coef * pow10(b.scale + scale);
  let denominator = b.coef * pow10(a.scale);
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  return normalize({ coef: divRound(numerator, denominator, mode), scale });
}

/** Rounds a decimal to `scale` fractional digits. */
export function roundDecimal(d: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (d.scale <= scale) return d;
  return normalize({ coef: divRound(d.coef, pow10(d.scale - scale), mode), scale });
}

/** The ratio n/d as an exact decimal when it terminates, else rounded to `scale_max` digits half-even. */
export function ratioDecimal(numerator: bigint, denominator: bigint, scale_max = 18): Decimal {
  return divDecimal(decimalFromBigint(numerator), decimalFromBigint(denominator), scale_max, 'half-even');
}

export const DECIMAL_ZERO: Decimal = { coef: 0n, scale: 0 };
export const DECIMAL_ONE: Decimal = { coef: 1n, scale: 0 };
