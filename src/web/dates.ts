// Instants as the exchange's people read them: in the exchange's time zone, "2026年11月24日 18:00"
// in Japanese and "24 Nov 2026 18:00" in English, with the zone named once on the page
// (src/i18n/dates.ts, shared with the command line and the documents).

import type { Lang } from '../i18n/i18n.ts';
import { shownInstant } from '../i18n/dates.ts';

export { shownInstant };

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date as written (YYYY-MM-DD) as the reader reads it; a timestamp as shownInstant shows it. */
export function shownDay(text: string, lang: Lang, time_zone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return shownInstant(text, lang, time_zone);
  const [year, month, day] = [m[1]!, Number(m[2]), Number(m[3])];
  return lang === 'ja' ? `${year}年${month}月${day}日` : `${day} ${MONTHS_EN[month - 1]} ${year}`;
}

/** An axis tick (the first of a month, UTC): "2027年3月" / "Mar 2027", or the year alone. */
export function shownTick(ms: number, lang: Lang, year_only: boolean): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year_only) return lang === 'ja' ? `${year}年` : String(year);
  return lang === 'ja' ? `${year}年${d.getUTCMonth() + 1}月` : `${MONTHS_EN[d.getUTCMonth()]} ${year}`;
}
