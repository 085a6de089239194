// A risk run split across workers by its seeded blocks gives the run one process gives: the same
// run id, the same stored result, the same JSON. On PGlite one worker takes the run and all its
// parts; on the PostgreSQL test server two workers (each with its own connection, as two
// processes would have) share them.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { riskJson } from '../risk/report.ts';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../store/testing.ts';
import { LOCAL_TENANT, type Actor, type StoreHandle } from '../store/types.ts';
import { importSnapshot } from './import.ts';
import { workJobs, type JobResult } from './jobs.ts';
import { riskResultJson, riskRun } from './risk.ts';

const ACTOR: Actor = { type: 'user', id: 'u-officer', role: 'officer', tenant: LOCAL_TENANT };
const reachable = await postgresReachable();
const YEARS = 40_000; // four blocks: parts of one, one and two blocks

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hozen-risk-split-'));
  await generateDemo({ out_dir: join(work, 'exchange'), accounts: 200, seed: 4 });
}, 60_000);
afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

async function until<T>(probe: () => Promise<T | null>, timeout_ms = 120_000): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !reachable)(`a risk run split across workers (${kind})`, () => {
    let database: TestDatabase;
    const handles: StoreHandle[] = [];

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      handles.push(await database.openHandle());
      if (kind === 'postgres') handles.push(await database.openHandle());
    }, 60_000);
    afterAll(async () => {
      for (const h of handles) await h.close();
      await database?.dispose();
    });

    it(`stores the run one process stores (${kind === 'pglite' ? 'one worker' : 'two workers'})`, async () => {
      const handle = handles[0]!;
      const store = await handle.forTenant(LOCAL_TENANT, ACTOR);
      const snapshot_id = (await importSnapshot({ store }, { dir: join(work, 'exchange') })).snapshot_id;
      const request = { snapshot: { id: snapshot_id }, years: YEARS, seed: 11, workers: 0 };
      const job = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', { ...request, split: 3 }, ACTOR);

      const stop = new AbortController();
      const workers = handles.map((h, n) => workJobs(h, stop.signal, { worker_id: `w${n}`, poll_ms: 20 }));
      try {
        const done = await until(async () => {
          const j = await handle.jobs.get(LOCAL_TENANT, job.id);
          return j !== null && (j.state === 'succeeded' || j.state === 'failed') ? j : null;
        });
        expect(done.error).toBeNull();
        expect(done.state).toBe('succeeded');
      } finally {
        stop.abort();
        await Promise.all(workers);
      }

      const parts = await handle.jobs.children(LOCAL_TENANT, job.id);
      expect(parts.map((p) => [p.state, (p.request as { from: number }).from, (p.request as { to: number }).to])).toEqual([
        ['succeeded', 0, 1],
        ['succeeded', 1, 2],
        ['succeeded', 2, 4],
      ]);
      if (kind === 'postgres') expect(new Set(parts.map((p) => p.worker)).size).toBe(2);

      // One process, the same request: the same run, already stored; the same bytes.
      const direct = await riskRun({ store }, request);
      expect(direct.created).toBe(false);
      const finished = (await handle.jobs.get(LOCAL_TENANT, job.id))!.result as JobResult;
      expect(finished.json.en).toEqual(JSON.parse(JSON.stringify(riskResultJson(direct), (_k, v) => (typeof v === 'bigint' ? String(v) : v))));
      const stored = await store.getRun(direct.run_id);
      const runs = await store.listRuns({ kind: 'risk' });
      expect(runs.map((r) => r.id)).toEqual([direct.run_id]);
      // What the split run stored is what one process computes (floats and minor units alike).
      expect(stored!.result).toStrictEqual(riskJson(direct.report));
      expect(await store.verifyAudit()).toMatchObject({ ok: true });
    }, 240_000);
  });
}
