import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import { runCli } from '../main.ts';
import { LOCAL_TENANT } from '../../store/types.ts';

const EXAMPLE = join(import.meta.dirname, '../../../examples/snapshot');
const BIN = join(import.meta.dirname, '../../../bin/hozen.js');

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let scratch: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  scratch = mkdtempSync(join(tmpdir(), 'hozen-risk-'));
});

afterAll(async () => {
  await database.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe('hozen risk', () => {
  it('--split n: the parts go through the job queue, and the stored run is the unsplit one', async () => {
    const argv = ['risk', EXAMPLE, '--years', '40000', '--seed', '11', '--json'];
    const unsplit = await runCli(argv, env);
    expect(unsplit.exit_code, unsplit.stderr).toBe(0);
    const split = await runCli([...argv, '--split', '3'], env);
    expect(split.stderr).toBe('');
    expect(split.exit_code).toBe(0);
    expect(JSON.parse(split.stdout)).toEqual(JSON.parse(unsplit.stdout));
    const handle = await database.openHandle();
    try {
      const parts = (await handle.jobs.list(LOCAL_TENANT, 100)).filter((j) => j.kind === 'risk_part');
      expect(parts.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    } finally {
      await handle.close();
    }
    expect(await runCli(['risk', EXAMPLE, '--split', '0'], env)).toMatchObject({ exit_code: 2, stderr: expect.stringContaining('--split 0 must be a whole number from 1 to 64') });
  }, 120_000);

  it('prints the documented JSON keys, stores the run, and repeats itself exactly', async () => {
    const argv = ['risk', EXAMPLE, '--years', '20000', '--seed', '7', '--json'];
    const first = await runCli(argv, env);
    expect(first.stderr).toBe('');
    expect(first.exit_code).toBe(0);
    const json = JSON.parse(first.stdout);
    for (const key of ['years', 'seed', 'expected_loss', 'var', 'tvar', 'net', 'p_exceed_cover', 'by_wallet']) expect(json).toHaveProperty(key);
    expect(json.years).toBe(20_000);
    expect(json.seed).toBe(7);
    expect(Object.keys(json.var)).toEqual(['0.99', '0.995', '0.999']);
    expect(Object.keys(json.net)).toEqual(['expected_loss', 'expected_loss_stderr', 'var', 'tvar']);
    expect(json.expected_loss).toMatch(/^\d+$/);
    // The example has three days of prices: the fallback, flagged.
    expect(json.model.prices.mode).toBe('fallback');
    // The preservation contract covering hack compensation is the cover held.
    expect(json.cover).toEqual({ amount: '50000000', source: 'contracts', contract_ids: ['pc-2026'] });
    expect(json.by_wallet.map((w: { wallet_id: string }) => w.wallet_id)).toEqual(['btc-hot-1', 'btc-cold-1', 'btc-guarantee', 'eth-hot-1', 'eth-cold-1', 'eth-guarantee', 'eth-own']);
    expect(json.by_wallet[3]).toMatchObject({ wallet_id: 'eth-hot-1', annual_rate: 0.05, rate_source: 'override' });
    expect(json.run_id).toMatch(/^risk-[0-9a-f]{24}$/);

    const again = await runCli(argv, env);
    expect(JSON.parse(again.stdout)).toEqual(json);
    const text = await runCli(['risk', EXAMPLE, '--years', '20000', '--seed', '7'], env);
    expect(text.stdout).toContain(`The same run was already stored as ${json.run_id}`);
  });

  it('reports in Japanese and writes the exceedance curves as SVG', async () => {
    const svg = join(scratch, 'curves.svg');
    const result = await runCli(['risk', EXAMPLE, '--years', '5000', '--svg', svg, '--cover', '1000000', '--lang', 'ja'], env);
    expect(result.exit_code).toBe(0);
    expect(result.stdout).toContain('期待損失');
    expect(result.stdout).toContain('保有するカバー：1,000,000円（--cover で指定）');
    expect(result.stdout).toContain('価格：代替モデル');
    const chart = readFileSync(svg, 'utf8');
    expect(chart.startsWith('<svg')).toBe(true);
    expect(chart).toContain('AEP 総額');
  });

  it('rejects bad options with a clear message and exit code 2', async () => {
    const years = await runCli(['risk', EXAMPLE, '--years', '1e6'], env);
    expect(years.exit_code).toBe(2);
    expect(years.stderr).toContain("--years '1e6' must be a whole number written in digits");
    const confidence = await runCli(['risk', EXAMPLE, '--confidence', '99'], env);
    expect(confidence.exit_code).toBe(2);
    expect(confidence.stderr).toContain("--confidence '99'");
    const range = await runCli(['risk', EXAMPLE, '--years', '10'], env);
    expect(range.exit_code).toBe(2);
    expect(range.stderr).toContain('from 1000 to 5,000,000');
    const tiers = await runCli(['risk', EXAMPLE, '--tiers', 'hot,lukewarm'], env);
    expect(tiers.exit_code).toBe(2);
    expect(tiers.stderr).toContain("'lukewarm' is not one of: hot, warm, cold");
    const cover = await runCli(['risk', EXAMPLE, '--cover', '1,000'], env);
    expect(cover.exit_code).toBe(2);
    expect(cover.stderr).toContain("--cover '1,000' is not an amount of JPY");
  });

  it('runs on worker threads when launched as `node bin/hozen.js`, with the same result as in one thread', async () => {
    const run = promisify(execFile);
    const cli = (workers: string) =>
      run(process.execPath, [BIN, 'risk', EXAMPLE, '--years', '30000', '--seed', '3', '--workers', workers, '--json'], { env, maxBuffer: 1 << 24 });
    // One after the other: a store is opened by one process at a time.
    const threads = await cli('2');
    const single = await cli('0');
    const a = JSON.parse(threads.stdout);
    const b = JSON.parse(single.stdout);
    expect(a.expected_loss).toBe(b.expected_loss);
    expect(a).toEqual(b);
  });
});
