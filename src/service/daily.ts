// The daily run inside `hozen serve`: at each configured tenant's time (in the tenant's time zone)
// the scheduler enqueues that tenant's `daily` job for the day, once: the job's id comes from the
// tenant and the day (JobStore.enqueueOnce), so two servers on one database enqueue it once. With
// a webhook, the delivery of its alerts is scheduled with it, in the store (webhook-deliveries.ts):
// any server's delivery pass posts it once the job has finished, and tries a failed attempt again
// later (webhook.ts: the waits, the limit), so a restart loses no retry. A service started after
// the time runs the day's job at once (a missed morning is still run).

import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { jobIdOfKey, type JobRecord } from '../store/jobs.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import type { WebhookAttempt, WebhookDeliveryRecord } from '../store/webhook-deliveries.ts';
import { WEBHOOK_ATTEMPTS_MAX, WEBHOOK_TIMEOUT_MS, attemptOutcome, deliverWebhook, retryDelayMs, webhookUrlAllowed } from './webhook.ts';

export interface DailyTenantConfig {
  /** HH:MM in the tenant's time zone. */
  at: string;
  warn_days?: number;
  hot_share_margin_points?: string;
  webhook?: { url: string; /** The environment variable holding the HMAC secret (never the secret itself in the file). */ secret_env?: string };
}

export interface DailyConfig {
  tenants: Record<string, DailyTenantConfig>;
}

const ACTOR: Actor = { type: 'system', id: 'daily', role: null, tenant: null };

/** Reads `--daily <file>`: every problem named with its field. */
export async function readDailyConfig(path: string): Promise<DailyConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new UserError('daily.config_unreadable', { file: path });
  }
  const bad = (field: string) => new UserError('daily.config_field', { file: path, field });
  if (typeof raw !== 'object' || raw === null || typeof (raw as { tenants?: unknown }).tenants !== 'object') throw bad('tenants');
  const tenants: Record<string, DailyTenantConfig> = {};
  for (const [tenant, value] of Object.entries((raw as { tenants: Record<string, unknown> }).tenants)) {
    const v = value as Record<string, unknown>;
    if (typeof v !== 'object' || v === null) throw bad(`tenants.${tenant}`);
    for (const key of Object.keys(v)) if (!['at', 'warn_days', 'hot_share_margin_points', 'webhook'].includes(key)) throw bad(`tenants.${tenant}.${key}`);
    if (typeof v.at !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(v.at)) throw bad(`tenants.${tenant}.at`);
    if (v.warn_days !== undefined && (!Number.isSafeInteger(v.warn_days) || (v.warn_days as number) < 0 || (v.warn_days as number) > 3650)) throw bad(`tenants.${tenant}.warn_days`);
    if (v.hot_share_margin_points !== undefined && (typeof v.hot_share_margin_points !== 'string' || !/^\d{1,2}(\.\d{1,4})?$/.test(v.hot_share_margin_points))) throw bad(`tenants.${tenant}.hot_share_margin_points`);
    const config: DailyTenantConfig = { at: v.at };
    if (v.warn_days !== undefined) config.warn_days = v.warn_days as number;
    if (v.hot_share_margin_points !== undefined) config.hot_share_margin_points = v.hot_share_margin_points as string;
    if (v.webhook !== undefined) {
      const w = v.webhook as Record<string, unknown>;
      if (typeof w !== 'object' || w === null || typeof w.url !== 'string' || !webhookUrlAllowed(w.url)) throw bad(`tenants.${tenant}.webhook.url`);
      if (w.secret_env !== undefined && (typeof w.secret_env !== 'string' || !/^[A-Z_][A-Z0-9_]{0,63}$/.test(w.secret_env))) throw bad(`tenants.${tenant}.webhook.secret_env`);
      config.webhook = { url: w.url, ...(typeof w.secret_env === 'string' ? { secret_env: w.secret_env } : {}) };
    }
    tenants[tenant] = config;
  }
  return { tenants };
}

/** The tenant's local day and HH:MM at an instant. */
export function localClock(ms: number, time_zone: string): { day: string; time: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: time_zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** A delivery whose job has not finished is looked at again after this long. */
const JOB_WAIT_POLL_MS = 5_000;
/** A job not finished a day after its delivery was scheduled will not be: the delivery fails. */
const JOB_WAIT_MAX_MS = 86_400_000;
/** Deliveries one pass posts at most (the next pass takes the rest). */
const DELIVERIES_PER_PASS_MAX = 100;

export interface DailySchedulerOptions {
  now_ms?: () => number;
  tick_ms?: number;
  /** How often due deliveries are looked for (default 5 s). */
  delivery_poll_ms?: number;
  env?: NodeJS.ProcessEnv;
  log_error?: (error: unknown) => void;
  /** Tick once at start (default true: a service started after the time runs the day's job at once). */
  tick_at_start?: boolean;
}

export interface DailyScheduler {
  /** One pass: enqueues what is due (and schedules its delivery); resolves with the jobs this scheduler created. */
  tick(): Promise<JobRecord[]>;
  /** One delivery pass: posts every delivery due now; resolves with the attempts made. */
  deliver(): Promise<WebhookDeliveryRecord[]>;
  /** Resolves when the delivery pass in flight is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startDailyScheduler(handle: StoreHandle, config: DailyConfig, options: DailySchedulerOptions = {}): DailyScheduler {
  const now_ms = options.now_ms ?? Date.now;
  const env = options.env ?? process.env;
  const log_error = options.log_error ?? ((error: unknown) => console.error(error));
  const done = new Set<string>();
  let stopped = false;
  let pass: Promise<WebhookDeliveryRecord[]> | null = null;

  /** One attempt at a due delivery, or a postponement while its job runs. */
  async function attempt(delivery: WebhookDeliveryRecord): Promise<WebhookDeliveryRecord | null> {
    const job = await handle.jobs.get(delivery.tenant_id, delivery.job_id);
    const now = now_ms();
    if (job === null || (job.state !== 'succeeded' && job.state !== 'failed')) {
      if (job !== null && now - Date.parse(delivery.created_at) < JOB_WAIT_MAX_MS) {
        await handle.webhooks.postpone(delivery, now + JOB_WAIT_POLL_MS);
        return null;
      }
      return handle.webhooks.recordAttempt(delivery, { at: new Date(now).toISOString(), status: null, error: job === null ? 'job_missing' : 'job_unfinished' }, { state: 'failed' });
    }
    const json = job.state === 'succeeded' ? ((job.result as { json?: Record<string, unknown> }).json ?? {}) : {};
    const payload = {
      delivery: delivery.id,
      tenant: delivery.tenant_id,
      day: delivery.day,
      job: job.id,
      state: job.state,
      ...(job.state === 'succeeded' ? { verdict: (job.result as { verdict?: string }).verdict, en: json.en, ja: json.ja } : { error: job.error }),
    };
    const secret = delivery.secret_env === null ? null : (env[delivery.secret_env] ?? null);
    let result: WebhookAttempt;
    try {
      const { status } = await deliverWebhook(delivery.url, secret, payload, delivery.id, now);
      result = { at: new Date(now).toISOString(), status, error: null };
    } catch (error) {
      result = { at: new Date(now).toISOString(), status: null, error: error instanceof Error ? error.name : 'error' };
    }
    const outcome = attemptOutcome(result.status);
    const attempts = delivery.attempts.length + 1;
    if (outcome === 'delivered') return handle.webhooks.recordAttempt(delivery, result, { state: 'delivered' });
    if (outcome === 'refused' || attempts >= WEBHOOK_ATTEMPTS_MAX) return handle.webhooks.recordAttempt(delivery, result, { state: 'failed' });
    return handle.webhooks.recordAttempt(delivery, result, { state: 'pending', next_attempt_ms: now + retryDelayMs(attempts) });
  }

  async function deliverDue(): Promise<WebhookDeliveryRecord[]> {
    const made: WebhookDeliveryRecord[] = [];
    for (let n = 0; !stopped && n < DELIVERIES_PER_PASS_MAX; n += 1) {
      const due = await handle.webhooks.claimDue(now_ms(), WEBHOOK_TIMEOUT_MS * 3);
      if (due === null) break;
      const after = await attempt(due);
      if (after !== null) made.push(after);
    }
    return made;
  }

  /** One pass at a time: a pass asked for while one runs waits for it, then runs. */
  function deliver(): Promise<WebhookDeliveryRecord[]> {
    const previous = pass ?? Promise.resolve([]);
    const next = previous.catch(() => []).then(deliverDue);
    pass = next;
    void next.finally(() => {
      if (pass === next) pass = null;
    }).catch(() => {});
    return next;
  }

  async function tick(): Promise<JobRecord[]> {
    const created: JobRecord[] = [];
    const zones = new Map((await handle.listTenants()).map((t) => [t.id, t.time_zone]));
    for (const [tenant, cfg] of Object.entries(config.tenants)) {
      const zone = zones.get(tenant);
      if (zone === undefined) continue;
      const { day, time } = localClock(now_ms(), zone);
      if (time < cfg.at || done.has(`${tenant}\u0000${day}`)) continue;
      const request = { day, now: new Date(now_ms()).toISOString(), ...(cfg.warn_days === undefined ? {} : { warn_days: cfg.warn_days }), ...(cfg.hot_share_margin_points === undefined ? {} : { hot_share_margin_points: cfg.hot_share_margin_points }) };
      const { job, created: fresh } = await handle.jobs.enqueueOnce(tenant, jobIdOfKey('daily', `daily:${day}`), 'daily', request, { ...ACTOR, tenant });
      // Scheduled once per job whichever server asks (a server that died between the two asks again).
      if (cfg.webhook !== undefined) await handle.webhooks.schedule(tenant, { job_id: job.id, day, url: cfg.webhook.url, secret_env: cfg.webhook.secret_env ?? null }, now_ms());
      done.add(`${tenant}\u0000${day}`);
      if (fresh) created.push(job);
    }
    return created;
  }

  const timer = setInterval(() => void tick().catch(log_error), options.tick_ms ?? 30_000);
  timer.unref();
  const delivery_timer = setInterval(() => void deliver().catch(log_error), options.delivery_poll_ms ?? JOB_WAIT_POLL_MS);
  delivery_timer.unref();
  if (options.tick_at_start !== false) void tick().catch(log_error);
  return {
    tick,
    deliver,
    idle: async () => {
      while (pass !== null) await pass.catch(() => []);
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(delivery_timer);
      while (pass !== null) await pass.catch(() => []);
    },
  };
}
