import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../errors.ts';
import { formatAmount } from '../../money/index.ts';
import { readSnapshotDir, identifySnapshotDir } from './directory.ts';

const EXAMPLE = new URL('../../../examples/snapshot/', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function copyExample(edit: Record<string, (text: string) => string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hozen-snap-'));
  dirs.push(dir);
  await cp(EXAMPLE, dir, { recursive: true });
  for (const [file, fn] of Object.entries(edit)) {
    const path = join(dir, file);
    await writeFile(path, fn(await readFile(path, 'utf8').catch(() => '')));
  }
  return dir;
}

async function issuesOf(dir: string): Promise<InputIssue[]> {
  try {
    await readSnapshotDir(dir);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readSnapshotDir on the documented example', () => {
  it('reads every file with exact amounts and totals', async () => {
    const { snapshot, warnings } = await readSnapshotDir(EXAMPLE);
    expect(snapshot.manifest.base_currency).toBe('JPY');
    expect(snapshot.assets.get('JPY')!.kind).toBe('fiat');
    expect(snapshot.balance_rows).toBe(7);
    const btc = snapshot.balance_totals.find((t) => t.asset === 'BTC')!;
    // 0.5 + 1.25 + 0.00000001 = 1.75000001 BTC
    expect(formatAmount(btc.total_minor, 8)).toBe('1.75000001');
    expect(btc.accounts).toBe(3);
    const eth = snapshot.balance_totals.find((t) => t.asset === 'ETH')!;
    // 10.000000000000000001 + 3.5 = 13.500000000000000001 ETH: 1.35e19 wei, beyond int64
    expect(eth.total_minor).toBe(13_500_000_000_000_000_001n);
    expect(snapshot.wallets).toHaveLength(7);
    expect(snapshot.wallets[0]!.controls.signing).toEqual({ m: 2, n: 3 });
    expect(snapshot.wallets[0]!.controls.withdrawal_limit_per_day_minor).toBe(50_000_000n);
    expect(snapshot.contracts[0]!.amount_minor).toBe(50_000_000n);
    expect(snapshot.safe_assets.map((s) => s.maturity)).toEqual([null, '2027-03-31', '2028-06-20']);
    // Customer wallets hold 1.75000001 BTC = balances; ETH 0.5 + 13.000000000000000001 = 13.500000000000000001.
    expect(warnings).toEqual([]);
    const rows: string[] = [];
    for await (const batch of snapshot.balances.scan({ assets: ['ETH'] })) for (let i = 0; i < batch.length; i++) rows.push(`${batch.account_id[i]}:${batch.amount_minor[i]}`);
    expect(rows).toEqual(['A0002:10000000000000000001', 'A0003:3500000000000000000']);
  });

  it('derives the same id from the same content and a different id from different content', async () => {
    const a = await identifySnapshotDir(EXAMPLE);
    const b = await identifySnapshotDir(await copyExample());
    const c = await identifySnapshotDir(await copyExample({ 'balances.csv': (t) => t + 'A0005,BTC,1\n' }));
    expect(a.id).toBe(b.id);
    expect(a.id).toHaveLength(16);
    expect(c.id).not.toBe(a.id);
  });

  it('warns, without failing, when customer wallets differ from customer balances', async () => {
    const dir = await copyExample({ 'balances.csv': (t) => t + 'A0005,BTC,1\n' });
    const { warnings } = await readSnapshotDir(dir);
    expect(warnings).toEqual([expect.objectContaining({ code: 'snapshot.liabilities_mismatch', params: expect.objectContaining({ asset: 'BTC', difference: '-1' }) })]);
  });
});

describe('readSnapshotDir rejects bad input with located issues', () => {
  const cases: Array<[string, Record<string, (t: string) => string>, Partial<InputIssue>]> = [
    ['too many decimals', { 'balances.csv': (t) => t + 'A0009,BTC,1.123456789\n' }, { file: 'balances.csv', line: 9, field: 'amount', code: 'value.amount_decimals' }],
    ['unknown asset', { 'balances.csv': (t) => t + 'A0009,DOGE,1\n' }, { file: 'balances.csv', line: 9, field: 'asset', code: 'snapshot.unknown_asset' }],
    ['duplicate account and asset', { 'balances.csv': (t) => t + 'A0001,BTC,1\n' }, { file: 'balances.csv', line: 9, field: 'account_id', code: 'snapshot.balance_duplicate' }],
    ['negative amount', { 'balances.csv': (t) => t + 'A0009,BTC,-1\n' }, { line: 9, code: 'money.sign_not_allowed' }],
    ['exponent', { 'balances.csv': (t) => t + 'A0009,BTC,1e-8\n' }, { line: 9, code: 'money.exponent' }],
    ['thousands separator', { 'balances.csv': (t) => t + 'A0009,JPY,"1,000"\n' }, { line: 9, code: 'money.separator' }],
    ['NaN', { 'balances.csv': (t) => t + 'A0009,BTC,NaN\n' }, { line: 9, code: 'money.not_finite' }],
    ['empty amount', { 'balances.csv': (t) => t + 'A0009,BTC,\n' }, { line: 9, code: 'money.empty' }],
    ['junk around the number', { 'balances.csv': (t) => t + 'A0009,BTC,1.5x\n' }, { line: 9, code: 'money.malformed' }],
    ['out of range', { 'balances.csv': (t) => t + `A0009,JPY,${'9'.repeat(40)}\n` }, { line: 9, code: 'money.out_of_range' }],
    ['field count', { 'balances.csv': (t) => t + 'A0009,BTC\n' }, { line: 9, code: 'csv.field_count' }],
    ['header mismatch', { 'balances.csv': (t) => t.replace('account_id,asset,amount', 'account,asset,amount') }, { file: 'balances.csv', line: 1, code: 'csv.header' }],
    ['wrong format version', { 'exchange.json': (t) => t.replace('hozen-snapshot/1', 'hozen-snapshot/2') }, { file: 'exchange.json', line: 2, path: 'format', code: 'snapshot.format_version' }],
    ['malformed time', { 'prices.csv': (t) => t + '2026-11-24 00:00,BTC,1,,x\n' }, { file: 'prices.csv', line: 8, field: 'time', code: 'value.timestamp' }],
    ['impossible date', { 'safe_assets.csv': (t) => t + 'x,jgb,Japan,1,1,2027-02-30,true,\n' }, { file: 'safe_assets.csv', line: 5, field: 'maturity', code: 'value.date' }],
    ['bad tier', { 'wallets.json': (t) => t.replace('"tier": "hot", "purpose": "customer", "amount": "0.08"', '"tier": "lukewarm", "purpose": "customer", "amount": "0.08"') }, { file: 'wallets.json', line: 2, path: '[0].tier', code: 'value.enum' }],
    ['bad purpose', { 'wallets.json': (t) => t.replace('"purpose": "own"', '"purpose": "mine"') }, { file: 'wallets.json', path: '[6].purpose', code: 'value.enum' }],
    ['bad safe asset kind', { 'safe_assets.csv': (t) => t.replace('jgb,Government', 'gilt,Government') }, { file: 'safe_assets.csv', line: 4, field: 'kind', code: 'value.enum' }],
    ['bad contract kind', { 'contracts.json': (t) => t.replace('"preservation"', '"insurance"') }, { file: 'contracts.json', line: 2, path: '[0].kind', code: 'value.enum' }],
    ['missing price for an asset with balances', { 'prices.csv': (t) => t.split('\n').filter((l) => !l.includes(',ETH,')).join('\n') }, { file: 'prices.csv', code: 'snapshot.missing_price' }],
    ['JSON syntax', { 'wallets.json': (t) => t.replace('"hot",', '"hot"') }, { file: 'wallets.json', code: 'file.json_syntax' }],
    ['unknown field in a wallet', { 'wallets.json': (t) => t.replace('"tier": "cold", "purpose": "guarantee", "amount": "0.5"', '"tier": "cold", "purpose": "guarantee", "amount": "0.5", "amout": "1"') }, { file: 'wallets.json', path: '[5].amout', code: 'json.unknown_field' }],
  ];
  for (const [name, edit, expected] of cases) {
    it(name, async () => {
      const issues = await issuesOf(await copyExample(edit));
      expect(issues[0]).toEqual(expect.objectContaining(expected));
    });
  }

  it('collects the first 100 issues and counts all of them', async () => {
    const extra = Array.from({ length: 250 }, (_, i) => `X${i},BTC,1.123456789`).join('\n');
    const dir = await copyExample({ 'balances.csv': (t) => t + extra + '\n' });
    try {
      await readSnapshotDir(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues).toHaveLength(100);
      expect((error as InputError).issue_count).toBe(250);
    }
  });

  it('stops feeding the sink at the first error so that nothing is half-written', async () => {
    const dir = await copyExample({ 'balances.csv': (t) => t + 'A0009,BTC,bad\n' });
    let sunk = 0;
    await expect(readSnapshotDir(dir, { on_balances: async (batch) => void (sunk += batch.rows) })).rejects.toBeInstanceOf(InputError);
    expect(sunk).toBe(0);
  });
});
