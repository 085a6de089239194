// The insurer role (app/underwritten.ts states the rule): an insurer sees the claims on the
// policies it underwrites or reinsures, across tenants, and only its own lines; never a customer
// row, never another insurer's line, never a tenant whose claims do not name it; and nothing
// else of any tenant. Each test fails when its part of the rule is removed.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTenant } from '../app/accounts.ts';
import { addUsersWithTokens, bearer } from './testing.ts';
import { claimIncident } from '../app/claim.ts';
import { importSnapshot } from '../app/import.ts';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import { createServiceApp } from '../service/app.ts';
import { runCli } from '../cli/main.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/snapshot');
const POLICIES = join(import.meta.dirname, '../../examples/policies.json');
const ADMIN: Actor = { type: 'cli', id: 'insurer-test', role: null, tenant: null };
const PASSWORD = 'correct horse battery staple';
const NOW_MS = Date.parse('2026-12-03T00:00:00Z');

// The account takeover names its accounts: the per-customer cover then splits the loss over them (customer rows in the stored claim).
const incident = (id: string, peril: string, accounts?: string[]) => ({
  text: JSON.stringify({ format: 'hozen-incident/1', id, occurred_at: '2026-11-24T23:59:30+09:00', detected_at: '2026-11-25T08:00:00+09:00', peril, losses: [{ wallet_id: 'btc-hot-1', asset: 'BTC', amount: '0.08' }], ...(accounts === undefined ? {} : { affected: { mode: 'accounts', accounts } }) }),
  name: `${id}.json`,
});

let work: string;
let database: TestDatabase;
let handle: StoreHandle;
let app: ReturnType<typeof createServiceApp>;
let account_ids: string[];
const tokens: Record<string, string> = {};

interface Answer {
  insurer: string;
  claims: Array<{ tenant: { id: string }; incident: string; lines: Array<{ policy: string; on: string; reinsurance: Array<{ reinsurer: string }>; allocation: unknown }> }>;
}

async function claimsOf(who: string): Promise<{ status: number; text: string; json: Answer }> {
  const response = await app.request('/api/v1/insurer/claims', bearer(tokens[who]!));
  const text = await response.text();
  return { status: response.status, text, json: (response.status === 200 ? JSON.parse(text) : null) as Answer };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hozen-insurer-'));
  database = await createTestDatabase('pglite');
  handle = await database.openHandle();
  const deps = { handle, actor: ADMIN };
  const programme = JSON.parse(await readFile(POLICIES, 'utf8')) as { policies: Array<{ terms: { sublimits?: { assets?: unknown } } }> };
  // The example snapshot lists no XEM.
  delete programme.policies[1]!.terms.sublimits!.assets;
  const policies = JSON.stringify(programme, null, 2);
  // Tenant A's programme: ato-2026 (Sakura Fire & Marine), crime-2026 (Fuji Marine & Nichido, reinsured by Kanto Re and Pacific Re).
  // Tenant B's: the same terms, every party another company.
  const programmes = { 'exchange-a': policies, 'exchange-b': policies.replaceAll('Sakura Fire & Marine', 'Osaka Mutual').replaceAll('Fuji Marine & Nichido', 'Kobe General').replaceAll('Kanto Re', 'Nagoya Re').replaceAll('Pacific Re', 'Kyushu Re') };
  for (const [tenant, text] of Object.entries(programmes)) {
    await addTenant(deps, { id: tenant, name: tenant.toUpperCase() });
    const dir = join(work, tenant);
    await cp(EXAMPLE, dir, { recursive: true });
    await writeFile(join(dir, 'policies.json'), text);
    const store = await handle.forTenant(tenant, ADMIN);
    const { snapshot_id } = await importSnapshot({ store }, { dir });
    await claimIncident({ store }, { snapshot: { id: snapshot_id }, incident: incident('INC-HACK', 'external_hack') });
    await claimIncident({ store }, { snapshot: { id: snapshot_id }, incident: incident('INC-ATO', 'account_takeover', ['A0001', 'A0002']) });
  }
  account_ids = [...new Set((await readFile(join(EXAMPLE, 'balances.csv'), 'utf8')).split('\n').slice(1).map((l) => l.split(',')[0]!).filter((a) => a !== ''))];
  const users = [
    { name: 'sakura', role: 'insurer', tenant: null, insurer: 'Sakura Fire & Marine' },
    { name: 'kanto', role: 'insurer', tenant: null, insurer: 'Kanto Re' },
    { name: 'osaka', role: 'insurer', tenant: null, insurer: 'Osaka Mutual' },
    { name: 'nobody', role: 'insurer', tenant: null, insurer: 'Unknown Assurance' },
    { name: 'officer-a', role: 'officer', tenant: 'exchange-a', insurer: null },
  ];
  Object.assign(tokens, (await addUsersWithTokens(deps, users, { password: PASSWORD, now_ms: NOW_MS })).tokens);
  app = createServiceApp({ handle, data_dir: join(work, 'data'), now_ms: () => NOW_MS }, { log_error: () => {} });
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await database?.dispose();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('an insurer', () => {
  it('sees the claims on its own policies, in the tenants whose policies name it, and only its lines', async () => {
    const { status, json } = await claimsOf('sakura');
    expect(status).toBe(200);
    expect(json.insurer).toBe('Sakura Fire & Marine');
    expect(json.claims.map((c) => [c.tenant.id, c.incident])).toEqual([
      ['exchange-a', 'INC-HACK'],
      ['exchange-a', 'INC-ATO'],
    ]);
    for (const claim of json.claims) expect(claim.lines.map((l) => [l.policy, l.on])).toEqual([['ato-2026', 'insurer']]);
    expect(JSON.stringify(json)).not.toMatch(/Fuji Marine|crime-2026|total_recovery/);
  });

  it('never receives a customer row, even of a per-customer cover', async () => {
    const { text } = await claimsOf("sakura");
    expect(text).not.toMatch(/"customers"|account_id/);
    for (const account of account_ids) expect(text).not.toContain(account);
    // The stored claim does hold customer rows: the insurer's view dropped them.
    const store = await handle.forTenant('exchange-a', ADMIN);
    const stored = JSON.stringify((await store.listRuns({ kind: 'claim' })).map((r) => r.result));
    expect(stored).toContain('"account_id":"A0001"');
  });

  it('as a reinsurer, sees the layers it reinsures with its own share alone', async () => {
    const { json } = await claimsOf('kanto');
    expect(json.claims.map((c) => c.tenant.id)).toEqual(['exchange-a', 'exchange-a']);
    for (const claim of json.claims) {
      expect(claim.lines).toHaveLength(1);
      expect(claim.lines[0]).toMatchObject({ policy: 'crime-2026', on: 'reinsurer', allocation: null });
      expect(claim.lines[0]!.reinsurance.map((r) => r.reinsurer)).toEqual(['Kanto Re']);
    }
    expect(JSON.stringify(json)).not.toMatch(/Pacific Re|ato-2026/);
  });

  it('sees nothing of a tenant whose programme does not name it', async () => {
    expect((await claimsOf('osaka')).json.claims.map((c) => c.tenant.id)).toEqual(['exchange-b', 'exchange-b']);
    expect((await claimsOf('nobody')).json.claims).toEqual([]);
  });

  it('reads no tenant route, and no other role reads its route', async () => {
    for (const path of ['/api/v1/snapshots', '/api/v1/history', '/api/v1/alerts']) {
      expect((await app.request(path, bearer(tokens.sakura!))).status).toBe(403);
    }
    expect((await claimsOf('officer-a')).status).toBe(403);
  });
});

describe('hozen insurer claims (the front ends agree)', () => {
  it('gives with --json the JSON the API gives the insurer user, in both languages; the text names the insurer first', async () => {
    const cases = [['sakura', 'Sakura Fire & Marine'], ['kanto', 'Kanto Re'], ['nobody', 'Unknown Assurance']] as const;
    const answers = new Map<string, unknown>();
    for (const [who] of cases) {
      for (const lang of ['en', 'ja']) {
        const response = await app.request(`/api/v1/insurer/claims?lang=${lang}`, { headers: { authorization: `Bearer ${tokens[who]!}` } });
        expect(response.status).toBe(200);
        answers.set(`${who} ${lang}`, await response.json());
      }
    }
    // The CLI opens the embedded store itself: this process lets go of it meanwhile.
    await handle.close();
    try {
      const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
      const env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
      for (const [who, insurer] of cases) {
        for (const lang of ['en', 'ja']) {
          const out = await runCli(['insurer', 'claims', '--insurer', insurer, '--json', '--lang', lang], env);
          expect(out.stderr).toBe('');
          expect(out.exit_code).toBe(0);
          expect(JSON.parse(out.stdout)).toEqual(answers.get(`${who} ${lang}`));
        }
      }
      const text = await runCli(['insurer', 'claims', '--insurer', 'Kanto Re', '--lang', 'ja'], env);
      expect(text.stdout.split('\n')[0]).toBe('Kanto Re が保険会社または再保険者である保存済みの保険金請求は 2 件です。');
      expect(text.stdout).toContain('[crime-2026] 再保険者として（自社の負担分のみ）');
      expect(text.stdout).not.toMatch(/Pacific Re|ato-2026|A0001/);
      expect((await runCli(['insurer', 'claims', '--insurer', ' '], env)).exit_code).toBe(2);
    } finally {
      handle = await database.openHandle();
    }
  }, 120_000);
});
