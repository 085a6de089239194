// A tenant's snapshots and the runs made on one: upload (import), list, show, check, claim,
// compensate, risk, the compensation policy. Each route names its action and calls one use case.

import { join } from 'node:path';
import type { Context } from 'hono';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../../app/deps.ts';
import { UserError } from '../../errors.ts';
import type { ServerEnv, ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOrThrow, requires, tenantDeps, tenantOf } from '../auth/guard.ts';
import { requestBody, receiveMultipart, receiveTar, UPLOAD_LIMITS_DEFAULT, type ReceivedSnapshot, type UploadLimits } from '../upload.ts';
import { answer, ERROR_RESPONSES, resultSchema, route, SnapshotParam, storedAnswer, valid } from './answer.ts';
import { enqueue, JobQuery, wantsJob } from './jobs.ts';
import { PARTS_MAX } from '../../risk/split.ts';


/** A document as the CLI reads it from a file: its text, and the name its errors are located by. */
const Document = z
  .object({
    name: z.string().min(1).max(255).optional().openapi({ description: 'The file name errors are located by', example: 'incident.json' }),
    text: z.string().max(4 * 1024 * 1024).openapi({ description: 'The document, exactly as its file would hold it' }),
  })
  .strict();

const CheckBody = z
  .object({
    regimes: z.array(z.string().max(64)).max(32).optional().openapi({ description: "Regime ids; default: exchange.json's `regimes`" }),
    drain: z.array(z.string().max(128)).max(1000).optional().openapi({ description: 'Wallets treated as emptied (a what-if, not stored)' }),
  })
  .strict();
const ClaimBody = z.object({ incident: Document }).strict();
const CompensateBody = z
  .object({
    incident: Document,
    policy: Document.optional().openapi({ description: "Instead of the snapshot's compensation-policy.json" }),
    add_funding: z.array(z.string().max(200)).max(100).optional().openapi({ description: '`name=amount` in the base currency' }),
  })
  .strict();
const RiskBody = z
  .object({
    years: z.number().int().min(1).max(10_000_000).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    confidence: z.number().gt(0).lt(1).optional(),
    workers: z.number().int().min(0).max(64).optional().openapi({ description: 'Worker threads; the result is the same for any number' }),
    tiers: z.array(z.string().max(32)).max(8).optional(),
    cover: z.string().max(64).optional().openapi({ description: 'Cover to compare losses with, in the base currency' }),
    split: z.number().int().min(1).max(PARTS_MAX).optional().openapi({ description: 'With `?job=1`: parts (ranges of seeded blocks) that any `hozen worker` may take; the stored run is the same as one process makes' }),
  })
  .strict();

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } }, required: true });
const ok = (description: string) => ({ 200: { description, content: { 'application/json': { schema: resultSchema(description) } } }, ...ERROR_RESPONSES });
const okOrJob = (description: string) => ({ ...ok(description), 202: { description: 'With `?job=1`: the job, queued (follow it at its Location)' } });

/** A job on an unknown snapshot is refused now, not when a worker takes it; it names the full id. */
async function enqueueForSnapshot(c: Context<ServerEnv>, services: ServerServices, deps: AppDeps, kind: 'compensate' | 'risk', request: { snapshot: { id: string } }): Promise<Response> {
  const id = await deps.store.resolveSnapshotId(request.snapshot.id);
  if (id === null) throw new UserError('app.unknown_snapshot', { arg: request.snapshot.id });
  return enqueue(c, services, kind, { ...request, snapshot: { id } });
}

export function registerSnapshotRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices, limits: UploadLimits = UPLOAD_LIMITS_DEFAULT): void {
  const snapshot = (c: Context<ServerEnv>) => ({ id: valid<{ id: string }>(c, 'param').id });

  route(app, createRoute({ method: 'get', path: '/api/v1/snapshots', tags: ['snapshots'], summary: 'List the stored snapshots', middleware: [requires('tenant.read')], responses: ok('As `hozen snapshots --json`') }), async (c) =>
    answer(c, await tenantDeps(c, services), 'snapshots', {}),
  );

  route(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/snapshots',
      tags: ['snapshots'],
      summary: 'Upload and import a snapshot',
      description:
        'The snapshot directory as one tar archive (`Content-Type: application/x-tar`, or `application/gzip` for `tar -czf`), or as multipart/form-data with one part per file. Streamed to disk, then imported exactly as `hozen import`: all or nothing, importing the same content again is a no-op.',
      middleware: [requires('tenant.write')],
      // The multipart schema is a plain OpenAPI object, not zod: a zod schema would make the router
      // parse (and so consume) the body before the route streams it to disk.
      request: { query: JobQuery, body: { content: { 'application/x-tar': { schema: z.string().openapi({ format: 'binary' }) }, 'multipart/form-data': { schema: { type: 'object', description: 'One part per snapshot file, named by its file name' } } }, required: true } },
      responses: okOrJob('As `hozen import --json`'),
    }),
    async (c) => {
      const deps = await tenantDeps(c, services);
      const received = await receiveUpload(c, limits, join(services.data_dir, 'uploads'));
      // As a job, the upload's directory is the job's until it is imported (runJob removes it).
      if (wantsJob(c)) return enqueue(c, services, 'import', { dir: received.dir });
      try {
        return await answer(c, deps, 'import', { dir: received.dir });
      } finally {
        await received.discard();
      }
    },
  );

  route(app, createRoute({ method: 'get', path: '/api/v1/snapshots/{id}', tags: ['snapshots'], summary: 'Show a snapshot', middleware: [requires('tenant.read')], request: { params: SnapshotParam }, responses: ok('As `hozen show --json`') }), async (c) =>
    answer(c, await tenantDeps(c, services), 'show', { snapshot: snapshot(c) }),
  );

  route(
    app,
    createRoute({
      method: 'delete',
      path: '/api/v1/snapshots/{id}',
      tags: ['snapshots'],
      summary: 'Stored snapshots cannot be deleted',
      description: 'Runs and the audit log refer to every stored snapshot: answers 409 for a stored one, 404 for an unknown one.',
      middleware: [requires('tenant.write')],
      request: { params: SnapshotParam },
      responses: { 409: { description: '`server.snapshot_delete_protected`' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const deps = await tenantDeps(c, services);
      const { id } = snapshot(c);
      if ((await deps.store.resolveSnapshotId(id)) === null) throw new UserError('app.unknown_snapshot', { arg: id });
      throw new HttpError(409, 'server.snapshot_delete_protected');
    },
  );

  route(
    app,
    createRoute({ method: 'post', path: '/api/v1/snapshots/{id}/check', tags: ['runs'], summary: 'Check coverage under the regimes (stored unless a what-if)', middleware: [requires('tenant.write')], request: { params: SnapshotParam, body: json(CheckBody) }, responses: ok('As `hozen check --json`; `Hozen-Verdict: failed` when a regime is not met') }),
    async (c) => answer(c, await tenantDeps(c, services), 'check', { snapshot: snapshot(c), ...valid<z.infer<typeof CheckBody>>(c, 'json') }),
  );

  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/snapshots/{id}/check', tags: ['runs'], summary: 'The stored check, re-rendered without recomputing it', middleware: [requires('tenant.read')], request: { params: SnapshotParam }, responses: ok('As `hozen check --latest --json`') }),
    async (c) => storedAnswer(c, tenantOf(c), () => tenantDeps(c, services), 'latest_check', { snapshot: snapshot(c) }),
  );

  route(
    app,
    createRoute({ method: 'post', path: '/api/v1/snapshots/{id}/claim', tags: ['runs'], summary: 'Claim an incident on the insurance programme', middleware: [requires('tenant.write')], request: { params: SnapshotParam, body: json(ClaimBody) }, responses: ok('As `hozen claim --json`') }),
    async (c) => {
      const body = valid<z.infer<typeof ClaimBody>>(c, 'json');
      return answer(c, await tenantDeps(c, services), 'claim', { snapshot: snapshot(c), incident: named(body.incident, 'incident.json') });
    },
  );

  route(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/snapshots/{id}/compensate',
      tags: ['runs'],
      summary: 'Compensate the customers of an incident',
      description: 'Writes payouts.csv and the summaries on the server; download them from `/api/v1/runs/{run_id}/files/{file}`.',
      middleware: [requires('tenant.write')],
      request: { params: SnapshotParam, query: JobQuery, body: json(CompensateBody) },
      responses: okOrJob('As `hozen compensate --json` (the summary); `Hozen-Verdict: failed` under a shortfall'),
    }),
    async (c) => {
      const body = valid<z.infer<typeof CompensateBody>>(c, 'json');
      const deps = await tenantDeps(c, services);
      const tenant = principalOrThrow(c).tenant_id!;
      const request = {
        snapshot: snapshot(c),
        incident: named(body.incident, 'incident.json'),
        ...(body.policy === undefined ? {} : { policy: named(body.policy, 'compensation-policy.json') }),
        ...(body.add_funding === undefined ? {} : { add_funding: body.add_funding }),
        out_parent: runsDir(services, tenant),
      };
      if (wantsJob(c)) return enqueueForSnapshot(c, services, deps, 'compensate', request);
      return answer(c, deps, 'compensate', request);
    },
  );

  route(
    app,
    createRoute({ method: 'post', path: '/api/v1/snapshots/{id}/risk', tags: ['runs'], summary: 'Simulate the loss distribution', middleware: [requires('tenant.write')], request: { params: SnapshotParam, query: JobQuery, body: json(RiskBody) }, responses: okOrJob('As `hozen risk --json`') }),
    async (c) => {
      const deps = await tenantDeps(c, services);
      const request = { snapshot: snapshot(c), ...valid<z.infer<typeof RiskBody>>(c, 'json') };
      if (wantsJob(c)) return enqueueForSnapshot(c, services, deps, 'risk', request);
      return answer(c, deps, 'risk', request);
    },
  );

  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/snapshots/{id}/policy', tags: ['runs'], summary: "The snapshot's compensation policy, as a document for customers", middleware: [requires('tenant.read')], request: { params: SnapshotParam }, responses: ok('As `hozen policy render --json`') }),
    async (c) => answer(c, await tenantDeps(c, services), 'policy_render', { source: { snapshot: snapshot(c) } }),
  );
}

/** Where a tenant's compensation outputs are kept: one directory per run id. */
export function runsDir(services: ServerServices, tenant_id: string): string {
  return join(services.data_dir, 'tenants', tenant_id, 'runs');
}

function named(document: { name?: string | undefined; text: string }, default_name: string): { name: string; text: string } {
  return { name: document.name ?? default_name, text: document.text };
}

async function receiveUpload(c: Context<ServerEnv>, limits: UploadLimits, parent: string): Promise<ReceivedSnapshot> {
  const type = c.req.header('content-type') ?? '';
  const body = requestBody(c);
  if (/^application\/(x-tar|gzip|x-gzip)\b/i.test(type)) return receiveTar(body, limits, parent);
  if (/^multipart\/form-data\b/i.test(type)) return receiveMultipart(body, type, limits, parent);
  body.resume();
  throw new HttpError(415, 'server.upload.type');
}
