// The dashboard's pages: server-rendered HTML drawn from the same use cases as the API and the
// CLI, behind the same guard (a page names its action; a page of another tenant's thing is not
// there). Forms post with the session cookie (SameSite=Strict) and are refused from other sites by
// the request guard. A page that needs a log-in sends the browser to /login.

import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { listAlerts } from '../app/alerts.ts';
import { auditLog, verifyAuditLog } from '../app/audit.ts';
import { checkJson, checkSnapshot, latestCheck, latestCheckJson } from '../app/check.ts';
import { whatIfForm, whatIfResult } from './pages/what-if.ts';
import { DASH_FORM_PATHS, registerDashPages } from './dash-routes.ts';
import type { AppDeps } from '../app/deps.ts';
import { importSnapshot } from '../app/import.ts';
import { listSnapshots } from '../app/snapshots.ts';
import { grants } from '../accounts/roles.ts';
import { UserError } from '../errors.ts';
import type { ServerEnv, ServerServices } from '../server/context.ts';
import { HttpError } from '../server/http-error.ts';
import { principalOrThrow, requires, tenantDeps } from '../server/auth/guard.ts';
import { endSession } from '../server/auth/sessions.ts';
import type { LogIn } from '../server/routes/session.ts';
import type { PagesExtension } from '../server/app.ts';
import { errorPageHtml } from './pages/error.ts';
import { receiveMultipart, requestBody, UPLOAD_LIMITS_DEFAULT } from '../server/upload.ts';
import { join } from 'node:path';
import { STYLE_CSS } from './assets/style.ts';
import { shownInstant } from './dates.ts';
import { page } from './layout.ts';
import { auditBody } from './pages/audit.ts';
import { loginPage } from './pages/login.ts';
import { emptyOverviewBody, overviewBody } from './pages/overview.ts';
import { snapshotsBody, type ImportOutcome } from './pages/snapshots.ts';
import type { JobError, JobResult } from '../app/jobs.ts';
import { userErrorOf } from '../server/routes/jobs.ts';
import { ASSOCIATION_FORM_PATHS, registerAssociationPages } from './association-routes.ts';
import { registerCustomerPages } from './proof-routes.ts';

/** A login form's fields are short: a bigger body is not a log-in. */
const FORM_BYTES_MAX = 4096;

export const PAGE_FORM_PATHS = ['/login', '/logout', '/snapshots/', '/what-if', ...DASH_FORM_PATHS, ...ASSOCIATION_FORM_PATHS] as const;
export const PAGE_MULTIPART_PATHS = ['/snapshots/upload'] as const;

/** The pages as the service adds them beside the API. */
export const PAGES: PagesExtension = {
  form_paths: PAGE_FORM_PATHS,
  multipart_paths: PAGE_MULTIPART_PATHS,
  register: registerPages,
  errorPage(c, principal, error, status) {
    // A page that needs a log-in sends the browser to the log-in page.
    if (status === 401) return c.redirect('/login', 303);
    return c.html(errorPageHtml(c.get('tr'), principal, error, c.req.path), status as 400);
  },
};

export function registerPages(app: OpenAPIHono<ServerEnv>, services: ServerServices, logIn: LogIn): void {
  app.get('/assets/style.css', (c) => c.body(STYLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  registerAssociationPages(app, services);
  registerCustomerPages(app, services);

  app.get('/login', (c) => c.html(loginPage(c.get('tr'))));
  app.post('/login', async (c) => {
    const form = await smallForm(c);
    const name = form.get('name') ?? '';
    try {
      await logIn(c, name, form.get('password') ?? '');
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 429)) return c.html(loginPage(c.get('tr'), { failed_code: error.code, name }), error.status);
      throw error;
    }
    return c.redirect('/', 303);
  });
  app.post('/logout', async (c) => {
    await endSession(c, services.handle.accounts, c.get('principal'));
    return c.redirect('/login', 303);
  });
  registerDashPages(app, services);

  const timeZoneOf = async (c: Context<ServerEnv>): Promise<string> => {
    const tenant = principalOrThrow(c).tenant_id;
    return (await services.handle.listTenants()).find((t) => t.id === tenant)?.time_zone ?? 'UTC';
  };

  app.get('/', requires('tenant.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const time_zone = await timeZoneOf(c);
    const frame = { tr, title: tr.t('web.overview.title'), path: '/', principal: c.get('principal') };
    let alerts;
    try {
      alerts = await listAlerts(deps, { now: new Date(services.now_ms()).toISOString() });
    } catch (error) {
      if (!(error instanceof UserError) || error.code !== 'app.nothing_checked') throw error;
      const latest = (await listSnapshots(deps)).snapshots.at(-1)?.id ?? null;
      return c.html(page({ ...frame, body: emptyOverviewBody(tr, grants(principalOrThrow(c).role, 'tenant.write') ? latest : null) }));
    }
    const report = latestCheckJson(await latestCheck(deps, { snapshot: { id: alerts.snapshot_id } }), tr);
    return c.html(
      page({
        ...frame,
        body: overviewBody(tr, { snapshot: report.snapshot, exchange: report.exchange, as_of_shown: shownInstant(report.as_of, tr.lang, time_zone), time_zone, compliant: report.compliant, regimes: report.regimes, alerts }),
      }),
    );
  });

  const snapshotsPage = async (c: Context<ServerEnv>, deps: AppDeps, options: ImportOutcome = {}, status: 200 | 422 = 200) => {
    const tr = c.get('tr');
    const time_zone = await timeZoneOf(c);
    const { snapshots } = await listSnapshots(deps);
    const may_write = grants(principalOrThrow(c).role, 'tenant.write');
    return c.html(page({ tr, title: tr.t('web.snapshots.title'), path: '/snapshots', principal: c.get('principal'), body: snapshotsBody(tr, snapshots, (iso) => shownInstant(iso, tr.lang, time_zone), { may_write, ...options }) }), status);
  };

  app.get('/snapshots', requires('tenant.read'), async (c) => {
    const deps = await tenantDeps(c, services);
    const id = c.req.query('job');
    if (id === undefined) return snapshotsPage(c, deps);
    // The page the upload script lands on: the import job's outcome, read from the tenant's own jobs.
    const job = /^job-[0-9a-f]{24}$/.test(id) ? await services.handle.jobs.get(principalOrThrow(c).tenant_id!, id) : null;
    if (job === null || job.kind !== 'import') throw new HttpError(404, 'server.job_not_found', { id: id.slice(0, 40) });
    if (job.state === 'queued' || job.state === 'running') return c.redirect(`/jobs/${job.id}`, 303);
    if (job.state === 'failed') return snapshotsPage(c, deps, { error: job.error === null ? new UserError('server.internal') : userErrorOf(job.error as JobError) });
    const result = (job.result as JobResult).json.en as { snapshot: string; status: 'created' | 'exists' };
    return snapshotsPage(c, deps, { imported: { snapshot: result.snapshot, status: result.status } });
  });

  app.post('/snapshots/upload', requires('tenant.write'), async (c) => {
    const deps = await tenantDeps(c, services);
    const type = c.req.header('content-type') ?? '';
    try {
      const received = await receiveMultipart(requestBody(c), type, UPLOAD_LIMITS_DEFAULT, join(services.data_dir, 'uploads'));
      try {
        const imported = await importSnapshot(deps, { dir: received.dir });
        return snapshotsPage(c, deps, { imported: { snapshot: imported.snapshot_id, status: imported.status } });
      } finally {
        await received.discard();
      }
    } catch (error) {
      if (error instanceof UserError && !(error instanceof HttpError && (error.status === 401 || error.status === 403))) return snapshotsPage(c, deps, { error }, 422);
      throw error;
    }
  });

  app.post('/snapshots/:id/check', requires('tenant.write'), async (c) => {
    await smallForm(c);
    const deps = await tenantDeps(c, services);
    await checkSnapshot(deps, { snapshot: { id: c.req.param('id') } });
    return c.redirect('/', 303);
  });

  const whatIfFrame = (c: Context<ServerEnv>) => ({ tr: c.get('tr'), title: c.get('tr').t('web.whatif.title'), path: '/what-if', principal: c.get('principal') });
  app.get('/what-if', requires('tenant.read'), async (c) => {
    const deps = await tenantDeps(c, services);
    const latest = (await listSnapshots(deps)).snapshots.at(-1);
    if (latest === undefined) return c.html(page({ ...whatIfFrame(c), body: emptyOverviewBody(c.get('tr'), null) }));
    const snapshot = await deps.store.loadSnapshot(latest.id);
    return c.html(page({ ...whatIfFrame(c), body: whatIfForm(c.get('tr'), latest.id, snapshot.wallets.map((w) => ({ id: w.id, asset: w.asset, tier: w.tier, purpose: w.purpose }))) }));
  });
  app.post('/what-if', requires('tenant.read'), async (c) => {
    const form = await smallForm(c);
    const drain = form.getAll('drain');
    const tr = c.get('tr');
    // Without a wallet it would be a real check, which is stored: not what this form is for.
    if (drain.length === 0) throw new HttpError(422, 'web.whatif.none');
    const deps = await tenantDeps(c, services);
    // A what-if is not stored: a viewer may ask it too.
    const result = await checkSnapshot(deps, { snapshot: { id: form.get('snapshot') ?? '' }, drain });
    const report = checkJson(result, tr);
    return c.html(page({ ...whatIfFrame(c), body: whatIfResult(tr, drain, report.compliant, report.regimes, grants(principalOrThrow(c).role, 'tenant.write') ? report.snapshot : null) }));
  });

  app.get('/audit', requires('audit.read'), async (c) => {
    const tr = c.get('tr');
    const deps = await tenantDeps(c, services);
    const time_zone = await timeZoneOf(c);
    const [{ entries }, verification] = await Promise.all([auditLog(deps), verifyAuditLog(deps)]);
    return c.html(page({ tr, title: tr.t('web.audit.title'), path: '/audit', principal: c.get('principal'), body: auditBody(tr, entries, verification, (iso) => shownInstant(iso, tr.lang, time_zone)) }));
  });
}

async function smallForm(c: Context<ServerEnv>): Promise<URLSearchParams> {
  const text = await c.req.text();
  if (text.length > FORM_BYTES_MAX) throw new HttpError(413, 'server.body_too_large', { bytes_max: FORM_BYTES_MAX });
  return new URLSearchParams(text);
}
