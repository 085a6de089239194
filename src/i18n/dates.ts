// Instants and dates as people read them: "2026年11月24日 18:00" in Japanese and
// "24 Nov 2026 18:00" in English, in the exchange's time zone: an IANA zone (a tenant's
// time_zone) or the fixed offset a timestamp was written with (a snapshot's as_of, written in the
// exchange's local time). Machine output (JSON, CSV) keeps ISO 8601.

import type { Lang } from './i18n.ts';

/** An ISO 8601 timestamp with its offset, as the formats take them. */
export const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '+09:00' → 540; 'Z' → 0. */
function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/** The offset an ISO timestamp was written with ('+09:00'), or undefined. */
export function offsetOf(iso: string): string | undefined {
  return ISO_TIMESTAMP.exec(iso)?.[7];
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function partsIn(date: Date, zone: string): Parts {
  if (/^(Z|[+-]\d{2}:\d{2})$/.test(zone)) {
    const shifted = new Date(date.getTime() + offsetMinutes(zone) * 60_000);
    return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

function dateText(p: Pick<Parts, 'year' | 'month' | 'day'>, lang: Lang): string {
  return lang === 'ja' ? `${p.year}年${p.month}月${p.day}日` : `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/**
 * An instant in `zone` (default: the offset it was written with). Minutes only: the formats'
 * instants are on the minute, and a person reads no seconds.
 */
export function shownInstant(iso: string, lang: Lang, zone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = partsIn(date, zone ?? offsetOf(iso) ?? 'Z');
  return `${dateText(p, lang)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** A calendar date ('2027-03-31') as people write it: 2027年3月31日, 31 Mar 2027. */
export function shownDate(iso_date: string, lang: Lang): string {
  const m = ISO_DATE.exec(iso_date);
  if (m === null) return iso_date;
  return dateText({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, lang);
}

/** A parameter shown to people: ISO timestamps and dates as they write them; anything else unchanged. */
export function shownTime(value: string, lang: Lang, zone?: string): string {
  if (ISO_TIMESTAMP.test(value)) return shownInstant(value, lang, zone);
  if (ISO_DATE.test(value)) return shownDate(value, lang);
  return value;
}
