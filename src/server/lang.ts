// The reader's language for a request: `?lang=` wins, then a page's remembered choice (the
// `hozen_lang` cookie), then the first of Japanese and English the Accept-Language header
// prefers, else English.

import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { isLang, type Lang } from '../i18n/i18n.ts';

export const LANG_COOKIE = 'hozen_lang';

/** The language, and whether `?lang=` chose it (a page then remembers it). */
export function requestLang(c: Context): { lang: Lang; from_query: boolean } {
  // Most requests carry no query and no cookie: neither is parsed then.
  const query = c.req.url.includes('?') ? c.req.query('lang') : undefined;
  if (isLang(query)) return { lang: query, from_query: true };
  if (c.req.header('cookie') !== undefined) {
    const remembered = getCookie(c, LANG_COOKIE);
    if (isLang(remembered)) return { lang: remembered, from_query: false };
  }
  return { lang: acceptLanguage(c.req.header('accept-language')), from_query: false };
}

/** "ja-JP,ja;q=0.9,en;q=0.8" → ja. Ranges other than ja and en are skipped; ties keep header order. */
export function acceptLanguage(header: string | undefined): Lang {
  if (header === undefined) return 'en';
  let best: { lang: Lang; q: number } | null = null;
  for (const part of header.split(',').slice(0, 32)) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q_param = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = q_param === undefined ? 1 : Number(q_param.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = range.split('-')[0];
    if (!isLang(primary)) continue;
    if (best === null || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? 'en';
}
