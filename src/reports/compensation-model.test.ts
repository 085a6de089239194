// The compensation summary answers first: how many customers (distinct accounts, not payout rows),
// how much paid, how much short and why; and it explains a later source drawn while an earlier
// one still had some left.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCompensation } from '../app/compensate.ts';
import { incidentOf } from '../compensation/testing.ts';
import { translator } from '../i18n/catalogs.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { compensationModel } from './compensation-model.ts';
import { localize } from './localize.ts';
import { countCustomers } from './payout-rows.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(net_assets: string) {
  const out = mkdtempSync(join(tmpdir(), 'hozen-cm-'));
  dirs.push(out);
  const s = fixtureSnapshot({
    assets: { BTC: 8, XEM: 6 },
    wallets: [
      { id: 'btc-hot', asset: 'BTC', tier: 'hot', amount: '2' },
      { id: 'xem-hot', asset: 'XEM', tier: 'hot', amount: '1000' },
      // Guarantee crypto of BTC: it can restore BTC only.
      { id: 'btc-guarantee', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '5' },
    ],
    // A holds both lost assets: three payout rows, two customers.
    balances: [['A', 'BTC', '1.5'], ['A', 'XEM', '600'], ['B', 'XEM', '400'], ['C', 'BTC', '0.5']],
    prices: [['2026-11-24T09:00:00+09:00', 'BTC', '15000000'], ['2026-11-24T09:00:00+09:00', 'XEM', '88.549']],
    net_assets,
    documents: { compensation_policy: { format: 'hozen-compensation-policy/1', scheme: 'per_asset', assets: { XEM: { method: 'fiat', price: { rule: 'fixed', price: '88.549' } } } } },
  });
  const incident = incidentOf(s, { losses: [['btc-hot', 'BTC', '1'], ['xem-hot', 'XEM', '100']] });
  const result = await runCompensation(null, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: join(out, 'run'), writer_thread: false });
  return { summary: result.summary, counts: await countCustomers(join(out, 'run', 'payouts.csv')) };
}

describe('the compensation summary', () => {
  it('counts distinct customers, not rows, and says first how many, how much paid, and that nothing is short', async () => {
    const { summary, counts } = await run('100000000');
    expect([summary.rows, counts.customers, counts.rows]).toEqual([4, 3, 4]);
    const report = localize(compensationModel(summary, counts, 'Asia/Tokyo'), translator('ja'));
    // 100 XEM × 88.549 = 8,854.9 → A 60 XEM ¥5,312 (0.94 residue), B 40 XEM ¥3,541 (0.96).
    expect(report.verdict).toBe(`3 人の顧客に全額を補償します。金銭での支払いは ${groupDigits(summary.totals.paid_fiat)}円です。`);
    expect(report.facts[0]).toMatchObject({ label: '対象の顧客数（口座単位）', value: { text: '3' } });
  });

  it('explains a waterfall that drew money while guarantee crypto was left, and why the rest is short', async () => {
    const { summary, counts } = await run('1000');
    expect(summary.shortfall).not.toBe('0');
    const guarantee = summary.sources.find((x) => x.name === 'guarantee')!;
    expect(BigInt(guarantee.available) > BigInt(guarantee.drawn)).toBe(true);
    const report = localize(compensationModel(summary, counts, 'Asia/Tokyo'), translator('en'));
    expect(report.verdict).toBe(`3 customers affected; ${groupDigits(summary.totals.paid_fiat)} JPY paid in money; ${groupDigits(summary.shortfall)} JPY short.`);
    expect(report.notes[0]).toMatch(/^Why short: [\d,]+ JPY was needed; the money sources held [\d,]+ JPY, and the guarantee crypto/);
    expect(report.notes.some((n) => /^The source “net assets” was drawn while “guarantee crypto” had [\d,]+ JPY left: guarantee crypto restores only the coins of its own asset/.test(n))).toBe(true);
  });
});
