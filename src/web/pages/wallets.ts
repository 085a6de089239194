// Wallets: every wallet of the latest snapshot by tier and purpose, what it holds (in its own
// unit, and valued in the base currency as a holding: rounded down), its controls, and its
// contribution to expected loss and to TVaR from the latest stored risk run of that snapshot.
// Filtering and sorting are query parameters read on the server: the page works without a
// script, and a filtered view has an address. Drawn from the snapshot's wallet list and the
// stored run: no balance row is read.

import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import { formatAmount } from '../../money/amount.ts';
import { TIERS, PURPOSES, type Wallet } from '../../snapshot/types.ts';
import { shownQuantity } from '../figures.ts';
import { shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';

export interface WalletRow {
  wallet: Wallet;
  decimals: number;
  /** In the base currency's minor units, a holding (rounded down); null without a price. */
  value_minor: bigint | null;
  /** From the latest risk run; null when there is none or it did not model this wallet. */
  expected_loss_minor: bigint | null;
  tvar_minor: bigint | null;
}

export const WALLET_SORTS = ['id', 'tier', 'purpose', 'asset', 'value', 'expected_loss', 'tvar'] as const;
export type WalletSort = (typeof WALLET_SORTS)[number];

export interface WalletQuery {
  tier: string | null;
  purpose: string | null;
  asset: string | null;
  sort: WalletSort;
  descending: boolean;
  exact: boolean;
}

/** The query parameters as the page takes them; anything unknown is ignored, not an error. */
export function walletQuery(q: (name: string) => string | undefined): WalletQuery {
  const sort = q('sort');
  const pick = (v: string | undefined, allowed: readonly string[]) => (v !== undefined && allowed.includes(v) ? v : null);
  return {
    tier: pick(q('tier'), TIERS),
    purpose: pick(q('purpose'), PURPOSES),
    asset: q('asset') === undefined || q('asset') === '' ? null : q('asset')!.slice(0, 32),
    sort: (WALLET_SORTS as readonly string[]).includes(sort ?? '') ? (sort as WalletSort) : 'id',
    descending: q('dir') === 'desc',
    exact: q('exact') === '1',
  };
}

const TIER_ORDER = new Map<string, number>(TIERS.map((t, i) => [t, i]));
const PURPOSE_ORDER = new Map<string, number>(PURPOSES.map((p, i) => [p, i]));

/** Filtered, then sorted (stably, by id within equal keys; a missing figure sorts last). */
export function selectWallets(rows: readonly WalletRow[], query: WalletQuery): WalletRow[] {
  const kept = rows.filter((r) => (query.tier === null || r.wallet.tier === query.tier) && (query.purpose === null || r.wallet.purpose === query.purpose) && (query.asset === null || r.wallet.asset === query.asset));
  const big = (v: bigint | null) => v;
  const key = (r: WalletRow): string | number | bigint | null => {
    switch (query.sort) {
      case 'id':
        return r.wallet.id;
      case 'tier':
        return TIER_ORDER.get(r.wallet.tier) ?? 99;
      case 'purpose':
        return PURPOSE_ORDER.get(r.wallet.purpose) ?? 99;
      case 'asset':
        return r.wallet.asset;
      case 'value':
        return big(r.value_minor);
      case 'expected_loss':
        return big(r.expected_loss_minor);
      case 'tvar':
        return big(r.tvar_minor);
    }
  };
  const sign = query.descending ? -1 : 1;
  return kept
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? byId(a.r, b.r) : a.k === null ? 1 : -1;
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return c === 0 ? byId(a.r, b.r) : sign * c;
    })
    .map(({ r }) => r);
}

function byId(a: WalletRow, b: WalletRow): number {
  return a.wallet.id < b.wallet.id ? -1 : a.wallet.id > b.wallet.id ? 1 : 0;
}

export interface WalletsData {
  rows: readonly WalletRow[];
  base_currency: string;
  base_decimals: number;
  /** The risk run the contributions come from; null when the snapshot has none. */
  risk: { run_id: string; years: number } | null;
  assets: readonly string[];
}

export function walletsBody(tr: Translator, data: WalletsData, query: WalletQuery): Html {
  const unit = shownUnit(data.base_currency, tr.lang);
  const yes = tr.t('web.wallets.yes');
  const shown = selectWallets(data.rows, query);
  const money = (m: bigint | null) => (m === null ? '—' : groupDigits(formatAmount(m, data.base_decimals)));
  const link = (sort: WalletSort) => {
    const params = new URLSearchParams();
    if (query.tier !== null) params.set('tier', query.tier);
    if (query.purpose !== null) params.set('purpose', query.purpose);
    if (query.asset !== null) params.set('asset', query.asset);
    if (query.exact) params.set('exact', '1');
    params.set('sort', sort);
    if (query.sort === sort && !query.descending) params.set('dir', 'desc');
    return `/wallets?${params.toString()}`;
  };
  const head = (sort: WalletSort, label: string, num = false) => {
    const current = query.sort === sort;
    const aria = current ? (query.descending ? 'descending' : 'ascending') : 'none';
    return html`<th scope="col"${num ? html` class="num"` : ''} aria-sort="${aria}"><a href="${link(sort)}">${label}</a>${current ? html` <span aria-hidden="true">${query.descending ? '▼' : '▲'}</span>` : ''}</th>`;
  };
  const option = (value: string, label: string, chosen: string | null) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${label}</option>`;
  return html`<p class="meta">${tr.t('web.wallets.count', { count: data.rows.length })}${shown.length === data.rows.length ? '' : ` ${tr.t('web.wallets.shown', { count: shown.length })}`}</p>
<form class="card inline filters" method="get" action="/wallets">
<label for="f-tier">${tr.t('web.wallets.tier')}</label><select id="f-tier" name="tier">${option('', tr.t('web.wallets.any'), query.tier ?? '')}${TIERS.map((t) => option(t, tr.t(`web.tier.${t}`), query.tier))}</select>
<label for="f-purpose">${tr.t('web.wallets.purpose')}</label><select id="f-purpose" name="purpose">${option('', tr.t('web.wallets.any'), query.purpose ?? '')}${PURPOSES.map((p) => option(p, tr.t(`web.purpose.${p}`), query.purpose))}</select>
<label for="f-asset">${tr.t('web.wallets.asset')}</label><select id="f-asset" name="asset">${option('', tr.t('web.wallets.any'), query.asset ?? '')}${data.assets.map((a) => option(a, a, query.asset))}</select>
<input type="hidden" name="sort" value="${query.sort}">${query.descending ? html`<input type="hidden" name="dir" value="desc">` : ''}
<label class="plain"><input type="checkbox" name="exact" value="1"${query.exact ? html` checked` : ''}> ${tr.t('web.wallets.exact')}</label>
<button type="submit">${tr.t('web.wallets.filter')}</button>
</form>
${data.risk === null ? html`<p class="note">${tr.t('web.wallets.no_risk')} <a href="/risk">${tr.t('web.wallets.to_risk')}</a></p>` : html`<p class="note">${tr.t('web.wallets.risk_from', { run: data.risk.run_id, years: groupDigits(String(data.risk.years)) })}</p>`}
<div class="table-wrap"><table class="wide">
<thead><tr>${head('id', tr.t('web.wallets.wallet'))}${head('tier', tr.t('web.wallets.tier'))}${head('purpose', tr.t('web.wallets.purpose'))}${head('asset', tr.t('web.wallets.amount'), true)}${head('value', tr.t('web.wallets.value', { unit }), true)}${head('expected_loss', tr.t('web.wallets.expected_loss', { unit }), true)}${head('tvar', tr.t('web.wallets.tvar', { unit }), true)}<th scope="col">${tr.t('web.wallets.signing')}</th><th scope="col">${tr.t('web.wallets.keys')}</th><th scope="col">${tr.t('web.wallets.vendor')}</th></tr></thead>
<tbody>${shown.map(({ wallet: w, decimals, value_minor, expected_loss_minor, tvar_minor }) => {
    const c = w.controls;
    const keys = [c.hsm === true ? 'HSM' : null, c.mpc === true ? 'MPC' : null].filter((k) => k !== null).join(' + ');
    return html`<tr><td class="id">${w.id}</td><td>${tr.t(`web.tier.${w.tier}`)}</td><td>${tr.t(`web.purpose.${w.purpose}`)}</td><td class="num">${shownQuantity(w.amount_minor, decimals, query.exact)} ${w.asset}</td><td class="num">${money(value_minor)}</td><td class="num">${money(expected_loss_minor)}</td><td class="num">${money(tvar_minor)}</td><td>${c.signing === undefined ? tr.t('web.wallets.single_key') : tr.t('web.wallets.m_of_n', { m: c.signing.m, n: c.signing.n })}</td><td>${keys === '' ? '—' : keys}${c.address_allowlist === true ? html`<br><span class="note">${tr.t('web.wallets.allowlist')}: ${yes}</span>` : ''}</td><td>${[c.vendor, c.platform].filter((v) => v !== undefined).join(' / ') || '—'}</td></tr>`;
  })}</tbody></table></div>
<p class="note">${tr.t('web.wallets.legend')} ${tr.t('web.wallets.legend_risk')}</p>`;
}
