// The worked example of a loss no customer bears: an account takeover whose incident states the
// two accounts' losses, while coins also left the guarantee wallet (履行保証暗号資産). That
// wallet's loss is the exchange's: the claim keeps it unattributed (per-customer limits pass it
// by) instead of sharing it over the listed accounts — where, every listed account stating its
// loss, no one was left to bear it and the claim, and compensation with policies, were refused.
// Every figure is computed by hand beside it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { parseIncident } from '../incident/parse.ts';
import { claimReportJson, claimRunJson, computeClaim, renderClaimText } from '../insurance/index.ts';
import { policyJson } from '../insurance/testing.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { runCompensation, SUMMARY_JSON_FILE, SUMMARY_MD_FILES } from './compensate.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hozen-unattributed-'));
  dirs.push(dir);
  return dir;
};

/**
 * BTC at ¥10,000,000. alice holds 0.3 BTC and ¥500,000 (holding ¥3,500,000), bob 0.2 BTC
 * (¥2,000,000). The takeover cover: deductible ¥100,000; each customer ¥1,000,000 a year, or
 * ¥1,500,000 when holding more than ¥3,000,000 (alice).
 */
const snapshot = fixtureSnapshot({
  assets: { BTC: 8 },
  wallets: [
    { id: 'hot-btc', asset: 'BTC', tier: 'hot', amount: '10' },
    { id: 'gua-btc', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '5' },
  ],
  balances: [
    ['alice', 'BTC', '0.3'],
    ['alice', 'JPY', '500000'],
    ['bob', 'BTC', '0.2'],
    ['carol', 'BTC', '5'],
  ],
  prices: [['2026-01-01T00:00:00+09:00', 'BTC', '10000000']],
  net_assets: '100000000',
  documents: {
    policies: {
      format: 'hozen-policies/1',
      policies: [
        policyJson(
          { id: 'ato', insurer: 'Sakura Fire', perils: ['account_takeover'] },
          { deductible: '100000', per_customer: { annual_limit: '1000000', tiers: [{ holding_over: '3000000', annual_limit: '1500000' }] } },
        ),
      ],
      reinsurance: [],
    },
    compensation_policy: { format: 'hozen-compensation-policy/1', scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'fixed', price: '10000000' } }, funding_order: ['insurance', 'net_assets'] },
  },
});

/** 0.25 BTC withdrawn from alice (0.2) and bob (0.05) through the hot wallet; 0.05 BTC taken from the guarantee wallet. */
const INCIDENT_TEXT = JSON.stringify({
  format: 'hozen-incident/1',
  id: 'INC-ATO-GUARANTEE',
  occurred_at: '2026-11-20T02:00:00+09:00',
  detected_at: '2026-11-20T09:00:00+09:00',
  peril: 'account_takeover',
  losses: [
    { wallet_id: 'hot-btc', asset: 'BTC', amount: '0.25' },
    { wallet_id: 'gua-btc', asset: 'BTC', amount: '0.05' },
  ],
  affected: { mode: 'accounts', accounts: [{ account_id: 'alice', loss: { BTC: '0.2' } }, { account_id: 'bob', loss: { BTC: '0.05' } }] },
});
const incident = parseIncident(INCIDENT_TEXT, 'ato.json', snapshot);

describe('a guarantee wallet’s loss in an account takeover with stated losses: no customer’s', () => {
  it('the claim keeps it unattributed and caps only the customers’ losses', async () => {
    const claim = await computeClaim(snapshot, incident, 'ato.json');
    // The hot wallet's 0.25 BTC is the customers' (stated: alice 0.2, bob 0.05); the guarantee
    // wallet's 0.05 BTC is nobody's.
    expect(claim.event.items.map((i) => [i.wallet_id, i.by_customer, i.unattributed_minor ?? 0n])).toEqual([
      [
        'hot-btc',
        [
          { account_id: 'alice', amount_minor: 20_000_000n },
          { account_id: 'bob', amount_minor: 5_000_000n },
        ],
        0n,
      ],
      ['gua-btc', [], 5_000_000n],
    ]);
    // Gross: 0.25 × 10,000,000 + 0.05 × 10,000,000 = 2,500,000 + 500,000 = ¥3,000,000, of which ¥500,000 no customer's.
    expect(claim.result.gross_loss_minor).toBe(3_000_000n);
    expect(claim.result.unattributed_loss_minor).toBe(500_000n);
    const ato = claim.result.policies[0]!;
    // Covered ¥3,000,000. alice ¥2,000,000 capped at her ¥1,500,000 (holding 3,500,000 > 3,000,000);
    // bob ¥500,000 under his ¥1,000,000; the unattributed ¥500,000 is no customer's to cap.
    // Counted 1,500,000 + 500,000 + 500,000 = ¥2,500,000; less the deductible: ¥2,400,000.
    expect([ato.covered_loss_minor, ato.counted_loss_minor, ato.deductible_minor, ato.recovery_minor]).toEqual([3_000_000n, 2_500_000n, 100_000n, 2_400_000n]);
    expect(ato.reason?.code).toBe('insurance.reason.customer_limits');
    // Allocated pro rata to the counted cells, × 2,400,000 / 2,500,000 = 0.96: alice 1,440,000,
    // bob 480,000, unattributed 480,000 (Σ 2,400,000); by wallet hot 1,920,000, guarantee 480,000.
    expect(ato.allocation.by_customer).toEqual([
      { account_id: 'alice', amount_minor: 1_440_000n },
      { account_id: 'bob', amount_minor: 480_000n },
    ]);
    expect(ato.allocation.unattributed_minor).toBe(480_000n);
    expect(ato.allocation.by_wallet).toEqual([
      { wallet_id: 'hot-btc', amount_minor: 1_920_000n },
      { wallet_id: 'gua-btc', amount_minor: 480_000n },
    ]);
    expect(claim.result.allocation.unattributed_minor).toBe(480_000n);
  });

  it('the claim’s JSON and text name it, in English and Japanese', async () => {
    const run = claimRunJson(await computeClaim(snapshot, incident, 'ato.json'), incident.occurred_at);
    const json = claimReportJson(run, translator('en'));
    expect([json.gross_loss, json.unattributed_loss, json.total_recovery, json.unattributed_recovery]).toEqual(['3000000', '500000', '2400000', '480000']);
    expect(json.policies[0]!.allocation).toEqual({
      wallets: [
        { wallet_id: 'hot-btc', amount: '1920000' },
        { wallet_id: 'gua-btc', amount: '480000' },
      ],
      assets: [{ asset: 'BTC', amount: '2400000' }],
      customers: [
        { account_id: 'alice', amount: '1440000' },
        { account_id: 'bob', amount: '480000' },
      ],
      unattributed: '480000',
    });
    const en = renderClaimText(run, translator('en'));
    expect(en).toContain('Loss borne by no customer (a guarantee or own wallet’s loss, or beyond the affected accounts’ balances; per-customer limits do not apply): 500,000 JPY, recovered 480,000 JPY');
    expect(en).toContain('  for the loss borne by no customer: 480,000 JPY');
    const ja = renderClaimText(run, translator('ja'));
    expect(ja).toContain('顧客に帰属しない損失（履行保証用ウォレットと自己保有のウォレットの損失、被害口座の残高を超える損失。顧客ごとの支払限度額は適用されません）：500,000円、うち保険による回収額 480,000円');
    expect(ja).toContain('  うち顧客に帰属しない損失の分：480,000円');
  });

  it('compensation with the policies runs, and its summary names the insurance paid for it', async () => {
    const out_dir = tempDir();
    const run = await runCompensation(null, { snapshot, incident, incident_file: 'ato.json', add_funding: [], out_dir });
    // Customers are owed their stated losses in yen at ¥10,000,000: alice 2,000,000, bob 500,000
    // (need ¥2,500,000). Insurance gives its whole ¥2,400,000 (the exchange's, also for the
    // guarantee wallet's part); net assets the other ¥100,000. No shortfall.
    expect(run.summary.total_need).toBe('2500000');
    expect(run.summary.sources).toEqual([
      { name: 'insurance', available: '2400000', drawn: '2400000' },
      { name: 'net_assets', available: '100000000', drawn: '100000' },
    ]);
    expect(run.summary.shortfall).toBe('0');
    // The guarantee wallet's 0.05 BTC is not the customers' loss: 0.2 + 0.05 = 0.25 BTC charged.
    expect(run.summary.totals.by_asset.map((a) => [a.asset, a.loss, a.borne_by_exchange])).toEqual([['BTC', '0.25', '0']]);
    expect(run.summary.insurance_unattributed).toBe('480000');
    const stored = JSON.parse(readFileSync(join(out_dir, SUMMARY_JSON_FILE), 'utf8')) as Record<string, unknown>;
    expect(stored.insurance_unattributed).toBe('480000');
    expect(readFileSync(join(out_dir, SUMMARY_MD_FILES.en), 'utf8')).toContain(
      'Of the insurance recovery, 480,000 JPY is for the loss borne by no customer (a guarantee or own wallet’s loss, or beyond the affected accounts’ balances): the policies’ per-customer limits did not apply to it.',
    );
    expect(readFileSync(join(out_dir, SUMMARY_MD_FILES.ja), 'utf8')).toContain('保険による回収額のうち 480,000円 は、顧客に帰属しない損失（履行保証用ウォレットと自己保有のウォレットの損失、被害口座の残高を超える損失）に対するもので、顧客ごとの支払限度額は適用されていません。');
  });
});
