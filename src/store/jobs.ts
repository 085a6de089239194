// Long work as jobs, kept in the store's own `jobs` table, which is the queue: a worker on any
// machine that reaches the same database claims the oldest queued job — or a running one whose
// lease ran out because its worker died — in one statement with FOR UPDATE SKIP LOCKED, so two
// workers never hold the same job. A worker renews its lease as it reports progress. A job that
// is taken over runs again from the start: the use cases store their runs by input hash, so a
// second run gives the same run id and the same bytes, never a different result.
//
// Why not pg-boss: it opens its own connection pool to a PostgreSQL server, which the embedded
// store (PGlite, one connection inside this process) does not have, and its own tables would not
// carry the tenant key every row of Hozen carries. This table does, and its rows are audited.

import { createHash, randomBytes } from 'node:crypto';
import { decodeJson, jsonParam } from '../encoding/json.ts';
import type { Adapter, SqlRow } from './adapter.ts';
import { appendAudit } from './audit-log.ts';
import type { Actor } from './types.ts';
import { int, str } from './values.ts';

/** `risk_part`: blocks of a risk run split across workers (app/risk-split.ts); its `request.parent` names the run's job. */
/** A job's id made from a key (the daily run of a day): the same kind and key give the same id. */
export function jobIdOfKey(kind: JobKind, key: string): string {
  return `job-${createHash('sha256').update(`${kind}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

/** `association_stress`: the sector stress test, kept under ASSOCIATION_SCOPE (store/types.ts), not under a member. */
export const JOB_KINDS = ['import', 'compensate', 'risk', 'risk_part', 'daily', 'statements', 'association_draw', 'association_stress'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** How far a job is: the use case's progress events, as last reported. */
export interface JobProgress {
  phase: string;
  done: number;
  total?: number;
}

export interface JobRecord {
  id: string;
  tenant_id: string;
  kind: JobKind;
  state: JobState;
  request: unknown;
  progress: JobProgress | null;
  result: unknown;
  /** A user error's code and params, or server.internal. */
  error: { code: string; params: Record<string, unknown> } | null;
  actor: Actor;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  lease_until_ms: number | null;
  worker: string | null;
}

/** A job whose worker stops renewing is taken over after this long. */
export const JOB_LEASE_MS_DEFAULT = 60_000;
/** A job that failed this many times by losing its worker is failed for good. */
export const JOB_ATTEMPTS_MAX = 3;
const NO_INPUTS = '0'.repeat(64);

export interface JobStore {
  enqueue(tenant_id: string, kind: JobKind, request: unknown, actor: Actor): Promise<JobRecord>;
  /**
   * A job with an id of the caller's making, once: enqueueing the same id again answers the job
   * already there, with `created` false (a second server asking for the same daily run; a split
   * run taken over enqueueing its parts again). `jobIdOfKey` makes such an id from a key.
   */
  enqueueOnce(tenant_id: string, id: string, kind: JobKind, request: unknown, actor: Actor): Promise<{ job: JobRecord; created: boolean }>;
  /** The jobs whose `request.parent` is `parent`, by id. */
  children(tenant_id: string, parent: string): Promise<JobRecord[]>;
  /** The tenant's job; null when it has none of that id (another tenant's is not there). */
  get(tenant_id: string, id: string): Promise<JobRecord | null>;
  list(tenant_id: string, limit: number): Promise<JobRecord[]>;
  /** The next job for this worker, or null when there is none. */
  claim(worker: string, now_ms: number, lease_ms?: number, kinds?: readonly JobKind[], parent?: string): Promise<JobRecord | null>;
  /** Records progress and renews the lease; false when the job is no longer this worker's. */
  progress(job: JobRecord, worker: string, progress: JobProgress, now_ms: number, lease_ms?: number): Promise<boolean>;
  finish(job: JobRecord, worker: string, outcome: { result: unknown } | { error: { code: string; params: Record<string, unknown> } }): Promise<boolean>;
}

export function jobStore(adapter: Adapter): JobStore {
  return {
    async enqueue(tenant_id, kind, request, actor) {
      const id = `job-${randomBytes(12).toString('hex')}`;
      const created_at = new Date().toISOString();
      return adapter.transaction(async (tx) => {
        const rows = await tx.query(
          `INSERT INTO jobs (tenant_id, id, kind, state, request, actor, attempts, created_at)
           VALUES ($1, $2, $3, 'queued', $4::jsonb, $5::jsonb, 0, $6) RETURNING *`,
          [tenant_id, id, kind, jsonParam(request), jsonParam(actor), created_at],
        );
        await appendAudit(tx, tenant_id, actor, { kind: 'job.create', subject: id, inputs_sha256: NO_INPUTS, details: { job_kind: kind } });
        return jobOf(rows[0]!);
      });
    },

    async enqueueOnce(tenant_id, id, kind, request, actor) {
      const created_at = new Date().toISOString();
      const inserted = await adapter.transaction(async (tx) => {
        const rows = await tx.query(
          `INSERT INTO jobs (tenant_id, id, kind, state, request, actor, attempts, created_at)
           VALUES ($1, $2, $3, 'queued', $4::jsonb, $5::jsonb, 0, $6) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING *`,
          [tenant_id, id, kind, jsonParam(request), jsonParam(actor), created_at],
        );
        if (rows.length === 0) return null;
        await appendAudit(tx, tenant_id, actor, { kind: 'job.create', subject: id, inputs_sha256: NO_INPUTS, details: { job_kind: kind } });
        return jobOf(rows[0]!);
      });
      if (inserted !== null) return { job: inserted, created: true };
      const rows = await adapter.query(`SELECT * FROM jobs WHERE tenant_id = $1 AND id = $2`, [tenant_id, id]);
      return { job: jobOf(rows[0]!), created: false };
    },

    async children(tenant_id, parent) {
      const rows = await adapter.query(`SELECT * FROM jobs WHERE tenant_id = $1 AND request->>'parent' = $2 ORDER BY id`, [tenant_id, parent]);
      return rows.map(jobOf);
    },

    async get(tenant_id, id) {
      const rows = await adapter.query(`SELECT * FROM jobs WHERE tenant_id = $1 AND id = $2`, [tenant_id, id]);
      return rows.length === 0 ? null : jobOf(rows[0]!);
    },

    async list(tenant_id, limit) {
      const rows = await adapter.query(`SELECT * FROM jobs WHERE tenant_id = $1 ORDER BY ordinal DESC LIMIT $2`, [tenant_id, Math.min(Math.max(1, limit), 1000)]);
      return rows.map(jobOf);
    },

    async claim(worker, now_ms, lease_ms = JOB_LEASE_MS_DEFAULT, kinds = JOB_KINDS, parent) {
      // A job whose worker died too often is failed rather than handed out for ever.
      await adapter.query(
        `UPDATE jobs SET state = 'failed', finished_at = $2, error = $3::jsonb, lease_until_ms = NULL
         WHERE state = 'running' AND lease_until_ms < $1 AND attempts >= $4`,
        [now_ms, new Date(now_ms).toISOString(), jsonParam({ code: 'server.job_abandoned', params: { attempts: JOB_ATTEMPTS_MAX } }), JOB_ATTEMPTS_MAX],
      );
      const rows = await adapter.query(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = $2, lease_until_ms = $3, started_at = $4, progress = NULL
         WHERE (tenant_id, id) = (
           SELECT tenant_id, id FROM jobs
           WHERE (state = 'queued' OR (state = 'running' AND lease_until_ms < $1)) AND kind = ANY($5::text[])
             AND ($6::text IS NULL OR request->>'parent' = $6)
           ORDER BY ordinal LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now_ms, worker, now_ms + lease_ms, new Date(now_ms).toISOString(), [...kinds], parent ?? null],
      );
      return rows.length === 0 ? null : jobOf(rows[0]!);
    },

    async progress(job, worker, progress, now_ms, lease_ms = JOB_LEASE_MS_DEFAULT) {
      const rows = await adapter.query(
        `UPDATE jobs SET progress = $4::jsonb, lease_until_ms = $5 WHERE tenant_id = $1 AND id = $2 AND worker = $3 AND state = 'running' RETURNING id`,
        [job.tenant_id, job.id, worker, jsonParam(progress), now_ms + lease_ms],
      );
      return rows.length === 1;
    },

    async finish(job, worker, outcome) {
      const succeeded = 'result' in outcome;
      const rows = await adapter.query(
        `UPDATE jobs SET state = $4, result = $5::jsonb, error = $6::jsonb, finished_at = $7, lease_until_ms = NULL
         WHERE tenant_id = $1 AND id = $2 AND worker = $3 AND state = 'running' RETURNING id`,
        [job.tenant_id, job.id, worker, succeeded ? 'succeeded' : 'failed', succeeded ? jsonParam(outcome.result) : null, succeeded ? null : jsonParam(outcome.error), new Date().toISOString()],
      );
      return rows.length === 1;
    },
  };
}

function jobOf(row: SqlRow): JobRecord {
  const json = (value: unknown): unknown => (value === null || value === undefined ? null : decodeJson(typeof value === 'string' ? JSON.parse(value) : value));
  return {
    id: str(row.id),
    tenant_id: str(row.tenant_id),
    kind: str(row.kind) as JobKind,
    state: str(row.state) as JobState,
    request: json(row.request),
    progress: json(row.progress) as JobProgress | null,
    result: json(row.result),
    error: json(row.error) as JobRecord['error'],
    actor: json(row.actor) as Actor,
    attempts: int(row.attempts),
    created_at: str(row.created_at),
    started_at: row.started_at === null ? null : str(row.started_at),
    finished_at: row.finished_at === null ? null : str(row.finished_at),
    lease_until_ms: row.lease_until_ms === null ? null : Number(row.lease_until_ms),
    worker: row.worker === null ? null : str(row.worker),
  };
}
