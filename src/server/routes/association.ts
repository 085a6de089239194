// The association's routes: every member's aggregates, shared dependencies, the sector stress test
// and compensation capacity, for the `association` role only (auth/guard.ts associationDeps). The
// answers are the CLI's `hozen association … --json`, with its verdict in Hozen-Verdict; the
// stress test is a job, started by POST and read as one (its result is the CLI's JSON). The
// alias list is the file HOZEN_ALIASES names, read per request (docs/formats.md).

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readFile } from 'node:fs/promises';
import { associationCapacity } from '../../app/association-capacity.ts';
import { associationDependencies } from '../../app/association-dependencies.ts';
import { associationJson } from '../../app/association-json.ts';
import { associationStressJob, latestAssociationStress, startAssociationStress } from '../../app/association-stress.ts';
import { associationMembers } from '../../app/association.ts';
import type { NamedText, Verdict } from '../../app/deps.ts';
import type { JobRecord } from '../../store/jobs.ts';
import { actorOf, type ServerEnv, type ServerServices } from '../context.ts';
import { associationDeps, associationJobs, principalOrThrow, requires } from '../auth/guard.ts';
import { HttpError } from '../http-error.ts';
import { jobJson } from './jobs.ts';
import { ERROR_RESPONSES, jsonResponse, resultSchema, route, valid, VERDICT_HEADER } from './answer.ts';
import { UserError } from '../../errors.ts';

export const ALIASES_ENV = 'HOZEN_ALIASES';

export async function serviceAliases(env: NodeJS.ProcessEnv = process.env): Promise<NamedText | undefined> {
  const path = env[ALIASES_ENV];
  if (path === undefined || path === '') return undefined;
  try {
    return { name: path, text: await readFile(path, 'utf8') };
  } catch {
    throw new UserError('app.unreadable', { file: path });
  }
}

const StressBody = z.object({
  years: z.number().int().min(1_000).max(1_000_000).optional().openapi({ description: 'Simulated years (default 100000)' }),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
const JobParam = z.object({ id: z.string().regex(/^job-[0-9a-f]{24}$/).openapi({ param: { name: 'id', in: 'path' } }) });
const CapacityQuery = z.object({ cause: z.string().min(1).max(300).optional().openapi({ description: 'One shared cause id, e.g. vendor:name:acmecustody' }) });
const DependenciesQuery = z.object({ shared: z.enum(['0', '1']).optional().openapi({ description: '1: only dependencies two or more members share' }) });

/** A job as /api/v1/jobs answers it, with the stress test's verdict in Hozen-Verdict once it has one. */
function jobAnswer(c: Context<ServerEnv>, job: JobRecord, status: 200 | 202 = 200): Response {
  const body = jobJson(job, c.get('tr'));
  return jsonResponse(c, body, status, typeof body.verdict === 'string' ? { [VERDICT_HEADER]: body.verdict } : {});
}

const answerWith = (c: Context<ServerEnv>, result: { verdict: Verdict }) => jsonResponse(c, associationJson(result), 200, { [VERDICT_HEADER]: result.verdict });
const ok = (description: string) => ({ 200: { description, content: { 'application/json': { schema: resultSchema(description) } } }, ...ERROR_RESPONSES });

export function registerAssociationRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  const tags = ['association'];
  const middleware = [requires('members.aggregates')];
  route(app, createRoute({ method: 'get', path: '/api/v1/association/members', tags, summary: "Every member's verdicts, headroom, alerts and run summaries (aggregates only)", middleware, responses: ok('As `hozen association members --json`') }), async (c) =>
    answerWith(c, await associationMembers(await associationDeps(c, services))),
  );
  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/association/dependencies', tags, summary: 'Vendors, platforms, counterparties, issuers and insurers members share', middleware, request: { query: DependenciesQuery }, responses: ok('As `hozen association dependencies --json`') }),
    async (c) => {
      const query = valid<z.infer<typeof DependenciesQuery>>(c, 'query');
      const aliases = await serviceAliases();
      return answerWith(c, await associationDependencies(await associationDeps(c, services), { ...(aliases === undefined ? {} : { aliases }), shared_only: query.shared === '1' }));
    },
  );
  // The sector stress test is a job of the association's own (app/association-stress.ts): started
  // here, run by a worker of `hozen serve` or `hozen worker`, its progress and result read below.
  // Checked in one place, associationDeps / associationJobs (auth/guard.ts).
  route(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/association/stress',
      tags,
      summary: 'Start the sector stress test as a job (or answer the same test’s job already there)',
      request: { body: { content: { 'application/json': { schema: StressBody } }, required: true } },
      responses: { 202: { description: 'The job, queued or running; Location: /api/v1/association/jobs/{id}' }, 200: { description: 'The same test’s job, already ended' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const body = valid<z.infer<typeof StressBody>>(c, 'json');
      const deps = await associationDeps(c, services);
      const jobs = associationJobs(c, services);
      const aliases = await serviceAliases();
      const { job } = await startAssociationStress(deps, jobs, { ...(body.years === undefined ? {} : { years: body.years }), ...(body.seed === undefined ? {} : { seed: body.seed }), ...(aliases === undefined ? {} : { aliases }) }, actorOf(principalOrThrow(c)));
      c.header('Location', `/api/v1/association/jobs/${job.id}`);
      return jobAnswer(c, job, job.state === 'succeeded' || job.state === 'failed' ? 200 : 202);
    },
  );
  route(app, createRoute({ method: 'get', path: '/api/v1/association/stress', tags, summary: 'The latest sector stress test: its job, with progress in simulated years, and its result once done', responses: { 200: { description: 'The job (as /api/v1/association/jobs/{id})' }, ...ERROR_RESPONSES } }), async (c) => {
    const { latest } = await latestAssociationStress(associationJobs(c, services));
    if (latest === null) throw new HttpError(404, 'association.no_stress_job');
    return jobAnswer(c, latest);
  });
  route(app, createRoute({ method: 'get', path: '/api/v1/association/jobs/{id}', tags, summary: 'One of the association’s jobs: state, progress, and its result or error', request: { params: JobParam }, responses: { 200: { description: 'The job' }, ...ERROR_RESPONSES } }), async (c) => {
    const { id } = valid<{ id: string }>(c, 'param');
    const job = await associationStressJob(associationJobs(c, services), id);
    if (job === null) throw new HttpError(404, 'server.job_not_found', { id });
    return jobAnswer(c, job);
  });
  route(app, createRoute({ method: 'get', path: '/api/v1/association/capacity', tags, summary: "Each member's funding if a shared vendor or platform were compromised now", middleware, request: { query: CapacityQuery }, responses: ok('As `hozen association capacity --json`') }), async (c) => {
    const query = valid<z.infer<typeof CapacityQuery>>(c, 'query');
    const aliases = await serviceAliases();
    return answerWith(c, await associationCapacity(await associationDeps(c, services), { ...(query.cause === undefined ? {} : { cause: query.cause }), ...(aliases === undefined ? {} : { aliases }) }));
  });
}
