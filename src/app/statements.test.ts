// Per-customer compensation statements: one page per affected customer (distinct accounts, their
// rows gathered from anywhere in payouts.csv), in both languages, dates and money as people write
// them, grouped over buckets without holding every customer.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incidentOf } from '../compensation/testing.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { storeSnapshot, withTestStore } from '../store/testing.ts';
import { runCompensation } from './compensate.ts';
import { statementsJob } from './statements.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function snapshot() {
  return fixtureSnapshot({
    assets: { BTC: 8, XEM: 6 },
    wallets: [
      { id: 'btc-hot', asset: 'BTC', tier: 'hot', amount: '2' },
      { id: 'xem-hot', asset: 'XEM', tier: 'hot', amount: '1000' },
    ],
    // A's two rows are apart in the file; D holds nothing lost.
    balances: [['A', 'BTC', '1.5'], ['B', 'XEM', '400'], ['D', 'JPY', '5'], ['C', 'BTC', '0.5'], ['A', 'XEM', '600'], ['E', 'XEM', '0.000001']],
    prices: [['2026-11-24T09:00:00+09:00', 'BTC', '15000000'], ['2026-11-24T09:00:00+09:00', 'XEM', '88.549']],
    net_assets: '100000000',
    documents: { compensation_policy: { format: 'hozen-compensation-policy/1', scheme: 'per_asset', assets: { XEM: { method: 'fiat', price: { rule: 'fixed', price: '88.549' } } } } },
  });
}

describe('compensation statements', () => {
  it('writes one page per customer in both languages, gathering a customer’s rows across buckets', async () => {
    const work = mkdtempSync(join(tmpdir(), 'hozen-st-'));
    dirs.push(work);
    await withTestStore(async (store) => {
      const s = snapshot();
      await storeSnapshot(store, s);
      const incident = incidentOf(s, { losses: [['btc-hot', 'BTC', '1'], ['xem-hot', 'XEM', '100']] });
      const run = await runCompensation(store, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: join(work, 'run'), writer_thread: false });
      const result = await statementsJob({ store }, { run_dir: join(work, 'run'), out_dir: join(work, 'st'), contact: 'お客様窓口 0120-000-000（平日 9:00〜17:00）', issued_on: '2026-11-24', per_file: 2, bucket_rows: 2 });
      expect(result).toMatchObject({ run_id: run.run_id, customers: 4, rows: 5, files: 2 });
      expect(result.buckets).toBeGreaterThan(1);
      expect(readdirSync(join(work, 'st')).sort()).toEqual(['index.csv', 'statements-en-00001.html', 'statements-en-00002.html', 'statements-ja-00001.html', 'statements-ja-00002.html']);
      const index = readFileSync(join(work, 'st', 'index.csv'), 'utf8').trim().split('\n');
      expect(index[0]).toBe('account_id,file,page');
      expect(index.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['A', 'B', 'C', 'E']);
      const ja = ['00001', '00002'].map((n) => readFileSync(join(work, 'st', `statements-ja-${n}.html`), 'utf8')).join('');
      const en = ['00001', '00002'].map((n) => readFileSync(join(work, 'st', `statements-en-${n}.html`), 'utf8')).join('');
      expect(ja.match(/<section>/g)).toHaveLength(4);
      expect(en.match(/<section>/g)).toHaveLength(4);
      const a_ja = ja.slice(ja.indexOf('お客様の口座番号：A<'), ja.indexOf('</section>', ja.indexOf('お客様の口座番号：A<')));
      // A: 0.75 BTC back in kind; 60 XEM lost × 88.549 = 5,312.94 → 5,312円.
      expect(a_ja).toContain('金銭でお支払いする額：5,312円');
      expect(a_ja).toContain('<td>BTC</td><td class="n">1.5 BTC</td><td class="n">0.75 BTC</td><td class="n">0.75 BTC</td>');
      expect(a_ja).toContain('88.549円（固定価格）');
      expect(ja).toContain('2026年11月24日');
      expect(ja).toContain('お問い合わせ先：お客様窓口 0120-000-000（平日 9:00〜17:00）');
      expect(ja).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(en).toContain('Issued on 24 November 2026');
      expect(en).toContain('You receive JPY 5,312 in money.');
      // D lost nothing: no statement.
      expect(ja).not.toContain('口座番号：D<');
      await expect(statementsJob({ store }, { run_dir: join(work, 'run'), out_dir: join(work, 'st'), contact: 'x' })).rejects.toMatchObject({ code: 'statements.out_exists' });
    });
  });

  it('an account takeover with stated losses: the statement, the summary and payouts.csv show the stated loss, not a share by balance', async () => {
    const work = mkdtempSync(join(tmpdir(), 'hozen-st-'));
    dirs.push(work);
    await withTestStore(async (store) => {
      const s = snapshot();
      await storeSnapshot(store, s);
      // 0.9 BTC taken from A (1.5 BTC) and C (0.5 BTC); C states it lost 0.05 BTC, A bears the other
      // 0.85. By balance C would have been charged 0.9 × 0.5 / 2 = 0.225 BTC.
      const incident = incidentOf(s, {
        losses: [['btc-hot', 'BTC', '0.9']],
        affected: { mode: 'accounts', accounts: ['A', 'C'], losses: [null, [{ asset: 'BTC', amount_minor: 5_000_000n }]] },
      });
      const run = await runCompensation(store, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: join(work, 'run'), writer_thread: false });
      expect(readFileSync(join(work, 'run', 'payouts.csv'), 'utf8').split('\n').slice(1, 3)).toEqual(['A,BTC,1.5,0.85,0.85,0,0,0,0', 'C,BTC,0.5,0.05,0.05,0,0,0,0']);
      expect(run.summary.totals.by_asset.map((a) => [a.asset, a.loss, a.paid_in_kind])).toEqual([['BTC', '0.9', '0.9']]);
      await statementsJob({ store }, { run_dir: join(work, 'run'), out_dir: join(work, 'st'), contact: 'お客様窓口', issued_on: '2026-11-24' });
      const ja = readFileSync(join(work, 'st', 'statements-ja-00001.html'), 'utf8');
      const c_ja = ja.slice(ja.indexOf('お客様の口座番号：C<'), ja.indexOf('</section>', ja.indexOf('お客様の口座番号：C<')));
      expect(c_ja).toContain('<td>BTC</td><td class="n">0.5 BTC</td><td class="n">0.05 BTC</td><td class="n">0.05 BTC</td>');
    });
  });
});
