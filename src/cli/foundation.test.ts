// The foundation's commands end to end, through runCli on a real embedded store: import (and its
// idempotence), snapshots, show, the audit log, demo, start, and what users get for bad input.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import { openStore, openStoreHandle } from '../store/open.ts';
import { runCli } from './main.ts';
import { EXIT_STORE_BUSY } from '../errors.ts';

const EXAMPLE = new URL('../../examples/snapshot/', import.meta.url).pathname;
let database: TestDatabase;
let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  work = await mkdtemp(join(tmpdir(), 'hozen-cli-'));
  const { DATABASE_URL: _url, HOZEN_DB: _db, LANG: _lang, LC_ALL: _lc, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
});

afterAll(async () => {
  await database.dispose();
  await rm(work, { recursive: true, force: true });
});

async function copyExample(name: string, edit: Record<string, (text: string) => string> = {}): Promise<string> {
  const dir = join(work, name);
  await cp(EXAMPLE, dir, { recursive: true });
  for (const [file, fn] of Object.entries(edit)) await writeFile(join(dir, file), fn(await readFile(join(dir, file), 'utf8')));
  return dir;
}

describe('hozen import, snapshots, show, audit', () => {
  it('imports once, then finds the same content already there', async () => {
    const first = await runCli(['import', EXAMPLE, '--json'], env);
    expect(first.exit_code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created).toMatchObject({ status: 'created', balance_rows: 7, warnings: [] });
    expect(created.snapshot).toMatch(/^[0-9a-f]{16}$/);

    const again = await runCli(['import', EXAMPLE], env);
    expect(again.exit_code).toBe(0);
    expect(again.stdout).toContain(`snapshot ${created.snapshot} was already imported (7 balance rows); nothing written`);

    const list = JSON.parse((await runCli(['snapshots', '--json'], env)).stdout);
    expect(list.snapshots.filter((s: { id: string }) => s.id === created.snapshot)).toHaveLength(1);
    // Imported by the command line: its audit entry names the OS user, and the list says so.
    expect(list.snapshots.find((s: { id: string }) => s.id === created.snapshot).imported_by).toMatchObject({ type: 'cli', user_name: null, token_label: null });
    const table = await runCli(['snapshots'], env);
    expect(table.stdout).toMatch(/the hozen command line \(run as OS user .+\)/);
  });

  it('shows exact totals and values, from a stored id prefix as from the directory', async () => {
    const imported = JSON.parse((await runCli(['import', EXAMPLE, '--json'], env)).stdout);
    const by_prefix = await runCli(['show', imported.snapshot.slice(0, 6), '--json'], env);
    expect(by_prefix.exit_code, by_prefix.stderr).toBe(0);
    const summary = JSON.parse(by_prefix.stdout);
    const btc = summary.assets.find((a: { asset: string }) => a.asset === 'BTC');
    // Customer balances are a requirement, rounded up per asset (docs/formats/valuation.md):
    // 0.5 + 1.25 + 0.00000001 BTC at ¥15,234,567.89 = ¥26,660,493.9598… → ¥26,660,494.
    expect(btc).toMatchObject({ liabilities: '1.75000001', liabilities_value: '26660494', price: '15234567.89' });
    const eth = summary.assets.find((a: { asset: string }) => a.asset === 'ETH');
    expect(eth.liabilities).toBe('13.500000000000000001');
    // JPY 1,330,000 + BTC 26,660,494 + ETH 13.500000000000000001 × 502,500.5 = 6,783,756.75… → 6,783,757.
    expect(summary.totals.liabilities_value).toBe('34774251');
    expect(summary).toMatchObject({ rounding: 'floor', liabilities_rounding: 'ceil' });
    // Holdings: each wallet rounded down, the rows and totals their sums. Hot: 0.08 BTC = ¥1,218,765.4312
    // and 0.5 ETH = ¥251,250.25 → ¥1,218,765 + ¥251,250 = ¥1,470,015 (check shows the same figure).
    expect(summary.totals.holdings_value.customer.hot).toBe('1470015');
    expect(btc.holdings_value.customer).toEqual({ hot: '1218765', warm: '0', cold: '25441728', all: '26660493' });
    const from_dir = JSON.parse((await runCli(['show', EXAMPLE, '--json'], env)).stdout);
    expect(from_dir).toEqual(summary);
  });

  it('prints the summary in Japanese with --lang ja', async () => {
    const result = await runCli(['show', EXAMPLE, '--lang', 'ja'], env);
    expect(result.exit_code).toBe(0);
    expect(result.stdout).toContain('顧客残高（負債・必要額のため切り上げ）');
    expect(result.stdout).toContain('保有はウォレットごとに評価して切り捨て');
    expect(result.stdout).toContain('34,774,251');
  });

  it('verifies the audit chain, and exits 3 once an entry is edited', async () => {
    const ok = JSON.parse((await runCli(['audit', 'verify', '--json'], env)).stdout);
    expect(ok).toMatchObject({ ok: true });
    const store = await openStore({ db_dir: database.dir! });
    try {
      const entries = await store.auditEntries();
      expect(entries.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    await database.sql(`ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET subject = 'forged' WHERE seq = 1`);
    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.exit_code).toBe(3);
    expect(broken.stdout).toContain('audit log BROKEN at entry 1 (entry edited)');
  });
});

describe('bad input: located, translated, nothing written, exit 2', () => {
  it('lists every problem with file, line and field, in English and in Japanese', async () => {
    const dir = await copyExample('bad', { 'balances.csv': (t) => t + 'A0009,BTC,1.123456789\nA0010,DOGE,1\n' });
    const before = JSON.parse((await runCli(['snapshots', '--json'], env)).stdout).snapshots.length;
    const en = await runCli(['import', dir], env);
    expect(en.exit_code).toBe(2);
    expect(en.stderr).toContain("balances.csv:9: amount: amount '1.123456789' has 9 decimals; BTC allows 8");
    expect(en.stderr).toContain("balances.csv:10: asset: unknown asset 'DOGE'");
    expect(en.stderr).toContain('2 problems in the input; nothing was written');
    expect(en.stderr).not.toMatch(/\n\s+at /);
    const ja = await runCli(['import', dir, '--lang', 'ja'], env);
    expect(ja.stderr).toContain("balances.csv:9: amount: 金額 '1.123456789' は小数点以下9桁です。BTC は8桁までです");
    expect(JSON.parse((await runCli(['snapshots', '--json'], env)).stdout).snapshots.length).toBe(before);
  });

  it('gives machine-readable issues with --json', async () => {
    const dir = await copyExample('bad-json', { 'wallets.json': (t) => t.replace('"tier": "hot"', '"tier": "lukewarm"') });
    const result = await runCli(['import', dir, '--json'], env);
    expect(result.exit_code).toBe(2);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ error: 'input.invalid', issue_count: 1 });
    expect(body.issues[0]).toMatchObject({ file: 'wallets.json', line: 2, path: '[0].tier', code: 'value.enum' });
  });

  it('says what is wrong with arguments, without a stack trace', async () => {
    expect(await runCli(['show', 'no-such-snapshot'], env)).toMatchObject({ exit_code: 2, stderr: expect.stringContaining("'no-such-snapshot' is neither a snapshot directory nor a stored snapshot id") });
    expect(await runCli(['import', join(work, 'missing')], env)).toMatchObject({ exit_code: 2 });
    expect(await runCli(['import', EXAMPLE, '--lang', 'fr'], env)).toMatchObject({ exit_code: 2, stderr: expect.stringContaining("language 'fr' is not supported") });
    expect(await runCli(['demo', '--accounts', 'many'], env)).toMatchObject({ exit_code: 2, stderr: expect.stringContaining('--accounts must be a whole number') });
    expect(await runCli(['frobnicate'], env)).toMatchObject({ exit_code: 2, stderr: expect.stringContaining('usage error') });
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await runCli(['--version'], env)).toMatchObject({ exit_code: 0, stdout: `${version}\n` });
    const help = await runCli(['import', '--help'], env);
    expect(help.exit_code).toBe(0);
    expect(help.stdout).toContain('validate a snapshot directory');
  });

  it('refuses an embedded store that another live process holds, naming it, with the busy exit code (not bad input)', async () => {
    const dir = join(work, 'held-db');
    const store = await openStore({ db_dir: dir });
    try {
      // The lock is per process: a second process must be refused while this one holds it.
      const child = spawn(process.execPath, [new URL('../../bin/hozen.js', import.meta.url).pathname, 'snapshots', '--db', dir], { env: { ...env, HOZEN_LANG: 'en' } });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(EXIT_STORE_BUSY);
      expect(stderr).toContain(String(process.pid));
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await store.close();
    }
  });

  it('tells a command run beside the service, in one line in the user’s language, that the service holds the store', async () => {
    const dir = join(work, 'served-db');
    // As `hozen serve` opens it: the lock names the service, PGlite runs in a worker thread.
    const handle = await openStoreHandle({ db_dir: dir, serving: 'http://127.0.0.1:8080', pglite_thread: true });
    try {
      for (const [lang, expected] of [
        ['en', 'belongs to the Hozen service running at http://127.0.0.1:8080'],
        ['ja', 'http://127.0.0.1:8080 で動いている Hozen サービス'],
      ] as const) {
        const child = spawn(process.execPath, [new URL('../../bin/hozen.js', import.meta.url).pathname, 'snapshots', '--db', dir], { env: { ...env, HOZEN_LANG: lang } });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += String(chunk)));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(code).toBe(EXIT_STORE_BUSY);
        expect(stderr).toContain(expected);
        expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      }
    } finally {
      await handle.close();
    }
  });
});

describe('hozen demo and hozen start', () => {
  it('writes a small demo, then start imports it and reports coverage', async () => {
    const dir = join(work, 'demo');
    const db = join(work, 'start-db');
    const demo = await runCli(['demo', '--out', dir, '--accounts', '300', '--seed', '5', '--json'], env);
    expect(demo.exit_code, demo.stderr).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ accounts: 300 });
    // A second demo into the same directory would overwrite a snapshot: refused, naming it, unless --force.
    const again_demo = await runCli(['demo', '--out', dir, '--accounts', '300', '--seed', '5'], env);
    expect(again_demo.exit_code).toBe(2);
    expect(again_demo.stderr).toContain('already holds a snapshot (8 files; exchange: Hozen Demo Exchange');
    expect(again_demo.stderr).toContain('--force');
    expect((await runCli(['demo', '--out', dir, '--accounts', '300', '--seed', '5', '--force'], env)).exit_code).toBe(0);
    const start = await runCli(['start', '--dir', dir, '--db', db], env);
    expect(start.stderr).toBe('');
    expect(start.exit_code).toBe(0);
    expect(start.stdout).toContain('Hozen Demo Exchange');
    expect(start.stdout).toContain('Coverage check');
    expect(start.stdout).toContain('Overall: compliant');
    // A log-in for the service, its password shown once: the second start does not show it again.
    const password = /log in as demo with the password (\S+)/.exec(start.stdout)?.[1];
    expect(password).toBeDefined();
    const again = await runCli(['start', '--dir', dir, '--db', db], env);
    expect(again.stdout).not.toContain(password!);
    expect(again.stdout).toContain('log in as demo');
  });
});
