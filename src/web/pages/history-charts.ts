// The history page's charts and its comparison of two snapshots. A chart is a figure with a
// caption and a text summary (its latest day's values); echarts draws it from the data attribute
// when scripts run, and the exact figures stay in the table below. The comparison is a GET form:
// it works without a script and its answer has an address.

import { html } from 'hono/html';
import type { CompareResult, Change } from '../../app/compare.ts';
import type { Translator } from '../../i18n/i18n.ts';
import type { SnapshotRecord } from '../../store/types.ts';
import { shownDelta, shownQuantity } from '../figures.ts';
import type { ChartSpec, HistoryCharts } from '../history-charts.ts';
import { shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';
import { CHARTS_JS_PATH, ECHARTS_PATH } from '../assets/scripts.ts';

function lastValues(spec: ChartSpec): string {
  return spec.series
    .map((s) => {
      const last = [...s.values].reverse().find((v) => v !== null);
      return last === undefined || last === null ? null : `${s.name} ${last.toFixed(2)}%`;
    })
    .filter((t) => t !== null)
    .join('; ');
}

function chart(tr: Translator, id: string, title_code: string, spec: ChartSpec): Html {
  if (spec.series.length === 0) return html`<figure class="chart-figure"><figcaption id="${id}">${tr.t(title_code)}</figcaption><p class="note">${tr.t('web.charts.no_data')}</p></figure>`;
  return html`<figure class="chart-figure"><figcaption id="${id}">${tr.t(title_code)}</figcaption>
<div class="chart" role="img" aria-labelledby="${id}" aria-describedby="${id}-summary" data-chart="${JSON.stringify(spec)}"></div>
<p class="note" id="${id}-summary">${tr.t('web.charts.latest', { days: spec.x.length, values: lastValues(spec) })}</p></figure>`;
}

export function historyChartsSection(tr: Translator, charts: HistoryCharts): Html {
  const hundred = (spec: ChartSpec): ChartSpec => (spec.series.length === 0 ? spec : { ...spec, series: [...spec.series, { name: tr.t('web.charts.required_line'), values: spec.x.map(() => 100), limit: true }] });
  return html`<section aria-labelledby="charts-title"><h2 id="charts-title">${tr.t('web.charts.title')}</h2>
<p class="note">${tr.t('web.charts.legend')}</p>
<div class="charts">
${chart(tr, 'chart-hot', 'web.charts.hot_share', charts.hot_share)}
${chart(tr, 'chart-cover', 'web.charts.cover', hundred(charts.cover))}
${chart(tr, 'chart-guarantee', 'web.charts.guarantee', hundred(charts.guarantee))}
</div></section>
<script src="${ECHARTS_PATH}" defer></script>
<script src="${CHARTS_JS_PATH}" defer></script>`;
}

/** The newest snapshots offered to compare (a limit on everything). */
export const SNAPSHOT_CHOICES_MAX = 500;

function options(snapshots: readonly SnapshotRecord[], chosen: string | undefined, shown: (iso: string) => string): Html[] {
  return [...snapshots].reverse().slice(0, SNAPSHOT_CHOICES_MAX).map((s) => html`<option value="${s.id}"${s.id === chosen ? html` selected` : ''}>${shown(s.as_of)} · ${s.id.slice(0, 12)}</option>`);
}

export function compareForm(tr: Translator, snapshots: readonly SnapshotRecord[], shown: (iso: string) => string, chosen: { before?: string; after?: string }): Html {
  if (snapshots.length < 2) return html`<section aria-labelledby="compare-title"><h2 id="compare-title">${tr.t('web.compare.title')}</h2><p class="note">${tr.t('web.compare.need_two')}</p></section>`;
  const before = chosen.before ?? snapshots.at(-2)!.id;
  const after = chosen.after ?? snapshots.at(-1)!.id;
  return html`<section aria-labelledby="compare-title"><h2 id="compare-title">${tr.t('web.compare.title')}</h2>
<form class="card inline" method="get" action="/history#compare-title">
<label for="before">${tr.t('web.compare.before')}</label><select id="before" name="before">${options(snapshots, before, shown)}</select>
<label for="after">${tr.t('web.compare.after')}</label><select id="after" name="after">${options(snapshots, after, shown)}</select>
<button type="submit">${tr.t('web.compare.submit')}</button>
</form></section>`;
}

function changeTable(tr: Translator, caption: string, rows: readonly (Change & { kind?: string })[], lang: Translator['lang']): Html {
  if (rows.length === 0) return html`<h3>${caption}</h3><p class="note">${tr.t('web.compare.unchanged')}</p>`;
  const amount = (m: bigint | null, c: Change) => (m === null ? tr.t('web.compare.absent') : shownQuantity(m, c.decimals));
  return html`<h3>${caption}</h3><div class="table-wrap"><table>
<thead><tr><th scope="col">${tr.t('web.compare.item')}</th><th scope="col" class="num">${tr.t('web.compare.before')}</th><th scope="col" class="num">${tr.t('web.compare.after')}</th><th scope="col" class="num">${tr.t('web.compare.change')}</th></tr></thead>
<tbody>${rows.map((c) => html`<tr><td class="id">${c.kind === undefined ? '' : `${tr.t(`web.source.${c.kind}`)}: `}${c.id}</td><td class="num">${amount(c.before_minor, c)}</td><td class="num">${amount(c.after_minor, c)}</td><td class="num">${shownDelta(c.delta_minor, c.decimals)} ${shownUnit(c.unit, lang)}</td></tr>`)}</tbody></table></div>`;
}

export function compareResult(tr: Translator, result: CompareResult, shown: (iso: string) => string): Html {
  const changes = result.balances.length + result.holdings.length + result.wallets.length + result.sources.length;
  return html`<section aria-labelledby="compare-result"><h2 id="compare-result">${tr.t('web.compare.result', { before: shown(result.before.as_of), after: shown(result.after.as_of) })}</h2>
<p class="verdict ${changes === 0 ? 'ok' : 'neutral'}" role="status">${changes === 0 ? tr.t('web.compare.same') : tr.t('web.compare.changes', { count: changes })}</p>
${changeTable(tr, tr.t('web.compare.balances'), result.balances, tr.lang)}
${changeTable(tr, tr.t('web.compare.holdings'), result.holdings, tr.lang)}
${changeTable(tr, tr.t('web.compare.wallets'), result.wallets, tr.lang)}
${changeTable(tr, tr.t('web.compare.sources'), result.sources, tr.lang)}
<p class="note">${tr.t('web.compare.legend')}</p></section>`;
}
