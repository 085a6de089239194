import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import { runCli } from '../main.ts';

const EXAMPLE = join(import.meta.dirname, '../../../examples/snapshot');

// The example snapshot's hot BTC wallet holds 0.08 BTC; BTC is ¥15,234,567.89 from 2026-11-24 23:59.
// Losing all of it at 00:00:30 (just after the snapshot) is 0.08 × 15,234,567.89 = ¥1,218,765.4312 → ¥1,218,765 (floor);
// the crime policy's ¥100,000 deductible leaves ¥1,118,765; the takeover cover pays nothing.
const POLICIES = {
  format: 'hozen-policies/1',
  policies: [
    {
      id: 'ato',
      insurer: 'Sakura Fire',
      period: { start: '2026-04-01', end: '2027-03-31' },
      currency: 'JPY',
      perils: ['account_takeover'],
      exclusions: [],
      assets: 'all',
      wallets: 'all',
      terms: { deductible: '0', occurrence_limit: 'unlimited', aggregate_limit: '100000000', per_customer: { annual_limit: '1000000' }, valuation: { basis: 'market' } },
    },
    {
      id: 'crime',
      insurer: 'Fuji Marine',
      period: { start: '2026-04-01', end: '2027-03-31' },
      currency: 'JPY',
      perils: [{ peril: 'external_hack', tiers: ['hot'] }],
      exclusions: [],
      assets: 'all',
      wallets: 'all',
      terms: { deductible: '100000', occurrence_limit: '1000000000', aggregate_limit: 'unlimited', valuation: { basis: 'market' } },
    },
  ],
};
const incident = (wallet_id: string) => ({
  format: 'hozen-incident/1',
  id: 'INC-1',
  occurred_at: '2026-11-25T00:00:30+09:00',
  detected_at: '2026-11-25T08:00:00+09:00',
  peril: 'external_hack',
  losses: [{ wallet_id, asset: 'BTC', amount: '0.08' }],
});

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  dir = await mkdtemp(join(tmpdir(), 'hozen-claim-'));
  await cp(EXAMPLE, join(dir, 'snapshot'), { recursive: true });
  await writeFile(join(dir, 'snapshot', 'policies.json'), JSON.stringify(POLICIES, null, 2));
  await writeFile(join(dir, 'incident.json'), JSON.stringify(incident('btc-hot-1'), null, 2));
  await writeFile(join(dir, 'bad-incident.json'), JSON.stringify(incident('btc-hot-9'), null, 2));
});

afterAll(async () => {
  await database.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('hozen claim', () => {
  it('prints what each policy would pay, and why not', async () => {
    const result = await runCli(['claim', join(dir, 'snapshot'), join(dir, 'incident.json')], env);
    expect(result.stderr).toBe('');
    expect(result.exit_code).toBe(0);
    expect(result.stdout).toContain('Total recovery from insurance: 1,118,765 JPY');
    expect(result.stdout).toContain('why: peril external hack not covered (the policy covers: account takeover)');
  });

  it('--json keeps the documented keys, with exact decimal strings', async () => {
    const result = await runCli(['claim', join(dir, 'snapshot'), join(dir, 'incident.json'), '--json'], env);
    expect(result.exit_code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['incident', 'total_recovery', 'policies']));
    expect([json.incident, json.total_recovery]).toEqual(['INC-1', '1118765']);
    expect(json.policies.map((p: Record<string, unknown>) => [p.id, p.covered_loss, p.deductible, p.recovery, p.reason, p.reinsurance])).toEqual([
      ['ato', '0', '0', '0', 'peril external hack not covered (the policy covers: account takeover)', []],
      ['crime', '1218765', '100000', '1118765', null, []],
    ]);
  });

  it('stores the claim once per inputs, with its audit entry', async () => {
    await runCli(['claim', join(dir, 'snapshot'), join(dir, 'incident.json'), '--json'], env);
    await runCli(['claim', join(dir, 'snapshot'), join(dir, 'incident.json')], env);
    const audit = JSON.parse((await runCli(['audit', 'log', '--json'], env)).stdout) as { entries: Array<{ kind: string; subject: string }> };
    const claims = audit.entries.filter((e) => e.kind === 'claim');
    expect(claims).toHaveLength(1);
    expect(claims[0]!.subject).toMatch(/^claim-[0-9a-f]{24}$/);
    expect(JSON.parse((await runCli(['audit', 'verify', '--json'], env)).stdout)).toMatchObject({ ok: true });
    // People read the log's times in the exchange's local time (its snapshot's offset), machines in ISO 8601 UTC.
    const at = (audit.entries[0] as unknown as { at: string }).at;
    expect(at).toMatch(/Z$/);
    const ja = (await runCli(['audit', 'log', '--lang', 'ja'], env)).stdout;
    const local = new Date(Date.parse(at) + 9 * 3_600_000);
    const hh = String(local.getUTCHours()).padStart(2, '0');
    expect(ja).toContain(`${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${hh}:`);
    expect(ja).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('reports a bad incident with its file, path and field, in Japanese too, exit 2', async () => {
    const result = await runCli(['claim', join(dir, 'snapshot'), join(dir, 'bad-incident.json'), '--lang', 'ja'], env);
    expect(result.exit_code).toBe(2);
    expect(result.stderr).toContain("losses[0].wallet_id: 不明なウォレット 'btc-hot-9'");
    expect(result.stderr).not.toContain('    at ');
  });
});
