// One customer's compensation statement (お客様への補償のお知らせ) as HTML, in Japanese or English:
// per asset, what they held at the cut-off, what was lost, what they receive in kind and in money
// at which price, any IOU and any claim left unpaid; then where to ask. Dates as people write them
// (2026年11月24日), money as 5,312円 / JPY 5,312. One page per customer (a page break after each).

import type { Translator } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import type { Lang } from '../i18n/i18n.ts';
import { peopleDate } from './dates.ts';
import { escapeHtml as e } from './html.ts';
import type { PayoutCsvRow } from './payout-rows.ts';

export interface StatementContext {
  lang: Lang;
  tr: Translator;
  exchange: string;
  incident: string;
  base_currency: string;
  /** YYYY-MM-DD, the day the notice is issued. */
  issued_on: string;
  /** Per asset: the reference price in the base currency and its rule's message code. */
  prices: ReadonlyMap<string, { price: string; rule: string }>;
  /** Where to ask, as the exchange writes it. */
  contact: string;
}

export const STATEMENT_CSS = `
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Noto Sans", sans-serif; font-size: 10.5pt; color: #111; background: #fff; margin: 0; }
section + section { break-before: page; }
h1 { font-size: 15pt; margin: 0 0 8pt; }
p { margin: 4pt 0; }
table { border-collapse: collapse; width: 100%; margin: 8pt 0; }
th, td { border: 0.5pt solid #888; padding: 3pt 5pt; }
th { background: #eee; text-align: left; font-weight: normal; }
th:first-child { white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.sum { font-weight: bold; }
.ask { margin-top: 12pt; border-top: 0.5pt solid #888; padding-top: 6pt; }
`;

export function money(amount: string, currency: string, lang: Lang): string {
  const grouped = groupDigits(amount);
  if (currency === 'JPY') return lang === 'ja' ? `${grouped}円` : `JPY ${grouped}`;
  return `${grouped} ${currency}`;
}

export function documentStart(lang: Lang, title: string): string {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STATEMENT_CSS}</style></head><body>\n`;
}

export const DOCUMENT_END = '</body></html>\n';

function sumText(values: readonly string[]): string {
  // Money amounts in payouts.csv are in the base currency's minor digits: exact as bigints of the fraction.
  let scale = 0;
  for (const v of values) scale = Math.max(scale, v.includes('.') ? v.length - v.indexOf('.') - 1 : 0);
  let total = 0n;
  for (const v of values) {
    const [int = '0', frac = ''] = v.split('.');
    total += BigInt(int + frac.padEnd(scale, '0'));
  }
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (total < 0n ? '-' : '') + text;
}

export function statementHtml(account_id: string, rows: readonly PayoutCsvRow[], ctx: StatementContext): string {
  const t = (code: string, params: Record<string, string | number> = {}) => ctx.tr.t(code, params);
  const q = (v: string, asset: string) => `${groupDigits(v)} ${e(asset)}`;
  const base = ctx.base_currency;
  let body = '';
  for (const r of rows) {
    const price = ctx.prices.get(r.asset);
    const rule = price === undefined ? '' : t(`compensation.rule_${price.rule}`);
    const at = price === undefined || r.paid_fiat === '0' ? '—' : e(ctx.lang === 'ja' ? `${money(price.price, base, 'ja')}（${rule}）` : `${money(price.price, base, 'en')} (${rule})`);
    body += `<tr><td>${e(r.asset)}</td><td class="n">${q(r.balance, r.asset)}</td><td class="n">${q(r.loss, r.asset)}</td><td class="n">${q(r.paid_in_kind, r.asset)}</td><td class="n">${e(money(r.paid_fiat, base, ctx.lang))}</td><td>${at}</td><td class="n">${e(money(r.iou, base, ctx.lang))}</td><td class="n">${q(r.unpaid_claim, r.asset)}</td></tr>`;
  }
  const paid = sumText(rows.map((r) => r.paid_fiat));
  const iou = sumText(rows.map((r) => r.iou));
  const unpaid = rows.filter((r) => r.unpaid_claim !== '0');
  const lines = [
    `<section><h1>${e(t('statements.title'))}</h1>`,
    `<p>${e(t('statements.issued', { date: peopleDate(ctx.issued_on, ctx.lang), exchange: ctx.exchange }))}</p>`,
    `<p>${e(t('statements.account', { account: account_id }))}</p>`,
    `<p>${e(t('statements.lead', { incident: ctx.incident }))}</p>`,
    `<p class="sum">${e(t('statements.total_money', { amount: money(paid, base, ctx.lang) }))}</p>`,
    ...(iou === '0' ? [] : [`<p class="sum">${e(t('statements.total_iou', { amount: money(iou, base, ctx.lang) }))}</p>`]),
    ...unpaid.map((r) => `<p class="sum">${e(t('statements.unpaid', { amount: `${groupDigits(r.unpaid_claim)} ${r.asset}` }))}</p>`),
    `<table><thead><tr><th>${[t('statements.col_asset'), t('statements.col_held'), t('statements.col_lost'), t('statements.col_in_kind'), t('statements.col_money'), t('statements.col_price'), t('statements.col_iou'), t('statements.col_unpaid')].map(e).join('</th><th>')}</th></tr></thead><tbody>${body}</tbody></table>`,
    `<p class="ask">${e(t('statements.ask', { contact: ctx.contact }))}</p></section>\n`,
  ];
  return lines.join('');
}
