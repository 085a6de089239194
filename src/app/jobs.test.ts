// Jobs on both stores: one worker per job (SKIP LOCKED), a dead worker's job taken over when its
// lease ends and stored as the same run, a job given up after too many lost workers, two
// worker processes' worth of connections on one PostgreSQL server sharing a queue, and the HTTP
// flow: ?job=1 answers 202, a worker runs it, the job answers the same JSON the synchronous
// request does, and its events stream ends with `done`.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { redactedLocation } from '../store/postgres.ts';
import { createTestDatabase, postgresReachable, TEST_DATABASE_URL, type TestDatabase } from '../store/testing.ts';
import { JOB_ATTEMPTS_MAX } from '../store/jobs.ts';
import { LOCAL_TENANT, type Actor, type StoreHandle, type StoreKind } from '../store/types.ts';
import { addToken, addUser } from './accounts.ts';
import { comparable } from './conformance.ts';
import { importSnapshot } from './import.ts';
import { runJob, workJobs, type JobResult } from './jobs.ts';

const ACTOR: Actor = { type: 'user', id: 'u-officer', role: 'officer', tenant: LOCAL_TENANT };
const reachable = await postgresReachable();

let work: string;
let demo_dir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hozen-jobs-'));
  demo_dir = join(work, 'exchange');
  await generateDemo({ out_dir: demo_dir, accounts: 200, seed: 3 });
}, 60_000);

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

function jobSuite(kind: StoreKind): void {
  let database: TestDatabase;
  let handle: StoreHandle;
  let snapshot_id: string;
  const risk = (seed: number) => ({ snapshot: { id: snapshot_id }, years: 1000, seed, workers: 0 });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    handle = await database.openHandle();
    const store = await handle.forTenant(LOCAL_TENANT, ACTOR);
    snapshot_id = (await importSnapshot({ store }, { dir: demo_dir })).snapshot_id;
  }, 60_000);

  afterAll(async () => {
    await handle?.close();
    await database?.dispose();
  });

  it('hands each job to one worker, oldest first, and only the kinds it takes', async () => {
    const a = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', risk(1), ACTOR);
    const b = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', risk(2), ACTOR);
    expect(await handle.jobs.claim('w-import-only', Date.now(), undefined, ['import'])).toBeNull();
    const first = await handle.jobs.claim('w1', Date.now());
    const second = await handle.jobs.claim('w2', Date.now());
    expect([first?.id, second?.id]).toEqual([a.id, b.id]);
    expect(await handle.jobs.claim('w3', Date.now())).toBeNull();
    expect(await runJob(handle, first!, 'w1')).toBe('succeeded');
    expect(await runJob(handle, second!, 'w2')).toBe('succeeded');
    // The audit log names who asked, not the worker.
    const entries = await (await handle.forTenant(LOCAL_TENANT, ACTOR)).auditEntries();
    expect(entries.filter((e) => e.kind === 'risk').every((e) => e.actor?.id === ACTOR.id)).toBe(true);
  });

  it("takes over a dead worker's job when its lease ends, and stores the same run", async () => {
    const job = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', risk(3), ACTOR);
    const now = Date.now();
    const held = await handle.jobs.claim('dies', now, 1_000);
    expect(held?.id).toBe(job.id);
    expect(await handle.jobs.claim('other', now + 500)).toBeNull();
    const taken = await handle.jobs.claim('other', now + 2_000);
    expect(taken?.id).toBe(job.id);
    expect(taken?.attempts).toBe(2);
    expect(await runJob(handle, taken!, 'other')).toBe('succeeded');
    // The dead worker coming back cannot overwrite the result.
    expect(await handle.jobs.finish(held!, 'dies', { error: { code: 'server.internal', params: {} } })).toBe(false);
    const again = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', risk(3), ACTOR);
    await runJob(handle, (await handle.jobs.claim('third', Date.now()))!, 'third');
    const [x, y] = [(await handle.jobs.get(LOCAL_TENANT, job.id))!, (await handle.jobs.get(LOCAL_TENANT, again.id))!];
    expect((x.result as JobResult).json).toEqual((y.result as JobResult).json);
  });

  it('gives a job up after its worker was lost too often', async () => {
    const job = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', risk(4), ACTOR);
    let now = Date.now();
    for (let i = 0; i < JOB_ATTEMPTS_MAX; i++) {
      expect((await handle.jobs.claim(`lost-${i}`, now, 10))?.id).toBe(job.id);
      now += 100;
    }
    expect(await handle.jobs.claim('next', now)).toBeNull();
    expect((await handle.jobs.get(LOCAL_TENANT, job.id))?.state).toBe('failed');
  });

  it('records bad input as the located error, not a defect', async () => {
    const job = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', { snapshot: { id: snapshot_id }, years: 1000, cover: '12.5.3' }, ACTOR);
    expect(await runJob(handle, (await handle.jobs.claim('w', Date.now()))!, 'w')).toBe('failed');
    const failed = await handle.jobs.get(LOCAL_TENANT, job.id);
    expect(failed?.error?.code).toMatch(/^risk\./);
  });

  it("keeps another tenant's jobs out of sight", async () => {
    const job = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', risk(5), ACTOR);
    expect(await handle.jobs.get('another-tenant', job.id)).toBeNull();
    expect((await handle.jobs.list('another-tenant', 10)).length).toBe(0);
    await runJob(handle, (await handle.jobs.claim('w', Date.now()))!, 'w');
  });
}

describe('jobs: PGlite', () => jobSuite('pglite'));
describe.skipIf(!reachable)(`jobs: PostgreSQL (${reachable ? new URL(redactedLocation(TEST_DATABASE_URL)).host : 'not reachable'})`, () => {
  jobSuite('postgres');

  it('shares one queue between two workers on separate connections: every job done exactly once', async () => {
    const database = await createTestDatabase('postgres');
    const [setup, one, two] = [await database.openHandle(), await database.openHandle(), await database.openHandle()];
    try {
      const store = await setup.forTenant(LOCAL_TENANT, ACTOR);
      const { snapshot_id } = await importSnapshot({ store }, { dir: demo_dir });
      const ids = [];
      for (let seed = 10; seed < 16; seed++) ids.push((await setup.jobs.enqueue(LOCAL_TENANT, 'risk', { snapshot: { id: snapshot_id }, years: 1000, seed, workers: 0 }, ACTOR)).id);
      const stop = new AbortController();
      const workers = [workJobs(one, stop.signal, { worker_id: 'one', poll_ms: 20 }), workJobs(two, stop.signal, { worker_id: 'two', poll_ms: 20 })];
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const jobs = await setup.jobs.list(LOCAL_TENANT, 100);
        if (jobs.every((j) => j.state === 'succeeded')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      stop.abort();
      const done = await Promise.all(workers);
      const jobs = await setup.jobs.list(LOCAL_TENANT, 100);
      expect(jobs.map((j) => j.state)).toEqual(ids.map(() => 'succeeded'));
      expect(jobs.every((j) => j.attempts === 1)).toBe(true);
      expect(done[0]!.jobs + done[1]!.jobs).toBe(ids.length);
      expect(new Set(jobs.map((j) => j.worker)).size).toBe(2);
    } finally {
      await Promise.all([setup.close(), one.close(), two.close()]);
      await database.dispose();
    }
  }, 120_000);
});

describe('jobs over HTTP', () => {
  it('queues with ?job=1 (202), runs on a worker, answers what the synchronous request answers, and streams to done', async () => {
    const { createServerApp } = await import('../server/app.ts');
    const database = await createTestDatabase('pglite');
    const handle = await database.openHandle();
    try {
      const admin: Actor = { type: 'cli', id: 'test', role: null, tenant: null };
      const { user } = await addUser({ handle, actor: admin }, { name: 'officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
      const { token } = await addToken({ handle, actor: admin }, { user, label: 'jobs', now_ms: Date.now() });
      const app = createServerApp({ handle, data_dir: join(work, 'service'), now_ms: Date.now }, { log_error: () => {} });
      const store = await handle.forTenant(LOCAL_TENANT, admin);
      const { snapshot_id } = await importSnapshot({ store }, { dir: demo_dir });
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const body = JSON.stringify({ years: 1000, seed: 9, workers: 0 });
      const queued = await app.request(`/api/v1/snapshots/${snapshot_id.slice(0, 10)}/risk?job=1`, { method: 'POST', headers, body });
      expect(queued.status).toBe(202);
      const location = queued.headers.get('location')!;
      expect(((await queued.json()) as { state: string }).state).toBe('queued');
      const stop = new AbortController();
      const worker = workJobs(handle, stop.signal, { poll_ms: 20 });
      const events = await (await app.request(`${location}/events`, { headers })).text();
      stop.abort();
      await worker;
      expect(events).toMatch(/event: done/);
      const job = (await (await app.request(location, { headers })).json()) as { state: string; verdict: string; result: unknown };
      expect(job.state).toBe('succeeded');
      const direct = await (await app.request(`/api/v1/snapshots/${snapshot_id}/risk`, { method: 'POST', headers, body })).json();
      expect(comparable(job.result)).toEqual(comparable(direct));
      expect((await app.request(`/api/v1/jobs/job-${'0'.repeat(24)}`, { headers })).status).toBe(404);
    } finally {
      await handle.close();
      await database.dispose();
    }
  }, 120_000);
});
