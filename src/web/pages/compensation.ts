// Incidents and compensation: the summary of a stored compensation run — the verdict first (paid
// in full, or the shortfall and the coverage ratio in words), then per asset what was lost, paid
// in kind, paid in money, owed as IOUs and left as unpaid claims, the funding waterfall drawn
// source by source, and the downloads (payouts.csv, the summaries, the customer-facing policy
// document). Drawn from the stored run: no payout row is read to draw it.

import { html } from 'hono/html';
import type { SummaryJson } from '../../compensation/summary.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import { decimalOf, shownPercent, shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';

const W = 800;
const ROW_H = 30;
const LABEL_W = 170;
const NOTE_W = 150;

function sourceName(tr: Translator, name: string): string {
  const code = `compensation.source_${name}`;
  return tr.has(code) ? tr.t(code) : name;
}

/** The waterfall: each source's draw starts where the one before it ended, up to the need. */
export function waterfallSvg(tr: Translator, summary: SummaryJson): Html {
  const need = Number(summary.total_need);
  const drawn = summary.sources.map((s) => Number(s.drawn));
  const scale = Math.max(need, drawn.reduce((a, b) => a + b, 0), 1);
  const x = (v: number) => LABEL_W + (v / scale) * (W - LABEL_W - NOTE_W);
  const rows = [...summary.sources.map((s, i) => ({ label: sourceName(tr, s.name), from: drawn.slice(0, i).reduce((a, b) => a + b, 0), amount: drawn[i]!, text: groupDigits(s.drawn), kind: 'draw' as const })), { label: tr.t('web.comp.shortfall'), from: need - Number(summary.shortfall), amount: Number(summary.shortfall), text: groupDigits(summary.shortfall), kind: 'short' as const }];
  const height = 20 + rows.length * ROW_H + 10;
  return html`<svg class="waterfall" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-labelledby="waterfall-title" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">
<defs><pattern id="short-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#cf222e" stroke-width="2"/></pattern></defs>
<line x1="${x(need).toFixed(1)}" x2="${x(need).toFixed(1)}" y1="6" y2="${height - 4}" stroke="#1b1f24" stroke-dasharray="4 3"/>
<text x="${x(need).toFixed(1)}" y="14" text-anchor="end" fill="#1b1f24">${tr.t('web.comp.need_line')}</text>
${rows.map((r, i) => {
    const y = 20 + i * ROW_H;
    return html`<g><text x="4" y="${y + 18}" fill="#1b1f24">${r.label}</text>
<rect x="${x(r.from).toFixed(1)}" y="${y + 6}" width="${Math.max(r.amount > 0 ? 2 : 0, x(r.from + r.amount) - x(r.from)).toFixed(1)}" height="16" fill="${r.kind === 'short' ? 'url(#short-hatch)' : '#0b5cad'}" stroke="${r.kind === 'short' ? '#cf222e' : '#0b5cad'}"/>
<text x="${W - NOTE_W + 8}" y="${y + 18}" fill="#1b1f24">${r.text}</text></g>`;
  })}
</svg>`;
}

export function shortfallWords(tr: Translator, s: SummaryJson): string {
  const unit = shownUnit(s.base_currency, tr.lang);
  const m = (v: string) => `${groupDigits(v)} ${unit}`;
  if (/^0(\.0*)?$/.test(s.shortfall)) return tr.t('web.comp.words_full', { need: m(s.total_need), sources: s.sources.filter((x) => !/^0(\.0*)?$/.test(x.drawn)).map((x) => sourceName(tr, x.name)).join(tr.t('web.comp.list_sep')) || '—' });
  const ratio = s.coverage_ratio === null ? null : shownPercent(decimalOf(s.coverage_ratio));
  return tr.t('web.comp.words_short', { need: m(s.total_need), shortfall: m(s.shortfall), ratio: ratio ?? '—', then: tr.t(`compensation.on_shortfall_${s.on_shortfall}`) });
}

export function compensationBody(tr: Translator, s: SummaryJson, links: { payouts: string; summary_md: string; summary_json: string; policy: string }): Html {
  const unit = shownUnit(s.base_currency, tr.lang);
  const full = /^0(\.0*)?$/.test(s.shortfall);
  const n = (v: string) => groupDigits(v);
  return html`<p class="verdict ${full ? 'ok' : 'bad'}" role="status">${full ? tr.t('web.comp.verdict_full', { rows: groupDigits(String(s.rows)) }) : tr.t('web.comp.verdict_short', { shortfall: `${n(s.shortfall)} ${unit}` })}</p>
<p>${shortfallWords(tr, s)}</p>
<p class="meta">${tr.t('web.comp.meta', { incident: s.incident, run: s.run_id, scheme: tr.has(`compensation.scheme_${s.scheme}`) ? tr.t(`compensation.scheme_${s.scheme}`) : s.scheme })}</p>
<section aria-labelledby="assets-title"><h2 id="assets-title">${tr.t('web.comp.by_asset')}</h2>
<div class="table-wrap"><table class="wide"><thead><tr><th scope="col">${tr.t('web.comp.asset')}</th><th scope="col" class="num">${tr.t('web.comp.lost')}</th><th scope="col" class="num">${tr.t('web.comp.in_kind')}</th><th scope="col" class="num">${tr.t('web.comp.in_money', { unit })}</th><th scope="col" class="num">${tr.t('web.comp.iou')}</th><th scope="col" class="num">${tr.t('web.comp.unpaid')}</th><th scope="col" class="num">${tr.t('web.comp.customers')}</th></tr></thead>
<tbody>${s.totals.by_asset.map((a) => html`<tr><td>${a.asset}</td><td class="num">${n(a.loss)}</td><td class="num">${n(a.paid_in_kind)}</td><td class="num">${n(a.paid_fiat)}</td><td class="num">${n(a.iou)}</td><td class="num">${n(a.unpaid_claim)}</td><td class="num">${groupDigits(String(a.rows))}</td></tr>`)}</tbody></table></div>
<p class="note">${tr.t('web.comp.asset_legend')}</p></section>
<section aria-labelledby="waterfall-title"><h2 id="waterfall-title">${tr.t('web.comp.waterfall', { need: `${n(s.total_need)} ${unit}` })}</h2>
${waterfallSvg(tr, s)}
<div class="table-wrap"><table><thead><tr><th scope="col">${tr.t('compensation.col_source')}</th><th scope="col" class="num">${tr.t('web.comp.available', { unit })}</th><th scope="col" class="num">${tr.t('web.comp.drawn', { unit })}</th></tr></thead>
<tbody>${s.sources.map((x) => html`<tr><td>${sourceName(tr, x.name)}</td><td class="num">${n(x.available)}</td><td class="num">${n(x.drawn)}</td></tr>`)}</tbody></table></div></section>
<section aria-labelledby="downloads-title"><h2 id="downloads-title">${tr.t('web.comp.downloads')}</h2>
<ul class="downloads">
<li><a href="${links.payouts}" download>payouts.csv</a> — ${tr.t('web.comp.dl_payouts', { rows: groupDigits(String(s.rows)) })}</li>
<li><a href="${links.summary_md}" download>${tr.t('web.comp.dl_summary')}</a></li>
<li><a href="${links.summary_json}" download>summary.json</a> — ${tr.t('web.comp.dl_summary_json')}</li>
<li><a href="${links.policy}" download>${tr.t('web.comp.dl_policy')}</a></li>
</ul></section>`;
}

export function compensationList(tr: Translator, runs: ReadonlyArray<{ id: string; incident: string; created_at: string; shortfall: string; base_currency: string }>, shown: (iso: string) => string): Html {
  if (runs.length === 0) return html`<p class="verdict neutral" role="status">${tr.t('web.comp.none')}</p><p><a href="/what-if">${tr.t('web.whatif.link')}</a></p>`;
  return html`<p class="meta">${tr.t('web.comp.count', { count: runs.length })}</p><div class="table-wrap"><table><thead><tr><th scope="col">${tr.t('web.comp.when')}</th><th scope="col">${tr.t('web.comp.incident')}</th><th scope="col" class="num">${tr.t('web.comp.shortfall')}</th><th scope="col">${tr.t('web.comp.open')}</th></tr></thead>
<tbody>${runs.map((r) => html`<tr><td>${shown(r.created_at)}</td><td class="id">${r.incident}</td><td class="num">${groupDigits(r.shortfall)} ${shownUnit(r.base_currency, tr.lang)}</td><td><a href="/compensation/${r.id}">${tr.t('web.comp.open_summary')}</a></td></tr>`)}</tbody></table></div>
<p><a href="/what-if">${tr.t('web.whatif.link')}</a></p>`;
}

/** Under the what-if's answer: compensate the customers for these drained wallets, as a job. */
export function compensateForm(tr: Translator, snapshot: string, drained: readonly string[]): Html {
  return html`<form class="card" method="post" action="/compensation">
<input type="hidden" name="snapshot" value="${snapshot}">
${drained.map((id) => html`<input type="hidden" name="drain" value="${id}">`)}
<p>${tr.t('web.comp.ask_note')}</p>
<button type="submit">${tr.t('web.comp.ask')}</button>
</form>`;
}

/** A real incident: its incident.json pasted as written, compensated on the latest snapshot as a job. */
export function incidentForm(tr: Translator, snapshot: string, as_of_shown: string): Html {
  return html`<h2 id="incident-title">${tr.t('web.comp.incident_title')}</h2>
<form class="card wide" method="post" action="/compensation" aria-labelledby="incident-title">
<input type="hidden" name="snapshot" value="${snapshot}">
<label for="incident">${tr.t('web.comp.incident_label', { snapshot: snapshot.slice(0, 12), as_of: as_of_shown })}</label>
<textarea id="incident" name="incident" rows="10" required spellcheck="false"></textarea>
<p class="note">${tr.t('web.comp.incident_note')}</p>
<button type="submit">${tr.t('web.comp.ask')}</button>
</form>`;
}
