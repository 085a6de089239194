// The association's pages, for the `association` role only (auth/guard.ts associationDeps): the
// members at a glance, the shared dependencies, the sector stress test (a job the page starts and
// follows), and the board report (with the latest stress test that succeeded).

import type { Context } from 'hono';
import { html } from 'hono/html';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { associationCapacity } from '../app/association-capacity.ts';
import { associationDependencies } from '../app/association-dependencies.ts';
import { associationStressJob, latestAssociationStress, SECTOR_YEARS_DEFAULT, startAssociationStress, storedStress, type StressRequest } from '../app/association-stress.ts';
import type { JobRecord } from '../store/jobs.ts';
import { associationMembers } from '../app/association.ts';
import { actorOf, type ServerEnv, type ServerServices } from '../server/context.ts';
import { associationDeps, associationJobs, principalOrThrow, requires } from '../server/auth/guard.ts';
import { HttpError } from '../server/http-error.ts';
import { serviceAliases } from '../server/routes/association.ts';
import { form } from './dash-routes.ts';
import { ASSOCIATION_CSS } from './assets/association-css.ts';
import { shownInstant } from './dates.ts';
import { page, type Html } from './layout.ts';
import { dependenciesBody, MEMBER_SORTS, membersBody, reportBody, stressForm, stressPageBody, STRESS_YEARS_PAGE_MAX, STRESS_YEARS_PAGE_MIN, type MemberSort } from './pages/association.ts';

/** The association's own time zone for the report's date (its members' are shown with their own). */
export const ASSOCIATION_TIME_ZONE = 'Asia/Tokyo';
/** The paths of these pages' forms (urlencoded posts), for the request guard. */
export const ASSOCIATION_FORM_PATHS = ['/association/stress'] as const;

/** The years a job was asked for (the form starts from them). */
function storedYears(job: JobRecord | null): number | null {
  const years = (job?.request as StressRequest | undefined)?.years;
  return typeof years === 'number' ? years : null;
}

export function registerAssociationPages(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  app.get('/assets/association.css', (c) => c.body(ASSOCIATION_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  const shown = (tr: ServerEnv['Variables']['tr']) => (iso: string, time_zone: string) => shownInstant(iso, tr.lang, time_zone);
  // Each page links the association's stylesheet at the top of its body (the frame's head is shared).
  const frame = (c: Context<ServerEnv>, code: string, path: string, body: Html) =>
    c.html(page({ tr: c.get('tr'), title: c.get('tr').t(code), path, principal: c.get('principal'), body: html`<link rel="stylesheet" href="/assets/association.css">
${body}` }));

  // The association's home: the pages of one exchange are not its to read.
  app.get('/', async (c, next) => (c.get('principal')?.role === 'association' ? c.redirect('/association', 303) : next()));

  app.get('/association', requires('members.aggregates'), async (c) => {
    const tr = c.get('tr');
    const sort_text = c.req.query('sort') ?? 'headroom';
    const sort: MemberSort = (MEMBER_SORTS as readonly string[]).includes(sort_text) ? (sort_text as MemberSort) : 'headroom';
    const order = c.req.query('order') === 'desc' ? 'desc' : 'asc';
    const result = await associationMembers(await associationDeps(c, services));
    return frame(c, 'web.assoc.members.title', '/association', membersBody(tr, result, shown(tr), { sort, order }));
  });

  app.get('/association/dependencies', requires('members.aggregates'), async (c) => {
    const aliases = await serviceAliases();
    const result = await associationDependencies(await associationDeps(c, services), aliases === undefined ? {} : { aliases });
    return frame(c, 'web.assoc.dependencies.title', '/association/dependencies', dependenciesBody(c.get('tr'), result));
  });

  // The stress test is the association's job (app/association-stress.ts): the page starts it, follows it and shows what it stored.
  app.get('/association/stress', requires('members.aggregates'), async (c) => {
    const tr = c.get('tr');
    const aliases = await serviceAliases();
    const deps = await associationDeps(c, services);
    const jobs = associationJobs(c, services);
    const id = c.req.query('job');
    const job = id === undefined ? (await latestAssociationStress(jobs)).latest : /^job-[0-9a-f]{24}$/.test(id) ? await associationStressJob(jobs, id) : null;
    if (id !== undefined && job === null) throw new HttpError(404, 'server.job_not_found', { id: id.slice(0, 40) });
    const capacity = await associationCapacity(deps, aliases === undefined ? {} : { aliases });
    const years = storedYears(job) ?? SECTOR_YEARS_DEFAULT;
    return frame(c, 'web.assoc.stress.title', '/association/stress', stressPageBody(tr, job, capacity, stressForm(tr, years), (iso) => shownInstant(iso, tr.lang, ASSOCIATION_TIME_ZONE)));
  });

  app.post('/association/stress', requires('members.aggregates'), async (c) => {
    const fields = await form(c);
    const years = Number(fields.get('years'));
    const seed = Number(fields.get('seed'));
    if (!Number.isInteger(years) || years < STRESS_YEARS_PAGE_MIN || years > STRESS_YEARS_PAGE_MAX) throw new HttpError(422, 'risk.years_range', { value: (fields.get('years') ?? '').slice(0, 20), min: STRESS_YEARS_PAGE_MIN, max: STRESS_YEARS_PAGE_MAX });
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new HttpError(422, 'web.risk.bad_seed');
    const aliases = await serviceAliases();
    const { job } = await startAssociationStress(await associationDeps(c, services), associationJobs(c, services), { years, seed, ...(aliases === undefined ? {} : { aliases }) }, actorOf(principalOrThrow(c)));
    return c.redirect(`/association/stress?job=${job.id}`, 303);
  });

  app.get('/association/report', requires('members.aggregates'), async (c) => {
    const tr = c.get('tr');
    const aliases = await serviceAliases();
    const options = aliases === undefined ? {} : { aliases };
    const deps = await associationDeps(c, services);
    const members = await associationMembers(deps);
    const dependencies = await associationDependencies(deps, options);
    const { succeeded } = await latestAssociationStress(associationJobs(c, services));
    const stress = succeeded === null ? null : storedStress(succeeded);
    const capacity = await associationCapacity(deps, options);
    const prepared = shownInstant(new Date(services.now_ms()).toISOString(), tr.lang, ASSOCIATION_TIME_ZONE);
    return frame(c, 'web.assoc.report.title', '/association/report', reportBody(tr, { members, dependencies, stress, capacity, prepared, zone: ASSOCIATION_TIME_ZONE }, shown(tr)));
  });
}
