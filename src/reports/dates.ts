// Dates and instants as people write them, in the exchange's time zone: 2026年11月24日 18:00 and
// 24 Nov 2026 18:00; a calendar date 2026年11月24日 and 24 November 2026. Machine formats (CSV,
// XLSX) keep ISO 8601, which a spreadsheet sorts.

import type { Lang } from '../i18n/i18n.ts';

function parts(date: Date, time_zone: string): Record<string, string> {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: time_zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function peopleInstant(iso: string, lang: Lang, time_zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = parts(date, time_zone);
  if (lang === 'ja') return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`;
  return `${Number(p.day)} ${MONTHS_EN[Number(p.month) - 1]!.slice(0, 3)} ${p.year} ${p.hour}:${p.minute}`;
}

/** A YYYY-MM-DD calendar date (no zone: it is already the exchange's day). */
export function peopleDate(ymd: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (m === null) return ymd;
  if (lang === 'ja') return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
  return `${Number(m[3])} ${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}`;
}

/** The calendar day of an instant in a time zone, YYYY-MM-DD. */
export function dayIn(ms: number, time_zone: string): string {
  const p = parts(new Date(ms), time_zone);
  return `${p.year}-${p.month!.padStart(2, '0')}-${p.day!.padStart(2, '0')}`;
}
