// The daily run inside the service: at the tenant's configured time (its own time zone) the day's
// job is enqueued once however many servers ask, a worker runs the check on the latest snapshot and
// stores it, and the alerts go to the tenant's webhook — a local receiver here — once, signed.

import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../app/jobs.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { createTestDatabase, postgresReachable, storeSnapshot, type TestDatabase } from '../store/testing.ts';
import type { Actor, StoreHandle, StoreKind } from '../store/types.ts';
import { jobIdOfKey } from '../store/jobs.ts';
import { localClock, readDailyConfig, startDailyScheduler, type DailyConfig } from './daily.ts';
import { signature, webhookUrlAllowed } from './webhook.ts';
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
}

function dailySuite(kind: StoreKind): void {
  let database: TestDatabase;
  let handles: StoreHandle[];
  let receiver: Server;
  let url: string;
  const received: Received[] = [];

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
        received.push({ body, signature: req.headers['hozen-signature'] as string | undefined });
        res.writeHead(204).end();
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
    const schedulers = handles.map((h) => startDailyScheduler(h, config, { now_ms: () => now, env, tick_ms: 3_600_000, tick_at_start: false }));
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
      expect(await runJob(handles[0]!, job!, 'w1')).toBe('succeeded');
      await Promise.all(schedulers.map((s) => s.idle()));
      expect(received).toHaveLength(1);
      const [{ body, signature: header }] = received as [Received];
      const t = Number(/^t=(\d+),/.exec(header!)![1]);
      expect(header).toBe(`t=${t},v1=${createHmac('sha256', 'test-secret').update(`${t}.${body}`).digest('hex')}`);
      const payload = JSON.parse(body) as { tenant: string; day: string; verdict: string; ja: { alerts: Array<{ code: string; message: string }> } };
      expect([payload.tenant, payload.day, payload.verdict]).toEqual(['exch-a', '2026-11-25', 'failed']);
      expect(payload.ja.alerts.map((a) => a.code).sort()).toEqual(['alerts.hot_share_near', 'alerts.preservation_ending']);
      expect(payload.ja.alerts.find((a) => a.code === 'alerts.preservation_ending')!.message).toContain('あと 15 日');
      const store = await handles[0]!.forTenant('exch-a', ADMIN);
      expect((await store.listRuns({ kind: 'daily' })).map((r) => (r.result as { day: string }).day)).toEqual(['2026-11-25']);
      expect((await store.listRuns({ kind: 'check' })).length).toBeGreaterThan(0);
    } finally {
      for (const s of schedulers) await s.stop();
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
    expect(signature('k', 'b', 1)).toBe(`t=1,v1=${createHmac('sha256', 'k').update('1.b').digest('hex')}`);
  });
});
