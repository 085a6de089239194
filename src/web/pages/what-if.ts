// "What if these wallets were drained now?": the check re-run with the chosen wallets emptied,
// shown as the overview's tiles. A what-if is never stored.

import { html } from 'hono/html';
import type { RegimeJson } from '../../coverage/json.ts';
import type { Translator } from '../../i18n/i18n.ts';
import type { Html } from '../layout.ts';
import { compensateForm } from './compensation.ts';
import { regimeTiles } from './overview.ts';

export interface WalletChoice {
  id: string;
  asset: string;
  tier: string;
  purpose: string;
}

export function whatIfForm(tr: Translator, snapshot: string, wallets: readonly WalletChoice[]): Html {
  return html`<form class="card" method="post" action="/what-if">
<input type="hidden" name="snapshot" value="${snapshot}">
<fieldset><legend>${tr.t('web.whatif.choose')}</legend>
${wallets.map((w) => html`<label><input type="checkbox" name="drain" value="${w.id}"> ${tr.t('web.whatif.wallet', { id: w.id, asset: w.asset, tier: tr.t(`web.tier.${w.tier}`), purpose: tr.t(`web.purpose.${w.purpose}`) })}</label>`)}
</fieldset>
<button type="submit">${tr.t('web.whatif.run')}</button>
</form>`;
}

/** `compensate_snapshot`: offer to compensate the customers for this drain (null: the user may not). */
export function whatIfResult(tr: Translator, drained: readonly string[], compliant: boolean, regimes: readonly RegimeJson[], compensate_snapshot: string | null = null): Html {
  return html`<p class="verdict ${compliant ? 'ok' : 'bad'}" role="status">${tr.t(compliant ? 'web.whatif.still_ok' : 'web.whatif.not_ok', { wallets: drained.join(', '), count: regimes.filter((r) => !r.compliant).length })}</p>
<p class="note">${tr.t('web.whatif.not_stored')}</p>
<div class="tiles">${regimeTiles(tr, regimes)}</div>
${compensate_snapshot === null ? '' : html`<h2>${tr.t('web.comp.ask_title')}</h2>${compensateForm(tr, compensate_snapshot, drained)}`}`;
}
