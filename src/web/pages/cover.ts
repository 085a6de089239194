// Cover: the safe assets by kind and maturity and the contracts and guarantees with their periods
// (timelines with today marked), then, regime by regime, what counted toward which requirement and
// what did not, and why. Drawn from the snapshot's header and its stored check: no balance row.

import { html } from 'hono/html';
import type { RegimeJson } from '../../coverage/json.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import type { Contract, SafeAsset } from '../../snapshot/types.ts';
import { formatAmount } from '../../money/amount.ts';
import { readableYen } from '../figures.ts';
import { decimalOf, shownAmount, shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';
import { timelineSvg, type TimelineRow } from '../timeline.ts';

export interface CoverData {
  snapshot: string;
  as_of_shown: string;
  base_currency: string;
  base_decimals: number;
  safe_assets: readonly SafeAsset[];
  contracts: readonly Contract[];
  /** The stored check's regimes; null when the snapshot was not checked. */
  regimes: readonly RegimeJson[] | null;
  now_ms: number;
  /** A date or timestamp as written, as the reader reads it. */
  shownDate: (text: string) => string;
  tick: (ms: number, years: boolean) => string;
}

/** A date (the day's start) or a timestamp as written, in epoch ms. */
export function instantOf(text: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

export function coverBody(tr: Translator, data: CoverData): Html {
  const unit = shownUnit(data.base_currency, tr.lang);
  const money = (minor: bigint) => `${groupDigits(formatAmount(minor, data.base_decimals))} ${unit}`;
  const reading = (minor: bigint) => (data.base_currency === 'JPY' && tr.lang === 'ja' && data.base_decimals === 0 ? html`<br><span class="note">${readableYen(minor, 'ja')}</span>` : '');
  const as_of_ms = Math.min(data.now_ms, ...data.contracts.map((c) => instantOf(c.start)));
  const upcoming = [
    ...data.contracts.map((c) => ({ id: c.id, when: c.end, ms: instantOf(c.end), code: 'web.cover.next_contract' })),
    ...data.safe_assets.filter((s) => s.maturity !== null).map((s) => ({ id: s.id, when: s.maturity!, ms: instantOf(s.maturity!), code: 'web.cover.next_maturity' })),
  ]
    .filter((u) => u.ms >= data.now_ms)
    .sort((a, b) => a.ms - b.ms);
  const next = upcoming[0];
  const total_safe = data.safe_assets.reduce((s, a) => s + a.market_value_minor, 0n);
  const in_force = data.contracts.filter((c) => instantOf(c.start) <= data.now_ms && instantOf(c.end) + 86_400_000 > data.now_ms);
  const total_contracts = in_force.reduce((s, c) => s + c.amount_minor, 0n);
  const kind = (k: string) => tr.t(`web.cover.kind.${k}`);
  const days = (ms: number) => Math.ceil((ms - data.now_ms) / 86_400_000);
  const safe_rows: TimelineRow[] = [...data.safe_assets]
    .sort((a, b) => (a.maturity ?? '9999') < (b.maturity ?? '9999') ? -1 : (a.maturity ?? '9999') > (b.maturity ?? '9999') ? 1 : 0)
    .map((s) => ({ label: `${s.id} ${kind(s.kind)}`, start_ms: as_of_ms, end_ms: s.maturity === null ? null : instantOf(s.maturity) + 86_400_000, note: s.maturity === null ? tr.t('web.cover.no_maturity') : data.shownDate(s.maturity) }));
  const contract_rows: TimelineRow[] = [...data.contracts]
    .sort((a, b) => instantOf(a.start) - instantOf(b.start))
    .map((c) => {
      const end_ms = instantOf(c.end) + (/^\d{4}-\d{2}-\d{2}$/.test(c.end) ? 86_400_000 : 0);
      const state = instantOf(c.start) > data.now_ms ? tr.t('web.cover.not_started') : end_ms <= data.now_ms ? tr.t('web.cover.ended') : tr.t('web.cover.in_force');
      return { label: `${c.id} ${kind(c.kind)}`, start_ms: instantOf(c.start), end_ms, note: tr.t('web.cover.date_state', { date: data.shownDate(c.end), state }) };
    });
  return html`<p class="verdict neutral" role="status">${next === undefined ? tr.t('web.cover.nothing_ends') : tr.t(next.code, { id: next.id, date: data.shownDate(next.when), days: days(next.ms) })}</p>
<p class="meta">${tr.t('web.cover.meta', { as_of: data.as_of_shown, snapshot: data.snapshot.slice(0, 12) })}</p>
<dl class="figures summary">
<dt>${tr.t('web.cover.total_safe', { count: data.safe_assets.length })}</dt><dd>${money(total_safe)}${reading(total_safe)}</dd>
<dt>${tr.t('web.cover.total_contracts', { count: in_force.length })}</dt><dd>${money(total_contracts)}${reading(total_contracts)}</dd>
</dl>

<section aria-labelledby="safe-title"><h2 id="safe-title">${tr.t('web.cover.safe_title')}</h2>
${data.safe_assets.length === 0 ? html`<p>${tr.t('web.cover.none')}</p>` : html`${timelineSvg(safe_rows, { title_id: 'safe-title', today_ms: data.now_ms, today_label: tr.t('web.cover.today'), tick: data.tick })}
<div class="table-wrap"><table class="wide">
<thead><tr><th scope="col">${tr.t('web.cover.id')}</th><th scope="col">${tr.t('web.cover.kind')}</th><th scope="col">${tr.t('web.cover.issuer')}</th><th scope="col" class="num">${tr.t('web.cover.market_value', { unit })}</th><th scope="col">${tr.t('web.cover.maturity')}</th><th scope="col">${tr.t('web.cover.segregated')}</th></tr></thead>
<tbody>${data.safe_assets.map((s) => html`<tr><td class="id">${s.id}</td><td>${kind(s.kind)}</td><td>${s.issuer}</td><td class="num">${groupDigits(formatAmount(s.market_value_minor, data.base_decimals))}</td><td>${s.maturity === null ? tr.t('web.cover.no_maturity') : data.shownDate(s.maturity)}</td><td>${tr.t(s.segregated ? 'web.cover.yes' : 'web.cover.no')}</td></tr>`)}</tbody></table></div>`}
</section>

<section aria-labelledby="contracts-title"><h2 id="contracts-title">${tr.t('web.cover.contracts_title')}</h2>
${data.contracts.length === 0 ? html`<p>${tr.t('web.cover.none')}</p>` : html`${timelineSvg(contract_rows, { title_id: 'contracts-title', today_ms: data.now_ms, today_label: tr.t('web.cover.today'), tick: data.tick })}
<div class="table-wrap"><table class="wide">
<thead><tr><th scope="col">${tr.t('web.cover.id')}</th><th scope="col">${tr.t('web.cover.kind')}</th><th scope="col">${tr.t('web.cover.counterparty')}</th><th scope="col" class="num">${tr.t('web.cover.amount', { unit })}</th><th scope="col">${tr.t('web.cover.period')}</th></tr></thead>
<tbody>${data.contracts.map((c) => html`<tr><td class="id">${c.id}</td><td>${kind(c.kind)}</td><td>${c.counterparty}</td><td class="num">${groupDigits(formatAmount(c.amount_minor, data.base_decimals))}</td><td>${tr.t('web.cover.from_to', { start: data.shownDate(c.start), end: data.shownDate(c.end) })}</td></tr>`)}</tbody></table></div>`}
</section>

<section aria-labelledby="counted-title"><h2 id="counted-title">${tr.t('web.cover.counted_title')}</h2>
${data.regimes === null
  ? html`<p>${tr.t('web.overview.nothing')}</p>`
  : data.regimes.map(
      (r) => html`<h3>${r.id}</h3>
${r.assignments.length === 0 ? html`<p class="note">${tr.t('web.cover.nothing_counted')}</p>` : html`<div class="table-wrap"><table><caption>${tr.t('web.cover.counted')}</caption>
<thead><tr><th scope="col">${tr.t('web.cover.source')}</th><th scope="col">${tr.t('web.cover.requirement')}</th><th scope="col" class="num">${tr.t('web.cover.counts_for')}</th><th scope="col" class="num">${tr.t('web.cover.applied')}</th></tr></thead>
<tbody>${r.assignments.map((a) => html`<tr><td class="id">${tr.t(`web.source.${a.source_kind}`)}: ${a.source_id}</td><td class="id">${a.check_id.slice(a.check_id.indexOf('/') + 1)}${a.asset === null ? '' : ` (${a.asset})`}</td><td class="num">${shownAmount(decimalOf(a.counted), a.unit, tr.lang)}</td><td class="num">${shownAmount(decimalOf(a.applied), a.unit, tr.lang)}</td></tr>`)}</tbody></table></div>`}
${r.excluded.length === 0 ? '' : html`<div class="table-wrap"><table><caption>${tr.t('web.cover.not_counted')}</caption>
<thead><tr><th scope="col">${tr.t('web.cover.source')}</th><th scope="col">${tr.t('web.cover.why')}</th></tr></thead>
<tbody>${r.excluded.map((e) => html`<tr><td class="id">${tr.t(`web.source.${e.source_kind}`)}: ${e.source_id}</td><td>${e.reason}</td></tr>`)}</tbody></table></div>`}`,
    )}
<p class="note">${tr.t('web.cover.legend')}</p>
</section>`;
}
