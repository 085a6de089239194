// "Is a contract (or a policy) in force at t?", answered once for coverage, risk, compensation
// and insurance. A period is the half-open interval of instants [start, end): a timestamp `end` is
// the first instant at which the contract no longer runs, so that a renewal starting where the old
// contract ends is never counted together with it. A date bound is a whole calendar day at the UTC
// offset of the snapshot's as_of: a `start` date from its first instant, an `end` date through its
// last (the end instant is the next day's midnight). The offset is the snapshot's, not the tested
// instant's, so a period is the same interval of instants whichever instant is tested.
// docs/formats/valuation.md ("In force") is the specification.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** Contracts that pay for hacks list this in `covers` (contracts.json). */
export const HACK_COMPENSATION = 'hack_compensation';

export interface PeriodBounds {
  /** A date YYYY-MM-DD or a timestamp with offset. */
  start: string;
  end: string;
}

/** A period as instants: in force at t when start_ms ≤ t < end_ms. */
export interface PeriodMs {
  start_ms: number;
  end_ms: number;
}

/** The UTC offset a timestamp is written with ("+09:00", "Z"); as_of always has one. */
export function utcOffsetOf(timestamp: string): string {
  const match = OFFSET.exec(timestamp);
  if (match === null) throw new Error(`timestamp without an offset: ${timestamp}`);
  return match[1]!;
}

/** The instant a bound stands for: a date is its midnight at `utc_offset`, an `end` date the next midnight. */
export function boundMs(text: string, side: 'start' | 'end', utc_offset: string): number {
  if (!DATE_ONLY.test(text)) return Date.parse(text);
  const midnight = Date.parse(`${text}T00:00:00${utc_offset}`);
  return side === 'end' ? midnight + DAY_MS : midnight;
}

/** The period of `bounds` as instants, date bounds read at the offset of the snapshot's `as_of`. */
export function periodMs(bounds: PeriodBounds, as_of: string): PeriodMs {
  const offset = utcOffsetOf(as_of);
  return { start_ms: boundMs(bounds.start, 'start', offset), end_ms: boundMs(bounds.end, 'end', offset) };
}

export type PeriodStatus = 'not_started' | 'in_force' | 'ended';

/** Where `at_ms` falls in the half-open period [start, end). */
export function periodStatus(period: PeriodMs, at_ms: number): PeriodStatus {
  if (at_ms < period.start_ms) return 'not_started';
  return at_ms < period.end_ms ? 'in_force' : 'ended';
}

export function inForce(period: PeriodMs, at_ms: number): boolean {
  return periodStatus(period, at_ms) === 'in_force';
}

/** A contract (or anything with bounds) in force at `at_ms`, dates read at the snapshot's offset. */
export function inForceAt(bounds: PeriodBounds, as_of: string, at_ms: number): boolean {
  return inForce(periodMs(bounds, as_of), at_ms);
}
