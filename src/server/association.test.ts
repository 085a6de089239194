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

const PATHS = ['/api/v1/association/members', '/api/v1/association/dependencies', '/api/v1/association/stress?years=2000', '/api/v1/association/capacity'];
const PAGES = ['/association', '/association/dependencies', '/association/stress?years=2000', '/association/report?years=2000'];

async function call(path: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return app.request(path, bearer(token, headers));
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
    expect(ja).toContain('15,000,000円');
  });
});
