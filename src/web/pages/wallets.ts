// Wallets: every wallet of the latest snapshot by tier and purpose, what it holds (in its own
// unit, exact, and valued in the base currency as a holding: rounded down), and its controls.
// Drawn from the snapshot's wallet list: no balance row is read.

import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import type { Wallet } from '../../snapshot/types.ts';
import { shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';

export interface WalletRow {
  wallet: Wallet;
  amount: string;
  /** In the base currency, a holding (rounded down); null without a price. */
  value: string | null;
}

export function walletsBody(tr: Translator, rows: readonly WalletRow[], base_currency: string): Html {
  const unit = shownUnit(base_currency, tr.lang);
  const yes = tr.t('web.wallets.yes');
  return html`<p class="meta">${tr.t('web.wallets.count', { count: rows.length })}</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${tr.t('web.wallets.wallet')}</th><th scope="col">${tr.t('web.wallets.tier')}</th><th scope="col">${tr.t('web.wallets.purpose')}</th><th scope="col" class="num">${tr.t('web.wallets.amount')}</th><th scope="col" class="num">${tr.t('web.wallets.value', { unit })}</th><th scope="col">${tr.t('web.wallets.signing')}</th><th scope="col">${tr.t('web.wallets.keys')}</th><th scope="col">${tr.t('web.wallets.vendor')}</th></tr></thead>
<tbody>${rows.map(({ wallet: w, amount, value }) => {
    const c = w.controls;
    const keys = [c.hsm === true ? 'HSM' : null, c.mpc === true ? 'MPC' : null].filter((k) => k !== null).join(' + ');
    return html`<tr><td class="id">${w.id}</td><td>${tr.t(`web.tier.${w.tier}`)}</td><td>${tr.t(`web.purpose.${w.purpose}`)}</td><td class="num">${groupDigits(amount)} ${w.asset}</td><td class="num">${value === null ? '—' : groupDigits(value)}</td><td>${c.signing === undefined ? tr.t('web.wallets.single_key') : tr.t('web.wallets.m_of_n', { m: c.signing.m, n: c.signing.n })}</td><td>${keys === '' ? '—' : keys}${c.address_allowlist === true ? html`<br><span class="note">${tr.t('web.wallets.allowlist')}: ${yes}</span>` : ''}</td><td>${[c.vendor, c.platform].filter((v) => v !== undefined).join(' / ') || '—'}</td></tr>`;
  })}</tbody></table></div>
<p class="note">${tr.t('web.wallets.legend')}</p>`;
}
