import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { compareDecimal, parseAmount, parseDecimal, valueMinor, type Decimal } from '../money/index.ts';
import { generateDemo, type DemoSummary } from './generate.ts';
import { DEMO_FILES } from './output-dir.ts';

const ACCOUNTS = 500;
let root = '';
let first: DemoSummary;
let progress: number[] = [];
const files = new Map<string, string>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hozen-demo-generate-'));
  first = await generateDemo({ out_dir: join(root, 'a'), accounts: ACCOUNTS, seed: 42, on_progress: (rows) => progress.push(rows) });
  for (const file of DEMO_FILES) files.set(file, await readFile(join(root, 'a', file), 'utf8'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const csvRows = (text: string) => text.trimEnd().split('\n').slice(1).map((line) => line.split(','));
interface WalletJson {
  id: string;
  asset: string;
  tier: string;
  purpose: string;
  amount: string;
}

describe('generateDemo', () => {
  it('writes the six snapshot files and summarises the run', async () => {
    expect((await readdir(join(root, 'a'))).sort()).toEqual([...DEMO_FILES].sort());
    expect(first).toMatchObject({ out_dir: join(root, 'a'), accounts: ACCOUNTS, assets: 8 });
    expect(first.balance_rows).toBe(csvRows(files.get('balances.csv')!).length);
    expect(first.balance_rows).toBeGreaterThanOrEqual(ACCOUNTS);
    expect(progress.at(-1)).toBe(first.balance_rows);
    expect(first.seconds).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic: the same seed gives the same bytes, another seed other bytes', async () => {
    await generateDemo({ out_dir: join(root, 'b'), accounts: ACCOUNTS, seed: 42 });
    await generateDemo({ out_dir: join(root, 'c'), accounts: ACCOUNTS, seed: 43 });
    for (const file of DEMO_FILES) {
      expect(await readFile(join(root, 'b', file), 'utf8'), file).toBe(files.get(file));
    }
    for (const file of ['balances.csv', 'prices.csv', 'wallets.json']) {
      expect(await readFile(join(root, 'c', file), 'utf8'), file).not.toBe(files.get(file));
    }
  });

  it('keeps prices of a seed whatever the number of accounts, and regenerates over an earlier demo', async () => {
    await generateDemo({ out_dir: join(root, 'b'), accounts: 50, seed: 42, force: true });
    expect(await readFile(join(root, 'b', 'prices.csv'), 'utf8')).toBe(files.get('prices.csv'));
    expect(await readFile(join(root, 'b', 'balances.csv'), 'utf8')).not.toBe(files.get('balances.csv'));
  });

  const manifest = () => JSON.parse(files.get('exchange.json')!) as { as_of: string; assets: Array<{ symbol: string; decimals: number }>; regimes: string[]; net_assets: string };
  const decimals = () => new Map(manifest().assets.map((a) => [a.symbol, a.decimals]));

  it('writes the manifest the brief asks for', () => {
    const m = manifest();
    expect(m.as_of).toBe('2026-11-25T00:00:00+09:00');
    expect(m.regimes).toEqual(['jp-psa-2020', 'jvcea-2018-draft', 'jp-2026-liability-reserve']);
    expect([...decimals()]).toEqual([['JPY', 0], ['BTC', 8], ['ETH', 18], ['XRP', 6], ['XEM', 6], ['MONA', 8], ['BCH', 8], ['USDC', 6]]);
    expect(parseAmount(m.net_assets, 0)).toBe(12_000_000_000n);
  });

  it('writes balances that parse with the asset decimals, one row per account and asset', () => {
    const d = decimals();
    const seen = new Set<string>();
    let previous_account = '';
    for (const [account_id, asset, amount, extra] of csvRows(files.get('balances.csv')!)) {
      expect(extra).toBeUndefined();
      expect(parseAmount(amount!, d.get(asset!)!) > 0n).toBe(true);
      const key = `${account_id}/${asset}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(account_id! >= previous_account).toBe(true);
      previous_account = account_id!;
    }
  });

  it('uses the full wei precision for ETH', () => {
    const eth = csvRows(files.get('balances.csv')!).filter(([, asset]) => asset === 'ETH').map(([, , amount]) => amount!);
    expect(eth.length).toBeGreaterThan(10);
    // Nine random low digits end in zero one time in ten: nearly all amounts keep 18 decimals.
    const full = eth.filter((a) => a.split('.')[1]?.length === 18);
    expect(full.length / eth.length).toBeGreaterThan(0.8);
  });

  const prices = () => {
    const as_of_ms = Date.parse(manifest().as_of);
    const latest = new Map<string, { time_ms: number; price: Decimal }>([['JPY', { time_ms: 0, price: parseDecimal('1') }]]);
    for (const [time, asset, price] of csvRows(files.get('prices.csv')!)) {
      const time_ms = Date.parse(time!);
      const current = latest.get(asset!);
      if (time_ms <= as_of_ms && (current === undefined || time_ms >= current.time_ms)) latest.set(asset!, { time_ms, price: parseDecimal(price!) });
    }
    return latest;
  };

  it('has customer wallets summing exactly to customer balances, with hot+warm under 5% of the crypto value', () => {
    const d = decimals();
    const price = prices();
    const balances = new Map<string, bigint>();
    for (const [, asset, amount] of csvRows(files.get('balances.csv')!)) balances.set(asset!, (balances.get(asset!) ?? 0n) + parseAmount(amount!, d.get(asset!)!));
    const wallets = JSON.parse(files.get('wallets.json')!) as WalletJson[];
    const customer = new Map<string, bigint>();
    const hot_warm = new Map<string, bigint>();
    const guarantee = new Map<string, bigint>();
    for (const w of wallets) {
      const amount = parseAmount(w.amount, d.get(w.asset)!);
      if (w.purpose === 'customer') customer.set(w.asset, (customer.get(w.asset) ?? 0n) + amount);
      if (w.purpose === 'customer' && w.tier !== 'cold') hot_warm.set(w.asset, (hot_warm.get(w.asset) ?? 0n) + amount);
      if (w.purpose === 'guarantee') guarantee.set(w.asset, (guarantee.get(w.asset) ?? 0n) + amount);
    }
    let crypto_value = 0n;
    let hot_warm_value = 0n;
    for (const [asset, total] of balances) {
      if (asset === 'JPY') {
        expect(customer.has('JPY')).toBe(false);
        continue;
      }
      expect(customer.get(asset), asset).toBe(total);
      expect((guarantee.get(asset) ?? 0n) >= (hot_warm.get(asset) ?? 0n)).toBe(true);
      crypto_value += valueMinor(total, d.get(asset)!, price.get(asset)!.price, 0, 'half-even');
      hot_warm_value += valueMinor(hot_warm.get(asset) ?? 0n, d.get(asset)!, price.get(asset)!.price, 0, 'half-even');
    }
    const share = Number((hot_warm_value * 1_000_000n) / crypto_value) / 1_000_000;
    expect(share).toBeLessThan(0.05);
    expect(share).toBeGreaterThan(0.025);
  });

  it('prices every crypto asset at as_of and gives XEM trades with volume', () => {
    const price = prices();
    for (const [symbol] of decimals()) expect(compareDecimal(price.get(symbol)!.price, parseDecimal('0')), symbol).toBe(1);
    const trades = csvRows(files.get('prices.csv')!).filter(([, , , volume]) => volume !== '');
    expect(trades.length).toBeGreaterThanOrEqual(5);
    expect(new Set(trades.map(([, asset]) => asset))).toEqual(new Set(['XEM']));
  });

  it('refuses bad options before touching the disk', async () => {
    const out_dir = join(root, 'never');
    await expect(generateDemo({ out_dir, accounts: -5 })).rejects.toBeInstanceOf(UserError);
    await expect(readdir(out_dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
