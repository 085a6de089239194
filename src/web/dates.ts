// Instants as the exchange's people read them: in the exchange's time zone, "2026年11月24日 18:00"
// in Japanese and "24 Nov 2026 18:00" in English, with the zone named once on the page.

import type { Lang } from '../i18n/i18n.ts';

export function shownInstant(iso: string, lang: Lang, time_zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: time_zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  if (lang === 'ja') return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}`;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone: time_zone, month: 'short' }).format(date);
  return `${Number(parts.day)} ${month} ${parts.year} ${parts.hour}:${parts.minute}`;
}
