// Calendar arithmetic for maturities and days to expiry. A date without a time (YYYY-MM-DD) is a
// whole day in the time zone of `as_of`, so "days to expiry" never depends on the machine's zone:
// as_of is written with its offset, and its own date part is its local day. Whether a contract is
// in force is src/snapshot/period.ts.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isDateOnly(text: string): boolean {
  return DATE_PATTERN.test(text);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian, no zone). */
export function dayNumber(date: string): number {
  const m = DATE_PATTERN.exec(date);
  if (m === null) throw new Error(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** The local calendar day of an ISO 8601 timestamp written with its offset ("2026-11-25T00:00:00+09:00" → "2026-11-25"). */
export function localDate(timestamp: string): string {
  const date = timestamp.slice(0, 10);
  if (!DATE_PATTERN.test(date)) throw new Error(`not a timestamp: ${timestamp}`);
  return date;
}

/** `date` plus `months` calendar months, clamped to the month's last day (2026-08-31 + 6 → 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const m = DATE_PATTERN.exec(date);
  if (m === null) throw new Error(`not a date: ${date}`);
  const year = Number(m[1]);
  const month_index = Number(m[2]) - 1 + months;
  const target_year = year + Math.floor(month_index / 12);
  const target_month = ((month_index % 12) + 12) % 12;
  const last_day = new Date(Date.UTC(target_year, target_month + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), last_day);
  return `${String(target_year).padStart(4, '0')}-${String(target_month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface AsOf {
  /** As written in exchange.json. */
  text: string;
  ms: number;
  /** The local calendar day of as_of. */
  date: string;
}

export function asOf(text: string, ms: number): AsOf {
  return { text, ms, date: localDate(text) };
}

/**
 * Whole days from as_of to a period's end: a date counts calendar days (ending on as_of's day is 0),
 * a timestamp counts full 24-hour periods. Negative when already ended.
 */
export function daysUntilEnd(end: string, as_of: AsOf): number {
  if (isDateOnly(end)) return dayNumber(end) - dayNumber(as_of.date);
  return Math.floor((Date.parse(end) - as_of.ms) / DAY_MS);
}
