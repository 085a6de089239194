// The worked example of a loss no customer bears: an account takeover whose incident states the
// two accounts' losses, while coins also left the guarantee wallet (履行保証暗号資産). That
// wallet's loss is the exchange's: the claim keeps it unattributed (per-customer limits pass it
// by) instead of sharing it over the listed accounts — where, every listed account stating its
// loss, no one was left to bear it and the claim, and compensation with policies, were refused.
// Every figure is computed by hand beside it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { anyPolicy } from '../compensation/policy-arbitraries.ts';
import { incidentOf, policyOf, runBoth } from '../compensation/testing.ts';
import { translator } from '../i18n/catalogs.ts';
import type { AffectedAccounts } from '../incident/types.ts';
import { parseIncident } from '../incident/parse.ts';
import { applyProgramme, claimReportJson, claimRunJson, computeClaim, renderClaimText, valuationOf, type ClaimRunJson } from '../insurance/index.ts';
import { policyJson, programmeOf } from '../insurance/testing.ts';
import { formatAmount } from '../money/index.ts';
import { claimModel } from '../reports/claim-model.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { claimResult } from '../web/pages/insurance.ts';
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
    // The exported claim report (tables, PDF) carries both figures as facts beside the totals.
    const facts = claimModel(run, 'claim-x', 'Asia/Tokyo').facts.map((f) => [f.label.code, f.value]);
    expect(facts).toEqual(expect.arrayContaining([
      ['reports.fact.unattributed_loss', '500000'],
      ['reports.fact.unattributed_recovery', '480000'],
    ]));
    // The dashboard's claim result says it under the verdict, grouped and in 円 for a Japanese reader.
    const page = (lang: 'en' | 'ja') => String(claimResult(translator(lang), claimReportJson(run, translator(lang)))).replace(/<[^>]+>/g, '');
    expect(page('ja')).toContain('損害のうち 500,000円 は顧客に帰属しない損失');
    expect(page('ja')).toContain('保険からはそのうち 480,000円 が支払われます');
    expect(page('en')).toContain('Of the loss, 500,000 JPY is borne by no customer');
    expect(page('en')).toContain('the insurance pays 480,000 JPY of it');
  });

  it('the engine refuses a split that does not add up to the wallet’s loss (conservation, asserted)', async () => {
    const event = (await computeClaim(snapshot, incident, 'ato.json')).event;
    const programme = programmeOf([policyJson({ perils: ['account_takeover'] })], [], snapshot);
    const broken = { ...event, items: event.items.map((item) => (item.wallet_id === 'gua-btc' ? { ...item, unattributed_minor: 4_999_999n } : item)) };
    expect(() => applyProgramme(programme, [broken], valuationOf(snapshot))).toThrow(/does not sum to its loss/);
    expect(applyProgramme(programme, [event], valuationOf(snapshot)).events[0]!.unattributed_loss_minor).toBe(500_000n);
  });

  it('a claim stored before the unattributed part was kept reads it as null', async () => {
    const run = claimRunJson(await computeClaim(snapshot, incident, 'ato.json'), incident.occurred_at);
    const { unattributed_loss: _loss, unattributed_recovery: _recovery, ...rest } = run;
    const old = { ...rest, policies: run.policies.map((p) => ({ ...p, allocation: { wallets: p.allocation.wallets, assets: p.allocation.assets, customers: p.allocation.customers } })) } as unknown as ClaimRunJson;
    const json = claimReportJson(old, translator('en'));
    expect([json.unattributed_loss, json.unattributed_recovery, json.policies[0]!.allocation.unattributed]).toEqual([null, null, null]);
    expect(renderClaimText(old, translator('en'))).not.toContain('borne by no customer');
    expect(String(claimResult(translator('en'), json))).not.toContain('borne by no customer');
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

// ---- Properties ----

const DECIMALS: Record<string, number> = { BTC: 8, ETH: 18, XEM: 6 };
const CRYPTO = ['BTC', 'XEM'];
const ACCOUNTS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const PRICE = '1234.5';

interface Case {
  /** [account, asset, balance] with balance > 0. */
  balances: Array<[string, string, bigint]>;
  listed: string[];
  stated: Map<string, Map<string, bigint>>;
  /** Per asset: lost from the customer wallet, from the guarantee wallet and from the own wallet, recovered. */
  lost: Map<string, { customer: bigint; guarantee: bigint; own: bigint; recovered: bigint }>;
  /** The takeover cover's terms. */
  deductible: bigint;
  limit: bigint;
  policy: Record<string, unknown>;
}

const anyCase: fc.Arbitrary<Case> = fc
  .record({
    held: fc.array(fc.option(fc.bigInt({ min: 1n, max: 10n ** 9n }), { nil: null }), { minLength: 10, maxLength: 10 }),
    listing: fc.array(fc.constantFrom('unlisted', 'shares', 'states'), { minLength: 5, maxLength: 5 }),
    eighths: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 10, maxLength: 10 }),
    extra: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 2 }),
    exchange: fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** 9n })), { minLength: 2, maxLength: 2 }),
    recovered: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 2, maxLength: 2 }),
    deductible: fc.bigInt({ min: 0n, max: 20_000n }),
    limit: fc.bigInt({ min: 1n, max: 200_000n }),
    policy: anyPolicy,
  })
  .map(({ held, listing, eighths, extra, exchange, recovered, deductible, limit, policy }) => {
    const balances: Array<[string, string, bigint]> = [];
    ACCOUNTS.forEach((account, i) => CRYPTO.forEach((asset, k) => held[i * 2 + k] !== null && balances.push([account, asset, held[i * 2 + k]!])));
    const listed = ACCOUNTS.filter((a, i) => listing[i] !== 'unlisted' && balances.some(([b]) => b === a));
    const stated = new Map<string, Map<string, bigint>>();
    for (const [account, asset, v] of balances) {
      const i = ACCOUNTS.indexOf(account);
      if (!listed.includes(account) || listing[i] !== 'states') continue;
      const amount = (v * BigInt(eighths[i * 2 + CRYPTO.indexOf(asset)]!)) / 8n;
      if (!stated.has(account)) stated.set(account, new Map());
      if (amount > 0n) stated.get(account)!.set(asset, amount);
    }
    for (const [account, losses] of stated) if (losses.size === 0) stated.delete(account);
    const lost = new Map<string, { customer: bigint; guarantee: bigint; own: bigint; recovered: bigint }>();
    CRYPTO.forEach((asset, k) => {
      const stated_sum = [...stated.values()].reduce((s, m) => s + (m.get(asset) ?? 0n), 0n);
      const sharers = balances.filter(([a, s]) => s === asset && listed.includes(a) && !stated.has(a)).reduce((t, [, , v]) => t + v, 0n);
      // The loss beyond the stated ones, up to 10/8 of what the sharing accounts hold (more than they hold).
      const rest = (sharers * BigInt(extra[k]!)) / 8n;
      const [guarantee, own] = exchange[k]!;
      // Recoveries reduce the customers' loss first: at most the rest, so the stated losses stay within it.
      const entry = { customer: stated_sum + rest, guarantee, own, recovered: (rest * BigInt(recovered[k]!)) / 8n };
      if (entry.customer + guarantee + own > 0n) lost.set(asset, entry);
    });
    return { balances, listed, stated, lost, deductible, limit, policy };
  });

async function runCase(c: Case) {
  const customers_lost = (asset: string) => (c.lost.get(asset)?.customer ?? 0n) > (c.lost.get(asset)?.recovered ?? 0n);
  const holds = (account: string) => c.balances.some(([a, asset]) => a === account && customers_lost(asset));
  // A listed account holding none of the assets customers lost is refused by compensation (its own test).
  const listed = c.listed.filter((a) => c.stated.has(a) || holds(a));
  if (c.lost.size === 0 || listed.length === 0) return null;
  const fmt = (asset: string, v: bigint) => formatAmount(v, DECIMALS[asset]!);
  const held = (asset: string) => c.balances.filter(([, a]) => a === asset).reduce((t, [, , v]) => t + v, 0n);
  const snapshot = fixtureSnapshot({
    assets: DECIMALS,
    wallets: CRYPTO.flatMap((asset) => [
      { id: `hot-${asset}`, asset, tier: 'hot' as const, amount: fmt(asset, held(asset) * 2n + 1n) },
      { id: `gua-${asset}`, asset, tier: 'cold' as const, purpose: 'guarantee' as const, amount: fmt(asset, 10n ** 9n) },
      { id: `own-${asset}`, asset, tier: 'warm' as const, purpose: 'own' as const, amount: fmt(asset, 10n ** 9n) },
    ]),
    balances: c.balances.map(([account, asset, v]) => [account, asset, fmt(asset, v)]),
    prices: CRYPTO.map((asset) => ['2026-01-01T00:00:00+09:00', asset, PRICE] as [string, string, string]),
    net_assets: '1000000000',
    documents: {
      policies: {
        format: 'hozen-policies/1',
        policies: [policyJson({ id: 'ato', perils: ['account_takeover'] }, { deductible: String(c.deductible), per_customer: { annual_limit: String(c.limit), tiers: [] } })],
        reinsurance: [],
      },
    },
  });
  const affected: AffectedAccounts = {
    mode: 'accounts',
    accounts: listed,
    losses: listed.map((a) => (c.stated.has(a) ? [...c.stated.get(a)!].map(([asset, amount_minor]) => ({ asset, amount_minor })) : null)),
  };
  const losses: Array<[string, string, string]> = [];
  const recovered: Array<[string, string]> = [];
  for (const [asset, l] of c.lost) {
    if (l.customer > 0n) losses.push([`hot-${asset}`, asset, fmt(asset, l.customer)]);
    if (l.guarantee > 0n) losses.push([`gua-${asset}`, asset, fmt(asset, l.guarantee)]);
    if (l.own > 0n) losses.push([`own-${asset}`, asset, fmt(asset, l.own)]);
    if (l.recovered > 0n) recovered.push([asset, fmt(asset, l.recovered)]);
  }
  const incident = { ...incidentOf(snapshot, { occurred_at: '2026-11-20T02:00:00+09:00', detected_at: '2026-11-20T09:00:00+09:00', losses, recovered, affected }), peril: 'account_takeover' as const };
  const claim = await computeClaim(snapshot, incident);
  const unattributed_minor = claim.result.allocation.unattributed_minor!;
  // Only the exchange's wallets lost coins: no customer to compensate (compensation refuses it, its own test).
  const compensation = CRYPTO.some(customers_lost)
    ? await runBoth({ snapshot, incident, policy: policyOf(snapshot, c.policy), insurance: { status: 'computed', amount_minor: claim.result.recovery_minor, unattributed_minor } })
    : null;
  return { claim, compensation, listed };
}

describe('the loss borne by no customer: properties (claim = compensation; streaming = reference; conservation)', () => {
  it('each wallet’s loss is the customers’ parts and the unattributed part; the customers’ part is what compensation charges', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        const run = await runCase(c);
        if (run === null) return;
        const { claim, compensation } = run;
        const balance = (account: string, asset: string) => c.balances.find(([a, s]) => a === account && s === asset)?.[2] ?? 0n;
        for (const [asset, l] of c.lost) {
          const items = claim.event.items.filter((i) => i.asset === asset);
          // Conservation, per wallet: customers' parts + the unattributed part = the wallet's loss.
          for (const item of items) expect(item.by_customer!.reduce((s, x) => s + x.amount_minor, item.unattributed_minor ?? 0n)).toBe(item.amount_minor);
          // A guarantee or own wallet's loss is never a customer's.
          for (const item of items) if (!item.wallet_id.startsWith('hot-')) expect(item.by_customer).toEqual([]);
          // The customers' part: S + min(N_c − S, W′), N_c = customer loss − recovered (docs/formats/compensation.md).
          const stated_sum = [...c.stated.values()].reduce((s, m) => s + (m.get(asset) ?? 0n), 0n);
          const sharers = run.listed.filter((a) => !c.stated.has(a)).reduce((t, a) => t + balance(a, asset), 0n);
          const rest = l.customer - l.recovered - stated_sum;
          const customers_minor = stated_sum + (rest < sharers ? rest : sharers);
          const charged = new Map<string, bigint>();
          for (const item of items) for (const x of item.by_customer!) charged.set(x.account_id, (charged.get(x.account_id) ?? 0n) + x.amount_minor);
          expect([...charged.values()].reduce((s, v) => s + v, 0n)).toBe(customers_minor);
          expect(items.reduce((s, i) => s + (i.unattributed_minor ?? 0n), 0n)).toBe(l.customer + l.guarantee + l.own - l.recovered - customers_minor);
          for (const [account, m] of c.stated) if (run.listed.includes(account)) expect(charged.get(account) ?? 0n).toBe(m.get(asset) ?? 0n);
          // No customer is charged more than it held.
          for (const [account, amount] of charged) expect(amount).toBeLessThanOrEqual(balance(account, asset));
          // Compensation charges the same (haircut cuts balances instead of charging losses).
          const totals = compensation?.result.by_asset.find((a) => a.asset === asset);
          if (compensation !== null && c.policy.scheme !== 'haircut' && customers_minor > 0n) {
            expect(totals!.loss_minor).toBe(customers_minor);
            expect(totals!.loss_minor + totals!.borne_by_exchange_minor).toBe(l.customer - l.recovered);
            // Each account within one unit (largest remainder over rows vs over the list, ties apart).
            for (const row of compensation.rows.filter((r) => r.asset === asset)) {
              const d = row.loss_minor - (charged.get(row.account_id) ?? 0n);
              expect(d >= -1n && d <= 1n).toBe(true);
            }
          }
        }
        const result = claim.result;
        for (const p of [...result.policies.map((x) => x.allocation), result.allocation]) {
          const recovery = p === result.allocation ? result.recovery_minor : result.policies.find((x) => x.allocation === p)!.recovery_minor;
          expect(p.by_customer!.reduce((s, x) => s + x.amount_minor, p.unattributed_minor!)).toBe(recovery);
        }
        // Per-customer limits cap the customers' losses and recoveries, never the unattributed part
        // (the cover takes every wallet at market value: its covered loss is the gross loss).
        const ato = result.policies[0]!;
        for (const x of ato.allocation.by_customer!) expect(x.amount_minor).toBeLessThanOrEqual(c.limit);
        if (ato.covered_loss_minor > 0n) {
          expect(ato.counted_loss_minor).toBeGreaterThanOrEqual(result.unattributed_loss_minor!);
          expect(ato.counted_loss_minor - result.unattributed_loss_minor!).toBeLessThanOrEqual(c.limit * BigInt(run.listed.length));
        }
        expect(result.allocation.unattributed_minor!).toBeLessThanOrEqual(result.unattributed_loss_minor!);
        expect(result.unattributed_loss_minor!).toBeLessThanOrEqual(result.gross_loss_minor);
        // The compensation (streaming and reference agreed in runBoth) carries the same figure.
        if (compensation !== null) expect(compensation.result.insurance_unattributed_minor).toBe(result.allocation.unattributed_minor);
      }),
      { numRuns: 150 },
    );
  });
});
