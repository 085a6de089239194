// The customer's own proof page: the verdict of Hozen's verifier first (on the server, against the
// published liabilities.json), then the same proof verified again in the browser by the standalone
// verifier (assets PROOF_JS imports /verifier/verify.mjs), the customer's balances and the
// liabilities' totals per asset, the root, each check, and the downloads.

import { html } from 'hono/html';
import type { CustomerProofResult } from '../../app/customer-proof.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { CANNOT_TELL } from '../../proof/verify.ts';
import { PROOF_JS_PATH } from '../assets/scripts.ts';
import { shownQuantity } from '../figures.ts';
import { shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';

/** The words the browser's verification shows, in the page's language. */
const BROWSER_TEXTS = ['ok', 'bad', 'error'] as const;

/**
 * A balance as the proof holds it, every digit: the customer compares it with their own records
 * and with the verifier's output, so nothing is cut down (an ETH balance keeps its 18 places).
 */
const exact = (minor: string, decimals: number): string => shownQuantity(BigInt(minor), decimals, true);

export function proofBody(tr: Translator, result: CustomerProofResult, as_of_shown: (iso: string) => string): Html {
  if (!result.found) return html`<p class="verdict neutral" role="status">${tr.t('web.proof.none')}</p>`;
  const { proof, verification: v, liabilities } = result;
  const passed = v.checks.filter((c) => c.ok).length;
  const account = proof.leaf.account_id;
  const snapshot = proof.snapshot_id.slice(0, 12);
  const proof_url = `/api/v1/proof?snapshot=${encodeURIComponent(proof.snapshot_id)}`;
  return html`<p class="verdict ${v.ok ? 'ok' : 'bad'}" role="status">${tr.t(v.ok ? 'web.proof.ok' : 'web.proof.bad', { account, snapshot, exchange: proof.exchange.name })}</p>
<p class="meta">${tr.t('web.proof.meta', { account, exchange: proof.exchange.name, snapshot, as_of: as_of_shown(proof.as_of) })}</p>
<p class="note">${tr.t('web.proof.server_note', { passed, total: v.checks.length })}</p>
<section aria-labelledby="browser-title" data-proof="${proof.snapshot_id}" data-account="${account}" ${BROWSER_TEXTS.map((name) => html` data-text-${name}="${tr.t(`web.proof.browser.${name}`)}"`)}>
<h2 id="browser-title">${tr.t('web.proof.browser_title')}</h2>
<p class="verdict neutral" data-browser-verdict aria-live="polite">${tr.t('web.proof.browser.waiting')}</p>
<noscript><p class="note">${tr.t('web.proof.browser.noscript')}</p></noscript>
</section>
<h2>${tr.t('web.proof.balances')}</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${tr.t('web.proof.asset')}</th><th scope="col" class="num">${tr.t('web.proof.yours')}</th><th scope="col" class="num">${tr.t('web.proof.total')}</th></tr></thead>
<tbody>${proof.assets.map((a, i) => html`<tr><th scope="row">${shownUnit(a.symbol, tr.lang)}</th><td class="num">${exact(proof.leaf.balances_minor[i]!, a.decimals)}</td><td class="num">${exact(liabilities.totals_minor[i]!, a.decimals)}</td></tr>`)}</tbody>
</table></div>
<h2>${tr.t('web.proof.root')}</h2>
<p><code class="hash">${v.root_hash}</code></p>
<p class="note">${tr.t('web.proof.root_note')}</p>
<h2>${tr.t('web.proof.downloads')}</h2>
<ul class="downloads">
<li><a href="${proof_url}" download="proof.json">${tr.t('web.proof.download')}</a></li>
<li><a href="/proof/liabilities.json?snapshot=${encodeURIComponent(proof.snapshot_id)}" download="liabilities.json">${tr.t('web.proof.download_liabilities')}</a></li>
<li><a href="/verifier/?lang=${tr.lang}">${tr.t('web.proof.verifier')}</a></li>
</ul>
<p class="note">${tr.t('web.proof.private')}</p>
<h2>${tr.t('web.proof.checks')}</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${tr.t('web.proof.check')}</th><th scope="col">${tr.t('web.proof.outcome')}</th></tr></thead>
<tbody>${v.checks.map((c) => html`<tr><td>${tr.t(`proof.check.${c.id}`)}</td><td><span class="badge ${c.ok ? 'ok' : 'bad'}">${tr.t(c.ok ? 'web.proof.pass' : 'web.proof.fail')}</span></td></tr>`)}</tbody>
</table></div>
<h2>${tr.t('web.proof.cannot')}</h2>
<ul>${CANNOT_TELL.map((id) => html`<li>${tr.t(`proof.cannot.${id}`)}</li>`)}</ul>
<script type="module" src="${PROOF_JS_PATH}"></script>`;
}
