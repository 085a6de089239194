// The service's caches (auth/principal-cache.ts, answer-cache.ts) must never answer with rights or
// results the store no longer holds. Each test warms the cache first, with a clock that does not
// move (so no entry ends by age), then changes the store and expects the change at once; each
// fails when the invalidation it relies on is removed. On a PostgreSQL server the change is made
// through another connection, as another process would (NOTIFY).

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTenant, addToken, addUser } from '../app/accounts.ts';
import { checkSnapshot } from '../app/check.ts';
import { importSnapshot } from '../app/import.ts';
import { generateDemo } from '../demo/generate.ts';
import { ChangeFeed, type ChangeListener } from '../store/changes.ts';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../store/testing.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import type { UserRecord } from '../store/accounts.ts';
import { createServiceApp } from '../service/app.ts';
import { parseToken, secretHash } from '../accounts/secrets.ts';
import { AnswerCache } from './answer-cache.ts';
import { PrincipalCache } from './auth/principal-cache.ts';
import { SESSION_COOKIE } from './auth/sessions.ts';

const PASSWORD = 'correct horse battery staple';
const ADMIN: Actor = { type: 'cli', id: 'cache-test', role: null, tenant: null };
const NOW_MS = Date.parse('2026-12-03T00:00:00Z');
const reachable = await postgresReachable();

interface Setup {
  database: TestDatabase;
  handle: StoreHandle;
  /** Where the changes are made: the same handle (PGlite), or another connection (PostgreSQL). */
  other: StoreHandle;
  app: ReturnType<typeof createServiceApp>;
  work: string;
  snapshot_id: string;
  officer: UserRecord;
}

async function setUp(kind: 'pglite' | 'postgres'): Promise<Setup> {
  const work = await mkdtemp(join(tmpdir(), 'hozen-caches-'));
  const database = await createTestDatabase(kind);
  const handle = await database.openHandle();
  const other = kind === 'pglite' ? handle : await database.openHandle();
  await addTenant({ handle, actor: ADMIN }, { id: 'exchange-a', name: 'A' });
  await generateDemo({ out_dir: join(work, 'a'), accounts: 100, seed: 3 });
  const store = await handle.forTenant('exchange-a', ADMIN);
  const { snapshot_id } = await importSnapshot({ store }, { dir: join(work, 'a') });
  await checkSnapshot({ store }, { snapshot: { id: snapshot_id }, regimes: ['jp-psa-2020'] });
  const officer = (await addUser({ handle, actor: ADMIN }, { name: 'officer-a', role: 'officer', tenant: 'exchange-a', password: PASSWORD })).user;
  const app = createServiceApp({ handle, data_dir: join(work, 'data'), now_ms: () => NOW_MS }, { log_error: () => {} });
  return { database, handle, other, app, work, snapshot_id, officer };
}

async function tearDown(s: Setup | undefined): Promise<void> {
  if (s === undefined) return;
  if (s.other !== s.handle) await s.other.close();
  await s.handle.close();
  await s.database.dispose();
  await rm(s.work, { recursive: true, force: true });
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** The change reaches another process's cache by NOTIFY: a moment, far less than the cache's own bound. */
async function eventually(probe: () => Promise<boolean>, remote: boolean): Promise<boolean> {
  const deadline = Date.now() + (remote ? 2_000 : 0);
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !reachable)(`the service's caches forget at once what the store changed (${kind})`, () => {
    let s: Setup;
    const remote = kind === 'postgres';
    beforeAll(async () => {
      s = await setUp(kind);
      // The other connection's notifications are heard once its listener is up.
      await eventually(async () => s.handle.changes.complete, true);
    }, 120_000);
    afterAll(() => tearDown(s));

    it('refuses a revoked token, the cache warm', async () => {
      const { record, token } = await addToken({ handle: s.handle, actor: ADMIN }, { user: s.officer, label: 'revoke', now_ms: NOW_MS });
      for (let i = 0; i < 3; i++) expect((await s.app.request('/api/v1/snapshots', bearer(token))).status).toBe(200);
      await s.other.accounts.revokeToken(record.id, ADMIN);
      expect(await eventually(async () => (await s.app.request('/api/v1/snapshots', bearer(token))).status === 401, remote)).toBe(true);
    });

    it("refuses a disabled user's token, the cache warm", async () => {
      const user = (await addUser({ handle: s.handle, actor: ADMIN }, { name: 'to-disable', role: 'viewer', tenant: 'exchange-a', password: PASSWORD })).user;
      const { token } = await addToken({ handle: s.handle, actor: ADMIN }, { user, label: 'disable', now_ms: NOW_MS });
      expect((await s.app.request('/api/v1/snapshots', bearer(token))).status).toBe(200);
      await s.other.accounts.setDisabled(user.id, true, ADMIN);
      expect(await eventually(async () => (await s.app.request('/api/v1/snapshots', bearer(token))).status === 401, remote)).toBe(true);
    });

    it('refuses a session after log-out and after a new password, the cache warm', async () => {
      const logIn = async () => {
        const response = await s.app.request('/api/v1/session', { method: 'POST', body: JSON.stringify({ name: 'officer-a', password: PASSWORD }), headers: { 'content-type': 'application/json', 'x-forwarded-for': `cache-${kind}` } });
        expect(response.status).toBe(200);
        return { headers: { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]! } };
      };
      const session = await logIn();
      expect(session.headers.cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
      expect((await s.app.request('/api/v1/snapshots', session)).status).toBe(200);
      expect((await s.app.request('/api/v1/session', { method: 'DELETE', ...session })).status).toBe(200);
      expect((await s.app.request('/api/v1/snapshots', session)).status).toBe(401);

      const second = await logIn();
      expect((await s.app.request('/api/v1/snapshots', second)).status).toBe(200);
      await s.other.accounts.revokeUserSessions(s.officer.id);
      expect(await eventually(async () => (await s.app.request('/api/v1/snapshots', second)).status === 401, remote)).toBe(true);
    });

    it('answers a newly stored check at once, the answer warm', async () => {
      const { token } = await addToken({ handle: s.handle, actor: ADMIN }, { user: s.officer, label: 'reader', now_ms: NOW_MS });
      const regimes = async () => ((await (await s.app.request(`/api/v1/snapshots/${s.snapshot_id}/check`, bearer(token))).json()) as { regimes: Array<{ id: string }> }).regimes.map((r) => r.id);
      expect(await regimes()).toEqual(['jp-psa-2020']);
      expect(await regimes()).toEqual(['jp-psa-2020']);
      await checkSnapshot({ store: await s.other.forTenant('exchange-a', ADMIN) }, { snapshot: { id: s.snapshot_id }, regimes: ['jp-psa-2020', 'hk-sfc-2023'] });
      expect(await eventually(async () => (await regimes()).includes('hk-sfc-2023'), remote)).toBe(true);
    });

    it("stops answering a customer's proof by a snapshot prefix another import made ambiguous, the name warm", async () => {
      process.env.HOZEN_PROOF_SECRET_FILE = new URL('../../examples/proof/demo-master-secret.hex', import.meta.url).pathname;
      const { token: officer } = await addToken({ handle: s.handle, actor: ADMIN }, { user: s.officer, label: 'prover', now_ms: NOW_MS });
      expect((await s.app.request(`/api/v1/snapshots/${s.snapshot_id}/prove`, { method: 'POST', ...bearer(officer) })).status).toBe(200);
      const account_id = readFileSync(join(s.work, 'a', 'balances.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
      const customer = (await addUser({ handle: s.handle, actor: ADMIN }, { name: `customer-${kind}`, role: 'customer', tenant: 'exchange-a', account_id, password: PASSWORD })).user;
      const { token } = await addToken({ handle: s.handle, actor: ADMIN }, { user: customer, label: 'proof', now_ms: NOW_MS });
      const prefix = s.snapshot_id.slice(0, 1);
      const status = async () => (await s.app.request(`/api/v1/proof?snapshot=${prefix}`, bearer(token))).status;
      expect(await status()).toBe(200);
      expect(await status()).toBe(200);
      // Another snapshot whose id begins with the same digit: the prefix names no single snapshot any more.
      for (let seed = 100; ; seed++) {
        if (seed > 400) throw new Error('no snapshot id with that first digit');
        const dir = join(s.work, `prefix-${kind}-${seed}`);
        await generateDemo({ out_dir: dir, accounts: 20, seed });
        const { snapshot_id } = await importSnapshot({ store: await s.other.forTenant('exchange-a', ADMIN) }, { dir });
        if (snapshot_id.startsWith(prefix)) break;
      }
      expect(await eventually(async () => (await status()) === 404, remote)).toBe(true);
    });
  });
}

/** A handle with only what the caches use: its accounts answer what `accounts` says, when `gate` opens. */
function fakeHandle(complete: { value: boolean }) {
  const feed = new ChangeFeed();
  let gate: Promise<void> = Promise.resolve();
  let lookups = 0;
  const user: UserRecord = { id: 'u1', name: 'u', role: 'viewer', tenant_id: 't', insurer: null, account_id: null, failed_logins: 0, locked_until_ms: null, disabled: false, created_at: '' };
  const handle = {
    changes: { subscribe: (l: ChangeListener) => feed.subscribe(l), get complete() { return complete.value; } },
    accounts: {
      async token(id: string) {
        lookups += 1;
        await gate;
        return { id, user_id: 'u1', tenant_id: 't', role: 'viewer', label: '', created_at: '', expires_ms: null, revoked_at: null, last_used_ms: 0, secret_sha256: SECRET_SHA256 };
      },
      userById: async () => user,
      touchToken: async () => {},
    },
  } as unknown as StoreHandle;
  return { handle, feed, lookups: () => lookups, hold: (p: Promise<void>) => (gate = p) };
}

// A token the fake accounts know, as parseToken reads one.
const TOKEN = 'hzn_0123456789abcdef01234567_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const SECRET_SHA256 = parseToken(TOKEN) === null ? '' : secretHash(parseToken(TOKEN)!.secret);

function tokenRequest(): Parameters<PrincipalCache['principalOf']>[0] {
  return { req: { header: (name: string) => (name === 'authorization' ? `Bearer ${TOKEN}` : undefined) } } as unknown as Parameters<PrincipalCache['principalOf']>[0];
}

describe('the principal cache, alone', () => {
  it('keeps a principal, and forgets it on a change to accounts', async () => {
    expect(SECRET_SHA256).not.toBe('');
    const fake = fakeHandle({ value: true });
    const cache = new PrincipalCache(fake.handle);
    expect((await cache.principalOf(tokenRequest(), NOW_MS))?.role).toBe('viewer');
    await cache.principalOf(tokenRequest(), NOW_MS);
    expect(fake.lookups()).toBe(1);
    fake.feed.emit({ kind: 'accounts' });
    await cache.principalOf(tokenRequest(), NOW_MS);
    expect(fake.lookups()).toBe(2);
    // A tenant's change is not the accounts' business.
    fake.feed.emit({ kind: 'tenant', tenant_id: 't' });
    await cache.principalOf(tokenRequest(), NOW_MS);
    expect(fake.lookups()).toBe(2);
  });

  it('does not keep a lookup that was under way when accounts changed', async () => {
    const fake = fakeHandle({ value: true });
    const cache = new PrincipalCache(fake.handle);
    let open!: () => void;
    fake.hold(new Promise<void>((resolve) => (open = resolve)));
    const pending = cache.principalOf(tokenRequest(), NOW_MS);
    await new Promise((resolve) => setImmediate(resolve));
    fake.feed.emit({ kind: 'accounts' });
    open();
    await pending;
    expect(cache.size).toBe(0);
  });

  it('keeps nothing while the store cannot tell every change', async () => {
    const complete = { value: false };
    const fake = fakeHandle(complete);
    const cache = new PrincipalCache(fake.handle);
    await cache.principalOf(tokenRequest(), NOW_MS);
    await cache.principalOf(tokenRequest(), NOW_MS);
    expect(fake.lookups()).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('looks a principal up again after its bound', async () => {
    const fake = fakeHandle({ value: true });
    const cache = new PrincipalCache(fake.handle, 1_000);
    await cache.principalOf(tokenRequest(), NOW_MS);
    await cache.principalOf(tokenRequest(), NOW_MS + 999);
    expect(fake.lookups()).toBe(1);
    await cache.principalOf(tokenRequest(), NOW_MS + 1_000);
    expect(fake.lookups()).toBe(2);
  });

  it('past its bound, answers from the entry while one lookup refreshes it (the store held by an import)', async () => {
    const fake = fakeHandle({ value: true });
    const cache = new PrincipalCache(fake.handle, 1_000, 10_000, 60_000);
    await cache.principalOf(tokenRequest(), NOW_MS);
    let open!: () => void;
    fake.hold(new Promise<void>((resolve) => (open = resolve)));
    // The store does not answer: every request is answered all the same, and only one lookup waits.
    const answers = await Promise.all([1_500, 1_600, 1_700].map((t) => cache.principalOf(tokenRequest(), NOW_MS + t)));
    expect(answers.map((p) => p?.role)).toEqual(['viewer', 'viewer', 'viewer']);
    expect(fake.lookups()).toBe(2);
    open();
    await new Promise((resolve) => setImmediate(resolve));
    await cache.principalOf(tokenRequest(), NOW_MS + 1_800);
    expect(fake.lookups()).toBe(2);
  });

  it('does not answer from an entry past its bound once accounts changed, nor past the stale limit', async () => {
    const fake = fakeHandle({ value: true });
    const cache = new PrincipalCache(fake.handle, 1_000, 10_000, 60_000);
    await cache.principalOf(tokenRequest(), NOW_MS);
    fake.hold(new Promise<void>(() => {}));
    await cache.principalOf(tokenRequest(), NOW_MS + 1_500);
    // A revocation told while the refresh waits: the next request waits for its own lookup.
    fake.feed.emit({ kind: 'accounts' });
    const waiting = cache.principalOf(tokenRequest(), NOW_MS + 1_600);
    expect(await Promise.race([waiting.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))])).toBe('waiting');
    expect(fake.lookups()).toBe(3);

    const other = fakeHandle({ value: true });
    const bounded = new PrincipalCache(other.handle, 1_000, 10_000, 60_000);
    await bounded.principalOf(tokenRequest(), NOW_MS);
    other.hold(new Promise<void>(() => {}));
    const late = bounded.principalOf(tokenRequest(), NOW_MS + 1_000 + 60_000);
    expect(await Promise.race([late.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))])).toBe('waiting');
  });
});

describe('the answer cache, alone', () => {
  const answer = (n: number) => ({ body: new TextEncoder().encode(String(n)), headers: {} });

  it("renders once for concurrent askers, forgets a tenant's answers on its change only, and keeps no rendering begun before one", async () => {
    const fake = fakeHandle({ value: true });
    const cache = new AnswerCache(fake.handle, () => NOW_MS);
    let renders = 0;
    const render = async () => answer(++renders);
    await Promise.all([cache.answer('t', 'k', render), cache.answer('t', 'k', render), cache.answer('t', 'k', render)]);
    expect(renders).toBe(1);
    await cache.answer('u', 'k', render);
    expect(renders).toBe(2);
    fake.feed.emit({ kind: 'tenant', tenant_id: 't' });
    await cache.answer('t', 'k', render);
    await cache.answer('u', 'k', render);
    expect(renders).toBe(3);

    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const pending = cache.answer('v', 'k', async () => {
      await gate;
      return answer(++renders);
    });
    fake.feed.emit({ kind: 'tenant', tenant_id: 'v' });
    // Asked after the change: not joined to the rendering begun before it.
    const after = cache.answer('v', 'k', render);
    open();
    await Promise.all([pending, after]);
    expect(renders).toBe(5);
    await cache.answer('v', 'k', render);
    expect(renders).toBe(5);
  });

  it('past its time, answers from the entry while one rendering refreshes it, but not once its tenant changed nor past the stale limit', async () => {
    const fake = fakeHandle({ value: true });
    let now_ms = NOW_MS;
    const cache = new AnswerCache(fake.handle, () => now_ms, { ttl_ms: 1_000, entries_max: 10, bytes_max: 1_000, stale_ms: 60_000 });
    await cache.answer('t', 'k', async () => answer(1));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let renders = 0;
    const held = async () => {
      renders += 1;
      await gate;
      return answer(2);
    };
    const text = async (p: Promise<{ body: Uint8Array }>) => new TextDecoder().decode((await p).body);
    // The store is held (an import's transaction): every reader is answered all the same, one rendering waits.
    now_ms = NOW_MS + 1_500;
    expect(await Promise.all([text(cache.answer('t', 'k', held)), text(cache.answer('t', 'k', held))])).toEqual(['1', '1']);
    expect(renders).toBe(1);
    open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await text(cache.answer('t', 'k', held))).toBe('2');
    expect(renders).toBe(1);

    const waiting = (p: Promise<unknown>) => Promise.race([p.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))]);
    const never = async () => new Promise<{ body: Uint8Array; headers: Record<string, string> }>(() => {});
    // A change to the tenant told while stale: the next reader waits for its own rendering.
    now_ms = NOW_MS + 3_000;
    await cache.answer('t', 'k', never);
    fake.feed.emit({ kind: 'tenant', tenant_id: 't' });
    expect(await waiting(cache.answer('t', 'k', never))).toBe('waiting');
    // Past the stale limit, too.
    await cache.answer('u', 'k', async () => answer(3));
    now_ms += 1_000 + 60_000;
    expect(await waiting(cache.answer('u', 'k', never))).toBe('waiting');
  });

  it('keeps at most its bound of entries, and nothing while the store cannot tell every change', async () => {
    const complete = { value: true };
    const fake = fakeHandle(complete);
    const cache = new AnswerCache(fake.handle, () => NOW_MS, { ttl_ms: 1_000, entries_max: 2, bytes_max: 1_000 });
    for (const key of ['a', 'b', 'c']) await cache.answer('t', key, async () => answer(1));
    expect(cache.size).toBe(2);
    complete.value = false;
    fake.feed.emit({ kind: 'all' });
    await cache.answer('t', 'a', async () => answer(1));
    expect(cache.size).toBe(0);
  });
});
