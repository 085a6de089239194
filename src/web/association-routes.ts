// The association's pages, for the `association` role only (auth/guard.ts associationDeps): the
// members at a glance, the shared dependencies, the sector stress test, and the board report.

import type { Context } from 'hono';
import { html } from 'hono/html';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { associationCapacity } from '../app/association-capacity.ts';
import { associationDependencies } from '../app/association-dependencies.ts';
import { associationStress, SECTOR_YEARS_DEFAULT } from '../app/association-stress.ts';
import { associationMembers } from '../app/association.ts';
import type { ServerEnv, ServerServices } from '../server/context.ts';
import { associationDeps, requires } from '../server/auth/guard.ts';
import { HttpError } from '../server/http-error.ts';
import { serviceAliases } from '../server/routes/association.ts';
import { ASSOCIATION_CSS } from './assets/association-css.ts';
import { shownInstant } from './dates.ts';
import { page, type Html } from './layout.ts';
import { dependenciesBody, MEMBER_SORTS, membersBody, reportBody, stressBody, type MemberSort } from './pages/association.ts';

/** The association's own time zone for the report's date (its members' are shown with their own). */
export const ASSOCIATION_TIME_ZONE = 'Asia/Tokyo';
const YEARS_MAX = 1_000_000;

function yearsOf(c: Context<ServerEnv>): number {
  const text = c.req.query('years');
  if (text === undefined) return SECTOR_YEARS_DEFAULT;
  const years = Number(text);
  if (!/^\d{1,7}$/.test(text) || years < 1_000 || years > YEARS_MAX) throw new HttpError(422, 'risk.years_range', { value: text.slice(0, 20), min: 1_000, max: YEARS_MAX });
  return years;
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

  app.get('/association/stress', requires('members.aggregates'), async (c) => {
    const years = yearsOf(c);
    const aliases = await serviceAliases();
    const deps = await associationDeps(c, services);
    const [stress, capacity] = [await associationStress(deps, { years, ...(aliases === undefined ? {} : { aliases }) }), await associationCapacity(deps, aliases === undefined ? {} : { aliases })];
    return frame(c, 'web.assoc.stress.title', '/association/stress', stressBody(c.get('tr'), stress, capacity));
  });

  app.get('/association/report', requires('members.aggregates'), async (c) => {
    const tr = c.get('tr');
    const years = yearsOf(c);
    const aliases = await serviceAliases();
    const options = aliases === undefined ? {} : { aliases };
    const deps = await associationDeps(c, services);
    const members = await associationMembers(deps);
    const dependencies = await associationDependencies(deps, options);
    const stress = await associationStress(deps, { years, ...options });
    const capacity = await associationCapacity(deps, options);
    const prepared = shownInstant(new Date(services.now_ms()).toISOString(), tr.lang, ASSOCIATION_TIME_ZONE);
    return frame(c, 'web.assoc.report.title', '/association/report', reportBody(tr, { members, dependencies, stress, capacity, prepared, zone: ASSOCIATION_TIME_ZONE }, shown(tr)));
  });
}
