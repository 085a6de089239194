// Deliveries of the daily run's alerts to a tenant's webhook, kept in PostgreSQL so that a retry
// survives a restart: one row per daily job (its id, the idempotency key the receiver sees on every
// attempt, comes from the job's, so two servers schedule it once), every attempt appended with its
// HTTP status or error, and the outcome. A server takes a due delivery with a lease in one
// statement (FOR UPDATE SKIP LOCKED), so two servers never post the same attempt; a server that
// dies while posting leaves it to be taken again when the lease ends. The retry policy (how long to
// wait, how many attempts) is the caller's (src/service/webhook.ts).

import { createHash } from 'node:crypto';
import { decodeJson, jsonParam } from '../encoding/json.ts';
import type { Adapter, SqlRow } from './adapter.ts';
import { str } from './values.ts';

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  at: string;
  /** The receiver's HTTP status, or null when none came (refused, timed out). */
  status: number | null;
  /** Why there was no status (the error's name), or null. */
  error: string | null;
}

export interface WebhookDeliveryRecord {
  /** The idempotency key: the same on every attempt. */
  id: string;
  tenant_id: string;
  job_id: string;
  day: string;
  url: string;
  secret_env: string | null;
  state: WebhookDeliveryState;
  attempts: WebhookAttempt[];
  /** While pending: not before then (ms since the epoch). */
  next_attempt_ms: number | null;
  created_at: string;
  finished_at: string | null;
}

export interface WebhookDeliveryStore {
  /** Schedules the delivery of a job's outcome, once (again: the row already there, unchanged). */
  schedule(tenant_id: string, delivery: { job_id: string; day: string; url: string; secret_env: string | null }, now_ms: number): Promise<WebhookDeliveryRecord>;
  /** A pending delivery due by `now_ms`, leased to the caller for `lease_ms`; null when none is. */
  claimDue(now_ms: number, lease_ms: number): Promise<WebhookDeliveryRecord | null>;
  /** Not yet (its job has not finished): due again at `next_attempt_ms`, no attempt counted. */
  postpone(delivery: WebhookDeliveryRecord, next_attempt_ms: number): Promise<void>;
  /** Appends an attempt and sets the outcome: delivered, failed for good, or pending until `next_attempt_ms`. */
  recordAttempt(delivery: WebhookDeliveryRecord, attempt: WebhookAttempt, outcome: { state: 'delivered' | 'failed' } | { state: 'pending'; next_attempt_ms: number }): Promise<WebhookDeliveryRecord>;
  /** The tenant's latest deliveries, newest first. */
  list(tenant_id: string, limit: number): Promise<WebhookDeliveryRecord[]>;
}

export function webhookDeliveryId(job_id: string): string {
  return `wh-${createHash('sha256').update(`webhook\u0000${job_id}`).digest('hex').slice(0, 24)}`;
}

export function webhookDeliveryStore(adapter: Adapter): WebhookDeliveryStore {
  return {
    async schedule(tenant_id, delivery, now_ms) {
      const id = webhookDeliveryId(delivery.job_id);
      await adapter.query(
        `INSERT INTO webhook_deliveries (tenant_id, id, job_id, day, url, secret_env, state, attempts, next_attempt_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', '[]'::jsonb, $7, $8) ON CONFLICT (tenant_id, id) DO NOTHING`,
        [tenant_id, id, delivery.job_id, delivery.day, delivery.url, delivery.secret_env, now_ms, new Date(now_ms).toISOString()],
      );
      const rows = await adapter.query(`SELECT * FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2`, [tenant_id, id]);
      return deliveryOf(rows[0]!);
    },

    async claimDue(now_ms, lease_ms) {
      const rows = await adapter.query(
        `UPDATE webhook_deliveries SET lease_until_ms = $2
         WHERE (tenant_id, id) = (
           SELECT tenant_id, id FROM webhook_deliveries
           WHERE state = 'pending' AND next_attempt_ms <= $1 AND (lease_until_ms IS NULL OR lease_until_ms < $1)
           ORDER BY next_attempt_ms, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now_ms, now_ms + lease_ms],
      );
      return rows.length === 0 ? null : deliveryOf(rows[0]!);
    },

    async postpone(delivery, next_attempt_ms) {
      await adapter.query(`UPDATE webhook_deliveries SET next_attempt_ms = $3, lease_until_ms = NULL WHERE tenant_id = $1 AND id = $2 AND state = 'pending'`, [delivery.tenant_id, delivery.id, next_attempt_ms]);
    },

    async recordAttempt(delivery, attempt, outcome) {
      const rows = await adapter.query(
        `UPDATE webhook_deliveries SET attempts = attempts || $3::jsonb, state = $4, next_attempt_ms = $5, finished_at = $6, lease_until_ms = NULL
         WHERE tenant_id = $1 AND id = $2 AND state = 'pending' RETURNING *`,
        [delivery.tenant_id, delivery.id, jsonParam([attempt]), outcome.state, outcome.state === 'pending' ? outcome.next_attempt_ms : null, outcome.state === 'pending' ? null : attempt.at],
      );
      return rows.length === 0 ? delivery : deliveryOf(rows[0]!);
    },

    async list(tenant_id, limit) {
      const rows = await adapter.query(`SELECT * FROM webhook_deliveries WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [tenant_id, Math.min(Math.max(1, limit), 1000)]);
      return rows.map(deliveryOf);
    },
  };
}

function deliveryOf(row: SqlRow): WebhookDeliveryRecord {
  const attempts = decodeJson(typeof row.attempts === 'string' ? JSON.parse(row.attempts) : row.attempts) as WebhookAttempt[];
  return {
    id: str(row.id),
    tenant_id: str(row.tenant_id),
    job_id: str(row.job_id),
    day: str(row.day),
    url: str(row.url),
    secret_env: row.secret_env === null ? null : str(row.secret_env),
    state: str(row.state) as WebhookDeliveryState,
    attempts,
    next_attempt_ms: row.next_attempt_ms === null ? null : Number(row.next_attempt_ms),
    created_at: str(row.created_at),
    finished_at: row.finished_at === null ? null : str(row.finished_at),
  };
}
