import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import { runCli } from '../main.ts';

// The fixture's hand-computed figures are in src/coverage/fixtures/small/README.md.
const FIXTURE = join(import.meta.dirname, '../../coverage/fixtures/small');

let database: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
});

afterAll(async () => {
  await database.dispose();
});

describe('hozen check', () => {
  it('prints the report and exits 0 when compliant, then shows the run in history', async () => {
    const result = await runCli(['check', FIXTURE], env);
    expect(result.stderr).toBe('');
    expect(result.exit_code).toBe(0);
    expect(result.stdout).toContain('Regime jp-psa-2020: compliant');
    expect(result.stdout).toContain('jvcea-2018-draft/cover  required 42,500,000 JPY (rounded up: a requirement) · held 44,800,000 JPY · surplus 2,300,000 JPY');
    expect(result.stdout).toContain('Contract preservation-1 (5,000,000 JPY) ends on 10 Dec 2026, in 15 days');

    const history = await runCli(['history', '--json'], env);
    expect(history.exit_code).toBe(0);
    const rows = JSON.parse(history.stdout).history as Array<{ regime: string; compliant: boolean; headline: Array<{ id: string; held: string }> }>;
    expect(rows.map((r) => [r.regime, r.compliant])).toEqual([
      ['jp-psa-2020', true],
      ['jvcea-2018-draft', true],
    ]);
    expect(rows[1]!.headline).toMatchObject([{ id: 'jvcea-2018-draft/cover', held: '44800000' }]);
    // Checking the same snapshot again stores nothing new.
    await runCli(['check', FIXTURE], env);
    expect(JSON.parse((await runCli(['history', '--json'], env)).stdout).history).toHaveLength(2);
    const text = await runCli(['history', '--regime', 'jvcea-2018-draft'], env);
    expect(text.stdout).toContain('cover 44,800,000 JPY (≥ 42,500,000 JPY, rounded up: a requirement)');
  });

  it('exits 3 when a check fails, with the documented JSON keys', async () => {
    const result = await runCli(['check', FIXTURE, '--regime', 'hk-sfc-2023', '--json'], env);
    expect(result.exit_code).toBe(3);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['snapshot', 'exchange', 'as_of', 'base_currency', 'compliant', 'drained', 'regimes', 'runs']);
    expect(json.compliant).toBe(false);
    expect(json.runs).toEqual([{ regime: 'hk-sfc-2023', run_id: expect.stringMatching(/^check-[0-9a-f]{24}$/), created: expect.any(Boolean) }]);
    expect(json.regimes[0].checks[0]).toMatchObject({ id: 'hk-sfc-2023/hot-share', status: 'fail', asset: null, required: '0.02', held: '0.040476190477', unit: 'ratio' });
  });

  it('drains a wallet: the report as if it were emptied, in Japanese', async () => {
    const result = await runCli(['check', FIXTURE, '--drain', 'btc-cold', '--lang', 'ja'], env);
    expect(result.exit_code).toBe(3);
    expect(result.stdout).toContain('仮定：次のウォレットが基準日時に空になった場合：btc-cold');
    expect(result.stdout).toMatch(/\[不適合\] jp-psa-2020\/segregation BTC {2}必要額 100 BTC · 保有 4 BTC · 不足 96 BTC/);
  });

  it('exits 2 with a clear message on bad input', async () => {
    const unknown = await runCli(['check', FIXTURE, '--regime', 'jp-psa-2019'], env);
    expect(unknown.exit_code).toBe(2);
    expect(unknown.stderr).toContain('Unknown regime "jp-psa-2019"');
    expect(unknown.stderr).not.toContain('    at ');
    const drain = await runCli(['check', FIXTURE, '--drain', 'no-such-wallet', '--lang', 'ja'], env);
    expect(drain.exit_code).toBe(2);
    expect(drain.stderr).toContain('--drain no-such-wallet：この ID のウォレットは wallets.json にありません。');
  });
});
