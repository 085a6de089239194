// Risk: the latest stored risk run of the latest snapshot — the verdict first (the loss at the
// headline level against the cover), then VaR and TVaR at each level, the exceedance curves
// (AEP/OEP, charted by echarts and tabled), contributions by shared cause, the reverse stress
// test — and the form that starts a new run as a job. Drawn from the stored run only.

import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import { shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';
import { CHARTS_JS_PATH, ECHARTS_PATH } from '../assets/scripts.ts';

/** The parts of a stored `hozen-risk/1` result this page reads (docs/formats/risk.md). */
export interface RiskRunJson {
  years: number;
  seed: number;
  confidence: number;
  base_currency: string;
  expected_loss: string;
  var: Record<string, string>;
  tvar: Record<string, string>;
  net: { expected_loss: string; var: Record<string, string>; tvar: Record<string, string> };
  cover: { amount: string; source: string; contract_ids: string[] } | null;
  p_exceed_cover: number | null;
  aep: Array<{ return_period: number; gross: string; net: string }>;
  oep: Array<{ return_period: number; gross: string; net: string }>;
  by_cause: Array<{ cause: string; annual_rate: number | null; wallet_ids: string[]; expected_loss: string; tvar_contribution: string }>;
  reverse_stress: null | { cover: string; smallest: null | { kind: string; id: string; value: string; gross_needed: string | null; fraction_needed: number | null } };
}

/** Years a run from the page simulates unless told otherwise, and the most it may ask. */
export const RISK_YEARS_PAGE_DEFAULT = 20_000;
export const RISK_YEARS_PAGE_MAX = 1_000_000;

/** 0.99 → "99%", 0.995 → "99.5%" (per mille, so that float noise cannot add a place). */
export const level = (l: string): string => {
  const per_mille = Math.round(Number(l) * 1000);
  return per_mille % 10 === 0 ? `${per_mille / 10}%` : `${(per_mille / 10).toFixed(1)}%`;
};

export function riskForm(tr: Translator, snapshot: string | null, may_write: boolean): Html {
  if (!may_write || snapshot === null) return html``;
  return html`<form class="card inline" method="post" action="/risk">
<input type="hidden" name="snapshot" value="${snapshot}">
<label for="years">${tr.t('web.risk.years')}</label><input id="years" name="years" type="number" min="1" max="${RISK_YEARS_PAGE_MAX}" value="${RISK_YEARS_PAGE_DEFAULT}" required>
<label for="seed">${tr.t('web.risk.seed')}</label><input id="seed" name="seed" type="number" min="0" value="1" required>
<button type="submit">${tr.t('web.risk.start')}</button>
</form>`;
}

export function riskBody(tr: Translator, run: { id: string; result: RiskRunJson } | null, form: Html): Html {
  if (run === null) return html`<p class="verdict neutral" role="status">${tr.t('web.risk.none')}</p>${form}`;
  const r = run.result;
  const unit = shownUnit(r.base_currency, tr.lang);
  const m = (s: string) => `${groupDigits(s)} ${unit}`;
  const headline = String(r.confidence);
  const tvar = r.tvar[headline] ?? Object.values(r.tvar).at(-1) ?? '0';
  const covered = r.cover === null ? null : Number(tvar) <= Number(r.cover.amount);
  const levels = Object.keys(r.var).sort((a, b) => Number(a) - Number(b));
  const curve = (name: 'aep' | 'oep') => r[name].map((p) => (Number(p.gross) / 1e6));
  const spec = { unit: '', x: r.aep.map((p) => tr.t('web.risk.period', { years: groupDigits(String(p.return_period)) })), series: [{ name: tr.t('web.risk.aep_million'), values: curve('aep'), limit: false }, { name: tr.t('web.risk.oep_million'), values: curve('oep'), limit: false }] };
  return html`<p class="verdict ${covered === false ? 'bad' : covered === true ? 'ok' : 'neutral'}" role="status">${r.cover === null ? tr.t('web.risk.verdict_no_cover', { level: level(headline), tvar: m(tvar) }) : tr.t(covered ? 'web.risk.verdict_ok' : 'web.risk.verdict_bad', { level: level(headline), tvar: m(tvar), cover: m(r.cover.amount) })}</p>
<p class="meta">${tr.t('web.risk.meta', { run: run.id, years: groupDigits(String(r.years)), seed: r.seed })}</p>
<dl class="figures summary"><dt>${tr.t('web.risk.expected_loss')}</dt><dd>${m(r.expected_loss)}</dd><dt>${tr.t('web.risk.expected_loss_net')}</dt><dd>${m(r.net.expected_loss)}</dd>${r.p_exceed_cover === null ? '' : html`<dt>${tr.t('web.risk.p_exceed')}</dt><dd>${(r.p_exceed_cover * 100).toFixed(2)}%</dd>`}</dl>
<section aria-labelledby="levels-title"><h2 id="levels-title">${tr.t('web.risk.levels')}</h2>
<div class="table-wrap"><table class="wide"><thead><tr><th scope="col">${tr.t('web.risk.level')}</th><th scope="col" class="num">VaR</th><th scope="col" class="num">TVaR</th><th scope="col" class="num">${tr.t('web.risk.var_net')}</th><th scope="col" class="num">${tr.t('web.risk.tvar_net')}</th></tr></thead>
<tbody>${levels.map((l) => html`<tr><td>${level(l)}</td><td class="num">${groupDigits(r.var[l]!)}</td><td class="num">${groupDigits(r.tvar[l] ?? '—')}</td><td class="num">${groupDigits(r.net.var[l] ?? '—')}</td><td class="num">${groupDigits(r.net.tvar[l] ?? '—')}</td></tr>`)}</tbody></table></div></section>
<section aria-labelledby="curves-title"><h2 id="curves-title">${tr.t('web.risk.curves')}</h2>
<figure class="chart-figure"><figcaption id="chart-curves">${tr.t('web.risk.curves_caption', { unit })}</figcaption>
<div class="chart" role="img" aria-labelledby="chart-curves" data-chart="${JSON.stringify(spec)}"></div></figure>
<div class="table-wrap"><table><thead><tr><th scope="col">${tr.t('web.risk.return_period')}</th><th scope="col" class="num">${tr.t('web.risk.aep')}</th><th scope="col" class="num">${tr.t('web.risk.oep')}</th></tr></thead>
<tbody>${r.aep.map((p, i) => html`<tr><td>${tr.t('web.risk.period', { years: groupDigits(String(p.return_period)) })}</td><td class="num">${groupDigits(p.gross)}</td><td class="num">${groupDigits(r.oep[i]?.gross ?? '—')}</td></tr>`)}</tbody></table></div></section>
<section aria-labelledby="causes-title"><h2 id="causes-title">${tr.t('web.risk.causes')}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${tr.t('web.risk.cause')}</th><th scope="col" class="num">${tr.t('web.risk.wallets')}</th><th scope="col" class="num">${tr.t('web.wallets.expected_loss', { unit })}</th><th scope="col" class="num">${tr.t('web.wallets.tvar', { unit })}</th></tr></thead>
<tbody>${r.by_cause.map((c) => html`<tr>${c.cause === 'own' ? html`<td>${tr.t('web.risk.cause_own')}</td>` : html`<td class="id">${c.cause}</td>`}<td class="num">${c.wallet_ids.length}</td><td class="num">${groupDigits(c.expected_loss)}</td><td class="num">${groupDigits(c.tvar_contribution)}</td></tr>`)}</tbody></table></div>
<p><a href="/wallets?sort=tvar&amp;dir=desc">${tr.t('web.risk.by_wallet')}</a></p></section>
<section aria-labelledby="stress-title"><h2 id="stress-title">${tr.t('web.risk.stress')}</h2>
<p>${r.reverse_stress === null ? tr.t('web.risk.stress_none') : r.reverse_stress.smallest === null ? tr.t('web.risk.stress_safe', { cover: m(r.reverse_stress.cover) }) : tr.t('web.risk.stress_smallest', { id: r.reverse_stress.smallest.id, value: m(r.reverse_stress.smallest.value), cover: m(r.reverse_stress.cover) })}</p></section>
<h2>${tr.t('web.risk.new_run')}</h2>
${form}
<p class="note">${tr.t('web.risk.legend')}</p>
<script src="${ECHARTS_PATH}" defer></script>
<script src="${CHARTS_JS_PATH}" defer></script>`;
}
