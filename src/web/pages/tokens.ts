// The user's own API tokens: the list (never a secret: only the label, the dates and whether it
// still works), a form for a new one (its secret shown once, here, and never again), and a button
// to revoke each. A token acts as its user, so it can never do more than the user can.

import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import type { TokenRecord } from '../../store/accounts.ts';
import type { Html } from '../layout.ts';

export function tokensBody(tr: Translator, tokens: readonly TokenRecord[], shown: (iso: string) => string, now_ms: number, options: { created?: { token: string; label: string }; days_default: number; days_max: number; may_create: boolean }): Html {
  const state = (t: TokenRecord) => (t.revoked_at !== null ? 'revoked' : t.expires_ms !== null && t.expires_ms <= now_ms ? 'expired' : 'active');
  const active = tokens.filter((t) => state(t) === 'active').length;
  return html`${options.created === undefined ? '' : html`<div class="verdict ok" role="status"><p>${tr.t('web.tokens.created', { label: options.created.label })}</p>
<label for="new-token">${tr.t('web.tokens.secret')}</label><input id="new-token" class="secret" type="text" readonly value="${options.created.token}">
<p class="note">${tr.t('web.tokens.once')}</p></div>`}
<p class="meta">${tr.t('web.tokens.count', { count: tokens.length, active })}</p>
${options.may_create ? html`<form class="card" method="post" action="/tokens">
<label for="label">${tr.t('web.tokens.label')}</label><input id="label" name="label" type="text" required maxlength="80" autocomplete="off">
<label for="days">${tr.t('web.tokens.days', { max: options.days_max })}</label><input id="days" name="days" type="number" min="1" max="${options.days_max}" value="${options.days_default}" required>
<button type="submit">${tr.t('web.tokens.create')}</button></form>` : html`<p class="note">${tr.t('web.tokens.only_session')}</p>`}
${tokens.length === 0 ? html`<p>${tr.t('web.tokens.none')}</p>` : html`<div class="table-wrap"><table><thead><tr><th scope="col">${tr.t('web.tokens.label')}</th><th scope="col">${tr.t('web.tokens.created_at')}</th><th scope="col">${tr.t('web.tokens.expires')}</th><th scope="col">${tr.t('web.tokens.state')}</th><th scope="col"><span class="skip">${tr.t('web.snapshots.actions')}</span></th></tr></thead>
<tbody>${tokens.map((t) => {
    const s = state(t);
    return html`<tr><td>${t.label}<br><span class="id">${t.id}</span></td><td>${shown(t.created_at)}</td><td>${t.expires_ms === null ? '—' : shown(new Date(t.expires_ms).toISOString())}</td><td><span class="badge ${s === 'active' ? 'ok' : 'bad'}">${tr.t(`web.tokens.state.${s}`)}</span></td><td>${s === 'revoked' ? '' : html`<form method="post" action="/tokens/${t.id}/revoke"><button class="link" type="submit" aria-label="${tr.t('web.tokens.revoke_label', { label: t.label })}">${tr.t('web.tokens.revoke')}</button></form>`}</td></tr>`;
  })}</tbody></table></div>`}`;
}
