// History: each stored check's headline figures, oldest first, one row per snapshot and regime.
// The figures are the stored runs' own (the exact decimal strings), shown as on the overview.

import { html } from 'hono/html';
import type { CheckRunResult } from '../../coverage/index.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { decimalOf, shownAmount } from '../format.ts';
import type { Html } from '../layout.ts';

export function historyBody(tr: Translator, history: readonly Omit<CheckRunResult, 'checks' | 'assignments' | 'excluded' | 'params'>[], shown: (iso: string) => string): Html {
  if (history.length === 0) return html`<p>${tr.t('web.overview.nothing')}</p>`;
  return html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${tr.t('cli.col_as_of')}</th><th scope="col">${tr.t('cli.col_snapshot')}</th><th scope="col">${tr.t('web.history.regime')}</th><th scope="col">${tr.t('web.history.verdict')}</th><th scope="col">${tr.t('web.history.figures')}</th></tr></thead>
<tbody>${history.map(
    (run) => html`<tr><td>${shown(run.as_of)}</td><td class="id">${run.snapshot.slice(0, 12)}</td><td>${run.regime}</td><td><span class="badge ${run.compliant ? 'ok' : 'bad'}">${tr.t(run.compliant ? 'web.compliant' : 'web.not_compliant')}</span></td><td>${run.headline.map(
      (c) => html`<div>${c.id.split('/').at(-1)}: ${c.held === null ? '—' : shownAmount(decimalOf(c.held), c.unit, tr.lang)} ${c.bound === 'max' ? '≤' : '≥'} ${c.required === null ? '—' : shownAmount(decimalOf(c.required), c.unit, tr.lang)}</div>`,
    )}</td></tr>`,
  )}</tbody></table></div>`;
}
