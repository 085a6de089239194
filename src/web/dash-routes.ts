// The dashboard's pages beyond the first ones (routes.ts): history with its charts and the
// comparison of two snapshots, wallets with their risk contributions, cover, insurance with its
// claim form, risk with runs started as jobs, a job's progress, compensation and its downloads,
// and the user's own tokens. Each handler names its action, calls use cases and renders their
// result; long work is queued as a job through the store's jobs table.

import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { addToken, revokeToken, TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX } from '../app/accounts.ts';
import { latestCheck, latestCheckJson } from '../app/check.ts';
import { claimIncident, claimJson } from '../app/claim.ts';
import { compareSnapshots } from '../app/compare.ts';
import type { AppDeps } from '../app/deps.ts';
import { checkHistory } from '../app/history.ts';
import { renderPolicyDocument } from '../app/policy-render.ts';
import { listSnapshots } from '../app/snapshots.ts';
import { grants } from '../accounts/roles.ts';
import type { SummaryJson } from '../compensation/summary.ts';
import { UserError } from '../errors.ts';
import { snapshotProgramme } from '../insurance/index.ts';
import { formatAmount, parseAmount } from '../money/amount.ts';
import { walletHoldingValue } from '../snapshot/valuation.ts';
import { snapshotPrice } from '../snapshot/prices.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { principalOrThrow, requires, tenantDeps } from '../server/auth/guard.ts';
import { actorOf, type ServerEnv, type ServerServices } from '../server/context.ts';
import { HttpError } from '../server/http-error.ts';
import { runsDir } from '../server/routes/snapshots.ts';
import { CHARTS_JS, CHARTS_JS_PATH, echartsSource, ECHARTS_PATH, JOB_JS, JOB_JS_PATH, UPLOAD_JS, UPLOAD_JS_PATH } from './assets/scripts.ts';
import { shownDay, shownInstant, shownTick } from './dates.ts';
import { historyCharts } from './history-charts.ts';
import { page, type Html } from './layout.ts';
import { coverBody } from './pages/cover.ts';
import { compensationBody, compensationList, incidentForm } from './pages/compensation.ts';
import { historyBody } from './pages/history.ts';
import { compareForm, compareResult, historyChartsSection } from './pages/history-charts.ts';
import { claimForm, claimResult, programmeTables, towerSvg } from './pages/insurance.ts';
import { jobBody } from './pages/job.ts';
import { riskBody, riskForm, RISK_YEARS_PAGE_MAX, type RiskRunJson } from './pages/risk.ts';
import { tokensBody } from './pages/tokens.ts';
import { walletQuery, walletsBody, type WalletRow } from './pages/wallets.ts';
import { html } from 'hono/html';
import { renderUserError } from '../text/errors.ts';

/** Page forms are short; the claim form has one field per wallet. */
const FORM_BYTES_MAX = 64 * 1024;
/** Wallets a what-if may name (the incident format's own limit is larger). */
const WALLETS_PER_FORM_MAX = 1_000;

/** The paths of these pages' forms (urlencoded posts), for the request guard. */
export const DASH_FORM_PATHS = ['/insurance', '/risk', '/compensation', '/tokens'] as const;

export async function form(c: Context<ServerEnv>): Promise<URLSearchParams> {
  const text = await c.req.text();
  if (text.length > FORM_BYTES_MAX) throw new HttpError(413, 'server.body_too_large', { bytes_max: FORM_BYTES_MAX });
  return new URLSearchParams(text);
}

export function registerDashPages(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  const asset = (path: string, body: () => Promise<string> | string, type: string) => app.get(path, async (c) => c.body(await body(), 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' }));
  asset(ECHARTS_PATH, echartsSource, 'text/javascript; charset=utf-8');
  asset(CHARTS_JS_PATH, () => CHARTS_JS, 'text/javascript; charset=utf-8');
  asset(JOB_JS_PATH, () => JOB_JS, 'text/javascript; charset=utf-8');
  asset(UPLOAD_JS_PATH, () => UPLOAD_JS, 'text/javascript; charset=utf-8');

  const timeZoneOf = async (c: Context<ServerEnv>): Promise<string> => {
    const tenant = principalOrThrow(c).tenant_id;
    return (await services.handle.listTenants()).find((t) => t.id === tenant)?.time_zone ?? 'UTC';
  };
  const render = (c: Context<ServerEnv>, title_code: string, path: string, body: Html, status: 200 | 422 = 200) => c.html(page({ tr: c.get('tr'), title: c.get('tr').t(title_code), path, principal: c.get('principal'), body }), status);
  const nothing = (c: Context<ServerEnv>) => html`<p class="verdict neutral" role="status">${c.get('tr').t('web.overview.nothing')}</p><p><a href="/snapshots">${c.get('tr').t('web.overview.upload_first')}</a></p>`;
  const latestSnapshot = async (deps: AppDeps): Promise<Snapshot | null> => {
    const latest = (await listSnapshots(deps)).snapshots.at(-1);
    return latest === undefined ? null : deps.store.loadSnapshot(latest.id);
  };
  const mayWrite = (c: Context<ServerEnv>) => grants(principalOrThrow(c).role, 'tenant.write');

  app.get('/history', requires('tenant.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const zone = await timeZoneOf(c);
    const shown = (iso: string) => shownInstant(iso, tr.lang, zone);
    const { history } = await checkHistory(deps, {});
    const { snapshots } = await listSnapshots(deps);
    const before = c.req.query('before');
    const after = c.req.query('after');
    const comparison = before !== undefined && after !== undefined ? compareResult(tr, await compareSnapshots(deps, { before, after }), shown) : '';
    const headlines = history.map(({ checks: _c, assignments: _a, excluded: _e, params: _p, ...headline }) => headline);
    return render(c, 'web.history.title', '/history', html`${historyChartsSection(tr, historyCharts(history, zone))}
${compareForm(tr, snapshots, shown, { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) })}
${comparison}
<h2>${tr.t('web.history.table')}</h2>
${historyBody(tr, headlines, shown)}`);
  });

  app.get('/wallets', requires('tenant.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const snapshot = await latestSnapshot(deps);
    if (snapshot === null) return render(c, 'web.wallets.title', '/wallets', nothing(c));
    const base = snapshot.assets.get(snapshot.manifest.base_currency)!;
    const risk_run = (await deps.store.listRuns({ kind: 'risk', snapshot_id: snapshot.id })).at(-1);
    const risk = risk_run === undefined ? null : (risk_run.result as { years: number; by_wallet: Array<{ wallet_id: string; expected_loss: string; tvar_contribution: string }> });
    const contributions = new Map((risk?.by_wallet ?? []).map((w) => [w.wallet_id, w]));
    const rows: WalletRow[] = snapshot.wallets.map((wallet) => {
      const risk_row = contributions.get(wallet.id);
      return {
        wallet,
        decimals: snapshot.assets.get(wallet.asset)!.decimals,
        value_minor: snapshotPrice(snapshot, wallet.asset) === null ? null : walletHoldingValue(snapshot, wallet),
        expected_loss_minor: risk_row === undefined ? null : parseAmount(risk_row.expected_loss, base.decimals),
        tvar_minor: risk_row === undefined ? null : parseAmount(risk_row.tvar_contribution, base.decimals),
      };
    });
    const assets = [...new Set(snapshot.wallets.map((w) => w.asset))].sort();
    return render(c, 'web.wallets.title', '/wallets', walletsBody(tr, { rows, base_currency: snapshot.manifest.base_currency, base_decimals: base.decimals, risk: risk_run === undefined ? null : { run_id: risk_run.id, years: risk!.years }, assets }, walletQuery((name) => c.req.query(name))));
  });

  app.get('/cover', requires('tenant.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const zone = await timeZoneOf(c);
    const snapshot = await latestSnapshot(deps);
    if (snapshot === null) return render(c, 'web.cover.title', '/cover', nothing(c));
    let regimes = null;
    try {
      regimes = latestCheckJson(await latestCheck(deps, { snapshot: { id: snapshot.id } }), tr).regimes;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
    }
    if (regimes !== null && regimes.length === 0) regimes = null;
    return render(
      c,
      'web.cover.title',
      '/cover',
      coverBody(tr, {
        snapshot: snapshot.id,
        as_of_shown: shownInstant(snapshot.manifest.as_of, tr.lang, zone),
        base_currency: snapshot.manifest.base_currency,
        base_decimals: snapshot.assets.get(snapshot.manifest.base_currency)!.decimals,
        safe_assets: snapshot.safe_assets,
        contracts: snapshot.contracts,
        regimes,
        now_ms: services.now_ms(),
        shownDate: (text) => shownDay(text, tr.lang, zone),
        tick: (ms, years) => shownTick(ms, tr.lang, years),
      }),
    );
  });

  const insurancePage = async (c: Context<ServerEnv>, deps: AppDeps, snapshot: Snapshot, answer: { claim?: Html; values?: Map<string, string>; peril?: string } = {}, status: 200 | 422 = 200) => {
    const tr = c.get('tr');
    const zone = await timeZoneOf(c);
    const programme = snapshotProgramme(snapshot);
    const wallets = snapshot.wallets.slice(0, WALLETS_PER_FORM_MAX).map((w) => ({ id: w.id, asset: w.asset, tier: w.tier, purpose: w.purpose }));
    return render(
      c,
      'web.insurance.title',
      '/insurance',
      html`${programme === null || programme.policies.length === 0
        ? html`<p class="verdict bad" role="status">${tr.t('web.insurance.none')}</p>`
        : html`<p class="verdict neutral" role="status">${tr.t('web.insurance.summary', { policies: programme.policies.length, reinsurers: programme.reinsurance.length })}</p>
<section aria-labelledby="tower-title"><h2 id="tower-title">${tr.t('web.insurance.tower')}</h2>${towerSvg(tr, programme)}
<p class="note">${tr.t('web.insurance.tower_legend')}</p>${programmeTables(tr, programme, (s) => shownDay(s, tr.lang, zone))}</section>`}
${answer.claim ?? ''}
<section aria-labelledby="claim-form-title"><h2 id="claim-form-title">${tr.t('web.insurance.form_title')}</h2>
${mayWrite(c) ? claimForm(tr, snapshot.id, wallets, answer.values, answer.peril) : html`<p class="note">${tr.t('web.insurance.read_only')}</p>`}</section>`,
      status,
    );
  };

  app.get('/insurance', requires('tenant.read'), async (c) => {
    const deps = await tenantDeps(c, services);
    const snapshot = await latestSnapshot(deps);
    if (snapshot === null) return render(c, 'web.insurance.title', '/insurance', nothing(c));
    return insurancePage(c, deps, snapshot);
  });

  app.post('/insurance', requires('tenant.write'), async (c) => {
    const fields = await form(c);
    const deps = await tenantDeps(c, services);
    const id = await deps.store.resolveSnapshotId(fields.get('snapshot') ?? '');
    if (id === null) throw new UserError('app.unknown_snapshot', { arg: (fields.get('snapshot') ?? '').slice(0, 80) });
    const snapshot = await deps.store.loadSnapshot(id);
    const values = new Map<string, string>();
    for (const [key, value] of fields) if (key.startsWith('lost:') && value.trim() !== '') values.set(key.slice(5), value.trim());
    const peril = fields.get('peril') ?? 'external_hack';
    if (values.size === 0) throw new HttpError(422, 'web.insurance.nothing_lost');
    const losses = [...values].map(([wallet_id, amount]) => ({ wallet_id, asset: snapshot.wallets.find((w) => w.id === wallet_id)?.asset ?? '', amount }));
    const incident = { format: 'hozen-incident/1', id: 'what-if', occurred_at: snapshot.manifest.as_of, detected_at: snapshot.manifest.as_of, peril, losses };
    try {
      const result = await claimIncident(deps, { snapshot: { id }, incident: { name: 'what-if.json', text: JSON.stringify(incident, null, 2) } });
      return insurancePage(c, deps, snapshot, { claim: claimResult(c.get('tr'), claimJson(result, c.get('tr'))), values, peril });
    } catch (error) {
      // A mistake in the form (more than the wallet held, a malformed amount) is shown beside it.
      if (!(error instanceof UserError)) throw error;
      return insurancePage(c, deps, snapshot, { claim: html`<p class="error" role="alert">${renderUserError(c.get('tr'), error).trim()}</p>`, values, peril }, 422);
    }
  });

  app.get('/risk', requires('tenant.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const latest = (await listSnapshots(deps)).snapshots.at(-1);
    if (latest === undefined) return render(c, 'web.risk.title', '/risk', nothing(c));
    const run = (await deps.store.listRuns({ kind: 'risk', snapshot_id: latest.id })).at(-1);
    return render(c, 'web.risk.title', '/risk', riskBody(tr, run === undefined ? null : { id: run.id, result: run.result as RiskRunJson }, riskForm(tr, latest.id, mayWrite(c))));
  });

  app.post('/risk', requires('tenant.write'), async (c) => {
    const fields = await form(c);
    const deps = await tenantDeps(c, services);
    const id = await deps.store.resolveSnapshotId(fields.get('snapshot') ?? '');
    if (id === null) throw new UserError('app.unknown_snapshot', { arg: (fields.get('snapshot') ?? '').slice(0, 80) });
    const years = Number(fields.get('years'));
    const seed = Number(fields.get('seed'));
    if (!Number.isInteger(years) || years < 1 || years > RISK_YEARS_PAGE_MAX) throw new HttpError(422, 'web.risk.bad_years', { max: RISK_YEARS_PAGE_MAX });
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new HttpError(422, 'web.risk.bad_seed');
    const job = await services.handle.jobs.enqueue(principalOrThrow(c).tenant_id!, 'risk', { snapshot: { id }, years, seed }, actorOf(principalOrThrow(c)));
    return c.redirect(`/jobs/${job.id}`, 303);
  });

  app.get('/jobs/:id', requires('tenant.read'), async (c) => {
    const id = c.req.param('id');
    const job = /^job-[0-9a-f]{24}$/.test(id) ? await services.handle.jobs.get(principalOrThrow(c).tenant_id!, id) : null;
    if (job === null) throw new HttpError(404, 'server.job_not_found', { id: id.slice(0, 40) });
    if (job.state === 'succeeded') {
      const result = (job.result as { json?: Record<string, { run_id?: string }> } | null)?.json?.en;
      if (job.kind === 'compensate' && result?.run_id !== undefined) return c.redirect(`/compensation/${result.run_id}`, 303);
      return c.redirect(job.kind === 'risk' ? '/risk' : job.kind === 'import' ? `/snapshots?job=${job.id}` : '/snapshots', 303);
    }
    // A refused import is shown where it was uploaded, its errors as a table to fix the files from.
    if (job.state === 'failed' && job.kind === 'import') return c.redirect(`/snapshots?job=${job.id}`, 303);
    return render(c, 'web.job.title', '/jobs', jobBody(c.get('tr'), job));
  });

  app.post('/compensation', requires('tenant.write'), async (c) => {
    const fields = await form(c);
    const deps = await tenantDeps(c, services);
    const id = await deps.store.resolveSnapshotId(fields.get('snapshot') ?? '');
    if (id === null) throw new UserError('app.unknown_snapshot', { arg: (fields.get('snapshot') ?? '').slice(0, 80) });
    const snapshot = await deps.store.loadSnapshot(id);
    // A real incident's file, pasted as written (checked by the job, its errors located in it), or
    // the what-if's drained wallets, emptied at the snapshot's time.
    const pasted = (fields.get('incident') ?? '').trim();
    let incident_file: { name: string; text: string };
    if (pasted !== '') {
      incident_file = { name: 'incident.json', text: pasted };
    } else {
      const drained = new Set(fields.getAll('drain').slice(0, WALLETS_PER_FORM_MAX));
      const losses = snapshot.wallets.filter((w) => drained.has(w.id) && w.amount_minor > 0n).map((w) => ({ wallet_id: w.id, asset: w.asset, amount: formatAmount(w.amount_minor, snapshot.assets.get(w.asset)!.decimals) }));
      if (losses.length === 0) throw new HttpError(422, 'web.whatif.none');
      const incident = { format: 'hozen-incident/1', id: `what-if-${[...drained].sort().join('+')}`.slice(0, 128), note: 'what-if drain from the dashboard', occurred_at: snapshot.manifest.as_of, detected_at: snapshot.manifest.as_of, peril: 'external_hack', losses };
      incident_file = { name: 'what-if.json', text: JSON.stringify(incident, null, 2) };
    }
    const principal = principalOrThrow(c);
    const request = { snapshot: { id }, incident: incident_file, out_parent: runsDir(services, principal.tenant_id!) };
    const job = await services.handle.jobs.enqueue(principal.tenant_id!, 'compensate', request, actorOf(principal));
    return c.redirect(`/jobs/${job.id}`, 303);
  });

  app.get('/compensation', requires('tenant.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const zone = await timeZoneOf(c);
    const runs = (await deps.store.listRuns({ kind: 'compensate' })).reverse().slice(0, 200);
    const latest = (await listSnapshots(deps)).snapshots.at(-1);
    const list = compensationList(tr, runs.map((r) => { const s = r.result as SummaryJson; return { id: r.id, incident: s.incident, created_at: r.created_at ?? '', shortfall: s.shortfall, base_currency: s.base_currency }; }), (iso) => shownInstant(iso, tr.lang, zone));
    return render(c, 'web.comp.title', '/compensation', html`${list}${latest !== undefined && mayWrite(c) ? incidentForm(tr, latest.id, shownInstant(latest.as_of, tr.lang, zone)) : ''}`);
  });

  const compensateRun = async (c: Context<ServerEnv>, deps: AppDeps) => {
    const id = c.req.param('id') ?? '';
    const run = /^compensate-[0-9a-f]{24}$/.test(id) ? await deps.store.getRun(id) : null;
    if (run === null || run.kind !== 'compensate') throw new HttpError(404, 'server.run_not_found', { id: id.slice(0, 40) });
    return run;
  };

  app.get('/compensation/:id', requires('tenant.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const run = await compensateRun(c, deps);
    const files = `/api/v1/runs/${run.id}/files`;
    return render(c, 'web.comp.summary_title', '/compensation', compensationBody(tr, run.result as SummaryJson, { payouts: `${files}/payouts.csv`, summary_md: `${files}/summary.${tr.lang}.md`, summary_json: `${files}/summary.json`, policy: `/compensation/${run.id}/policy/${tr.lang}` }));
  });

  app.get('/compensation/:id/policy/:lang', requires('tenant.read'), async (c) => {
    const deps = await tenantDeps(c, services);
    const run = await compensateRun(c, deps);
    const lang = c.req.param('lang') === 'ja' ? 'ja' : 'en';
    const rendered = await renderPolicyDocument({ source: { snapshot: { id: run.snapshot_id } } }, deps);
    return c.body(rendered.documents[lang].html, 200, { 'content-type': 'text/html; charset=utf-8', 'content-disposition': `attachment; filename="compensation-policy.${lang}.html"` });
  });

  app.get('/tokens', requires('tokens.own'), async (c) => tokensPage(c));
  const tokensPage = async (c: Context<ServerEnv>, created?: { token: string; label: string }) => {
    const principal = principalOrThrow(c);
    const tr = c.get('tr');
    const zone = principal.tenant_id === null ? 'UTC' : await timeZoneOf(c);
    const tokens = await services.handle.accounts.listTokens(principal.user.id);
    return render(c, 'web.tokens.title', '/tokens', tokensBody(tr, tokens, (iso) => shownInstant(iso, tr.lang, zone), services.now_ms(), { ...(created === undefined ? {} : { created }), days_default: TOKEN_DAYS_DEFAULT, days_max: TOKEN_DAYS_MAX, may_create: principal.via === 'session' }));
  };
  app.post('/tokens', requires('tokens.own'), async (c) => {
    const principal = principalOrThrow(c);
    // A token may not mint tokens (as the API: a leaked one could outlive its own revocation).
    if (principal.via !== 'session') throw new HttpError(403, 'server.forbidden', { role: principal.role });
    const fields = await form(c);
    const label = (fields.get('label') ?? '').trim().slice(0, 80);
    if (label === '') throw new HttpError(422, 'web.tokens.no_label');
    const days = Number(fields.get('days') ?? TOKEN_DAYS_DEFAULT);
    const added = await addToken({ handle: services.handle, actor: actorOf(principal) }, { user: principal.user, label, expires_days: days, now_ms: services.now_ms() });
    return tokensPage(c, { token: added.token, label });
  });
  app.post('/tokens/:id/revoke', requires('tokens.own'), async (c) => {
    const principal = principalOrThrow(c);
    await form(c);
    const id = c.req.param('id');
    // Only the user's own token: another user's is not there (the same answer as an unknown id).
    const token = await services.handle.accounts.token(id);
    if (token === null || token.user_id !== principal.user.id) throw new HttpError(404, 'server.not_found', { path: c.req.path.slice(0, 200) });
    await revokeToken({ handle: services.handle, actor: actorOf(principal) }, id);
    return c.redirect('/tokens', 303);
  });
}
