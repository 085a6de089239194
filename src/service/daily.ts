// The daily run inside `hozen serve`: at each configured tenant's time (in the tenant's time zone)
// the scheduler enqueues that tenant's `daily` job for the day, once: the job's id comes from the
// tenant and the day (JobStore.enqueueOnce), so two servers on one database enqueue it once and the
// one whose insert won delivers the alerts to the tenant's webhook when the job has finished. A
// service started after the time runs the day's job at once (a missed morning is still run).

import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { jobIdOfKey, type JobRecord } from '../store/jobs.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import { deliverWebhook, webhookUrlAllowed } from './webhook.ts';

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

export interface DailySchedulerOptions {
  now_ms?: () => number;
  tick_ms?: number;
  env?: NodeJS.ProcessEnv;
  log_error?: (error: unknown) => void;
  /** Tick once at start (default true: a service started after the time runs the day's job at once). */
  tick_at_start?: boolean;
  /** Called after a delivery (tests). */
  on_delivered?: (tenant: string, day: string, status: number) => void;
}

export interface DailyScheduler {
  /** One pass: enqueues what is due; resolves with the jobs this scheduler created. */
  tick(): Promise<JobRecord[]>;
  /** Resolves when the deliveries in flight are done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startDailyScheduler(handle: StoreHandle, config: DailyConfig, options: DailySchedulerOptions = {}): DailyScheduler {
  const now_ms = options.now_ms ?? Date.now;
  const env = options.env ?? process.env;
  const log_error = options.log_error ?? ((error: unknown) => console.error(error));
  const done = new Set<string>();
  const deliveries = new Set<Promise<void>>();
  let stopped = false;

  async function deliver(tenant: string, day: string, job: JobRecord, webhook: NonNullable<DailyTenantConfig['webhook']>): Promise<void> {
    // The job runs on any worker: wait for its outcome (bounded: a day).
    for (let waited = 0; !stopped && waited < 86_400_000; waited += 1000) {
      const current = await handle.jobs.get(tenant, job.id);
      if (current !== null && (current.state === 'succeeded' || current.state === 'failed')) {
        const json = current.state === 'succeeded' ? ((current.result as { json?: Record<string, unknown> }).json ?? {}) : {};
        const payload = { tenant, day, job: job.id, state: current.state, ...(current.state === 'succeeded' ? { verdict: (current.result as { verdict?: string }).verdict, en: json.en, ja: json.ja } : { error: current.error }) };
        const secret = webhook.secret_env === undefined ? null : (env[webhook.secret_env] ?? null);
        const { status } = await deliverWebhook(webhook.url, secret, payload, now_ms());
        options.on_delivered?.(tenant, day, status);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000).unref());
    }
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
      done.add(`${tenant}\u0000${day}`);
      if (!fresh) continue;
      created.push(job);
      if (cfg.webhook !== undefined) {
        const delivery = deliver(tenant, day, job, cfg.webhook).catch(log_error);
        deliveries.add(delivery);
        void delivery.finally(() => deliveries.delete(delivery));
      }
    }
    return created;
  }

  const timer = setInterval(() => void tick().catch(log_error), options.tick_ms ?? 30_000);
  timer.unref();
  if (options.tick_at_start !== false) void tick().catch(log_error);
  return {
    tick,
    idle: async () => {
      while (deliveries.size > 0) await Promise.all([...deliveries]);
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...deliveries]);
    },
  };
}
