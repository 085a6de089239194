// hozen prove / proof / verify-proof end to end, in-process, on an embedded store: the whole
// round a customer's proof makes, from a snapshot directory to "VERIFIED", and the exits of
// tampered proofs (3) and bad input (2).

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { buildTree, type TreeMeta } from '../../proof/build.ts';
import { liabilitiesJson } from '../../proof/derive.ts';
import { readDownloadToken } from '../../proof/download-token.ts';
import { parseMasterSecret } from '../../app/prove.ts';
import { readSnapshotDir } from '../../snapshot/read/directory.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.ts';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import { signedReservesText } from '../../reserves/testing.ts';
import { runCli } from '../main.ts';

const SECRET = new URL('../../../examples/proof/demo-master-secret.hex', import.meta.url).pathname;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let work: string;
let snapshot_id: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'hozen-prove-cli-'));
  await generateDemo({ out_dir: join(work, 'exchange'), accounts: 200, seed: 5 });
  database = await createTestDatabase('pglite');
  const { DATABASE_URL: _url, HOZEN_DB: _db, HOZEN_PROOF_SECRET_FILE: _s, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en', HOZEN_PROOF_SECRET_FILE: SECRET };
}, 120_000);

afterAll(async () => {
  await database?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('hozen prove, proof, verify-proof', () => {
  it('builds the tree from a snapshot directory and publishes liabilities.json', async () => {
    const out = join(work, 'pol');
    const result = await runCli(['prove', join(work, 'exchange'), '--out', out, '--min-height', '4', '--json'], env);
    expect(result.exit_code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { snapshot_id: string; customers: number; liabilities: { leaf_count: number; root_hash: string } };
    snapshot_id = json.snapshot_id;
    expect(json.customers).toBeGreaterThan(150);
    expect(json.liabilities.leaf_count).toBe(256);
    expect(JSON.parse(readFileSync(join(out, 'liabilities.json'), 'utf8'))).toEqual(json.liabilities);
    expect(existsSync(join(out, 'tree', 'level-08.bin'))).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("writes every customer's download token, each reading back to that customer", async () => {
    const file = join(work, 'tokens.csv');
    const result = await runCli(['proof-tokens', snapshot_id, '--out', file, '--tenant', 'exchange-b'], env);
    expect(result.exit_code, result.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('account_id,token');
    const accounts = new Set(readFileSync(join(work, 'exchange', 'balances.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!));
    expect(lines.length - 1).toBe(accounts.size);
    const master = parseMasterSecret({ name: SECRET, text: readFileSync(SECRET, 'utf8') });
    for (const line of lines.slice(1)) {
      const [account_id, token] = line.split(',') as [string, string];
      expect(readDownloadToken(master, token)).toEqual({ tenant_id: 'exchange-b', snapshot_id, account_id });
    }
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('draws accounts by a seed and passes an honest tree; fails one that leaves a customer out (exit 3)', async () => {
    const out = join(work, 'pol');
    const seed = '0f'.repeat(16);
    const draw = await runCli(['proof-draw', snapshot_id, '--seed', seed, '--count', '40', '--tree', out, '--json'], env);
    expect(draw.exit_code, draw.stderr).toBe(0);
    const json = JSON.parse(draw.stdout) as { count: number; failed: number; checks: { account_id: string }[] };
    expect(json).toMatchObject({ count: 40, failed: 0 });
    // The same seed draws the same accounts; another seed others.
    expect((JSON.parse((await runCli(['proof-draw', snapshot_id, '--seed', seed, '--count', '40', '--tree', out, '--json'], env)).stdout) as typeof json).checks).toEqual(json.checks);
    expect((JSON.parse((await runCli(['proof-draw', snapshot_id, '--seed', 'f0'.repeat(16), '--count', '40', '--tree', out, '--json'], env)).stdout) as typeof json).checks).not.toEqual(json.checks);

    // A tree the exchange built without one customer's rows, published for this snapshot.
    const meta = JSON.parse(readFileSync(join(out, 'tree', 'meta.json'), 'utf8')) as TreeMeta;
    const csv = readFileSync(join(work, 'exchange', 'balances.csv'), 'utf8').split('\n');
    const left_out = csv[1]!.split(',')[0]!;
    cpSync(join(work, 'exchange'), join(work, 'cheat-input'), { recursive: true });
    writeFileSync(join(work, 'cheat-input', 'balances.csv'), csv.filter((line) => !line.startsWith(`${left_out},`)).join('\n'));
    const { snapshot } = await readSnapshotDir(join(work, 'cheat-input'));
    const cheat = join(work, 'cheat');
    const built = await buildTree({ snapshot_id: meta.snapshot_id, snapshot_sha256: Buffer.from(meta.snapshot_sha256, 'hex'), exchange: meta.exchange, as_of: meta.as_of, assets: meta.assets, balances: snapshot.balances, master_secret: Buffer.from(readFileSync(SECRET, 'utf8').trim(), 'hex'), min_height: 4, dir: join(cheat, 'tree') });
    writeFileSync(join(cheat, 'liabilities.json'), JSON.stringify(liabilitiesJson(built.meta, built.top_hash, built.totals_minor)));
    const caught = await runCli(['proof-draw', snapshot_id, '--seed', seed, '--count', '1000', '--tree', cheat], env);
    expect(caught.exit_code, caught.stderr).toBe(3);
    expect(caught.stdout).toContain('DRAW FAILED: 1 of');
    expect(caught.stdout).toContain(`${left_out}: no proof that verifies`);
    const ja = await runCli(['proof-draw', snapshot_id, '--seed', seed, '--count', '1000', '--tree', cheat, '--lang', 'ja'], env);
    expect(ja.stdout).toContain('抽出検査で不合格');
    expect((await runCli(['proof-draw', snapshot_id, '--seed', 'abc', '--tree', out], env)).exit_code).toBe(2);
  });

  it("derives a customer's proof from the stored tree, which verifies against the published file", async () => {
    const out = join(work, 'pol');
    const account = readFileSync(join(work, 'exchange', 'balances.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    const proof_file = join(work, 'proof.json');
    const derived = await runCli(['proof', snapshot_id.slice(0, 10), account, '--tree', out, '--out', proof_file], env);
    expect(derived.exit_code, derived.stderr).toBe(0);
    expect(readFileSync(proof_file).length).toBeLessThan(8_000);
    const verified = await runCli(['verify-proof', proof_file, '--liabilities', join(out, 'liabilities.json'), '--account', account], env);
    expect(verified.exit_code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`VERIFIED: account ${account}`);
    expect(verified.stdout).toContain('what this verification cannot tell');
    const ja = await runCli(['verify-proof', proof_file, '--liabilities', join(out, 'liabilities.json'), '--lang', 'ja'], env);
    expect(ja.stdout).toContain('検証成功');

    const tampered = JSON.parse(readFileSync(proof_file, 'utf8')) as { path: { sums_minor: string[] }[] };
    tampered.path[2]!.sums_minor[0] = '0';
    writeFileSync(join(work, 'tampered.json'), JSON.stringify(tampered));
    const failed = await runCli(['verify-proof', join(work, 'tampered.json'), '--liabilities', join(out, 'liabilities.json'), '--json'], env);
    expect(failed.exit_code).toBe(3);
    expect((JSON.parse(failed.stdout) as { ok: boolean }).ok).toBe(false);
  });

  it('reserves: verified addresses per asset against the liabilities, with the gap; short exits 3', async () => {
    const exchange_id = (JSON.parse(readFileSync(join(work, 'exchange', 'exchange.json'), 'utf8')) as { exchange: { id: string } }).exchange.id;
    const file = join(work, 'reserves.json');
    writeFileSync(file, signedReservesText(exchange_id, snapshot_id, '2026-11-25', [{ asset: 'BTC', balance: '1000', kind: 'p2wpkh' }, { asset: 'BTC', balance: '5', kind: 'bip322' }]));
    const result = await runCli(['reserves', snapshot_id, file, '--liabilities', join(work, 'pol', 'liabilities.json')], env);
    expect(result.exit_code, result.stderr).toBe(3);
    expect(result.stdout).toContain('signature verified');
    expect(result.stdout).toContain('cannot be verified offline');
    expect(result.stdout).toMatch(/BTC .*covered/);
    expect(result.stdout).toMatch(/ETH .*SHORT/);
    const ja = await runCli(['reserves', snapshot_id, file, '--lang', 'ja'], env);
    expect(ja.stdout).toContain('不足');
  });

  it('refuses bad input with exit 2 and a message, never a stack trace', async () => {
    const no_secret = { ...env, HOZEN_PROOF_SECRET_FILE: '' };
    const missing = await runCli(['prove', join(work, 'exchange')], no_secret);
    expect(missing.exit_code).toBe(2);
    expect(missing.stderr).toContain('HOZEN_PROOF_SECRET_FILE');
    writeFileSync(join(work, 'short.hex'), 'abcd\n');
    const short = await runCli(['prove', join(work, 'exchange'), '--secret-file', join(work, 'short.hex')], env);
    expect(short.exit_code).toBe(2);
    expect(short.stderr).toContain('64 hexadecimal digits');
    const unknown = await runCli(['proof', snapshot_id, 'no-such-account', '--tree', join(work, 'pol')], env);
    expect(unknown.exit_code).toBe(2);
    expect(unknown.stderr).toContain('no-such-account');
    writeFileSync(join(work, 'broken.json'), '{ "format": ');
    const broken = await runCli(['verify-proof', join(work, 'broken.json')], env);
    expect(broken.exit_code).toBe(2);
    writeFileSync(join(work, 'v2.json'), JSON.stringify({ format: 'hozen-liability-proof/2' }));
    const v2 = await runCli(['verify-proof', join(work, 'v2.json'), '--lang', 'ja'], env);
    expect(v2.exit_code).toBe(2);
    expect(v2.stderr).toContain('hozen-liability-proof/1');
    for (const r of [missing, short, unknown, broken, v2]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
