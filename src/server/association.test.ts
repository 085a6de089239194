// The association's routes and pages: only the association role reaches them; a member's own
// officer (or viewer, auditor, admin, customer) does not see other tenants; what comes back is the
// use case's own JSON, and it names no account and reads no balance row.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUsersWithTokens, bearer } from './testing.ts';
import { memberHandles } from '../app/association-deps.ts';
import { associationJson } from '../app/association-json.ts';
import { associationStress } from '../app/association-stress.ts';
import { runJob } from '../app/jobs.ts';
import { fixtureAccountIds, guardedMembers, SECRET_ACCOUNT, seedMembers } from '../app/association-testing.ts';
import { associationMembers } from '../app/association.ts';
import { createServiceApp } from '../service/app.ts';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import { toJson } from '../text/json.ts';

const PASSWORD = 'correct horse battery staple';
const ADMIN: Actor = { type: 'cli', id: 'association-test', role: null, tenant: null };
const now_ms = Date.parse('2026-12-03T00:00:00Z');

let work: string;
let database: TestDatabase;
let handle: StoreHandle;
let app: ReturnType<typeof createServiceApp>;
const tokens: Record<string, string> = {};

const PATHS = ['/api/v1/association/members', '/api/v1/association/dependencies', '/api/v1/association/capacity'];
const PAGES = ['/association', '/association/dependencies', '/association/stress?years=2000', '/association/report?years=2000'];

async function call(path: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return app.request(path, bearer(token, headers));
}

async function post(path: string, token: string, body: unknown): Promise<Response> {
  return app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Runs the association's queued stress job as a worker of `hozen serve` would. */
async function runQueuedStress(): Promise<void> {
  const job = await handle.jobs.claim('association-test-worker', Date.now(), undefined, ['association_stress']);
  expect(job).not.toBeNull();
  expect(await runJob(handle, job!, 'association-test-worker', { progress_interval_ms: 0 })).toBe('succeeded');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hozen-association-api-'));
  database = await createTestDatabase('pglite');
  handle = await database.openHandle();
  await seedMembers(handle);
  const deps = { handle, actor: ADMIN };
  const users = [
    { name: 'association', role: 'association', tenant: null },
    { name: 'officer-a', role: 'officer', tenant: 'a' },
    { name: 'viewer-a', role: 'viewer', tenant: 'a' },
    { name: 'auditor-a', role: 'auditor', tenant: 'a' },
    { name: 'admin', role: 'admin', tenant: null },
    { name: 'insurer', role: 'insurer', tenant: null, insurer: 'Insurer A' },
    { name: 'customer-a', role: 'customer', tenant: 'a', account_id: 'a-c0' },
  ];
  Object.assign(tokens, (await addUsersWithTokens(deps, users, { password: PASSWORD, now_ms })).tokens);
  app = createServiceApp({ handle, data_dir: join(work, 'data'), now_ms: () => now_ms }, { log_error: () => {} });
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await database?.dispose();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

function noAccountIds(text: string): void {
  expect(text).not.toContain(SECRET_ACCOUNT);
  for (const id of fixtureAccountIds()) expect(text).not.toMatch(new RegExp(`\\b${id}\\b`));
}

describe('the association API', () => {
  it('answers the use case’s own JSON with its verdict, naming no account', async () => {
    const response = await call(PATHS[0]!, tokens['association']!);
    expect(response.status).toBe(200);
    expect(response.headers.get('hozen-verdict')).toBe('failed');
    const text = await response.text();
    noAccountIds(text);
    const reads = { count: 0 };
    const reference = associationJson(await associationMembers({ members: guardedMembers(await memberHandles(handle, ADMIN), reads) }));
    expect(JSON.parse(text)).toEqual(JSON.parse(toJson(reference)));
    expect(reads.count).toBe(0);
    for (const path of PATHS.slice(1)) {
      const other = await call(path, tokens['association']!);
      expect(other.status, path).toBe(200);
      noAccountIds(await other.text());
    }
  });

  it('refuses every other role: a member’s own officer does not see the other members', async () => {
    for (const who of ['officer-a', 'viewer-a', 'auditor-a', 'admin', 'insurer', 'customer-a']) {
      for (const path of [...PATHS, ...PAGES]) {
        const response = await call(path, tokens[who]!, path.startsWith('/api/') ? {} : { accept: 'text/html' });
        expect(response.status, `${who} ${path}`).toBe(403);
        const text = await response.text();
        for (const name of ['Exchange B', 'Exchange C', 'Acme']) expect(text, `${who} ${path}`).not.toContain(name);
      }
    }
  });

  it('asks for a log-in without credentials', async () => {
    expect((await app.request(PATHS[0]!)).status).toBe(401);
  });
});

describe('the association pages', () => {
  it('render in both languages, sort by headroom, and name no account', async () => {
    for (const lang of ['en', 'ja']) {
      for (const path of PAGES) {
        const response = await call(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, tokens['association']!);
        expect(response.status, path).toBe(200);
        const text = await response.text();
        noAccountIds(text);
        expect(text).toContain(lang === 'ja' ? '会員' : 'Member');
      }
    }
    const ascending = await (await call('/association?sort=headroom&order=asc&lang=en', tokens['association']!)).text();
    const descending = await (await call('/association?sort=headroom&order=desc&lang=en', tokens['association']!)).text();
    const order = (page: string) => [...page.matchAll(/<tr data-member="([^"]+)"/g)].map((m) => m[1]);
    expect(order(ascending)).toEqual(['b', 'c', 'd', 'a', 'local']);
    expect(order(descending)).toEqual(['a', 'd', 'c', 'b', 'local']);
    const ja = await (await call('/association/report?years=2000&lang=ja', tokens['association']!)).text();
    expect(ja).toContain('理事会報告');
    expect(ja).toContain('業界全体のストレステストはまだ実行されていません。');
    expect(ja).toContain('<td class="num">15,000,000</td>');
  });
});

describe('the sector stress test as the association’s job', () => {
  let job_id: string;

  it('is started by the API, run by a worker, its progress in years and its result stored: the use case’s own JSON', async () => {
    expect((await call('/api/v1/association/stress', tokens['association']!)).status).toBe(404);
    const started = await post('/api/v1/association/stress', tokens['association']!, { years: 2000, seed: 4 });
    expect(started.status).toBe(202);
    const queued = (await started.json()) as { id: string; kind: string; state: string };
    job_id = queued.id;
    expect(queued.kind).toBe('association_stress');
    expect(queued.state).toBe('queued');
    expect(started.headers.get('location')).toBe(`/api/v1/association/jobs/${job_id}`);
    // The page shows it waiting, polling the association's own job route.
    const waiting = await (await call(`/association/stress?job=${job_id}&lang=en`, tokens['association']!)).text();
    expect(waiting).toContain(`data-job-url="/api/v1/association/jobs/${job_id}"`);
    await runQueuedStress();
    const done = await call(`/api/v1/association/jobs/${job_id}`, tokens['association']!);
    expect(done.status).toBe(200);
    const text = await done.text();
    noAccountIds(text);
    const body = JSON.parse(text) as { state: string; progress: unknown; verdict: string; result: unknown };
    expect(body.state).toBe('succeeded');
    expect(body.progress).toEqual({ phase: 'risk', done: 2000, total: 2000 });
    const direct = await associationStress({ members: await memberHandles(handle, ADMIN) }, { years: 2000, seed: 4 });
    expect(body.result).toEqual(JSON.parse(toJson(associationJson(direct))));
    expect(body.verdict).toBe(direct.verdict);
    expect(done.headers.get('hozen-verdict')).toBe(direct.verdict);
    // The latest, and asking again for the same test answers the same job, already done.
    expect(((await (await call('/api/v1/association/stress', tokens['association']!)).json()) as { id: string }).id).toBe(job_id);
    const again = await post('/api/v1/association/stress', tokens['association']!, { years: 2000, seed: 4 });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(job_id);
    // The page and the board report show the stored result.
    for (const path of ['/association/stress', '/association/report']) {
      const page = await (await call(`${path}?lang=en`, tokens['association']!)).text();
      expect(page, path).toContain('2,000 simulated years, seed 4');
    }
    expect(await (await call('/association/report?lang=ja', tokens['association']!)).text()).toContain('15,000,000円');
  });

  it('cannot be started or read by any other role, and is no member’s job', async () => {
    for (const who of ['officer-a', 'viewer-a', 'auditor-a', 'admin', 'insurer', 'customer-a']) {
      expect((await post('/api/v1/association/stress', tokens[who]!, { years: 2000 })).status, who).toBe(403);
      for (const path of ['/api/v1/association/stress', `/api/v1/association/jobs/${job_id}`]) {
        const response = await call(path, tokens[who]!);
        expect(response.status, `${who} ${path}`).toBe(403);
        expect(await response.text()).not.toContain('reverse_stress');
      }
      expect((await call(`/association/stress?job=${job_id}`, tokens[who]!, { accept: 'text/html' })).status, who).toBe(403);
    }
    // A member's own job routes are bound to its tenant: the association's job is not there.
    for (const who of ['officer-a', 'viewer-a']) {
      expect((await call(`/api/v1/jobs/${job_id}`, tokens[who]!)).status, who).toBe(404);
      expect(await (await call('/api/v1/jobs', tokens[who]!)).text()).not.toContain(job_id);
    }
  });
});

describe('a failed sector stress test', () => {
  it('is tried afresh by a new request for the same test, and that attempt is shared while it is queued and once it succeeds', async () => {
    const request = { years: 1000, seed: 8 };
    const started = await post('/api/v1/association/stress', tokens['association']!, request);
    expect(started.status).toBe(202);
    const failed_id = ((await started.json()) as { id: string }).id;
    // Its worker fails it (a store that went away, a bug): the job ends failed.
    const job = await handle.jobs.claim('association-test-worker', Date.now(), undefined, ['association_stress']);
    expect(job?.id).toBe(failed_id);
    expect(await handle.jobs.finish(job!, 'association-test-worker', { error: { code: 'server.internal', params: {} } })).toBe(true);

    const retried = await post('/api/v1/association/stress', tokens['association']!, request);
    expect(retried.status).toBe(202);
    const retry = (await retried.json()) as { id: string; state: string };
    expect(retry.id).not.toBe(failed_id);
    expect(retry.id).toMatch(/^job-[0-9a-f]{24}$/);
    expect(retry.state).toBe('queued');
    expect(retried.headers.get('location')).toBe(`/api/v1/association/jobs/${retry.id}`);
    // While it waits, asking again answers it, not a third job; the failed one stays as it ended.
    const waiting = await post('/api/v1/association/stress', tokens['association']!, request);
    expect(waiting.status).toBe(202);
    expect(((await waiting.json()) as { id: string }).id).toBe(retry.id);
    const old = (await (await call(`/api/v1/association/jobs/${failed_id}`, tokens['association']!)).json()) as { state: string };
    expect(old.state).toBe('failed');

    await runQueuedStress();
    const done = await post('/api/v1/association/stress', tokens['association']!, request);
    expect(done.status).toBe(200);
    const answer = (await done.json()) as { id: string; state: string };
    expect(answer).toMatchObject({ id: retry.id, state: 'succeeded' });
    expect(((await (await call('/api/v1/association/stress', tokens['association']!)).json()) as { id: string }).id).toBe(retry.id);
  });
});
