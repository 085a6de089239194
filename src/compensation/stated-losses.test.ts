// An account takeover whose incident states what each listed account lost: every scheme, on the
// streaming engine and the reference (runBoth), charges each stated loss exactly and shares only
// the rest by balance. Worked examples with the hand computation beside each figure, the located
// refusals, and properties on random incidents.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError, type InputIssue } from '../errors.ts';
import type { AffectedAccounts, StatedLoss } from '../incident/types.ts';
import { formatAmount, parseAmount } from '../money/index.ts';
import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import { min } from './plan.ts';
import { anyPolicy } from './policy-arbitraries.ts';
import { compensateReference } from './reference.ts';
import { compensate } from './engine.ts';
import { incidentOf, policyOf, runBoth } from './testing.ts';
import type { CompensationResult, PayoutRow } from './types.ts';

/**
 * The worked example: four listed accounts hold 0.001, 1, 1.5 and 2.499 BTC (W = 5); 2.3 BTC was
 * taken. Shared by balance, T (the tiny account) is charged 2.3 × 0.001 / 5 = 0.00046 BTC, 46% of
 * what it held, though it lost all of it. The investigation states T lost 0.001 and B 0.8; C and D
 * state nothing and share the rest, 2.3 − 0.801 = 1.499 BTC, by balance 1.5 : 2.499.
 */
const FIXTURE: FixtureInput = {
  wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '10' }],
  balances: [
    ['T', 'BTC', '0.001'],
    ['B', 'BTC', '1'],
    ['B', 'JPY', '500000'],
    ['C', 'BTC', '1.5'],
    ['C', 'JPY', '100000'],
    ['D', 'BTC', '2.499'],
  ],
  prices: [['2026-11-24T09:00:00+09:00', 'BTC', '10000000']],
  net_assets: '100000000',
};
const snapshot = fixtureSnapshot(FIXTURE);
const btc = (text: string): StatedLoss => ({ asset: 'BTC', amount_minor: parseAmount(text, 8) });
const STATED: AffectedAccounts = { mode: 'accounts', accounts: ['T', 'B', 'C', 'D'], losses: [[btc('0.001')], [btc('0.8')], null, null] };

async function run(policy: Record<string, unknown>, affected: AffectedAccounts = STATED, extra: { add?: bigint } = {}) {
  const { rows, result } = await runBoth({
    snapshot,
    incident: incidentOf(snapshot, { losses: [['hot', 'BTC', '2.3']], affected }),
    policy: policyOf(snapshot, policy),
    additional_funding: extra.add === undefined ? [] : [{ name: 'estate', amount_minor: extra.add }],
  });
  const cells = rows.map((r) => {
    const d = snapshot.assets.get(r.asset)!.decimals;
    return [r.account_id, r.asset, formatAmount(r.loss_minor, d), formatAmount(r.paid_in_kind_minor, d), formatAmount(r.paid_fiat_minor, 0), formatAmount(r.iou_minor, 0), formatAmount(r.unpaid_claim_minor, d)];
  });
  return { rows: cells, result };
}

describe('stated losses: the worked example', () => {
  it('today (no loss stated) the tiny account is charged 46% of its balance', async () => {
    const { rows } = await run({ scheme: 'per_asset' }, { mode: 'accounts', accounts: ['T', 'B', 'C', 'D'] });
    // 2.3 × (0.001, 1, 1.5, 2.499) / 5, exact: 0.00046, 0.46, 0.69, 1.14954.
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['T', 'BTC', '0.00046'],
      ['B', 'BTC', '0.46'],
      ['C', 'BTC', '0.69'],
      ['D', 'BTC', '1.14954'],
    ]);
  });

  it('per_asset in kind: T and B are charged exactly what they lost; C and D share the rest', async () => {
    const { rows, result } = await run({ scheme: 'per_asset' });
    // C: 1.499 × 1.5 / 3.999 = 0.56226556.64 → floor 56,226,556 sat; D: 1.499 × 2.499 / 3.999 =
    // 0.93673443.36 → 93,673,443; one unit left, to the larger remainder (C's .64): C 0.56226557.
    expect(rows).toEqual([
      ['T', 'BTC', '0.001', '0.001', '0', '0', '0'],
      ['B', 'BTC', '0.8', '0.8', '0', '0', '0'],
      ['C', 'BTC', '0.56226557', '0.56226557', '0', '0', '0'],
      ['D', 'BTC', '0.93673443', '0.93673443', '0', '0', '0'],
    ]);
    expect(result.by_asset[0]!.loss_minor).toBe(230_000_000n);
    expect(result.by_asset[0]!.borne_by_exchange_minor).toBe(0n);
    // In kind at the detection price ¥10,000,000: 2.3 BTC → ¥23,000,000, all from net assets.
    expect(result.total_need_minor).toBe(23_000_000n);
    expect(result.shortfall_minor).toBe(0n);
  });

  it('per_asset in yen: the payments follow the charged losses', async () => {
    const { rows } = await run({ scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'fixed', price: '10000000' } } });
    // 0.001 × 10,000,000 = 10,000; 0.8 → 8,000,000; 0.56226557 → 5,622,655.7 → floor 5,622,655;
    // 0.93673443 → 9,367,344.3 → 9,367,344.
    expect(rows.map((r) => [r[0], r[2], r[4]])).toEqual([
      ['T', '0.001', '10000'],
      ['B', '0.8', '8000000'],
      ['C', '0.56226557', '5622655'],
      ['D', '0.93673443', '9367344'],
    ]);
  });

  it('haircut: an account stating its loss is cut on that loss only, never on the rest of its balance', async () => {
    const { rows, result } = await run({ scheme: 'haircut', funding_order: [] });
    // Need ⌈2.3 × 10,000,000⌉ = ¥23,000,000, nothing to draw: all of it is cut. At stake: T 0.001
    // and B 0.8 (their stated losses; B's yen is not at stake), C 1.5 BTC and ¥100,000, D 2.499
    // BTC → 4.8 BTC × ¥10,000,000 + ¥100,000 = ¥48,100,000; h = 23 / 48.1 = 230/481.
    // BTC cut: 4.8 BTC × h = 2.29521829.52 → half-even 229,521,830 sat, shared by 0.001 : 0.8 :
    // 1.5 : 2.499 → floors 47,817 + 38,253,638 + 71,725,571 + 119,494,802 (remainders .05, .33,
    // .88, .74); two units left, to C and D. IOUs: value rounded down (0.00047817 × 10^7 = 4,781.7).
    // Yen cut: ¥100,000 × h = 47,817.05 → 47,817, all C's (B's yen is not at stake).
    expect(rows).toEqual([
      ['T', 'BTC', '0.00047817', '0', '0', '4781', '0'],
      ['B', 'BTC', '0.38253638', '0', '0', '3825363', '0'],
      ['B', 'JPY', '0', '0', '0', '0', '0'],
      ['C', 'BTC', '0.71725572', '0', '0', '7172557', '0'],
      ['C', 'JPY', '47817', '0', '0', '47817', '0'],
      ['D', 'BTC', '1.19494803', '0', '0', '11949480', '0'],
    ]);
    expect(result.shortfall_minor).toBe(23_000_000n);
    // T's cut, 0.00047817 BTC, is h of what it lost (0.001 × 230/481 = 0.000478170…), not of a balance.
    expect(result.by_asset.find((a) => a.asset === 'BTC')!.loss_minor).toBe(229_521_830n);
  });

  it('rehabilitation: claims are the charged losses valued, and the tiny account is repaid in full under the base cap', async () => {
    const { rows, result } = await run(
      { scheme: 'rehabilitation', default: { price: { rule: 'fixed', price: '10000000' } }, rehabilitation: { base_cap: '10000' }, funding_order: ['additional'] },
      STATED,
      { add: 11_000_000n },
    );
    // Claims ¥10,000, ¥8,000,000, ¥5,622,655, ¥9,367,344 (Σ ¥22,999,999); estate ¥11,000,000.
    // Base tier ¥10,000 each (Σ ¥40,000); the other ¥10,960,000 pro rata to 0 : 7,990,000 :
    // 5,612,655 : 9,357,344 → 3,814,041.98, 2,679,211.74, 4,466,746.29 → floors, then one unit each
    // to B (.98) and C (.74): B ¥3,824,042, C ¥2,689,212, D ¥4,476,746; T its whole ¥10,000.
    expect(rows.map((r) => [r[0], r[2], r[4]])).toEqual([
      ['T', '0.001', '10000'],
      ['B', '0.8', '3824042'],
      ['C', '0.56226557', '2689212'],
      ['D', '0.93673443', '4476746'],
    ]);
    expect(rows[0]![6]).toBe('0');
    expect(result.shortfall_minor).toBe(22_999_999n - 11_000_000n);
  });

  it('the loss beyond what the sharing accounts hold is the exchange’s own, as without stated losses', async () => {
    // T states 0.001; only C shares the rest: min(2.299, 1.5) = 1.5; 0.799 BTC borne by the exchange.
    const { rows, result } = await run({ scheme: 'per_asset' }, { mode: 'accounts', accounts: ['T', 'C'], losses: [[btc('0.001')], null] });
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['T', 'BTC', '0.001'],
      ['C', 'BTC', '1.5'],
    ]);
    expect(result.by_asset[0]!.borne_by_exchange_minor).toBe(79_900_000n);
  });
});

/** The issues both paths refuse with (the same ones), or a failure when either accepts. */
async function refusal(affected: AffectedAccounts, extra: Partial<FixtureInput> = {}, losses: Array<[string, string, string]> = [['hot', 'BTC', '2.3']]): Promise<InputIssue[]> {
  const s = fixtureSnapshot({ ...FIXTURE, ...extra });
  const input = { snapshot: s, incident: incidentOf(s, { losses, affected }), incident_file: 'ato.json', policy: policyOf(s, { scheme: 'per_asset' }) };
  const issuesOf = async (go: () => Promise<unknown>): Promise<InputIssue[]> => {
    try {
      await go();
    } catch (error) {
      if (error instanceof InputError) return error.issues;
      throw error;
    }
    throw new Error('expected an InputError');
  };
  const rows: PayoutRow[] = [];
  const streamed = await issuesOf(() => compensate(input, { row: (r) => void rows.push(r), flush: () => {} }));
  const reference = await issuesOf(() => compensateReference(input));
  expect(reference).toEqual(streamed);
  // Refused before the first row: nothing reaches the payout file.
  expect(rows).toEqual([]);
  return streamed;
}

describe('stated losses: refused, located in the incident file', () => {
  it('a stated loss above the account’s balance, or of an asset it does not hold (an unknown account)', async () => {
    const issues = await refusal({ mode: 'accounts', accounts: ['T', 'B', 'NOBODY', 'C'], losses: [[btc('0.0011')], [btc('0.8')], [btc('0.1')], null] });
    expect(issues.map((i) => [i.file, i.path, i.code, i.params])).toEqual([
      ['ato.json', 'affected.accounts[0].loss.BTC', 'incident.stated_loss_exceeds_balance', { account: 'T', asset: 'BTC', lost: '0.0011', held: '0.001' }],
      ['ato.json', 'affected.accounts[2].loss.BTC', 'incident.stated_loss_not_held', { account: 'NOBODY', asset: 'BTC', lost: '0.1' }],
    ]);
  });

  it('a rest of the loss that no listed account without a stated loss holds', async () => {
    const issues = await refusal({ mode: 'accounts', accounts: ['T', 'B'], losses: [[btc('0.001')], [btc('0.8')]] });
    expect(issues.map((i) => [i.path, i.code, i.params])).toEqual([['affected.accounts', 'incident.stated_losses_unborne', { asset: 'BTC', stated: '0.801', net: '2.3', rest: '1.499' }]]);
  });

  it('stated losses above what the customers lost (a guarantee wallet’s loss is the exchange’s)', async () => {
    const issues = await refusal(
      { mode: 'accounts', accounts: ['B', 'C'], losses: [[btc('0.8')], [btc('0.5')]] },
      { wallets: [...FIXTURE.wallets!, { id: 'gua', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '5' }] },
      [
        ['hot', 'BTC', '1'],
        ['gua', 'BTC', '2'],
      ],
    );
    expect(issues.map((i) => [i.path, i.code, i.params])).toEqual([['affected.accounts[1].loss.BTC', 'compensation.stated_losses_exceed_customer_loss', { asset: 'BTC', stated: '1.3', net: '1' }]]);
  });
});

// ---- Properties ----

const DECIMALS: Record<string, number> = { BTC: 8, ETH: 18, XEM: 6 };
const CRYPTO = Object.keys(DECIMALS);
const ACCOUNTS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];

interface StatedCase {
  balances: Array<[string, string, bigint]>;
  listed: string[];
  /** account → asset → stated loss, for the accounts that state one. */
  stated: Map<string, Map<string, bigint>>;
  lost: Record<string, bigint>;
  policy: Record<string, unknown>;
  net_assets: bigint;
}

const statedCase: fc.Arbitrary<StatedCase> = fc
  .array(fc.tuple(fc.constantFrom(...ACCOUNTS), fc.constantFrom(...CRYPTO, 'JPY')), { minLength: 2, maxLength: 14 })
  .chain((pairs) => {
    const unique = [...new Map(pairs.map((p) => [p.join('/'), p])).values()];
    const balances = fc.tuple(
      ...unique.map(([account, asset]) => (asset === 'JPY' ? fc.bigInt({ min: 1n, max: 10n ** 9n }) : fc.bigInt({ min: 1n, max: DECIMALS[asset] === 18 ? 10n ** 20n : 10n ** 10n })).map((v) => [account, asset, v] as [string, string, bigint])),
    );
    return fc.record({
      balances,
      listing: fc.array(fc.constantFrom('unlisted', 'shares', 'states'), { minLength: ACCOUNTS.length, maxLength: ACCOUNTS.length }),
      // Per (account, asset): the stated share of the balance in 1/8 (0: that asset not stated).
      eighths: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 24, maxLength: 24 }),
      // The loss beyond the stated ones, in 1/8 of what the sharing accounts hold (up to 9/8: more than they hold).
      extra: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }),
      policy: anyPolicy,
      net_assets: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })),
    });
  })
  .map(({ balances, listing, eighths, extra, policy, net_assets }) => {
    const holders = new Set(balances.map(([a]) => a));
    const listed = ACCOUNTS.filter((a, i) => holders.has(a) && listing[i] !== 'unlisted');
    const stated = new Map<string, Map<string, bigint>>();
    const lost: Record<string, bigint> = {};
    for (const [account, asset, v] of balances) {
      const i = ACCOUNTS.indexOf(account);
      if (asset === 'JPY' || !listed.includes(account) || listing[i] !== 'states') continue;
      const amount = (v * BigInt(eighths[i * 4 + CRYPTO.indexOf(asset)]!)) / 8n;
      if (amount === 0n) continue;
      if (!stated.has(account)) stated.set(account, new Map());
      stated.get(account)!.set(asset, amount);
      lost[asset] = (lost[asset] ?? 0n) + amount;
    }
    CRYPTO.forEach((asset, k) => {
      const sharers = balances.filter(([a, s]) => s === asset && listed.includes(a) && !stated.has(a)).reduce((t, [, , v]) => t + v, 0n);
      const rest = (sharers * BigInt(extra[k]!)) / 8n;
      if (rest > 0n) lost[asset] = (lost[asset] ?? 0n) + rest;
    });
    return { balances, listed, stated, lost, policy, net_assets };
  });

async function runStated(c: StatedCase): Promise<{ rows: PayoutRow[]; result: CompensationResult } | null> {
  const stated_in_listed = c.listed.filter((a) => c.stated.has(a));
  const holds_lost = (account: string) => c.balances.some(([a, asset]) => a === account && asset in c.lost);
  // Listed accounts that hold none of the lost assets are refused (another test); keep them out.
  const listed = c.listed.filter((a) => c.stated.has(a) || holds_lost(a) || c.policy.scheme === 'haircut');
  if (Object.keys(c.lost).length === 0 || stated_in_listed.length === 0 || listed.length === 0) return null;
  const fmt = (asset: string, v: bigint) => formatAmount(v, DECIMALS[asset] ?? 0);
  const held = (asset: string) => c.balances.filter(([, a]) => a === asset).reduce((t, [, , v]) => t + v, 0n);
  const snapshot = fixtureSnapshot({
    assets: DECIMALS,
    wallets: CRYPTO.map((asset) => ({ id: `hot-${asset}`, asset, tier: 'hot' as const, amount: fmt(asset, held(asset) * 2n + 1n) })),
    balances: c.balances.map(([account, asset, v]) => [account, asset, fmt(asset, v)]),
    prices: CRYPTO.map((asset) => ['2026-11-24T09:00:00+09:00', asset, '1234.5'] as [string, string, string]),
    net_assets: formatAmount(c.net_assets, 0),
  });
  const affected: AffectedAccounts = {
    mode: 'accounts',
    accounts: listed,
    losses: listed.map((a) => (c.stated.has(a) ? [...c.stated.get(a)!].map(([asset, amount_minor]) => ({ asset, amount_minor })) : null)),
  };
  const incident = incidentOf(snapshot, { losses: Object.entries(c.lost).map(([asset, v]) => [`hot-${asset}`, asset, fmt(asset, v)]), affected });
  return runBoth({ snapshot, incident, policy: policyOf(snapshot, c.policy) }, 1 + Number(c.net_assets % 4n));
}

describe('stated losses: properties (fast path = reference path, conservation)', () => {
  it('every scheme charges each stated loss exactly; Σ charged = the loss; Σ paid + short = Σ charged', async () => {
    await fc.assert(
      fc.asyncProperty(statedCase, async (c) => {
        const run = await runStated(c);
        if (run === null) return;
        const { rows, result } = run;
        for (const row of rows) {
          const stated = c.stated.get(row.account_id);
          if (c.policy.scheme === 'haircut') {
            // Cut on what is at stake: a stated loss (0 for an asset the account does not state), else the balance.
            expect(row.loss_minor).toBeLessThanOrEqual(stated === undefined ? row.balance_minor : (stated.get(row.asset) ?? 0n));
          } else if (stated !== undefined) {
            expect(row.loss_minor).toBe(stated.get(row.asset) ?? 0n);
          }
          expect(row.loss_minor).toBeLessThanOrEqual(row.balance_minor);
        }
        for (const totals of result.by_asset) {
          const mine = rows.filter((r) => r.asset === totals.asset);
          expect(mine.reduce((s, r) => s + r.loss_minor, 0n)).toBe(totals.loss_minor);
          // Paid in kind + settled in value + kept as a claim + written off = charged.
          expect(totals.paid_in_kind_minor + totals.settled_in_value_minor + totals.unpaid_claim_minor + totals.written_off_minor).toBe(totals.loss_minor);
          if (c.policy.scheme !== 'haircut') {
            const stated_sum = [...c.stated.values()].reduce((s, m) => s + (m.get(totals.asset) ?? 0n), 0n);
            const sharers = c.balances.filter(([a, s]) => s === totals.asset && run.rows.some((r) => r.account_id === a) && !c.stated.has(a)).reduce((t, [, , v]) => t + v, 0n);
            // Σ charged = the stated losses + the rest, capped at what the sharing accounts hold; the excess is the exchange's.
            expect(totals.loss_minor).toBe(stated_sum + min(c.lost[totals.asset]! - stated_sum, sharers));
            expect(totals.loss_minor + totals.borne_by_exchange_minor).toBe(c.lost[totals.asset]);
          }
        }
        const drawn = result.sources.reduce((s, x) => s + x.drawn_minor, 0n);
        expect(result.shortfall_minor).toBe(result.total_need_minor - drawn);
        expect(result.shortfall_minor).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 200 },
    );
  });
});
