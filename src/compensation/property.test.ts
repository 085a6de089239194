// Properties on random incidents: the streaming engine equals the reference (runBoth), losses and
// payouts are conserved to the minor unit, nobody is paid more than lost beyond the rounding the
// policy chose, sources are never overdrawn, and more money never makes anyone's outcome worse in
// total.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAmount, pow10 } from '../money/index.ts';
import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import { min } from './plan.ts';
import { anyPolicy, perAssetPolicy, price } from './policy-arbitraries.ts';
import { incidentOf, policyOf, runBoth } from './testing.ts';
import type { CompensationResult, PayoutRow } from './types.ts';

const DECIMALS: Record<string, number> = { BTC: 8, ETH: 18, XEM: 6 };
const CRYPTO = Object.keys(DECIMALS);

interface Case {
  balances: Array<[string, string, bigint]>;
  lost: Record<string, bigint>;
  prices: Record<string, string>;
  guarantee: Record<string, bigint>;
  net_assets: bigint;
  policy: Record<string, unknown>;
  affected: 'holders' | 'accounts';
}

const amount = (asset: string) => (DECIMALS[asset] === 18 ? fc.bigInt({ min: 1n, max: 10n ** 20n }) : fc.bigInt({ min: 1n, max: 10n ** 10n }));
const holdings = fc.array(fc.tuple(fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6'), fc.constantFrom(...CRYPTO, 'JPY')), { minLength: 1, maxLength: 14 }).chain((pairs) => {
  const unique = [...new Map(pairs.map((p) => [p.join('/'), p])).values()];
  return fc.tuple(...unique.map(([account, asset]) => (asset === 'JPY' ? fc.bigInt({ min: 1n, max: 10n ** 9n }) : amount(asset)).map((v) => [account, asset, v] as [string, string, bigint])));
});

function caseOf(policy: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Case> {
  return holdings.chain((balances) => {
    const held = new Map<string, bigint>();
    for (const [, asset, v] of balances) held.set(asset, (held.get(asset) ?? 0n) + v);
    const crypto_held = CRYPTO.filter((a) => held.has(a));
    return fc.record({
      balances: fc.constant(balances),
      // Lose a fraction (in 1/8) of what customers hold, of at least one asset, sometimes more than they hold.
      lost: fc.tuple(...crypto_held.map(() => fc.integer({ min: 0, max: 9 }))).map((eighths) => {
        const lost: Record<string, bigint> = {};
        crypto_held.forEach((a, i) => {
          if (eighths[i]! > 0) lost[a] = (held.get(a)! * BigInt(eighths[i]!)) / 8n || 1n;
        });
        return lost;
      }),
      prices: fc.record({ BTC: price, ETH: price, XEM: price }),
      guarantee: fc.record({ BTC: fc.bigInt({ min: 0n, max: 10n ** 10n }), ETH: fc.bigInt({ min: 0n, max: 10n ** 20n }), XEM: fc.bigInt({ min: 0n, max: 10n ** 10n }) }),
      net_assets: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })),
      policy,
      affected: fc.constantFrom<'holders' | 'accounts'>('holders', 'holders', 'accounts'),
    });
  });
}

function fixtureOf(c: Case): FixtureInput {
  const held = new Map<string, bigint>();
  for (const [, asset, v] of c.balances) held.set(asset, (held.get(asset) ?? 0n) + v);
  const fmt = (asset: string, v: bigint) => formatAmount(v, DECIMALS[asset] ?? 0);
  return {
    assets: DECIMALS,
    wallets: CRYPTO.flatMap((asset) => [
      // The hot wallet holds what customers hold, and twice that: some losses exceed customer balances.
      { id: `hot-${asset}`, asset, tier: 'hot' as const, amount: fmt(asset, (held.get(asset) ?? 0n) * 2n + 1n) },
      { id: `gua-${asset}`, asset, tier: 'cold' as const, purpose: 'guarantee' as const, amount: fmt(asset, c.guarantee[asset]!) },
    ]),
    balances: c.balances.map(([account, asset, v]) => [account, asset, fmt(asset, v)]),
    prices: CRYPTO.map((asset) => ['2026-11-24T09:00:00+09:00', asset, c.prices[asset]!] as [string, string, string]),
    net_assets: formatAmount(c.net_assets, 0),
  };
}

async function runCase(c: Case, net_assets: bigint = c.net_assets): Promise<{ rows: PayoutRow[]; result: CompensationResult } | null> {
  if (Object.keys(c.lost).length === 0) return null;
  const snapshot = fixtureSnapshot(fixtureOf({ ...c, net_assets }));
  const accounts = [...new Set(c.balances.filter(([, asset]) => asset in c.lost).map(([account]) => account))].slice(0, 2);
  const incident = incidentOf(snapshot, {
    losses: Object.entries(c.lost).map(([asset, v]) => [`hot-${asset}`, asset, formatAmount(v, DECIMALS[asset]!)]),
    affected: c.affected === 'accounts' && c.policy.scheme !== 'haircut' ? { mode: 'accounts', accounts } : { mode: 'holders_of_asset' },
  });
  return runBoth({ snapshot, incident, policy: policyOf(snapshot, c.policy) }, 1 + (Number(c.net_assets % 5n)));
}

function checkInvariants(c: Case, rows: readonly PayoutRow[], result: CompensationResult): void {
  // Columns add up to the summary, to the minor unit.
  for (const totals of result.by_asset) {
    const mine = rows.filter((r) => r.asset === totals.asset);
    const sum = (pick: (r: PayoutRow) => bigint) => mine.reduce((s, r) => s + pick(r), 0n);
    expect(sum((r) => r.loss_minor)).toBe(totals.loss_minor);
    expect(sum((r) => r.paid_in_kind_minor)).toBe(totals.paid_in_kind_minor);
    expect(sum((r) => r.paid_fiat_minor)).toBe(totals.paid_fiat_minor);
    expect(sum((r) => r.iou_minor)).toBe(totals.iou_minor);
    expect(sum((r) => r.unpaid_claim_minor)).toBe(totals.unpaid_claim_minor);
    expect(sum((r) => r.rounding_residue.coef)).toBe(totals.rounding_residue.coef);
    // What is lost is accounted for: in kind + in value + claim + written off.
    expect(totals.paid_in_kind_minor + totals.settled_in_value_minor + totals.unpaid_claim_minor + totals.written_off_minor).toBe(totals.loss_minor);
  }
  for (const row of rows) {
    expect(row.loss_minor).toBeLessThanOrEqual(row.balance_minor);
    expect(row.paid_in_kind_minor).toBeLessThanOrEqual(row.loss_minor);
    // Paid in value never exceeds what was settled in value by more than one payment unit (the
    // policy's own rounding); under floor, never at all: residue ≥ 0.
    const rounding = (c.policy.rounding as { JPY: { mode: string; unit: string } } | undefined)?.JPY;
    const unit_coef = BigInt(rounding?.unit ?? '1') * pow10(row.rounding_residue.scale);
    if (c.policy.scheme === 'rehabilitation') {
      // A partly repaid claim states its unpaid quantity rounded up: the repaid yen may exceed the
      // settled quantity's value by up to one minor unit of the asset (coef: the price's coef).
      const price = (c.policy.default as { price: { price: string } }).price.price;
      const minor_unit_coef = BigInt(price.replace('.', ''));
      expect(row.rounding_residue.coef).toBeGreaterThan(-unit_coef - minor_unit_coef);
    } else {
      expect(row.rounding_residue.coef).toBeGreaterThan(-unit_coef);
      if (rounding === undefined || rounding.mode === 'floor') expect(row.rounding_residue.coef).toBeGreaterThanOrEqual(0n);
    }
  }
  // Per-asset losses: the net loss, capped at the affected balances.
  if (c.policy.scheme !== 'haircut') {
    for (const totals of result.by_asset) {
      const scope = c.balances.filter(([, a]) => a === totals.asset).reduce((s, [, , v]) => s + v, 0n);
      if (c.affected === 'holders') expect(totals.loss_minor).toBe(min(c.lost[totals.asset]!, scope));
      expect(totals.loss_minor + totals.borne_by_exchange_minor).toBe(c.lost[totals.asset]);
    }
  }
  // Sources are never overdrawn; the shortfall is what they did not cover.
  for (const source of result.sources) expect(source.drawn_minor).toBeLessThanOrEqual(source.available_minor);
  const drawn = result.sources.reduce((s, x) => s + x.drawn_minor, 0n);
  expect(result.shortfall_minor).toBe(result.total_need_minor - drawn);
  expect(result.shortfall_minor).toBeGreaterThanOrEqual(0n);
}

describe('compensation properties', () => {
  it('streaming equals reference; conservation and bounds hold (all schemes)', async () => {
    await fc.assert(
      fc.asyncProperty(caseOf(anyPolicy), async (c) => {
        const run = await runCase(c);
        if (run !== null) checkInvariants(c, run.rows, run.result);
      }),
      { numRuns: 300 },
    );
  });

  it('more money never lowers the coverage, the total paid, or raises the shortfall', async () => {
    await fc.assert(
      fc.asyncProperty(caseOf(perAssetPolicy().map((p) => ({ ...p, funding_order: ['net_assets', 'guarantee'] }))), fc.bigInt({ min: 1n, max: 10n ** 11n }), async (c, more) => {
        const before = await runCase(c);
        const after = await runCase(c, c.net_assets + more);
        if (before === null || after === null) return;
        const coverage = (r: CompensationResult) => (r.coverage_ratio === null ? 10n ** 18n : r.coverage_ratio.coef * pow10(18 - r.coverage_ratio.scale));
        expect(coverage(after.result)).toBeGreaterThanOrEqual(coverage(before.result));
        expect(after.result.shortfall_minor).toBeLessThanOrEqual(before.result.shortfall_minor);
        for (const [i, totals] of after.result.by_asset.entries()) {
          const was = before.result.by_asset[i]!;
          expect(totals.paid_in_kind_minor + totals.settled_in_value_minor).toBeGreaterThanOrEqual(was.paid_in_kind_minor + was.settled_in_value_minor);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a larger balance never loses less of the same asset', async () => {
    await fc.assert(
      fc.asyncProperty(caseOf(perAssetPolicy()), async (c) => {
        const run = await runCase({ ...c, affected: 'holders' });
        if (run === null) return;
        for (const a of run.rows) {
          for (const b of run.rows) {
            if (a.asset === b.asset && a.balance_minor > b.balance_minor) expect(a.loss_minor).toBeGreaterThanOrEqual(b.loss_minor);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
