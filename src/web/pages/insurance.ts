// Insurance: the programme as a tower (each policy's deductible, the layer above it up to its
// occurrence limit, and the reinsurers who take a share of what the insurer retains), and the
// form "what if we lost X from these wallets", answered with the claim: who pays what, and for a
// policy that pays nothing, why. The tower is SVG drawn here (no script); the table beside it has
// every figure exact.

import { html } from 'hono/html';
import type { ClaimReportJson } from '../../insurance/report.ts';
import type { PolicyProgramme } from '../../insurance/types.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import { PERILS } from '../../incident/types.ts';
import { formatAmount } from '../../money/amount.ts';
import { readableYen } from '../figures.ts';
import { shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';
import type { WalletChoice } from './what-if.ts';

const W = 800;
const H = 320;
const AXIS_W = 120;
const TOP = 20;
const BOTTOM = 40;

/** A yen figure for an axis or a label, as its reader reads it. */
function label(minor: bigint, decimals: number, unit: string, tr: Translator): string {
  if (unit === 'JPY' && decimals === 0 && tr.lang === 'ja') return readableYen(minor, 'ja');
  return `${groupDigits(formatAmount(minor, decimals))} ${shownUnit(unit, tr.lang)}`;
}

export function towerSvg(tr: Translator, programme: PolicyProgramme): Html {
  const d = programme.base_decimals;
  const u = programme.base_currency;
  const policies = programme.policies.slice(0, 12);
  const finite_tops = policies.flatMap((p) => (p.occurrence_limit_minor === null ? [p.deductible_minor] : [p.deductible_minor + p.occurrence_limit_minor]));
  const top = ((finite_tops.length === 0 ? 1n : finite_tops.reduce((a, b) => (a > b ? a : b))) * 6n) / 5n || 1n;
  const y = (minor: bigint) => TOP + (H - TOP - BOTTOM) * (1 - Number((minor > top ? top : minor) * 10_000n / top) / 10_000);
  const col_w = (W - AXIS_W - 20) / Math.max(1, policies.length);
  const ticks = [0n, top / 4n, top / 2n, (top * 3n) / 4n, top];
  return html`<svg class="tower" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="tower-title" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">
<defs><pattern id="tower-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#9a6700" stroke-width="2"/></pattern></defs>
${ticks.map((t) => html`<line x1="${AXIS_W}" x2="${W - 10}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#d0d7de"/><text x="${AXIS_W - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#57606a">${label(t, d, u, tr)}</text>`)}
${policies.map((p, i) => {
    const x = AXIS_W + 10 + i * col_w;
    const w = col_w - 20;
    const layer_top = p.occurrence_limit_minor === null ? top : p.deductible_minor + p.occurrence_limit_minor;
    const reins = programme.reinsurance.filter((r) => r.covers.includes(p.id));
    return html`<g><title>${p.id} (${p.insurer})</title>
<rect x="${x.toFixed(1)}" y="${y(p.deductible_minor).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(1, y(0n) - y(p.deductible_minor)).toFixed(1)}" fill="url(#tower-hatch)" stroke="#9a6700"/>
<rect x="${x.toFixed(1)}" y="${y(layer_top).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(1, y(p.deductible_minor) - y(layer_top)).toFixed(1)}" fill="#ddf4ff" stroke="#0b5cad" stroke-width="2"/>
${p.occurrence_limit_minor === null ? html`<path d="M ${(x + w / 2 - 8).toFixed(1)} ${TOP + 10} l 8 -10 l 8 10 z" fill="#0b5cad"/>` : ''}
<text x="${(x + 6).toFixed(1)}" y="${(y(layer_top) + 16).toFixed(1)}" fill="#1b1f24" font-weight="700">${p.id}</text>
<text x="${(x + 6).toFixed(1)}" y="${(y(layer_top) + 30).toFixed(1)}" fill="#1b1f24">${tr.t('web.insurance.layer_limit', { limit: p.occurrence_limit_minor === null ? tr.t('web.insurance.unlimited') : label(p.occurrence_limit_minor, d, u, tr) })}</text>
${reins.map((r, j) => html`<text x="${(x + 6).toFixed(1)}" y="${(y(layer_top) + 44 + 14 * j).toFixed(1)}" fill="#57606a">${r.reinsurer} ${(Number(r.share.coef) / 10 ** r.share.scale * 100).toFixed(0)}%</text>`)}
<text x="${(x + w / 2).toFixed(1)}" y="${H - 22}" text-anchor="middle" fill="#1b1f24">${tr.t('web.insurance.deductible_short', { amount: label(p.deductible_minor, d, u, tr) })}</text>
<text x="${(x + w / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" fill="#57606a">${p.insurer}</text></g>`;
  })}
</svg>`;
}

/**
 * The reinsurance on one policy, in the order it applies: each contract takes from what the insurer
 * keeps after the ones before it. A quota share is drawn as its share of the whole; an excess of
 * loss (or a stop loss) as its layer, from its attachment up by its limit, on an axis of the
 * insurer's kept loss, with its share.
 */
export function reinsuranceSvg(tr: Translator, programme: PolicyProgramme, policy_id: string, title_id: string): Html {
  const list = programme.reinsurance.filter((r) => r.covers.includes(policy_id)).slice(0, 20);
  const d = programme.base_decimals;
  const u = programme.base_currency;
  const layered = list.flatMap((r) => (r.kind === 'quota_share' ? [] : [r.attachment_minor + (r.limit_minor ?? r.attachment_minor)]));
  const top = layered.length === 0 ? 1n : (layered.reduce((a, b) => (a > b ? a : b)) * 6n) / 5n || 1n;
  const RW = 800;
  const X0 = 230;
  const X1 = RW - 20;
  const x = (m: bigint) => X0 + ((X1 - X0) * Number((m > top ? top : m) * 10_000n / top)) / 10_000;
  const height = 30 + list.length * 34;
  const share = (r: { share: { coef: bigint; scale: number } }) => Number(r.share.coef) / 10 ** r.share.scale;
  return html`<svg class="reinsurance" viewBox="0 0 ${RW} ${height}" width="100%" role="img" aria-labelledby="${title_id}" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">
${list.map((r, i) => {
    const y = 10 + i * 34;
    const name = html`<text x="4" y="${y + 14}" fill="#1b1f24" font-weight="700">${r.reinsurer}</text><text x="4" y="${y + 28}" fill="#57606a">${tr.t(`web.insurance.kind.${r.kind}`)} · ${pct(r.share)}</text>`;
    if (r.kind === 'quota_share') {
      return html`<g><title>${r.id}</title>${name}<rect x="${X0}" y="${y + 4}" width="${X1 - X0}" height="18" fill="none" stroke="#57606a"/><rect x="${X0}" y="${y + 4}" width="${((X1 - X0) * share(r)).toFixed(1)}" height="18" fill="#ddf4ff" stroke="#0b5cad" stroke-width="2"/><text x="${X0 + 6}" y="${y + 17}" fill="#1b1f24">${tr.t('web.insurance.qs_bar', { share: pct(r.share) })}</text></g>`;
    }
    const end = r.limit_minor === null ? top : r.attachment_minor + r.limit_minor;
    return html`<g><title>${r.id}</title>${name}<line x1="${X0}" x2="${X1}" y1="${y + 13}" y2="${y + 13}" stroke="#d0d7de"/><rect x="${x(r.attachment_minor).toFixed(1)}" y="${y + 4}" width="${Math.max(2, x(end) - x(r.attachment_minor)).toFixed(1)}" height="18" fill="#ddf4ff" stroke="#0b5cad" stroke-width="2"/><text x="${(x(r.attachment_minor) + 6).toFixed(1)}" y="${y + 17}" fill="#1b1f24">${tr.t('web.insurance.xl_bar', { limit: r.limit_minor === null ? tr.t('web.insurance.unlimited') : label(r.limit_minor, d, u, tr), attachment: label(r.attachment_minor, d, u, tr) })}</text></g>`;
  })}
</svg>`;
}

const pct = (share: { coef: bigint; scale: number }) => `${groupDigits(formatAmount(share.coef * 100n, share.scale))}%`;

export function programmeTables(tr: Translator, programme: PolicyProgramme, shownDate: (s: string) => string): Html {
  const reinsured = programme.policies.filter((p) => programme.reinsurance.some((r) => r.covers.includes(p.id)));
  const d = programme.base_decimals;
  const unit = shownUnit(programme.base_currency, tr.lang);
  const money = (m: bigint | null) => (m === null ? tr.t('web.insurance.unlimited') : groupDigits(formatAmount(m, d)));
  return html`<div class="table-wrap"><table class="wide"><caption>${tr.t('web.insurance.policies')}</caption>
<thead><tr><th scope="col">${tr.t('web.insurance.policy')}</th><th scope="col">${tr.t('web.insurance.insurer')}</th><th scope="col">${tr.t('web.cover.period')}</th><th scope="col" class="num">${tr.t('web.insurance.deductible', { unit })}</th><th scope="col" class="num">${tr.t('web.insurance.occurrence', { unit })}</th><th scope="col" class="num">${tr.t('web.insurance.aggregate', { unit })}</th><th scope="col" class="num">${tr.t('web.insurance.coinsurance')}</th></tr></thead>
<tbody>${programme.policies.map((p) => html`<tr><td class="id">${p.id}</td><td>${p.insurer}</td><td>${tr.t('web.cover.from_to', { start: shownDate(p.period.start), end: shownDate(p.period.end) })}</td><td class="num">${money(p.deductible_minor)}</td><td class="num">${money(p.occurrence_limit_minor)}</td><td class="num">${money(p.aggregate_limit_minor)}</td><td class="num">${pct(p.coinsurance)}</td></tr>`)}</tbody></table></div>
${programme.reinsurance.length === 0 ? '' : html`<div class="table-wrap"><table class="wide"><caption>${tr.t('web.insurance.reinsurance')}</caption>
<thead><tr><th scope="col">${tr.t('web.insurance.contract')}</th><th scope="col">${tr.t('web.insurance.reinsurer')}</th><th scope="col">${tr.t('web.insurance.kind')}</th><th scope="col">${tr.t('web.insurance.covers')}</th><th scope="col" class="num">${tr.t('web.insurance.share')}</th><th scope="col" class="num">${tr.t('web.insurance.attachment', { unit })}</th><th scope="col" class="num">${tr.t('web.insurance.limit', { unit })}</th></tr></thead>
<tbody>${programme.reinsurance.map((r) => html`<tr><td class="id">${r.id}</td><td>${r.reinsurer}</td><td>${tr.t(`web.insurance.kind.${r.kind}`)}</td><td class="id">${r.covers.join(', ')}</td><td class="num">${pct(r.share)}</td><td class="num">${r.kind === 'quota_share' ? '—' : money(r.attachment_minor)}</td><td class="num">${money(r.kind === 'quota_share' ? r.occurrence_limit_minor : r.limit_minor)}</td></tr>`)}</tbody></table></div>
<p class="note">${tr.t('web.insurance.reinsurance_note')}</p>
${reinsured.map((p, i) => html`<h3 id="reins-${i}">${tr.t('web.insurance.reinsurance_of', { policy: p.id, insurer: p.insurer })}</h3>${reinsuranceSvg(tr, programme, p.id, `reins-${i}`)}`)}`}`;
}

export function claimForm(tr: Translator, snapshot: string, wallets: readonly WalletChoice[], values: ReadonlyMap<string, string> = new Map(), peril = 'external_hack'): Html {
  return html`<form class="card wide" method="post" action="/insurance">
<input type="hidden" name="snapshot" value="${snapshot}">
<label for="peril">${tr.t('web.insurance.peril')}</label>
<select id="peril" name="peril">${PERILS.map((p) => html`<option value="${p}"${p === peril ? html` selected` : ''}>${tr.t(`web.peril.${p}`)}</option>`)}</select>
<fieldset><legend>${tr.t('web.insurance.lost')}</legend>
<p class="note">${tr.t('web.insurance.lost_note')}</p>
<div class="table-wrap"><table><thead><tr><th scope="col">${tr.t('web.wallets.wallet')}</th><th scope="col">${tr.t('web.insurance.amount_lost')}</th></tr></thead>
<tbody>${wallets.map((w, i) => html`<tr><td><label class="plain" for="lost-${i}">${tr.t('web.whatif.wallet', { id: w.id, asset: w.asset, tier: tr.t(`web.tier.${w.tier}`), purpose: tr.t(`web.purpose.${w.purpose}`) })}</label></td><td><input class="amount" id="lost-${i}" name="lost:${w.id}" type="text" inputmode="decimal" autocomplete="off" value="${values.get(w.id) ?? ''}"></td></tr>`)}</tbody></table></div>
</fieldset>
<button type="submit">${tr.t('web.insurance.ask')}</button>
</form>`;
}

export function claimResult(tr: Translator, claim: ClaimReportJson): Html {
  const unit = shownUnit(claim.base_currency, tr.lang);
  const n = (s: string) => groupDigits(s);
  const recovery = claim.total_recovery;
  const zero = /^0(\.0*)?$/.test(recovery);
  return html`<section aria-labelledby="claim-title"><h2 id="claim-title">${tr.t('web.insurance.claim_title')}</h2>
<p class="verdict ${zero ? 'bad' : 'ok'}" role="status">${zero ? tr.t('web.insurance.pays_nothing', { loss: `${n(claim.gross_loss)} ${unit}` }) : tr.t('web.insurance.pays', { paid: `${n(recovery)} ${unit}`, loss: `${n(claim.gross_loss)} ${unit}` })}</p>
${claim.unattributed_loss === null || /^0(\.0*)?$/.test(claim.unattributed_loss) ? '' : html`<p class="note">${tr.t('web.insurance.unattributed', { loss: `${n(claim.unattributed_loss)} ${unit}`, paid: `${n(claim.unattributed_recovery ?? '0')} ${unit}` })}</p>`}
<div class="table-wrap"><table class="wide">
<thead><tr><th scope="col">${tr.t('web.insurance.policy')}</th><th scope="col">${tr.t('web.insurance.insurer')}</th><th scope="col" class="num">${tr.t('web.insurance.covered_loss')}</th><th scope="col" class="num">${tr.t('web.insurance.kept')}</th><th scope="col" class="num">${tr.t('web.insurance.pays_col')}</th><th scope="col">${tr.t('web.insurance.who_pays')}</th><th scope="col">${tr.t('web.insurance.why')}</th></tr></thead>
<tbody>${claim.policies.map((p) => html`<tr><td class="id">${p.id}</td><td>${p.insurer}</td><td class="num">${n(p.covered_loss)}</td><td class="num">${n(p.deductible)}${/^0(\.0*)?$/.test(p.coinsurance) ? '' : html`<br><span class="note">${tr.t('web.insurance.coinsurance_kept', { amount: n(p.coinsurance) })}</span>`}</td><td class="num">${n(p.recovery)}</td><td>${tr.t('web.insurance.insurer_keeps', { insurer: p.insurer, amount: n(p.insurer_net) })}${p.reinsurance.map((r) => html`<br>${tr.t('web.insurance.reinsurer_pays', { reinsurer: r.reinsurer, amount: n(r.share) })}`)}</td><td>${p.reason ?? '—'}</td></tr>`)}</tbody></table></div>
${claim.notes.map((note) => html`<p class="note">${note}</p>`)}
<p class="note">${tr.t('web.insurance.claim_legend', { unit })}</p></section>`;
}
