// Dates and times of the demo, all derived from as_of and written in as_of's own UTC offset, so a
// Tokyo as_of gives Tokyo timestamps and maturities counted from the Tokyo calendar date.

const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

const AS_OF_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
/** Keeps dates inside four-digit years whatever offsets and maturities are added. */
const YEAR_MIN = 1971;
const YEAR_MAX = 9000;

export interface AsOf {
  /** As given, e.g. "2026-11-25T00:00:00+09:00". */
  text: string;
  ms: number;
  /** "Z" or "±HH:MM", as given. */
  offset_text: string;
  offset_minutes: number;
  /** The calendar date of as_of in its own offset, "YYYY-MM-DD". */
  local_date: string;
}

/** Parses an ISO 8601 timestamp with an explicit offset; null when it is not one. */
export function parseAsOf(text: string): AsOf | null {
  const match = AS_OF_PATTERN.exec(text);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, , offset_text] = match as unknown as string[];
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const y = Number(year);
  if (y < YEAR_MIN || y > YEAR_MAX) return null;
  const local_date = `${year}-${month}-${day}`;
  if (!isCalendarDate(local_date)) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  const offset_minutes = offset_text === 'Z' ? 0 : offsetMinutes(offset_text!);
  if (Math.abs(offset_minutes) > 14 * 60) return null;
  return { text, ms, offset_text: offset_text!, offset_minutes, local_date };
}

function offsetMinutes(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
}

/** Whether "YYYY-MM-DD" names a real day (rejects 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/** An instant written in the offset of as_of: "2026-11-24T00:00:00+09:00". */
export function formatInOffset(ms: number, as_of: AsOf): string {
  const shifted = new Date(ms + as_of.offset_minutes * MS_PER_MINUTE).toISOString(); // …T..:..:..sssZ
  const fraction = ms % 1000 === 0 ? '' : shifted.slice(19, 23);
  return shifted.slice(0, 19) + fraction + as_of.offset_text;
}

/** "YYYY-MM-DD" plus whole months, with the day clamped to the target month's length. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month_index = y * 12 + (m - 1) + months;
  const year = Math.floor(month_index / 12);
  const month = (month_index % 12) + 1;
  const days_in_month = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return formatDate(year, month, Math.min(d, days_in_month));
}

/** "YYYY-MM-DD" with the day replaced. */
export function withDay(date: string, day: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return formatDate(y, m, day);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The Japanese fiscal year (April to March) containing a date: [start, end] as "YYYY-MM-DD". */
export function fiscalYear(date: string): [string, string] {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const start_year = m >= 4 ? y : y - 1;
  return [formatDate(start_year, 4, 1), formatDate(start_year + 1, 3, 31)];
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
