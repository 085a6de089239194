// The association's draw and the officer's token download over HTTP (routes/proof-checks.ts): only
// the association draws, and what it gets back — at once or as a job — names no account of the
// member; only the member's officer downloads the tokens, streamed, one download at a time.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associationProofDraw } from '../app/association-draw.ts';
import type { ProgressEvent } from '../app/deps.ts';
import { runJob } from '../app/jobs.ts';
import type { ProofJson } from '../proof/format.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import { createServiceApp } from '../service/app.ts';
import { openTwoExchanges, type TwoExchanges } from './testing.ts';

const PASSWORD = 'correct horse battery staple';
const ADMIN: Actor = { type: 'cli', id: 'proof-checks-test', role: null, tenant: null };
const SECRET_FILE = new URL('../../examples/proof/demo-master-secret.hex', import.meta.url).pathname;
const SEED = 'a1'.repeat(16);
const now_ms = Date.parse('2026-12-03T00:00:00Z');

let exchanges: TwoExchanges;
let handle: StoreHandle;
let snapshot_b: string;
let accounts: string[];
const tokens: Record<string, string> = {};

const call = (path: string, init: RequestInit & { token?: string } = {}) => exchanges.call(path, init);

const draw = (who: string, body: unknown, member = 'exchange-b', query = '') =>
  call(`/api/v1/association/members/${member}/proof-draw${query}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, token: tokens[who]! });

/** No account of the member, anywhere in the text. */
function namesNoAccount(text: string): void {
  for (const account of accounts) expect(text).not.toMatch(new RegExp(`(^|[^A-Za-z0-9_-])${account}([^A-Za-z0-9_-]|$)`));
}

beforeAll(async () => {
  process.env.HOZEN_PROOF_SECRET_FILE = SECRET_FILE;
  exchanges = await openTwoExchanges({ name: 'proof-checks', actor: ADMIN, createApp: createServiceApp, demo: { accounts: 120, seed: 9 }, password: PASSWORD, now_ms: () => now_ms, more_users: [{ name: 'insurer', role: 'insurer', tenant: null, insurer: 'Insurer A' }] });
  ({ handle, snapshot_b, accounts_b: accounts } = exchanges);
  Object.assign(tokens, exchanges.tokens);
  const built = await call(`/api/v1/snapshots/${snapshot_b}/prove`, { method: 'POST', token: tokens['officer-b']! });
  expect(built.status, await built.clone().text()).toBe(200);
}, 120_000);

afterAll(async () => {
  await exchanges?.close();
});

describe("the association's draw", () => {
  it('answers counts and pseudonymous numbers, and no account of the member', async () => {
    const response = await draw('association', { snapshot: snapshot_b, seed: SEED, count: 50 });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(response.headers.get('hozen-verdict')).toBe('ok');
    const result = JSON.parse(text) as { member_id: string; drawn: number; passed: number; not_included: number; balances_differ: number; ok: boolean; checks: Array<{ index: number; included: boolean; balances_match: boolean }> };
    expect(result).toMatchObject({ member_id: 'exchange-b', drawn: 50, passed: 50, not_included: 0, balances_differ: 0, ok: true });
    expect(result.checks.map((c) => c.index)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const check of result.checks) expect(Object.keys(check).sort()).toEqual(['balances_match', 'included', 'index']);
    namesNoAccount(text);
    // More than there are customers: every one of them, still without a name.
    const all = await draw('association', { snapshot: snapshot_b.slice(0, 12), seed: SEED, count: 1000 });
    const all_text = await all.text();
    expect((JSON.parse(all_text) as { drawn: number }).drawn).toBe(accounts.length);
    namesNoAccount(all_text);
  });

  it('queues a draw as a job the association reads back, naming no account either', async () => {
    const queued = await draw('association', { snapshot: snapshot_b, seed: SEED, count: 20 }, 'exchange-b', '?job=1');
    expect(queued.status).toBe(202);
    const location = queued.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v1\/association\/members\/exchange-b\/jobs\/job-[0-9a-f]{24}$/);
    const claimed = await handle.jobs.claim('test-worker', Date.now(), undefined, ['association_draw']);
    expect(claimed).not.toBeNull();
    expect(await runJob(handle, claimed!, 'test-worker')).toBe('succeeded');
    const job = await call(location, { token: tokens['association']! });
    const text = await job.text();
    expect(job.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ state: 'succeeded', verdict: 'ok', result: { drawn: 20, passed: 20 } });
    namesNoAccount(text);
    // The member's own jobs are not the association's to read.
    const other = await handle.jobs.enqueue('exchange-b', 'risk', { snapshot: { id: snapshot_b } }, ADMIN);
    expect((await call(`/api/v1/association/members/exchange-b/jobs/${other.id}`, { token: tokens['association']! })).status).toBe(404);
    expect((await call(location, { token: tokens['officer-b']! })).status).toBe(403);
  });

  it('reports its progress, rows read then accounts checked, in the job and as server-sent events', async () => {
    // The use case's own reports: the snapshot's rows read up to all of them, then the drawn accounts checked up to all.
    const events: ProgressEvent[] = [];
    const store = await handle.forTenant('exchange-b', ADMIN);
    const rows = (await store.loadSnapshot(snapshot_b)).balance_rows;
    await associationProofDraw({ store, on_progress: (event) => events.push(event) }, { member_id: 'exchange-b', snapshot: { id: snapshot_b }, seed_hex: SEED, count: 30, tree_dir: join(exchanges.work, 'data', 'tenants', 'exchange-b', 'proofs', snapshot_b) });
    const draws = events.filter((e) => e.phase === 'draw');
    const checks = events.filter((e) => e.phase === 'proof_check');
    expect(draws.length).toBeGreaterThan(0);
    expect(draws.at(-1)).toEqual({ phase: 'draw', done: rows, total: rows });
    expect(checks[0]).toEqual({ phase: 'proof_check', done: 0, total: 30 });
    expect(checks.at(-1)).toEqual({ phase: 'proof_check', done: 30, total: 30 });
    expect(events.indexOf(checks[0]!)).toBeGreaterThan(events.indexOf(draws.at(-1)!));

    // Queued: the association follows the job's events, which end with the finished job and how far it got.
    const queued = await draw('association', { snapshot: snapshot_b, seed: SEED, count: 20 }, 'exchange-b', '?job=1');
    const location = queued.headers.get('location')!;
    const stream = await call(`${location}/events`, { token: tokens['association']! });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const claimed = await handle.jobs.claim('test-worker', Date.now(), undefined, ['association_draw']);
    expect(await runJob(handle, claimed!, 'test-worker', { progress_interval_ms: 0 })).toBe('succeeded');
    const text = await stream.text();
    const done = text.split('\n\n').find((event) => event.startsWith('event: done'))!;
    const job = JSON.parse(done.slice(done.indexOf('data: ') + 6).split('\n')[0]!) as { state: string; progress: unknown };
    expect(job).toMatchObject({ state: 'succeeded', progress: { phase: 'proof_check', done: 20, total: 20 } });
    namesNoAccount(text);
    expect(((await (await call(location, { token: tokens['association']! })).json()) as { progress: unknown }).progress).toEqual({ phase: 'proof_check', done: 20, total: 20 });
    // Another role, and another kind of the member's jobs, are refused as the job itself is.
    expect((await call(`${location}/events`, { token: tokens['officer-b']! })).status).toBe(403);
    const other = await handle.jobs.enqueue('exchange-b', 'risk', { snapshot: { id: snapshot_b } }, ADMIN);
    expect((await call(`/api/v1/association/members/exchange-b/jobs/${other.id}/events`, { token: tokens['association']! })).status).toBe(404);
  });

  it('is refused to every other role, and answers 404 for a member or snapshot that is not there', async () => {
    for (const who of ['officer-b', 'viewer-b', 'auditor-b', 'admin', 'insurer', 'customer-b']) expect((await draw(who, { snapshot: snapshot_b, seed: SEED })).status, who).toBe(403);
    expect((await draw('association', { snapshot: snapshot_b, seed: SEED }, 'exchange-z')).status).toBe(404);
    expect((await draw('association', { snapshot: 'ffffffffffff', seed: SEED })).status).toBe(404);
    // The tree is the member's, under the member's name: exchange-a has none.
    expect((await draw('association', { snapshot: snapshot_b, seed: SEED }, 'exchange-a')).status).toBe(404);
    expect((await draw('association', { snapshot: snapshot_b, seed: 'abc' })).status).toBe(422);
    expect((await draw('association', { snapshot: snapshot_b, seed: SEED, count: 0 })).status).toBe(422);
    expect((await draw('association', { snapshot: snapshot_b, seed: SEED, account: accounts[0] })).status).toBe(422);
  });
});

describe("the officer's token download", () => {
  const path = () => `/api/v1/snapshots/${snapshot_b}/proof-tokens`;

  it("streams every customer's token, each one fetching that customer's proof", async () => {
    const response = await call(path(), { token: tokens['officer-b']! });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="proof-tokens-[0-9a-f]{12}\.csv"$/);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('account_id,token');
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[0]).sort()).toEqual([...accounts].sort());
    for (const [account, token] of [rows[0]!, rows[rows.length - 1]!]) {
      const proof = await call(`/api/v1/proof/download/${token}`);
      expect(proof.status).toBe(200);
      expect((JSON.parse(await proof.text()) as ProofJson).leaf.account_id).toBe(account);
    }
  });

  it('is refused to every other role, and to another tenant’s officer', async () => {
    for (const who of ['viewer-b', 'auditor-b', 'association', 'admin', 'insurer', 'customer-b']) expect((await call(path(), { token: tokens[who]! })).status, who).toBe(403);
    expect((await call(path(), { token: tokens['officer-a']! })).status).toBe(404);
    expect((await call(path())).status).toBe(401);
  });

  it('runs one download per tenant at a time', async () => {
    const first = await call(path(), { token: tokens['officer-b']! });
    expect(first.status).toBe(200);
    const second = await call(path(), { token: tokens['officer-b']! });
    expect(second.status).toBe(429);
    expect((JSON.parse(await second.text()) as { error: string }).error).toBe('proof.tokens_busy');
    await first.text();
    const third = await call(path(), { token: tokens['officer-b']! });
    expect(third.status).toBe(200);
    // A download given up is over too.
    await third.body!.cancel();
    const fourth = await call(path(), { token: tokens['officer-b']! });
    expect(fourth.status).toBe(200);
    await fourth.text();
  });
});

describe('the OpenAPI document', () => {
  it('describes both routes with their schemas', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    const drawing = doc.paths['/api/v1/association/members/{member}/proof-draw']!['post']!;
    expect(Object.keys(drawing.requestBody!.content['application/json']!.schema.properties!).sort()).toEqual(['count', 'seed', 'snapshot']);
    expect(doc.paths).toHaveProperty(['/api/v1/association/members/{member}/jobs/{id}']);
    expect(doc.paths).toHaveProperty(['/api/v1/snapshots/{id}/proof-tokens']);
  });
});
