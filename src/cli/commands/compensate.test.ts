import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import { runCli } from '../main.ts';

// A Zaif-like incident: 10 BTC taken from the hot wallet, owed in kind to A (6 BTC) and B (4 BTC);
// 100 XEM taken, owed to C in yen at the VWAP (90 × 10 + 80 × 30) / 40 = ¥82.5. Need: BTC 10 ×
// ¥1,000,000 (at detection) + ⌊100 × 82.5⌋ = ¥10,008,250. Funds: 2 guarantee BTC + ¥3,000,000.
// Coverage c: ⌈100c × 82.5⌉ + ⌈(10c − 2) × 1,000,000⌉ ≤ 3,000,000 → c ≈ 5,000,000 / 10,008,250:
// c = 0.4995878, K′ = 4.995878 BTC (2 from the guarantee, 2.995878 bought: ¥2,995,878),
// Q′ = 49.95878 XEM paid ⌊4,121.59935⌋ = ¥4,121. Money drawn 2,999,999; shortfall 5,008,251.
let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;
let snapshot_dir: string;

const POLICY = {
  format: 'hozen-compensation-policy/1',
  scheme: 'per_asset',
  default: { method: 'in_kind' },
  assets: { XEM: { method: 'fiat', price: { rule: 'vwap', venue: 'zaif', from: '2026-11-24T10:00:00+09:00', to: '2026-11-24T20:00:00+09:00', decimals: 3 } } },
  rounding: { JPY: { mode: 'floor', unit: '1' } },
  on_shortfall: 'record_claim',
};

function writeSnapshot(at: string, policy: unknown): void {
  mkdirSync(at, { recursive: true });
  writeFileSync(
    join(at, 'exchange.json'),
    JSON.stringify({
      format: 'hozen-snapshot/1',
      exchange: { id: 'zaif-like', name: 'Zaif-like K.K.', jurisdictions: ['JP'] },
      as_of: '2026-11-24T12:00:00+09:00',
      base_currency: 'JPY',
      assets: [{ symbol: 'JPY', decimals: 0 }, { symbol: 'BTC', decimals: 8 }, { symbol: 'XEM', decimals: 6 }],
      net_assets: '3000000',
      regimes: ['jp-psa-2020'],
    }),
  );
  writeFileSync(join(at, 'balances.csv'), 'account_id,asset,amount\nA,BTC,6\nB,BTC,4\nC,XEM,100\nC,JPY,500\n');
  writeFileSync(
    join(at, 'wallets.json'),
    JSON.stringify([
      { id: 'btc-hot', asset: 'BTC', tier: 'hot', purpose: 'customer', amount: '10' },
      { id: 'btc-guarantee', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '2' },
      { id: 'xem-hot', asset: 'XEM', tier: 'hot', purpose: 'customer', amount: '100' },
    ]),
  );
  writeFileSync(
    join(at, 'prices.csv'),
    'time,asset,price,volume,venue\n2026-11-24T09:00:00+09:00,BTC,1000000,,x\n2026-11-24T11:00:00+09:00,XEM,90,10,zaif\n2026-11-24T12:00:00+09:00,XEM,80,30,zaif\n',
  );
  if (policy !== null) writeFileSync(join(at, 'compensation-policy.json'), JSON.stringify(policy, null, 2));
}

function writeIncident(path: string, losses: Array<{ wallet_id: string; asset: string; amount: string }>): string {
  writeFileSync(
    path,
    JSON.stringify({ format: 'hozen-incident/1', id: 'INC-ZAIF-LIKE', occurred_at: '2026-11-24T10:00:00+09:00', detected_at: '2026-11-24T11:30:00+09:00', peril: 'external_hack', losses, affected: { mode: 'holders_of_asset' } }, null, 2),
  );
  return path;
}

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  dir = mkdtempSync(join(tmpdir(), 'hozen-compensate-'));
  snapshot_dir = join(dir, 'snapshot');
  writeSnapshot(snapshot_dir, POLICY);
});

afterAll(async () => {
  await database.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('hozen compensate', () => {
  it('writes payouts.csv and the summary, exits 3 on a recorded shortfall, and is idempotent', async () => {
    const incident = writeIncident(join(dir, 'incident.json'), [
      { wallet_id: 'btc-hot', asset: 'BTC', amount: '10' },
      { wallet_id: 'xem-hot', asset: 'XEM', amount: '100' },
    ]);
    const out1 = join(dir, 'out1');
    const first = await runCli(['compensate', snapshot_dir, incident, '--out', out1, '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.exit_code).toBe(3);
    const summary = JSON.parse(first.stdout);
    for (const key of ['incident', 'run_id', 'total_need', 'shortfall', 'haircut_ratio', 'reference_prices', 'sources', 'totals']) expect(summary).toHaveProperty(key);
    expect(Object.keys(summary.totals)).toEqual(expect.arrayContaining(['paid_fiat', 'by_asset']));
    expect(Object.keys(summary.totals.by_asset[0])).toEqual(expect.arrayContaining(['asset', 'loss', 'paid_in_kind', 'iou', 'unpaid_claim', 'rounding_residue']));
    expect(summary).toMatchObject({ total_need: '10008250', shortfall: '5008251', coverage_ratio: '0.4995878' });
    expect(summary.reference_prices).toEqual([
      { asset: 'BTC', rule: 'market_at_detection', price: '1000000' },
      { asset: 'XEM', rule: 'vwap', price: '82.5' },
    ]);
    expect(summary.sources.find((s: { name: string }) => s.name === 'net_assets')).toEqual({ name: 'net_assets', available: '3000000', drawn: '2999999' });
    expect(readFileSync(join(out1, 'payouts.csv'), 'utf8')).toBe(
      [
        'account_id,asset,balance,loss,paid_in_kind,paid_fiat,iou,unpaid_claim,rounding_residue',
        'A,BTC,6,6,2.9975268,0,0,3.0024732,0',
        'B,BTC,4,4,1.9983512,0,0,2.0016488,0',
        'C,XEM,100,100,0,4121,0,50.04122,0.59935',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(out1, 'summary.ja.md'), 'utf8')).toContain('不足額');

    // Same inputs: same run id, same bytes, stored once.
    const out2 = join(dir, 'out2');
    const second = await runCli(['compensate', snapshot_dir, incident, '--out', out2, '--json'], env);
    expect(JSON.parse(second.stdout).run_id).toBe(summary.run_id);
    for (const file of ['payouts.csv', 'summary.json', 'summary.en.md', 'summary.ja.md']) expect(readFileSync(join(out2, file))).toEqual(readFileSync(join(out1, file)));
    // More money changes the inputs, hence the run: fully paid, exit 0.
    const third = await runCli(['compensate', snapshot_dir, incident, '--out', join(dir, 'out3'), '--add-funding', 'parent=6000000'], env);
    expect(third.exit_code).toBe(0);
    expect(third.stdout).toContain('Every customer is paid in full.');
    expect(third.stdout).toContain('| parent | 6,000,000 |');
    const store = await database.open();
    try {
      const runs = await store.listRuns({ kind: 'compensate' });
      expect(runs.map((r) => r.id)).toEqual(expect.arrayContaining([summary.run_id]));
      expect(runs).toHaveLength(2);
      expect((await store.auditEntries()).filter((e) => e.kind === 'compensate')).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('explains bad input in the user’s language, with file and field', async () => {
    const too_much = writeIncident(join(dir, 'too-much.json'), [{ wallet_id: 'btc-hot', asset: 'BTC', amount: '11' }]);
    const result = await runCli(['compensate', snapshot_dir, too_much, '--out', join(dir, 'bad')], env);
    expect(result.exit_code).toBe(2);
    expect(result.stderr).toContain('too-much.json');
    expect(result.stderr).not.toContain('    at ');

    const no_trades_dir = join(dir, 'no-trades');
    writeSnapshot(no_trades_dir, { ...POLICY, assets: { XEM: { method: 'fiat', price: { rule: 'vwap', venue: 'bitbank', from: '2026-11-24T10:00:00+09:00', to: '2026-11-24T20:00:00+09:00' } } } });
    const incident = writeIncident(join(dir, 'xem.json'), [{ wallet_id: 'xem-hot', asset: 'XEM', amount: '1' }]);
    const ja = await runCli(['compensate', no_trades_dir, incident, '--out', join(dir, 'bad2'), '--lang', 'ja'], env);
    expect(ja.exit_code).toBe(2);
    expect(ja.stderr).toContain('compensation-policy.json');
    expect(ja.stderr).toContain('VWAP を計算できません');

    const bad_share = join(dir, 'bad-share.json');
    writeFileSync(bad_share, JSON.stringify({ ...POLICY, assets: { XEM: { method: 'mixed', in_kind_share: '1.5', price: { rule: 'market_at_loss' } } } }, null, 2));
    const share = await runCli(['compensate', snapshot_dir, incident, '--policy', bad_share, '--out', join(dir, 'bad3')], env);
    expect(share.exit_code).toBe(2);
    expect(share.stderr).toMatch(/bad-share\.json:\d+/);
    expect(share.stderr).toContain("in_kind_share '1.5' must be between 0 and 1");
  });
});

describe('hozen compensate: an account takeover stating each account’s loss', () => {
  const takeover = (name: string, accounts: unknown[], amount = '5'): string => {
    const path = join(dir, name);
    writeFileSync(
      path,
      JSON.stringify(
        { format: 'hozen-incident/1', id: 'INC-ATO', occurred_at: '2026-11-24T12:30:00+09:00', detected_at: '2026-11-24T13:00:00+09:00', peril: 'account_takeover', losses: [{ wallet_id: 'btc-hot', asset: 'BTC', amount }], affected: { mode: 'accounts', accounts } },
        null,
        2,
      ),
    );
    return path;
  };

  it('charges A its stated 4.5 BTC and B the rest, not 3 and 2 by balance', async () => {
    const out = join(dir, 'ato-run');
    const result = await runCli(['compensate', snapshot_dir, takeover('ato.json', [{ account_id: 'A', loss: { BTC: '4.5' } }, 'B']), '--out', out], env);
    expect([0, 3], result.stderr).toContain(result.exit_code);
    expect(readFileSync(join(out, 'payouts.csv'), 'utf8').split('\n').slice(1, 3).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['A,BTC,6,4.5', 'B,BTC,4,0.5']);
  });

  it('refuses a stated loss above the balance, at its line and path, in Japanese and English, and writes nothing', async () => {
    const bad = takeover('ato-bad.json', [{ account_id: 'A', loss: { BTC: '7' } }, 'B'], '8');
    const out = join(dir, 'ato-bad-run');
    const en = await runCli(['compensate', snapshot_dir, bad, '--out', out], env);
    expect(en.exit_code).toBe(2);
    expect(en.stderr).toMatch(/ato-bad\.json:\d+/);
    expect(en.stderr).toContain('affected.accounts[0].loss.BTC');
    expect(en.stderr).toContain('account A is stated to have lost 7 BTC but held only 6 BTC in the snapshot');
    expect(en.stderr).not.toContain('    at ');
    const ja = await runCli(['compensate', snapshot_dir, bad, '--out', out, '--lang', 'ja'], env);
    expect(ja.exit_code).toBe(2);
    expect(ja.stderr).toContain('口座 A の損失 7 BTC が、スナップショットでの保有額 6 BTC を超えています');
    // Nothing half-written: no output directory, no staging leftovers beside it.
    expect((await readdir(dir)).filter((name) => name.startsWith('ato-bad-run'))).toEqual([]);
  });
});

describe('hozen policy render', () => {
  it('renders the customer-facing policy in Japanese (Markdown) and English (HTML)', async () => {
    const ja = await runCli(['policy', 'render', snapshot_dir, '--lang', 'ja'], env);
    expect(ja.exit_code).toBe(0);
    expect(ja.stdout).toContain('# Zaif-like K.K. 顧客暗号資産の不正流出時における補償方針');
    // A customer document writes dates as people do, and the yen as 円.
    expect(ja.stdout).toContain('| XEM | 2026年11月24日 10:00から2026年11月24日 20:00までのzaifにおける約定の出来高加重平均価格（小数点以下3桁に端数処理）で換算し、円でお支払いします。 |');
    expect(ja.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}|JPY/);
    // --out writes both languages, both forms; --json says so too.
    const out = join(snapshot_dir, '..', 'policy-doc');
    const written = await runCli(['policy', 'render', snapshot_dir, '--out', out, '--json'], env);
    expect(written.exit_code, written.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['compensation-policy.en.html', 'compensation-policy.en.md', 'compensation-policy.ja.html', 'compensation-policy.ja.md']);
    expect(() => JSON.parse(written.stdout)).not.toThrow();
    const en = await runCli(['policy', 'render', join(snapshot_dir, 'compensation-policy.json'), '--html', '--lang', 'en'], env);
    expect(en.exit_code).toBe(0);
    expect(en.stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(en.stdout).toContain('<li>insurance payments for the incident;</li>');
  });
});
