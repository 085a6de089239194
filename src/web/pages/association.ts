// The association's pages: every member at a glance (sortable by headroom), the map of shared
// dependencies, the sector stress test with its reverse stress and compensation capacity, and the
// board report that prints them together. Drawn from the association's use cases, which read
// aggregates only; nothing here names a customer.

import { html } from 'hono/html';
import type { CapacityResult } from '../../app/association-capacity.ts';
import type { DependenciesResult } from '../../app/association-dependencies.ts';
import { storedStress, type StressResult } from '../../app/association-stress.ts';
import type { JobRecord } from '../../store/jobs.ts';
import { jobBody } from './job.ts';
import type { MemberSummary, MembersResult } from '../../app/association.ts';
import { capacityTable, dependencyTable, money, reverseStressTable, sectorMembersTable, sharePercent, stressHeadline, type TableView } from '../../association/render.ts';
import { WALLET_KINDS } from '../../association/dependencies.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import { parseDecimal } from '../../money/decimal.ts';
import { shownUnit } from '../format.ts';
import type { Html } from '../layout.ts';

export const MEMBER_SORTS = ['headroom', 'member', 'verdict'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export function tableHtml(view: TableView, caption: string, kind = ''): Html {
  return html`<div class="table-wrap"><table class="${kind}">
<caption>${caption}</caption>
<thead><tr>${view.headers.map((h, i) => html`<th scope="col"${view.align[i] === 'right' ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${view.rows.map((row) => html`<tr>${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td${view.align[i] === 'right' ? html` class="num"` : ''}>${cell}</td>`))}</tr>`)}</tbody>
</table></div>`;
}

const VERDICT_RANK: Record<MemberSummary['verdict'], number> = { not_compliant: 0, no_snapshot: 1, not_checked: 2, compliant: 3 };

/** The members in the order asked for; the use case's own order (by headroom, tightest first) breaks ties. */
export function sortMembers(members: readonly MemberSummary[], sort: MemberSort, order: 'asc' | 'desc'): MemberSummary[] {
  const position = new Map(members.map((m, i) => [m.member_id, i]));
  const key = (a: MemberSummary, b: MemberSummary): number => {
    switch (sort) {
      case 'headroom':
        return position.get(a.member_id)! - position.get(b.member_id)!;
      case 'member':
        return a.member_name < b.member_name ? -1 : a.member_name > b.member_name ? 1 : 0;
      case 'verdict':
        return VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict];
    }
  };
  const sorted = [...members].sort((a, b) => key(a, b) || position.get(a.member_id)! - position.get(b.member_id)!);
  if (order === 'desc' && sort === 'headroom') {
    // Descending headroom: the roomiest first, members with nothing to compare still last.
    const compared = sorted.filter((m) => m.headroom_share_min !== null).reverse();
    return [...compared, ...sorted.filter((m) => m.headroom_share_min === null)];
  }
  return order === 'desc' ? sorted.reverse() : sorted;
}

function badge(tr: Translator, verdict: MemberSummary['verdict']): Html {
  return html`<span class="badge ${verdict === 'compliant' ? 'ok' : verdict === 'not_compliant' ? 'bad' : 'warn'}">${tr.t(`association.verdict.${verdict}`)}</span>`;
}

export function membersVerdict(tr: Translator, result: MembersResult): Html {
  const attention = result.members.filter((m) => m.verdict !== 'compliant').length;
  return html`<p class="verdict ${attention === 0 ? 'ok' : 'bad'}" role="status">${tr.t(attention === 0 ? 'association.members.verdict_ok' : 'association.members.verdict_bad', { count: attention, total: result.members.length })}</p>`;
}

export function membersTable(tr: Translator, members: readonly MemberSummary[], shown: (iso: string, time_zone: string) => string, sorting: { sort: MemberSort; order: 'asc' | 'desc' } | null): Html {
  const unit = shownUnit(members.find((m) => m.snapshot !== null)?.snapshot?.base_currency ?? 'JPY', tr.lang);
  const header = (column: MemberSort | null, label: string, num = false): Html => {
    const cls = num ? html` class="num"` : '';
    if (column === null || sorting === null) return html`<th scope="col"${cls}>${label}</th>`;
    const active = sorting.sort === column;
    const next = active && sorting.order === 'asc' ? 'desc' : 'asc';
    const aria = active ? html` aria-sort="${sorting.order === 'asc' ? 'ascending' : 'descending'}"` : '';
    return html`<th scope="col"${cls}${aria}><a href="/association?sort=${column}&amp;order=${next}" title="${tr.t('web.assoc.sort_by', { column: label })}">${label}${active ? (sorting.order === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`;
  };
  const m = (x: bigint, s: MemberSummary) => money(x, s.snapshot!.base_decimals);
  return html`<div class="table-wrap"><table class="members">
<thead><tr>${header('member', tr.t('association.col.member'))}${header('verdict', tr.t('association.col.verdict'))}${header(null, tr.t('association.col.as_of'))}${header('headroom', tr.t('association.col.headroom'), true)}${header(null, tr.t('association.col.hot', { unit }), true)}${header(null, tr.t('association.col.warm', { unit }), true)}${header(null, tr.t('association.col.cold', { unit }), true)}${header(null, tr.t('association.col.accounts'), true)}${header(null, tr.t('association.col.alerts'))}${header(null, tr.t('association.col.runs'), true)}</tr></thead>
<tbody>${members.map((s) => {
    const critical = s.alerts.filter((a) => a.severity === 'critical').length;
    const warnings = s.alerts.filter((a) => a.severity === 'warning').length;
    const accounts = s.snapshot === null ? null : s.snapshot.totals.reduce((most, t) => Math.max(most, t.accounts), 0);
    return html`<tr data-member="${s.member_id}"><th scope="row">${s.member_name}</th><td>${badge(tr, s.verdict)}</td><td>${s.snapshot === null ? '—' : shown(s.snapshot.as_of, s.time_zone)}</td><td class="num">${s.headroom_share_min === null ? '—' : sharePercent(parseDecimal(s.headroom_share_min, { signed: true }))}</td><td class="num">${s.snapshot === null ? '—' : m(s.snapshot.wallets.hot_minor, s)}</td><td class="num">${s.snapshot === null ? '—' : m(s.snapshot.wallets.warm_minor, s)}</td><td class="num">${s.snapshot === null ? '—' : m(s.snapshot.wallets.cold_minor, s)}</td><td class="num">${accounts === null ? '—' : groupDigits(String(accounts))}</td><td>${tr.t('association.members.alerts', { critical, warnings })}</td><td class="num">${tr.t('association.members.runs', { compensations: s.compensations.length, claims: s.claims.length })}</td></tr>`;
  })}</tbody></table></div>`;
}

function memberDetails(tr: Translator, s: MemberSummary, shown: (iso: string, time_zone: string) => string): Html {
  const unit = shownUnit(s.snapshot?.base_currency ?? 'JPY', tr.lang);
  const amount = (text: string) => groupDigits(text);
  return html`<details class="member"><summary>${tr.t('web.assoc.details', { member: s.member_name })}</summary>
<h3>${tr.t('web.assoc.regimes')}</h3>
${s.regimes.length === 0 ? html`<p>${tr.t(`association.verdict.${s.verdict}`)}</p>` : html`<ul>${s.regimes.map((r) => html`<li><strong>${r.regime}</strong> ${html`<span class="badge ${r.compliant ? 'ok' : 'bad'}">${tr.t(r.compliant ? 'association.verdict.compliant' : 'association.verdict.not_compliant')}</span>`}<ul>${r.headline.map((h) => html`<li>${tr.t(h.message_code, h.message_params as Parameters<Translator['t']>[1])}${h.headroom_share === null ? '' : html` — ${tr.t('association.col.headroom')}: ${sharePercent(parseDecimal(h.headroom_share, { signed: true }))}`}</li>`)}</ul></li>`)}</ul>`}
<h3>${tr.t('association.col.alerts')}</h3>
${s.alerts.length === 0 ? html`<p>${tr.t('web.assoc.no_alerts')}</p>` : html`<ul class="alerts">${s.alerts.map((a) => html`<li><span class="badge ${a.severity === 'critical' ? 'bad' : 'warn'}">${tr.t(`app.alert_${a.severity}`)}</span> <strong>${a.regime}</strong>: ${tr.t(a.code, a.params as Parameters<Translator['t']>[1])}</li>`)}</ul>`}
<h3>${tr.t('web.assoc.history')}</h3>
<ul>${s.history.map((h) => html`<li>${shown(h.as_of, s.time_zone)} ${h.regime} ${html`<span class="badge ${h.compliant ? 'ok' : 'bad'}">${tr.t(h.compliant ? 'association.verdict.compliant' : 'association.verdict.not_compliant')}</span>`}</li>`)}</ul>
<h3>${tr.t('web.assoc.runs')}</h3>
${s.compensations.length + s.claims.length === 0
  ? html`<p>${tr.t('web.assoc.no_runs')}</p>`
  : html`<ul>${s.compensations.map((r) => html`<li>${tr.t('web.assoc.run_compensation', { incident: r.incident, need: amount(r.total_need), shortfall: amount(r.shortfall), unit })}</li>`)}${s.claims.map((r) => html`<li>${tr.t('web.assoc.run_claim', { incident: r.incident, loss: amount(r.gross_loss), recovery: amount(r.total_recovery), unit })}</li>`)}</ul>`}
</details>`;
}

export function membersBody(tr: Translator, result: MembersResult, shown: (iso: string, time_zone: string) => string, sorting: { sort: MemberSort; order: 'asc' | 'desc' }): Html {
  const members = sortMembers(result.members, sorting.sort, sorting.order);
  return html`${membersVerdict(tr, result)}
<p class="meta">${tr.t('web.assoc.members.meta', { count: result.members.length })}</p>
${membersTable(tr, members, shown, sorting)}
<p class="note">${tr.t('web.assoc.headroom_legend')}</p>
<section aria-label="${tr.t('web.assoc.regimes')}">${members.map((s) => memberDetails(tr, s, shown))}</section>`;
}

export function dependenciesVerdict(tr: Translator, result: DependenciesResult): Html {
  const top = result.map.dependencies.find((d) => d.shared && WALLET_KINDS.includes(d.kind));
  return html`<p class="verdict ${result.verdict === 'ok' ? 'ok' : 'bad'}" role="status">${result.verdict === 'failed' && top !== undefined ? tr.t('association.dependencies.verdict_bad', { name: top.name, share: sharePercent(top.concentration) }) : tr.t('association.dependencies.verdict_ok')}</p>`;
}

/** The map: shared dependencies down, members across, each cell the member's online value behind it. */
export function dependencyMap(tr: Translator, result: DependenciesResult): Html {
  const shared = result.map.dependencies.filter((d) => d.shared);
  if (shared.length === 0) return html`<p>${tr.t('web.assoc.dependencies.none_shared')}</p>`;
  const members = [...new Map(shared.flatMap((d) => d.members.map((m) => [m.member_id, m.member_name] as const))).entries()];
  const m = (x: bigint) => money(x, result.map.base_decimals);
  return html`<div class="table-wrap"><table class="depmap">
<caption>${tr.t('web.assoc.dependencies.map', { unit: shownUnit(result.map.base_currency, tr.lang) })}</caption>
<thead><tr><th scope="col">${tr.t('association.col.dependency')}</th>${members.map(([, name]) => html`<th scope="col" class="num">${name}</th>`)}<th scope="col" class="num">${tr.t('association.col.concentration')}</th></tr></thead>
<tbody>${shared.map((d) => {
    const wallet = WALLET_KINDS.includes(d.kind);
    return html`<tr><th scope="row">${d.name}<br><span class="note">${tr.t(`association.kind.${d.kind}`)}</span></th>${members.map(([id]) => {
      const e = d.members.find((x) => x.member_id === id);
      if (e === undefined) return html`<td class="num empty">—</td>`;
      return html`<td class="num hit">${wallet ? html`${m(e.wallets.hot_minor + e.wallets.warm_minor)}<br><span class="note">${tr.t('web.assoc.dependencies.cell', { share: sharePercent(e.online_share) })}</span>` : m(e.relied_minor)}</td>`;
    })}<td class="num">${wallet ? sharePercent(d.concentration) : '—'}</td></tr>`;
  })}</tbody></table></div>`;
}

export function dependenciesBody(tr: Translator, result: DependenciesResult): Html {
  return html`${dependenciesVerdict(tr, result)}
<h2>${tr.t('web.assoc.dependencies.map', { unit: shownUnit(result.map.base_currency, tr.lang) })}</h2>
${dependencyMap(tr, result)}
<h2>${tr.t('web.assoc.dependencies.all')}</h2>
${result.map.dependencies.length === 0 ? html`<p>${tr.t('association.dependencies.none')}</p>` : tableHtml(dependencyTable(result.map, tr), tr.t('web.assoc.dependencies.all'), 'deps')}
<p class="note">${tr.t('web.assoc.dependencies.legend')}</p>
${result.skipped.length === 0 ? '' : html`<p class="note">${tr.t('association.skipped', { members: result.skipped.join(', ') })}</p>`}`;
}

export function stressBody(tr: Translator, stress: StressResult, capacity: CapacityResult): Html {
  const [verdict, ...lines] = stressHeadline(stress.report, tr);
  return html`<p class="verdict ${stress.verdict === 'ok' ? 'ok' : 'bad'}" role="status">${verdict}</p>
${lines.map((l) => html`<p class="meta">${l}</p>`)}
<h2>${tr.t('web.assoc.stress.members')}</h2>
${tableHtml(sectorMembersTable(stress.report, tr), tr.t('web.assoc.stress.members'))}
<h2>${tr.t('web.assoc.stress.reverse')}</h2>
${stress.report.reverse_stress.length === 0 ? html`<p>${tr.t('association.capacity.none')}</p>` : tableHtml(reverseStressTable(stress.report, tr), tr.t('web.assoc.stress.reverse'))}
${capacitySection(tr, capacity)}
<p class="note">${tr.t('web.assoc.stress.legend')}</p>`;
}

function capacitySection(tr: Translator, capacity: CapacityResult): Html {
  return html`<h2>${tr.t('web.assoc.stress.capacity')}</h2>
${capacity.causes.length === 0 ? html`<p>${tr.t('association.capacity.none')}</p>` : tableHtml(capacityTable(capacity.causes, capacity.base_currency, capacity.base_decimals, tr), tr.t('web.assoc.stress.capacity'))}`;
}

export function stressForm(tr: Translator, years: number): Html {
  return html`<form class="card inline" method="post" action="/association/stress">
<label for="years">${tr.t('web.assoc.stress.years')}</label><input id="years" name="years" type="number" min="${STRESS_YEARS_PAGE_MIN}" max="${STRESS_YEARS_PAGE_MAX}" value="${years}" required>
<label for="seed">${tr.t('web.assoc.stress.seed')}</label><input id="seed" name="seed" type="number" min="0" value="1" required>
<button type="submit">${tr.t('web.assoc.stress.start')}</button>
</form>`;
}

export const STRESS_YEARS_PAGE_MIN = 1_000;
export const STRESS_YEARS_PAGE_MAX = 1_000_000;

/**
 * The stress page: the job's progress while a worker runs it, its error if it failed, the stored
 * result once done (with when and how it was run), and the form to run it again. Capacity needs no
 * simulation and is always shown.
 */
export function stressPageBody(tr: Translator, job: JobRecord | null, capacity: CapacityResult, form: Html, shown: (iso: string) => string): Html {
  if (job === null) return html`<p class="verdict neutral" role="status">${tr.t('web.assoc.stress.none')}</p>${form}${capacitySection(tr, capacity)}`;
  const stored = storedStress(job);
  if (stored === null) {
    const body = jobBody(tr, job, { poll: `/api/v1/association/jobs/${job.id}`, reload: `/association/stress?job=${job.id}` });
    return html`${body}${job.state === 'failed' ? form : ''}${capacitySection(tr, capacity)}`;
  }
  return html`<p class="meta">${tr.t('web.assoc.stress.run', { at: shown(job.finished_at ?? job.created_at) })}</p>
${stressBody(tr, stored, capacity)}
${form}`;
}

/** The board report; the stress test's is the latest that succeeded (null: none has yet). */
export function reportBody(tr: Translator, data: { members: MembersResult; dependencies: DependenciesResult; stress: StressResult | null; capacity: CapacityResult; prepared: string; zone: string }, shown: (iso: string, time_zone: string) => string): Html {
  return html`<p class="meta">${tr.t('web.assoc.report.prepared', { at: data.prepared, zone: data.zone })}</p>
<p class="note noprint">${tr.t('web.assoc.report.print')}</p>
<section class="report"><h2>${tr.t('web.assoc.report.summary')}</h2>
${membersVerdict(tr, data.members)}
${dependenciesVerdict(tr, data.dependencies)}
${data.stress === null ? html`<p class="verdict neutral">${tr.t('web.assoc.stress.none')}</p>` : html`<p class="verdict ${data.stress.verdict === 'ok' ? 'ok' : 'bad'}">${stressHeadline(data.stress.report, tr)[0]}</p>`}</section>
<section class="report"><h2>${tr.t('web.assoc.members.title')}</h2>${membersTable(tr, data.members.members, shown, null)}<p class="note">${tr.t('web.assoc.headroom_legend')}</p></section>
<section class="report"><h2>${tr.t('web.assoc.dependencies.map', { unit: shownUnit(data.dependencies.map.base_currency, tr.lang) })}</h2>${dependencyMap(tr, data.dependencies)}</section>
<section class="report"><h2>${tr.t('web.assoc.stress.title')}</h2>${data.stress === null ? html`<p>${tr.t('web.assoc.stress.none')}</p>${capacitySection(tr, data.capacity)}` : stressBody(tr, data.stress, data.capacity)}</section>`;
}
