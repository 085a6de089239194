// Two proof-of-liabilities routes beside the customer's own (proof.ts):
//
// - the association's random draw on one member (`hozen proof-draw` on the service's copy of the
//   member's store and tree): the association sees counts and pseudonymous numbers, never an
//   account (app/association-draw.ts narrows the result before it is answered or stored as a job's);
// - every customer's download token for the member's own officer, as a streamed CSV: the tokens
//   are capabilities to every customer's proof, so no other role gets them, and one download per
//   tenant runs at a time.

import type { Context } from 'hono';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { JobRecord } from '../../store/jobs.ts';
import { proofTokenLines } from '../../app/prove.ts';
import { DRAW_COUNT_DEFAULT, DRAW_COUNT_MAX } from '../../proof/draw.ts';
import { actorOf, type ServerEnv, type ServerServices } from '../context.ts';
import { associationMemberDeps, principalOrThrow, requires, tenantDeps, tenantOf } from '../auth/guard.ts';
import { HttpError } from '../http-error.ts';
import { answer, ERROR_RESPONSES, jsonResponse, resultSchema, route, SnapshotId, SnapshotParam, valid } from './answer.ts';
import { jobEvents, jobJson, JobQuery, wantsJob } from './jobs.ts';
import { proofsDir } from './proof.ts';

const MemberParam = z.object({ member: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/).openapi({ param: { name: 'member', in: 'path' }, description: "The member's tenant id, as /api/v1/association/members lists it" }) });
const DrawBody = z
  .object({
    snapshot: SnapshotId.openapi({ description: "The member's snapshot whose tree was proved and published" }),
    seed: z
      .string()
      .regex(/^([0-9a-fA-F]{2}){16,64}$/)
      .openapi({ description: '32–128 hexadecimal digits, chosen after liabilities.json was published (e.g. a public randomness beacon)' }),
    count: z.number().int().min(1).max(DRAW_COUNT_MAX).optional().openapi({ description: `Accounts to draw (default ${DRAW_COUNT_DEFAULT})` }),
  })
  .strict();
const MemberJobParam = MemberParam.extend({ id: z.string().regex(/^job-[0-9a-f]{24}$/).openapi({ param: { name: 'id', in: 'path' } }) });

/** Tenants whose tokens are being downloaded now. */
const tokens_in_progress = new Set<string>();

export function registerProofCheckRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  /** The member's draw job the path names; the member's other jobs are the member's: the association reads its draws alone. */
  const memberDrawJob = async (c: Context<ServerEnv>): Promise<JobRecord> => {
    const { member, id } = valid<z.infer<typeof MemberJobParam>>(c, 'param');
    await associationMemberDeps(c, services, member);
    const job = await services.handle.jobs.get(member, id);
    if (job === null || job.kind !== 'association_draw') throw new HttpError(404, 'server.job_not_found', { id });
    return job;
  };

  route(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/association/members/{member}/proof-draw',
      tags: ['association', 'proof'],
      summary: "The association's random draw of a member's customers, their proofs verified (counts and pseudonymous numbers only)",
      description:
        'As `hozen proof-draw` on the member, with the service\u2019s master secret and the member\u2019s tree in its data directory; the answer names no account: per drawn account only its number (1…drawn, in an order keyed by the master secret, which the member can turn back into the account) and whether it passed. `?job=1` queues it (202); the job is read at /api/v1/association/members/{member}/jobs/{id}.',
      middleware: [requires('members.aggregates')],
      request: { params: MemberParam, query: JobQuery, body: { content: { 'application/json': { schema: DrawBody } }, required: true } },
      responses: { 200: { description: 'The draw (docs/formats/proof.md, "The association\u2019s draw")', content: { 'application/json': { schema: resultSchema('association_draw') } } }, 202: { description: 'Queued as a job' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { member } = valid<z.infer<typeof MemberParam>>(c, 'param');
      const body = valid<z.infer<typeof DrawBody>>(c, 'json');
      const deps = await associationMemberDeps(c, services, member);
      const snapshot_id = await deps.store.resolveSnapshotId(body.snapshot);
      if (snapshot_id === null) throw new HttpError(404, 'server.not_found', { path: c.req.path });
      // Only ids: a job's request is stored, and a directory would be imported.
      const request = { member_id: member, snapshot: { id: snapshot_id }, seed_hex: body.seed, count: body.count ?? DRAW_COUNT_DEFAULT, tree_dir: proofsDir(services, member, snapshot_id) };
      if (!wantsJob(c)) return answer(c, deps, 'association_draw', request);
      const job = await services.handle.jobs.enqueue(member, 'association_draw', request, actorOf(principalOrThrow(c)));
      c.header('Location', `/api/v1/association/members/${member}/jobs/${job.id}`);
      return jsonResponse(c, jobJson(job, c.get('tr')), 202);
    },
  );

  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/association/members/{member}/jobs/{id}',
      tags: ['association', 'jobs'],
      summary: "A queued draw of a member's customers: state, progress, and its result or error",
      middleware: [requires('members.aggregates')],
      request: { params: MemberJobParam },
      responses: { 200: { description: 'The job' }, ...ERROR_RESPONSES },
    }),
    async (c) => jsonResponse(c, jobJson(await memberDrawJob(c), c.get('tr'))),
  );

  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/association/members/{member}/jobs/{id}/events',
      tags: ['association', 'jobs'],
      summary: "Follow a queued draw of a member's customers as server-sent events",
      description: 'As /api/v1/jobs/{id}/events: `progress` (the job, whenever its state or progress changes: phase `draw`, the snapshot\u2019s rows read, then `proof_check`, drawn accounts checked, each with its total) and `done` (the finished job, then the stream ends).',
      middleware: [requires('members.aggregates')],
      request: { params: MemberJobParam },
      responses: { 200: { description: 'text/event-stream' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const first = await memberDrawJob(c);
      return jobEvents(c, first, async () => {
        const job = await services.handle.jobs.get(first.tenant_id, first.id);
        return job?.kind === 'association_draw' ? job : null;
      });
    },
  );

  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/snapshots/{id}/proof-tokens',
      tags: ['proof'],
      summary: "Every customer's proof download token, as CSV (account_id,token), streamed",
      description:
        'As `hozen proof-tokens`, for this tenant, with the service\u2019s master secret: each token is a capability to one customer\u2019s proof (/api/v1/proof/download/{token}), so only the officer gets them. One download per tenant at a time (429 while another runs).',
      middleware: [requires('proof.tokens')],
      request: { params: SnapshotParam },
      responses: { 200: { description: 'text/csv; charset=utf-8: a header line, then one line per account' }, 429: { description: '`proof.tokens_busy`' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const tenant_id = tenantOf(c);
      const { id } = valid<{ id: string }>(c, 'param');
      const deps = await tenantDeps(c, services);
      const snapshot_id = await deps.store.resolveSnapshotId(id);
      if (snapshot_id === null) throw new HttpError(404, 'server.not_found', { path: c.req.path });
      if (tokens_in_progress.has(tenant_id)) throw new HttpError(429, 'proof.tokens_busy');
      tokens_in_progress.add(tenant_id);
      let chunks: AsyncGenerator<string, number>;
      try {
        ({ chunks } = await proofTokenLines(deps, { snapshot: { id: snapshot_id }, tenant_id }));
      } catch (error) {
        tokens_in_progress.delete(tenant_id);
        throw error;
      }
      const encoder = new TextEncoder();
      const release = (): void => {
        tokens_in_progress.delete(tenant_id);
      };
      // Pulled: the next batch is read only when the client has taken the last, so memory stays bounded.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const next = await chunks.next();
            if (next.done === true) {
              release();
              controller.close();
            } else controller.enqueue(encoder.encode(next.value));
          } catch (error) {
            release();
            controller.error(error);
          }
        },
        async cancel() {
          release();
          await chunks.return(0);
        },
      });
      return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="proof-tokens-${snapshot_id.slice(0, 12)}.csv"` });
    },
  );
}
