// `hozen alerts` counts from now: a preservation contract and a time deposit ending within the
// warning days and a stale snapshot are open alerts, and any open alert exits 3.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import { runCli } from '../main.ts';

const EXAMPLE = join(import.meta.dirname, '../../../examples/snapshot');
let database: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  expect((await runCli(['check', EXAMPLE], env)).exit_code).toBe(0);
});

afterAll(async () => {
  await database.dispose();
});

describe('hozen alerts', () => {
  it('has nothing open on the morning of the snapshot, and exits 0', async () => {
    const result = await runCli(['alerts', '--now', '2026-11-25T06:00:00+09:00'], env);
    expect([result.exit_code, result.stdout]).toEqual([0, 'no alerts for snapshot ca9344c321f1 (as of 25 Nov 2026 00:00)\n']);
  });

  it('names a contract and a deposit ending within the warning days and a stale snapshot, and exits 3 on warnings alone', async () => {
    const result = await runCli(['alerts', '--now', '2027-03-11T09:00:00+09:00', '--json'], env);
    expect(result.exit_code).toBe(3);
    const view = JSON.parse(result.stdout) as { critical: number; warnings: number; alerts: Array<{ code: string; params: Record<string, unknown>; message: string }> };
    expect([view.critical, view.warnings]).toEqual([0, 3]);
    expect(view.alerts.map((a) => a.code)).toEqual(['alerts.preservation_ending', 'alerts.safe_asset_maturing', 'alerts.snapshot_stale']);
    expect(view.alerts[0]!.message).toBe('Preservation contract pc-2026 with Sumitomo Mitsui Trust Bank ends on 31 Mar 2027, in 20 days.');
    expect(view.alerts[1]!.params).toMatchObject({ id: 'td-1', days: 20 });
    const ja = await runCli(['alerts', '--now', '2027-03-11T09:00:00+09:00', '--lang', 'ja'], env);
    expect(ja.exit_code).toBe(3);
    expect(ja.stdout).toContain('[注意] Sumitomo Mitsui Trust Bank との保全契約 pc-2026 は 2027年3月31日に終了します（あと 20 日）。');
  });

  it('refuses a "now" without an offset, by name', async () => {
    const result = await runCli(['alerts', '--now', '2027-03-11 09:00'], env);
    expect(result.exit_code).toBe(2);
    expect(result.stderr).toContain("'2027-03-11 09:00' is not an instant with an offset");
  });
});
