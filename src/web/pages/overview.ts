// The overview of an exchange: the verdict first, then one tile per regime with its judged
// figures (held, required, the headroom and its share), then the alerts. Drawn from the stored
// checks only: no balance row is read, so a 10M-row exchange renders as fast as a small one.

import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import type { AlertsResult } from '../../app/alerts.ts';
import type { RegimeJson } from '../../coverage/json.ts';
import { decimalOf, headroom, isNegative, RATIO_UNIT, shownAmount, shownPercent } from '../format.ts';
import type { Html } from '../layout.ts';
import { readableYen } from '../figures.ts';
import { divDecimal, isZeroDecimal, type Decimal } from '../../money/decimal.ts';

export interface OverviewData {
  snapshot: string;
  exchange: string;
  as_of_shown: string;
  time_zone: string;
  compliant: boolean;
  regimes: RegimeJson[];
  alerts: AlertsResult;
}

/** In Japanese, a yen figure also as it is read (億/万) under the exact one. */
function reading(tr: Translator, value: Decimal, unit: string): Html | '' {
  if (tr.lang !== 'ja' || unit !== 'JPY') return '';
  const yen = value.coef / 10n ** BigInt(value.scale);
  return html`<br><span class="note">${readableYen(yen, 'ja')}</span>`;
}

function tile(tr: Translator, regime: RegimeJson): Html {
  const headline = regime.checks.filter((c) => c.asset === null && (c.status === 'pass' || c.status === 'fail') && c.held !== null && c.required !== null);
  const status = regime.compliant ? 'ok' : 'bad';
  return html`<article class="tile ${status}" aria-label="${regime.id}">
  <h3><span>${regime.id}</span><span class="badge ${status}">${tr.t(regime.compliant ? 'web.compliant' : 'web.not_compliant')}</span></h3>
  ${headline.map((check) => {
    const held = decimalOf(check.held!);
    const required = decimalOf(check.required!);
    const room = headroom(held, required, check.bound);
    const share = check.unit !== RATIO_UNIT && !isZeroDecimal(required) ? shownPercent(divDecimal(room, required, 6, 'half-even')) : null;
    return html`<dl class="figures">
    <dt>${tr.t(check.bound === 'max' ? 'web.limit' : 'web.required')}</dt><dd>${shownAmount(required, check.unit, tr.lang)}${check.required_rounding === 'ceil' ? html` <span class="note">(${tr.t('valuation.rounded_up')})</span>` : ''}${reading(tr, required, check.unit)}</dd>
    <dt>${tr.t('web.held')}</dt><dd>${shownAmount(held, check.unit, tr.lang)}${reading(tr, held, check.unit)}</dd>
    <dt>${tr.t(isNegative(room) ? 'web.short_by' : 'web.headroom')}</dt><dd>${shownAmount(isNegative(room) ? decimalOf(check.shortfall ?? '0') : room, check.unit, tr.lang)}${share === null ? '' : html` (${share})`}</dd>
  </dl>
  <p class="rule">${check.message}</p>`;
  })}
</article>`;
}

export function regimeTiles(tr: Translator, regimes: readonly RegimeJson[]): Html[] {
  return regimes.map((r) => tile(tr, r));
}

export function overviewBody(tr: Translator, data: OverviewData): Html {
  const { alerts } = data;
  return html`<p class="verdict ${data.compliant ? 'ok' : 'bad'}" role="status">${tr.t(data.compliant ? 'web.overview.verdict_ok' : 'web.overview.verdict_bad', { count: data.regimes.filter((r) => !r.compliant).length })}</p>
<p class="meta">${tr.t('web.overview.meta', { exchange: data.exchange, as_of: data.as_of_shown, zone: data.time_zone, snapshot: data.snapshot.slice(0, 12) })}</p>
<section aria-labelledby="regimes"><h2 id="regimes">${tr.t('web.overview.regimes')}</h2>
<div class="tiles">${regimeTiles(tr, data.regimes)}</div></section>
<section aria-labelledby="alerts"><h2 id="alerts">${tr.t('web.overview.alerts', { critical: alerts.alerts.filter((a) => a.severity === 'critical').length, warnings: alerts.alerts.filter((a) => a.severity === 'warning').length })}</h2>
${alerts.alerts.length === 0
  ? html`<p>${tr.t('web.overview.no_alerts')}</p>`
  : html`<ul class="alerts">${alerts.alerts.map((a) => html`<li><span class="badge ${a.severity === 'critical' ? 'bad' : 'warn'}">${tr.t(`app.alert_${a.severity}`)}</span> <strong>${a.regime}</strong>: ${tr.t(a.code, a.params as Parameters<Translator['t']>[1])}</li>`)}</ul>`}
</section>
<p class="note">${tr.t('web.overview.legend')}</p>
<p><a href="/what-if">${tr.t('web.whatif.link')}</a></p>`;
}

export function emptyOverviewBody(tr: Translator, latest_unchecked: string | null): Html {
  return html`<p class="verdict bad" role="status">${tr.t('web.overview.nothing')}</p>
${latest_unchecked === null
  ? html`<p><a href="/snapshots">${tr.t('web.overview.upload_first')}</a></p>`
  : html`<form method="post" action="/snapshots/${latest_unchecked}/check"><button type="submit">${tr.t('web.overview.check_now', { snapshot: latest_unchecked.slice(0, 12) })}</button></form>`}`;
}
