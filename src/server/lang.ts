// The reader's language for a request: `?lang=` wins, then a page's remembered choice (the
// `hozen_lang` cookie), then the first of Japanese and English the Accept-Language header
// prefers, else English.

import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { isLang, type Lang } from '../i18n/i18n.ts';

export const LANG_COOKIE = 'hozen_lang';

export function requestLang(c: Context): Lang {
  const query = c.req.query('lang');
  if (isLang(query)) return query;
  const remembered = getCookie(c, LANG_COOKIE);
  if (isLang(remembered)) return remembered;
  return acceptLanguage(c.req.header('accept-language'));
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
