// The compensation use case: files, run ids, idempotency, the stored run; and what the files say.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import type { RunRecord, Store } from '../store/types.ts';
import { PAYOUTS_HEADER } from '../compensation/csv.ts';
import { parseCompensationPolicy } from '../compensation/policy.ts';
import { renderPolicy } from '../compensation/render-policy.ts';
import { incidentOf } from '../compensation/testing.ts';
import { runCompensation } from './compensate.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hozen-cmp-'));
  dirs.push(dir);
  return dir;
};

/** The part of a Store a run uses. */
function runStore(): Store & { runs: RunRecord[] } {
  const runs: RunRecord[] = [];
  return {
    runs,
    saveRun: async (run: RunRecord) => {
      if (runs.some((r) => r.id === run.id)) return false;
      runs.push(run);
      return true;
    },
  } as unknown as Store & { runs: RunRecord[] };
}

const POLICY = {
  format: 'hozen-compensation-policy/1',
  scheme: 'per_asset',
  assets: { XEM: { method: 'fiat', price: { rule: 'fixed', price: '88.549' } } },
};

function snapshot() {
  return fixtureSnapshot({
    assets: { BTC: 8, XEM: 6 },
    wallets: [
      { id: 'btc-hot', asset: 'BTC', tier: 'hot', amount: '2' },
      { id: 'xem-hot', asset: 'XEM', tier: 'hot', amount: '1000' },
    ],
    // A comma in an account id must be quoted in the CSV.
    balances: [['A,1', 'BTC', '1.5'], ['B', 'XEM', '1000'], ['C', 'BTC', '0.5']],
    prices: [['2026-11-24T09:00:00+09:00', 'BTC', '15000000']],
    net_assets: '100000000',
    documents: { compensation_policy: POLICY },
  });
}

describe('runCompensation', () => {
  it('writes the files, stores the run once, and gives the same run id and bytes again', async () => {
    const s = snapshot();
    const incident = incidentOf(s, { losses: [['btc-hot', 'BTC', '1'], ['xem-hot', 'XEM', '10']] });
    const store = runStore();
    const out1 = tempDir();
    const first = await runCompensation(store, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: out1, writer_thread: false });
    expect(first.stored).toBe(true);
    expect(first.run_id).toMatch(/^compensate-[0-9a-f]{24}$/);
    expect(readdirSync(out1).sort()).toEqual(['payouts.csv', 'summary.en.md', 'summary.ja.md', 'summary.json']);
    // BTC: 1 of the 2 held is lost → A 0.75, C 0.25, in kind. XEM: B, the only holder, loses the
    // 10 taken → 10 × 88.549 = 885.49 → ¥885, residue 0.49.
    expect(readFileSync(join(out1, 'payouts.csv'), 'utf8')).toBe(
      [PAYOUTS_HEADER, '"A,1",BTC,1.5,0.75,0.75,0,0,0,0', 'B,XEM,1000,10,0,885,0,0,0.49', 'C,BTC,0.5,0.25,0.25,0,0,0,0', ''].join('\n'),
    );
    const summary = JSON.parse(readFileSync(join(out1, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ incident: 'INC-TEST', run_id: first.run_id, total_need: String(15_000_000 + 885), shortfall: '0', haircut_ratio: null, insurance: 'no_policies' });
    expect(summary.totals).toMatchObject({ paid_fiat: '885', rounding_residue: '0.49' });
    expect(store.runs).toHaveLength(1);
    expect(store.runs[0]).toMatchObject({ id: first.run_id, kind: 'compensate', snapshot_id: 'fixture', inputs_sha256: first.inputs_sha256 });

    // The second run writes through the writer thread (large runs do): the same bytes.
    const out2 = tempDir();
    const second = await runCompensation(store, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: out2, writer_thread: true });
    expect(second.run_id).toBe(first.run_id);
    expect(second.stored).toBe(false);
    for (const file of readdirSync(out1)) expect(readFileSync(join(out2, file))).toEqual(readFileSync(join(out1, file)));

    // Any other input is another run: more funding, another policy, another insurance answer.
    const funded = await runCompensation(null, { snapshot: s, incident, incident_file: 'incident.json', add_funding: ['parent=1'], out_dir: tempDir() });
    const other_policy = await runCompensation(null, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: tempDir(), policy_file: { name: 'p.json', text: JSON.stringify({ ...POLICY, on_shortfall: 'socialize' }) } });
    const insured = await runCompensation(null, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: tempDir(), insurance: async () => ({ status: 'computed', amount_minor: 5n }) });
    expect(new Set([first.run_id, funded.run_id, other_policy.run_id, insured.run_id]).size).toBe(4);
    expect(insured.summary.sources[0]).toEqual({ name: 'insurance', available: '5', drawn: '5' });
  });

  it('explains when there is no policy', async () => {
    const s = fixtureSnapshot({ wallets: [{ id: 'h', asset: 'BTC', tier: 'hot', amount: '1' }], balances: [['A', 'BTC', '1']] });
    await expect(runCompensation(null, { snapshot: s, incident: incidentOf(s, { losses: [['h', 'BTC', '1']] }), incident_file: 'i.json', add_funding: [], out_dir: tempDir() })).rejects.toMatchObject({ code: 'compensation.no_policy' });
  });

  it('leaves no partial payouts.csv behind when the engine fails', async () => {
    const s = snapshot();
    const out = tempDir();
    const incident = incidentOf(s, { losses: [['btc-hot', 'BTC', '1']], affected: { mode: 'accounts', accounts: ['nobody'] } });
    await expect(runCompensation(null, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: out })).rejects.toMatchObject({ code: 'input.invalid' });
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('the readable files', () => {
  it('renders the summary in both languages', async () => {
    const s = snapshot();
    const run = await runCompensation(null, { snapshot: s, incident: incidentOf(s, { losses: [['btc-hot', 'BTC', '1']] }), incident_file: 'i.json', add_funding: [], out_dir: tempDir() });
    const en = readFileSync(join(run.out_dir, 'summary.en.md'), 'utf8');
    expect(en).toContain('# Compensation for incident INC-TEST');
    expect(en).toContain('- Total needed: 15,000,000 JPY');
    expect(en).toContain('| BTC | 2 | 1 | 1 | 0 | 0 | 0 | 0 | 0 |');
    expect(readFileSync(join(run.out_dir, 'summary.ja.md'), 'utf8')).toContain('すべての顧客に全額が支払われます。');
  });

  it('renders the customer policy document from the policy alone', () => {
    const s = snapshot();
    const policy = parseCompensationPolicy(
      { ...POLICY, default: { method: 'in_kind' }, assets: { XEM: { method: 'mixed', in_kind_share: '0.603', price: { rule: 'fixed', price: '144.548' } } }, on_shortfall: 'socialize', funding_order: ['insurance', 'net_assets'] },
      s,
    );
    const ja = renderPolicy(policy, { exchange_name: 'Example K.K.', base_currency: 'JPY', base_decimals: 0 }, translator('ja'));
    expect(ja.markdown).toContain('| XEM | 60.3%を現物でお返しし、残りは1単位あたり144.548円（固定）で換算して円でお支払いします。 |');
    expect(ja.markdown).toContain('1. 当該事故に対する保険金\n2. 当社の純資産');
    expect(ja.markdown).toContain('減額分は確定し、債権としては残りません。');
    const en = renderPolicy(policy, { exchange_name: null, base_currency: 'JPY', base_decimals: 0 }, translator('en'));
    expect(en.html).toContain('<h1>Compensation policy for stolen customer crypto-assets</h1>');
    expect(en.html).toContain('<td>60.3% returned in kind; the rest paid in JPY at 144.548 JPY per unit.</td>');
    expect(translator('en').t('compensation.doc_mode_floor')).toBe('down');
  });
});
