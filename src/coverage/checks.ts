// Builders for the two shapes every regime's checks take: an amount that must be at least a
// requirement, and a share that must stay under (or above) a limit. Pass/fail is decided on exact
// values; displayed ratios are rounded away from the limit (up for a maximum, down for a minimum)
// at a scale no coarser than the limit's, so a displayed figure never contradicts its status.

import type { MessageParams } from '../errors.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { formatAmount } from '../money/amount.ts';
import {
  compareDecimal,
  DECIMAL_ZERO,
  divDecimal,
  formatDecimal,
  mulDecimal,
  roundDecimal,
  subDecimal,
  type Decimal,
} from '../money/decimal.ts';
import type { RoundingMode } from '../money/rounding.ts';
import { unitsOf } from './facts.ts';
import { RATIO_UNIT, type Check, type CheckStatus } from './types.ts';

/** Digits kept when a share is shown (an exact share may not terminate: 1/3). */
export const RATIO_SCALE = 12;

export interface StatusCodes {
  pass: string;
  fail: string;
}

/** An amount of `unit` held against a requirement: pass when held ≥ required. */
export function amountCheck(args: {
  id: string;
  asset: string | null;
  unit: string;
  decimals: number;
  required_minor: bigint;
  held_minor: bigint;
  /** 'ceil' when required_minor is a base-currency requirement rounded up (VALUATION_ROUNDING.requirement). */
  required_rounding?: RoundingMode;
  reference: string;
  codes: StatusCodes;
  params?: MessageParams;
}): Check {
  const { required_minor, held_minor, decimals, unit } = args;
  const met = held_minor >= required_minor;
  const shortfall_minor = met ? 0n : required_minor - held_minor;
  return {
    id: args.id,
    status: met ? 'pass' : 'fail',
    asset: args.asset,
    unit,
    bound: 'min',
    required: unitsOf(required_minor, decimals),
    required_rounding: args.required_rounding ?? null,
    held: unitsOf(held_minor, decimals),
    shortfall: unitsOf(shortfall_minor, decimals),
    message: {
      code: met ? args.codes.pass : args.codes.fail,
      params: {
        required: withUnit(formatAmount(required_minor, decimals), unit),
        held: withUnit(formatAmount(held_minor, decimals), unit),
        shortfall: withUnit(formatAmount(shortfall_minor, decimals), unit),
        surplus: withUnit(formatAmount(met ? held_minor - required_minor : 0n, decimals), unit),
        ...args.params,
      },
    },
    reference: args.reference,
  };
}

/**
 * part / whole against a limit. `bound` max: pass when part ≤ limit × whole; min: pass when
 * part ≥ limit × whole. An empty whole (nothing held) gives share 0 and passes a maximum; for a
 * minimum it passes vacuously with share 1 (all of nothing is cold).
 */
export function shareCheck(args: {
  id: string;
  asset: string | null;
  part: Decimal;
  whole: Decimal;
  limit: Decimal;
  bound: 'min' | 'max';
  reference: string;
  codes: StatusCodes;
  /** Report the share without judging it (per-asset detail of an aggregate rule). */
  informational?: boolean;
  params?: MessageParams;
}): Check {
  const { part, whole, limit, bound } = args;
  const empty = whole.coef === 0n;
  const bar = mulDecimal(limit, whole);
  const order = compareDecimal(part, bar);
  const met = empty || (bound === 'max' ? order <= 0 : order >= 0);
  const scale = Math.max(RATIO_SCALE, limit.scale);
  const share = empty
    ? bound === 'max'
      ? DECIMAL_ZERO
      : { coef: 1n, scale: 0 }
    : divDecimal(part, whole, scale, bound === 'max' ? 'ceil' : 'floor');
  const gap = bound === 'max' ? subDecimal(share, limit) : subDecimal(limit, share);
  const shortfall = met ? DECIMAL_ZERO : gap;
  const status: CheckStatus = args.informational === true ? 'info' : met ? 'pass' : 'fail';
  return {
    id: args.id,
    status,
    asset: args.asset,
    unit: RATIO_UNIT,
    bound: args.informational === true ? null : bound,
    required: args.informational === true ? null : limit,
    required_rounding: null,
    held: share,
    shortfall: args.informational === true ? null : shortfall,
    message: {
      code: met || args.informational === true ? args.codes.pass : args.codes.fail,
      params: { share: percent(share), limit: percent(limit), ...args.params },
    },
    reference: args.reference,
  };
}

/** A finding or a piece of information with no requirement. */
export function noteCheck(args: {
  id: string;
  status: Extract<CheckStatus, 'warn' | 'info'>;
  asset: string | null;
  unit: string;
  held: Decimal | null;
  reference: string;
  code: string;
  params: MessageParams;
}): Check {
  return {
    id: args.id,
    status: args.status,
    asset: args.asset,
    unit: args.unit,
    bound: null,
    required: null,
    required_rounding: null,
    held: args.held,
    shortfall: null,
    message: { code: args.code, params: args.params },
    reference: args.reference,
  };
}

/** Places a percentage is read with; the JSON keeps the exact ratio. */
export const PERCENT_PLACES = 2;

/**
 * 0.05 → "5%", 0.035060692941 → "3.51%": at most `places` decimals (half-even), for reading; the
 * exact ratio stays in the check's figures. A value that needs more places to be told apart from
 * another shown beside it gets them from the caller (render.ts).
 */
export function percent(ratio: Decimal, places = PERCENT_PLACES): string {
  const exact = mulDecimal(ratio, { coef: 100n, scale: 0 });
  return `${formatDecimal(exact.scale > places ? roundDecimal(exact, places, 'half-even') : exact)}%`;
}

/** "1234567.5", "JPY" → "1,234,567.5 JPY": amounts inside messages, digits grouped for reading. */
export function withUnit(amount: string, unit: string): string {
  return `${groupDigits(amount)} ${unit}`;
}

