// Crash safety of the service's jobs: a `hozen worker` process on a PostgreSQL server is killed
// with SIGKILL at a random point of a risk job. Another worker takes the job over when the dead
// one's lease ends, and the job ends with exactly the result an uninterrupted run gives, the run
// stored once, the audit chain verifying. Skipped, by name, where no PostgreSQL server answers.
// HOZEN_CRASH_TRIALS sets the number of trials (default 2).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { openStoreHandle } from '../store/open.ts';
import { adminStatement, postgresReachable, TEST_DATABASE_URL } from '../store/testing.ts';
import { LOCAL_TENANT, type Actor, type StoreHandle } from '../store/types.ts';
import { comparable } from './conformance.ts';
import { importSnapshot } from './import.ts';
import { workJobs, type JobResult } from './jobs.ts';

const TRIALS = Number(process.env.HOZEN_CRASH_TRIALS ?? 2);
const BIN = new URL('../../bin/hozen.js', import.meta.url).pathname;
const LEASE_MS = 800;
const ACTOR: Actor = { type: 'user', id: 'u-crash', role: 'officer', tenant: LOCAL_TENANT };
const reachable = await postgresReachable();
const { DATABASE_URL: _url, HOZEN_DB: _db, ...base_env } = process.env;


describe.skipIf(!reachable)('jobs killed with SIGKILL (PostgreSQL)', () => {
  const name = `hozen_jobs_crash_${process.pid}`;
  let work: string;
  let handle: StoreHandle;
  let url: string;
  let snapshot_id: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hozen-jobs-crash-'));
    await generateDemo({ out_dir: join(work, 'exchange'), accounts: 1_000, seed: 12 });
    await adminStatement(`CREATE DATABASE "${name}"`);
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    handle = await openStoreHandle({ database_url: url });
    snapshot_id = (await importSnapshot({ store: await handle.forTenant(LOCAL_TENANT, ACTOR) }, { dir: join(work, 'exchange') })).snapshot_id;
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    await adminStatement(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  async function until<T>(what: () => Promise<T | null>, ms_max: number): Promise<T> {
    const deadline = Date.now() + ms_max;
    for (;;) {
      const value = await what();
      if (value !== null) return value;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  for (let trial = 0; trial < TRIALS; trial++) {
    it(`a worker killed during a risk job: taken over, the same result, stored once (trial ${trial + 1})`, async () => {
      const request = { snapshot: { id: snapshot_id }, years: 2_000_000, seed: 100 + trial, workers: 0 };
      // The reference: the same job, never interrupted.
      const reference = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', request, ACTOR);
      const stop_reference = new AbortController();
      const reference_worker = workJobs(handle, stop_reference.signal, { worker_id: 'reference', poll_ms: 20 });
      const reference_done = await until(async () => {
        const job = await handle.jobs.get(LOCAL_TENANT, reference.id);
        return job?.state === 'succeeded' ? job : null;
      }, 120_000);
      stop_reference.abort();
      await reference_worker;

      // The same request again is the same run: it must come out identical after a crash.
      const job = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', request, ACTOR);
      const proc = spawn(process.execPath, [BIN, 'worker', '--lease-ms', String(LEASE_MS)], { env: { ...base_env, DATABASE_URL: url }, stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
      await until(async () => ((await handle.jobs.get(LOCAL_TENANT, job.id))?.state === 'running' ? true : null), 60_000);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 400)));
      proc.kill('SIGKILL');
      await exited;
      const killed = await handle.jobs.get(LOCAL_TENANT, job.id);

      const stop = new AbortController();
      const taker = workJobs(handle, stop.signal, { worker_id: 'taker', poll_ms: 50 });
      const done = await until(async () => {
        const current = await handle.jobs.get(LOCAL_TENANT, job.id);
        return current?.state === 'succeeded' || current?.state === 'failed' ? current : null;
      }, 120_000);
      stop.abort();
      await taker;

      // The kill landed while the job ran (a trial that finished first would test nothing).
      expect(killed?.state).toBe('running');
      expect(done.state).toBe('succeeded');
      expect(done.attempts).toBe(2);
      expect(done.worker).toBe('taker');
      expect(comparable((done.result as JobResult).json)).toEqual(comparable((reference_done.result as JobResult).json));
      const store = await handle.forTenant(LOCAL_TENANT, ACTOR);
      const run_id = ((done.result as JobResult).json.en as { run_id?: string }).run_id;
      expect(run_id).toMatch(/^risk-[0-9a-f]{24}$/);
      expect((await store.listRuns({ kind: 'risk' })).filter((r) => r.id === run_id)).toHaveLength(1);
      expect((await store.verifyAudit()).ok).toBe(true);
    }, 300_000);
  }
});
