// The daily run inside the service: at the tenant's configured time (its own time zone) the day's
// job is enqueued once however many servers ask, a worker runs the check on the latest snapshot and
// stores it, and the alerts go to the tenant's webhook — a local receiver here — once, signed. A
// receiver that fails is tried again after waits that double, up to a limit, with one idempotency
// key; each attempt is in the store, so another scheduler (a restart) carries on. The clock is the
// test's: no test waits real time.

import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../app/jobs.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { createTestDatabase, postgresReachable, storeSnapshot, type TestDatabase } from '../store/testing.ts';
import type { Actor, StoreHandle, StoreKind } from '../store/types.ts';
import { jobIdOfKey } from '../store/jobs.ts';
import { localClock, readDailyConfig, startDailyScheduler, type DailyConfig, type DailyScheduler } from './daily.ts';
import { WEBHOOK_ATTEMPTS_MAX, WEBHOOK_RETRY_FIRST_MS, attemptOutcome, retryDelayMs, signature, webhookUrlAllowed } from './webhook.ts';
import { alertsJson, listAlerts } from '../app/alerts.ts';
import { translator } from '../i18n/catalogs.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADMIN: Actor = { type: 'system', id: 'test', role: null, tenant: null };
const reachable = await postgresReachable();

function snapshot() {
  return fixtureSnapshot({
    id: 'snap-daily',
    as_of: '2026-11-25T00:00:00+09:00',
    assets: { BTC: 8 },
    wallets: [
      // 4.8% of customer crypto outside cold wallets: within 0.5 points of the 5% limit.
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: '4.8' },
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: '95.2' },
      { id: 'guarantee', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '5' },
    ],
    balances: [['A', 'BTC', '60'], ['B', 'BTC', '40']],
    prices: [['2026-11-24T09:00:00+09:00', 'BTC', '15000000']],
    net_assets: '100000000',
    contracts: [{ id: 'pc-2026', kind: 'preservation', counterparty: 'Trust Bank', amount: '1000000', start: '2026-01-01', end: '2026-12-10' }],
  });
}

interface Received {
  body: string;
  signature: string | undefined;
  idempotency_key: string | undefined;
}

function dailySuite(kind: StoreKind): void {
  let database: TestDatabase;
  let handles: StoreHandle[];
  let receiver: Server;
  let url: string;
  const received: Received[] = [];
  /** What the receiver answers next (then 204). */
  const answers: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Two servers on one PostgreSQL database; PGlite has one process, so one handle twice.
    const first = await database.openHandle();
    handles = kind === 'postgres' ? [first, await database.openHandle()] : [first, first];
    await first.createTenant({ id: 'exch-a', name: 'Exchange A', time_zone: 'Asia/Tokyo' }, ADMIN);
    await storeSnapshot(await first.forTenant('exch-a', ADMIN), snapshot());
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ body, signature: req.headers['hozen-signature'] as string | undefined, idempotency_key: req.headers['idempotency-key'] as string | undefined });
        res.writeHead(answers.shift() ?? 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hozen`;
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    for (const h of new Set(handles ?? [])) await h.close();
    await database?.dispose();
  });

  it('enqueues the day once across servers at the tenant’s time, runs it, and posts the alerts once, signed', async () => {
    const config: DailyConfig = { tenants: { 'exch-a': { at: '06:00', webhook: { url, secret_env: 'HOZEN_TEST_WEBHOOK_SECRET' } }, 'no-such-tenant': { at: '00:00' } } };
    const env = { HOZEN_TEST_WEBHOOK_SECRET: 'test-secret' };
    let now = Date.parse('2026-11-25T05:59:00+09:00');
    const schedulers = handles.map((h) => startDailyScheduler(h, config, { now_ms: () => now, env, tick_ms: 3_600_000, delivery_poll_ms: 3_600_000, tick_at_start: false }));
    try {
      expect((await Promise.all(schedulers.map((s) => s.tick()))).flat()).toEqual([]);
      now = Date.parse('2026-11-25T06:00:00+09:00');
      const created = (await Promise.all(schedulers.map((s) => s.tick()))).flat();
      expect(created).toHaveLength(1);
      // Asked again (a restart, the other server): still one job for the day.
      expect((await handles[1]!.jobs.enqueueOnce('exch-a', jobIdOfKey('daily', 'daily:2026-11-25'), 'daily', { day: '2026-11-25' }, ADMIN)).created).toBe(false);
      expect((await handles[0]!.jobs.list('exch-a', 10)).filter((j) => j.kind === 'daily')).toHaveLength(1);
      const job = await handles[0]!.jobs.claim('w1', now);
      expect(job?.kind).toBe('daily');
      // Before the job has finished there is nothing to post: the delivery waits, no attempt counted.
      expect(await schedulers[0]!.deliver()).toEqual([]);
      expect(received).toHaveLength(0);
      expect(await runJob(handles[0]!, job!, 'w1')).toBe('succeeded');
      now += 5_000;
      // Both servers run a delivery pass: one posts it.
      const made = (await Promise.all(schedulers.map((s) => s.deliver()))).flat();
      expect(made.map((d) => d.state)).toEqual(['delivered']);
      expect(await schedulers[1]!.deliver()).toEqual([]);
      expect(received).toHaveLength(1);
      expect(received[0]!.idempotency_key).toBe(made[0]!.id);
      const [{ body, signature: header }] = received as [Received];
      const t = Number(/^t=(\d+),/.exec(header!)![1]);
      expect(header).toBe(`t=${t},v1=${createHmac('sha256', 'test-secret').update(`${t}.${body}`).digest('hex')}`);
      const payload = JSON.parse(body) as { delivery: string; tenant: string; day: string; verdict: string; ja: { alerts: Array<{ code: string; message: string }> } };
      expect([payload.delivery, payload.tenant, payload.day, payload.verdict]).toEqual([made[0]!.id, 'exch-a', '2026-11-25', 'failed']);
      expect(payload.ja).not.toHaveProperty('webhook_deliveries');
      expect(payload.ja.alerts.map((a) => a.code).sort()).toEqual(['alerts.hot_share_near', 'alerts.preservation_ending']);
      expect(payload.ja.alerts.find((a) => a.code === 'alerts.preservation_ending')!.message).toContain('あと 15 日');
      const store = await handles[0]!.forTenant('exch-a', ADMIN);
      expect((await store.listRuns({ kind: 'daily' })).map((r) => (r.result as { day: string }).day)).toEqual(['2026-11-25']);
      expect((await store.listRuns({ kind: 'check' })).length).toBeGreaterThan(0);
    } finally {
      for (const s of schedulers) await s.stop();
    }
  }, 60_000);

  /** The scheduler enqueues the day at 06:00 and a worker runs it; returns the scheduler. */
  async function runDay(day: string, clock: { now: number }): Promise<DailyScheduler> {
    const config: DailyConfig = { tenants: { 'exch-a': { at: '06:00', webhook: { url } } } };
    clock.now = Date.parse(`${day}T06:00:00+09:00`);
    const scheduler = startDailyScheduler(handles[0]!, config, { now_ms: () => clock.now, tick_ms: 3_600_000, delivery_poll_ms: 3_600_000, tick_at_start: false });
    expect(await scheduler.tick()).toHaveLength(1);
    const job = await handles[0]!.jobs.claim('w1', clock.now);
    expect(await runJob(handles[0]!, job!, 'w1')).toBe('succeeded');
    return scheduler;
  }

  it('tries a failed delivery again after waits that double, with one idempotency key, and carries on after a restart', async () => {
    received.length = 0;
    answers.push(503, 503);
    const clock = { now: 0 };
    const first = await runDay('2026-11-26', clock);
    const [attempt_1] = await first.deliver();
    expect(attempt_1).toMatchObject({ state: 'pending', next_attempt_ms: clock.now + WEBHOOK_RETRY_FIRST_MS, attempts: [{ status: 503, error: null }] });
    expect(await first.deliver()).toEqual([]);
    await first.stop();
    // Another process (a restart; on PostgreSQL the other server) finds the retry in the store.
    const config: DailyConfig = { tenants: {} };
    const second = startDailyScheduler(handles[1]!, config, { now_ms: () => clock.now, tick_ms: 3_600_000, delivery_poll_ms: 3_600_000, tick_at_start: false });
    try {
      clock.now += WEBHOOK_RETRY_FIRST_MS - 1;
      expect(await second.deliver()).toEqual([]);
      clock.now += 1;
      const [attempt_2] = await second.deliver();
      expect(attempt_2).toMatchObject({ state: 'pending', next_attempt_ms: clock.now + 2 * WEBHOOK_RETRY_FIRST_MS });
      clock.now += 2 * WEBHOOK_RETRY_FIRST_MS;
      const [attempt_3] = await second.deliver();
      expect(attempt_3!.state).toBe('delivered');
      expect(attempt_3!.attempts.map((a) => a.status)).toEqual([503, 503, 204]);
      expect(received).toHaveLength(3);
      expect(new Set(received.map((r) => r.idempotency_key))).toEqual(new Set([attempt_1!.id]));
      expect(new Set(received.map((r) => (JSON.parse(r.body) as { delivery: string }).delivery))).toEqual(new Set([attempt_1!.id]));
      // Shown with the alerts (hozen alerts --json, GET /api/v1/alerts).
      const store = await handles[0]!.forTenant('exch-a', ADMIN);
      const view = alertsJson(await listAlerts({ store }, { now: new Date(clock.now).toISOString() }), translator('en')) as { webhook_deliveries: Array<{ id: string; day: string; state: string; attempts: unknown[] }> };
      expect(view.webhook_deliveries[0]).toMatchObject({ id: attempt_1!.id, day: '2026-11-26', state: 'delivered' });
      expect(view.webhook_deliveries[0]!.attempts).toHaveLength(3);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('gives up after the limit of attempts, or at once when the receiver refuses, and says so as an alert', async () => {
    received.length = 0;
    answers.push(...Array<number>(WEBHOOK_ATTEMPTS_MAX + 2).fill(500));
    const clock = { now: 0 };
    const scheduler = await runDay('2026-11-27', clock);
    try {
      const states: string[] = [];
      for (let n = 1; n <= WEBHOOK_ATTEMPTS_MAX + 1; n += 1) {
        for (const d of await scheduler.deliver()) states.push(d.state);
        clock.now += retryDelayMs(n);
      }
      expect(states).toEqual([...Array<string>(WEBHOOK_ATTEMPTS_MAX - 1).fill('pending'), 'failed']);
      expect(received).toHaveLength(WEBHOOK_ATTEMPTS_MAX);
      const store = await handles[0]!.forTenant('exch-a', ADMIN);
      const alerts = await listAlerts({ store }, { now: new Date(clock.now).toISOString() });
      const failed = alerts.alerts.find((a) => a.code === 'alerts.webhook_failed');
      expect(failed?.params).toEqual({ day: '2026-11-27', attempts: WEBHOOK_ATTEMPTS_MAX, status: 500 });
      expect(alerts.verdict).toBe('failed');
      expect(alerts.webhook_deliveries[0]).toMatchObject({ state: 'failed', day: '2026-11-27' });
    } finally {
      await scheduler.stop();
      answers.length = 0;
    }
    answers.push(404);
    const refused = await runDay('2026-11-28', clock);
    try {
      expect((await refused.deliver()).map((d) => [d.state, d.attempts.length])).toEqual([['failed', 1]]);
    } finally {
      await refused.stop();
      answers.length = 0;
    }
  }, 60_000);
}

describe('the daily run on PGlite', () => dailySuite('pglite'));
describe.skipIf(!reachable)('the daily run on PostgreSQL, two servers', () => dailySuite('postgres'));

describe('the daily configuration and the webhook', () => {
  it('reads the tenant’s clock in its own time zone', () => {
    expect(localClock(Date.parse('2026-11-24T21:30:00Z'), 'Asia/Tokyo')).toEqual({ day: '2026-11-25', time: '06:30' });
  });

  it('refuses a webhook over plain http to another machine, and names a bad field', async () => {
    expect(webhookUrlAllowed('http://127.0.0.1:9/x')).toBe(true);
    expect(webhookUrlAllowed('https://hooks.example.com/x')).toBe(true);
    expect(webhookUrlAllowed('http://hooks.example.com/x')).toBe(false);
    expect(webhookUrlAllowed('https://user:pw@hooks.example.com/x')).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'hozen-daily-'));
    const file = join(dir, 'daily.json');
    writeFileSync(file, JSON.stringify({ tenants: { a: { at: '25:00' } } }));
    await expect(readDailyConfig(file)).rejects.toMatchObject({ code: 'daily.config_field', params: { field: 'tenants.a.at' } });
    writeFileSync(file, JSON.stringify({ tenants: { a: { at: '06:00', webhook: { url: 'http://10.0.0.1/x' } } } }));
    await expect(readDailyConfig(file)).rejects.toMatchObject({ params: { field: 'tenants.a.webhook.url' } });
    expect([1, 2, 3, 4, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000]);
    expect([200, 204, 301, 400, 404, 408, 429, 500, 503, null].map(attemptOutcome)).toEqual(['delivered', 'delivered', 'refused', 'refused', 'refused', 'retry', 'retry', 'retry', 'retry', 'retry']);
    expect(signature('k', 'b', 1)).toBe(`t=1,v1=${createHmac('sha256', 'k').update('1.b').digest('hex')}`);
  });
});
