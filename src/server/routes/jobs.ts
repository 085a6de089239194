// Long work over HTTP: a request with `?job=1` is queued instead of run while the client waits
// (answer 202 with the job and its Location); the job's state, progress and result are read at
// /api/v1/jobs/{id}, and followed as server-sent events at /api/v1/jobs/{id}/events.

import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { JobError, JobResult } from '../../app/jobs.ts';
import { InputError, UserError, type InputIssue } from '../../errors.ts';
import type { Translator } from '../../i18n/i18n.ts';
import type { JobKind, JobRecord } from '../../store/jobs.ts';
import { userErrorJson } from '../../text/errors.ts';
import { actorOf, type ServerEnv, type ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOrThrow, requires } from '../auth/guard.ts';
import { ERROR_RESPONSES, jsonResponse, route, valid } from './answer.ts';

/** Events are read from the job's row this often; the worker writes progress at most every 500 ms. */
const EVENTS_POLL_MS = 250;
/** A stream ends after this long even if the job has not: the client reconnects. */
const EVENTS_STREAM_MS_MAX = 10 * 60 * 1000;

export const JobQuery = z.object({ job: z.enum(['1', 'true']).optional().openapi({ description: 'Queue the work as a job and answer 202 at once' }), lang: z.string().optional() });
const JobParam = z.object({ id: z.string().regex(/^job-[0-9a-f]{24}$/).openapi({ param: { name: 'id', in: 'path' } }) });

export function wantsJob(c: Context<ServerEnv>): boolean {
  const job = c.req.query('job');
  return job === '1' || job === 'true';
}

/** Queues the work for the principal's tenant, acting as the principal. */
export async function enqueue(c: Context<ServerEnv>, services: ServerServices, kind: JobKind, request: unknown): Promise<Response> {
  const principal = principalOrThrow(c);
  const job = await services.handle.jobs.enqueue(principal.tenant_id!, kind, request, actorOf(principal));
  c.header('Location', `/api/v1/jobs/${job.id}`);
  return jsonResponse(c, jobJson(job, c.get('tr')), 202);
}

export function jobJson(job: JobRecord, tr: Translator): Record<string, unknown> {
  const result = job.result as JobResult | null;
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    progress: job.progress,
    attempts: job.attempts,
    created_at: job.created_at,
    started_at: job.started_at,
    finished_at: job.finished_at,
    ...(result === null ? {} : { verdict: result.verdict, result: result.json[tr.lang] ?? result.json.en }),
    ...(job.error === null ? {} : { error: userErrorJson(tr, userErrorOf(job.error as JobError)) }),
  };
}

/** A failed job's error as the use case threw it (located issues and all). */
export function userErrorOf(error: JobError): UserError {
  if (error.issues !== undefined) return new InputError(error.issues as InputIssue[], error.issue_count ?? error.issues.length);
  return new UserError(error.code, error.params as UserError['params']);
}

/**
 * A job followed as server-sent events: `progress` whenever what jobJson answers changes, then
 * `done` with the finished job. `reread` reads the job's row again (the caller has checked that
 * the principal may read it).
 */
export function jobEvents(c: Context<ServerEnv>, first: JobRecord, reread: () => Promise<JobRecord | null>): Response {
  const tr = c.get('tr');
  return streamSSE(c, async (stream) => {
    const ends_ms = Date.now() + EVENTS_STREAM_MS_MAX;
    let job: JobRecord | null = first;
    let last = '';
    while (job !== null && !stream.aborted && Date.now() < ends_ms) {
      const data = JSON.stringify(jobJson(job, tr));
      const finished = job.state === 'succeeded' || job.state === 'failed';
      if (data !== last || finished) await stream.writeSSE({ event: finished ? 'done' : 'progress', data, id: String(job.progress?.done ?? 0) });
      last = data;
      if (finished) break;
      await stream.sleep(EVENTS_POLL_MS);
      job = await reread();
    }
  });
}

export function registerJobRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  const tenantJob = async (c: Context<ServerEnv>): Promise<JobRecord> => {
    const { id } = valid<{ id: string }>(c, 'param');
    const job = await services.handle.jobs.get(principalOrThrow(c).tenant_id!, id);
    if (job === null) throw new HttpError(404, 'server.job_not_found', { id });
    return job;
  };

  route(app, createRoute({ method: 'get', path: '/api/v1/jobs', tags: ['jobs'], summary: "The tenant's latest jobs", middleware: [requires('tenant.read')], responses: { 200: { description: 'Jobs, newest first (at most 100)' }, ...ERROR_RESPONSES } }), async (c) => {
    const jobs = await services.handle.jobs.list(principalOrThrow(c).tenant_id!, 100);
    return jsonResponse(c, { jobs: jobs.map((job) => jobJson(job, c.get('tr'))) });
  });

  route(app, createRoute({ method: 'get', path: '/api/v1/jobs/{id}', tags: ['jobs'], summary: 'A job: state, progress, and its result or error', middleware: [requires('tenant.read')], request: { params: JobParam }, responses: { 200: { description: 'The job' }, ...ERROR_RESPONSES } }), async (c) =>
    jsonResponse(c, jobJson(await tenantJob(c), c.get('tr'))),
  );

  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/jobs/{id}/events',
      tags: ['jobs'],
      summary: 'Follow a job as server-sent events',
      description: 'Events: `progress` (the job, whenever its state or progress changes) and `done` (the finished job, then the stream ends).',
      middleware: [requires('tenant.read')],
      request: { params: JobParam },
      responses: { 200: { description: 'text/event-stream' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const first = await tenantJob(c);
      return jobEvents(c, first, () => services.handle.jobs.get(first.tenant_id, first.id));
    },
  );
}
