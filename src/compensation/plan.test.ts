// The waterfall at the level of totals, by hand; and the funding sources read from a snapshot.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UserError } from '../errors.ts';
import { formatDecimal } from '../money/index.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { contractPays, fundingEntries, parseAddFunding, type FundingEntry } from './funding.ts';
import { creditorPayments, planHaircut, planPerAsset, settlePerAsset, type AssetObligation } from './plan.ts';
import { incidentOf, policyOf } from './testing.ts';

const btc = (in_kind: bigint, guarantee: bigint): AssetObligation => ({
  asset: 'BTC',
  decimals: 8,
  in_kind_minor: in_kind,
  fiat_quantity_minor: 0n,
  fiat_minor: 0n,
  fiat_price: null,
  detection_price: { coef: 1_000_000n, scale: 0 },
  guarantee_minor: guarantee,
});
// XEM owed in fiat at ¥100: Q units → ¥100·Q.
const xem = (quantity_xem: bigint): AssetObligation => ({
  asset: 'XEM',
  decimals: 6,
  in_kind_minor: 0n,
  fiat_quantity_minor: quantity_xem * 1_000_000n,
  fiat_minor: quantity_xem * 100n,
  fiat_price: { coef: 100n, scale: 0 },
  detection_price: null,
  guarantee_minor: 0n,
});
const money = (name: string, amount: bigint): FundingEntry => ({ name, kind: 'net_assets', available_minor: amount });
const GUARANTEE: FundingEntry = { name: 'guarantee', kind: 'guarantee', available_minor: 0n };
const BTC = 100_000_000n;

describe('planPerAsset and settlePerAsset', () => {
  it('pays in full when money covers what the guarantee cannot', () => {
    // 3 BTC owed, guarantee 1 BTC: money must buy 2 BTC (¥2,000,000) and has ¥2,000,000.
    const input = { obligations: [btc(3n * BTC, 1n * BTC)], entries: [GUARANTEE, money('net_assets', 2_000_000n)], base_decimals: 0, unit_minor: 1n };
    const plan = planPerAsset(input);
    expect(plan).toMatchObject({ full: true, coverage: null, total_need_minor: 3_000_000n });
    const settled = settlePerAsset(input, plan, [0n]);
    expect(settled.sources.map((s) => [s.name, s.available_minor, s.drawn_minor])).toEqual([
      ['guarantee', 1_000_000n, 1_000_000n],
      ['net_assets', 2_000_000n, 2_000_000n],
    ]);
    expect(settled.shortfall_minor).toBe(0n);
  });

  it('shares a shortfall by one coverage ratio, the guarantee lifting its own asset', () => {
    // BTC: 10 owed in kind, guarantee 4. XEM: 10,000 owed in fiat (¥1,000,000). Money ¥2,000,000.
    // Money needed at c ≥ 0.4, the fiat part bounded rounding up: ⌈10,000c × 100⌉ +
    // ⌈(10c − 4) × 1,000,000⌉ ≤ 2,000,000. Without roundings c = 6/11 = 0.5454…; the largest c
    // is where K′ = ⌊10 BTC × c⌋ = 5.454545 BTC and Q′ = ⌊10,000 XEM × c⌋ = 5,454.545009 XEM:
    // ⌈545,454.5009⌉ + ⌈1.454545 BTC × 1,000,000⌉ = 545,455 + 1,454,545 = 2,000,000; the roundest
    // c paying exactly these totals is 0.5454545009.
    const input = { obligations: [btc(10n * BTC, 4n * BTC), xem(10_000n)], entries: [money('net_assets', 2_000_000n), GUARANTEE], base_decimals: 0, unit_minor: 1n };
    const plan = planPerAsset(input);
    expect(plan.full).toBe(false);
    expect(formatDecimal(plan.coverage!)).toBe('0.5454545009');
    expect(plan.paid).toEqual([
      { in_kind_minor: 545_454_500n, fiat_quantity_minor: 0n, guarantee_used_minor: 4n * BTC },
      { in_kind_minor: 0n, fiat_quantity_minor: 5_454_545_009n, guarantee_used_minor: 0n },
    ]);
    // One fiat row is paid ⌊545,454.5009⌋ = ¥545,454; the ¥1 bound left over stays undrawn.
    const settled = settlePerAsset(input, plan, [0n, 545_454n]);
    expect(settled.sources.map((s) => s.drawn_minor)).toEqual([1_999_999n, 4_000_000n]);
    // Need 11,000,000 (BTC 10,000,000 + XEM 1,000,000); drawn 6,000,000.
    expect(settled.shortfall_minor).toBe(11_000_000n - 1_999_999n - 4_000_000n);
  });

  it('guarantee crypto lifts its own asset above the common ratio, never leaves coins idle', () => {
    // BTC: 10 owed, guarantee 8. XEM: ¥1,000,000 owed in fiat. Money ¥100,000 → c = 0.1 for
    // everything money pays; but the 8 guarantee BTC are paid out anyway: BTC gets max(8, 1) = 8.
    const input = { obligations: [btc(10n * BTC, 8n * BTC), xem(10_000n)], entries: [GUARANTEE, money('net_assets', 100_000n)], base_decimals: 0, unit_minor: 1n };
    const plan = planPerAsset(input);
    expect(formatDecimal(plan.coverage!)).toBe('0.1');
    expect(plan.paid.map((p) => [p.in_kind_minor, p.fiat_quantity_minor, p.guarantee_used_minor])).toEqual([
      [8n * BTC, 0n, 8n * BTC],
      [0n, 1_000n * 1_000_000n, 0n],
    ]);
  });

  it('with no guarantee in the order, the guarantee crypto is left alone', () => {
    const input = { obligations: [btc(2n * BTC, 5n * BTC)], entries: [money('net_assets', 1_000_000n)], base_decimals: 0, unit_minor: 1n };
    const plan = planPerAsset(input);
    expect(formatDecimal(plan.coverage!)).toBe('0.5');
    expect(plan.paid[0]).toEqual({ in_kind_minor: 1n * BTC, fiat_quantity_minor: 0n, guarantee_used_minor: 0n });
  });

  it('draws money for the coins it buys and the guarantee for the rest: the demo hot-wallet hack', () => {
    // 28 BTC at ¥13,765,618 and 400.5 ETH at ¥558,313 owed in kind, guarantee ample, insurance
    // ¥503,137,494 ahead of it. Need: ¥385,437,304 + ⌈¥223,604,356.5⌉ = ¥609,041,661. Insurance is
    // spread over the assets pro rata to V(N) and each share buys ⌊share / price⌋ minor units, which
    // cost ⌈…⌉ = the share itself (a satoshi is worth ¥0.1377, a wei far less): insurance is drawn
    // in full, and guarantee crypto meets the rest, ¥609,041,661 − ¥503,137,494 = ¥105,904,167.
    // (Charging money V(N) − V(N − bought) instead left ¥1 of the insurance undrawn: 503,137,493.)
    const eth: AssetObligation = {
      asset: 'ETH',
      decimals: 18,
      in_kind_minor: 4005n * 10n ** 17n,
      fiat_quantity_minor: 0n,
      fiat_minor: 0n,
      fiat_price: null,
      detection_price: { coef: 558_313n, scale: 0 },
      guarantee_minor: 1036n * 10n ** 18n,
    };
    const hack_btc = { ...btc(28n * BTC, 82n * BTC), detection_price: { coef: 13_765_618n, scale: 0 } };
    const insurance: FundingEntry = { name: 'insurance', kind: 'insurance', available_minor: 503_137_494n };
    const input = { obligations: [hack_btc, eth], entries: [insurance, GUARANTEE, money('net_assets', 12_000_000_000n)], base_decimals: 0, unit_minor: 1n };
    const plan = planPerAsset(input);
    expect(plan).toMatchObject({ full: true, total_need_minor: 609_041_661n });
    const settled = settlePerAsset(input, plan, [0n, 0n]);
    expect(settled.sources.map((s) => [s.name, s.drawn_minor])).toEqual([
      ['insurance', 503_137_494n],
      ['guarantee', 105_904_167n],
      ['net_assets', 0n],
    ]);
  });

  it('never leaves money ahead of the guarantee undrawn while it could still buy a minor unit', () => {
    // A satoshi worth at most ¥1: money m ahead of an ample guarantee is drawn min(m, need), and a
    // source is never charged less than the exact cost of the coins it buys.
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 100_000_000n }), fc.bigInt({ min: 0n, max: 50n * BTC }), fc.bigInt({ min: 0n, max: 10n * BTC }), fc.bigInt({ min: 0n, max: 10n ** 10n }), (price, k, extra, m) => {
        const obligation = { ...btc(k, k + extra), detection_price: { coef: price, scale: 0 } };
        const input = { obligations: [obligation], entries: [money('m', m), GUARANTEE], base_decimals: 0, unit_minor: 1n };
        const plan = planPerAsset(input);
        expect(plan.full).toBe(true);
        const settled = settlePerAsset(input, plan, [0n]);
        const [drawn_money, drawn_guarantee] = settled.sources.map((s) => s.drawn_minor);
        expect(drawn_money).toBe(m < plan.total_need_minor ? m : plan.total_need_minor);
        const bought = k - settled.guarantee_used_minor[0]!;
        expect(drawn_money! * BTC >= bought * price).toBe(true);
        expect(drawn_guarantee).toBeLessThanOrEqual(settled.sources[1]!.available_minor);
      }),
      { numRuns: 300 },
    );
  });

  it('under a shortfall, money is never overdrawn and some need stays unmet', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 20n * BTC }), fc.bigInt({ min: 0n, max: 5n * BTC }), fc.bigInt({ min: 0n, max: 50_000n }), fc.bigInt({ min: 0n, max: 30_000_000n }), (k, g, q, m) => {
        const input = { obligations: [btc(k, g), xem(q)], entries: [GUARANTEE, money('m', m)], base_decimals: 0, unit_minor: 1n };
        const plan = planPerAsset(input);
        if (plan.full) return;
        const fiat_ceiling = (plan.paid[1]!.fiat_quantity_minor * 100n) / 1_000_000n;
        const settled = settlePerAsset(input, plan, [0n, fiat_ceiling]);
        expect(settled.sources[1]!.drawn_minor).toBeLessThanOrEqual(m);
        expect(settled.shortfall_minor).toBeGreaterThan(0n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('planHaircut', () => {
  it('cuts by the loss net of funds over the value of all balances (Bitfinex: 36.067%)', () => {
    // Balances worth ¥100,000,000 (BTC 20 × 5,000,000); ¥36,067,000 lost, no funds → h = 0.36067.
    const plan = planHaircut([{ asset: 'BTC', decimals: 8, scope_total_minor: 20n * BTC, net_loss_minor: 721_340_000n, price: { coef: 5_000_000n, scale: 0 } }], [], 0);
    expect(formatDecimal(plan.ratio)).toBe('0.36067');
    expect(plan.cut_minor).toEqual([721_340_000n]);
    expect(plan.shortfall_minor).toBe(36_067_000n);
  });

  it('needs each asset’s loss rounded up on its own, as per_asset does, not one rounding of their sum', () => {
    // 1 XEM and 1 MONA lost, each at ¥0.5: ⌈0.5⌉ + ⌈0.5⌉ = ¥2 (one rounding of the sum gave ¥1).
    const half = { coef: 5n, scale: 1 };
    const plan = planHaircut(
      [
        { asset: 'XEM', decimals: 0, scope_total_minor: 10n, net_loss_minor: 1n, price: half },
        { asset: 'MONA', decimals: 0, scope_total_minor: 10n, net_loss_minor: 1n, price: half },
      ],
      [money('net_assets', 5n)],
      0,
    );
    expect(plan.total_need_minor).toBe(2n);
    expect(plan.sources.map((s) => s.drawn_minor)).toEqual([2n]);
  });
});

describe('creditorPayments', () => {
  it('repays up to the cap first, then pro rata to what remains', () => {
    // Claims 100, 500, 900; cap 200 → base 100, 200, 200 = 500; estate 800 → the rest 300 over
    // 0 : 300 : 700 → 90 and 210.
    expect(creditorPayments([100n, 500n, 900n], 200n, 800n)).toEqual([100n, 290n, 410n]);
    // An estate too small for the base tier is shared pro rata to it: 250 over 100 : 200 : 200.
    expect(creditorPayments([100n, 500n, 900n], 200n, 250n)).toEqual([50n, 100n, 100n]);
    expect(creditorPayments([100n, 500n], 200n, 10_000n)).toEqual([100n, 500n]);
  });
});

describe('funding sources', () => {
  const snapshot = fixtureSnapshot({
    net_assets: '1000',
    group_support: '300',
    safe_assets: [
      { id: 'dep', kind: 'bank_deposit', market_value: '200' },
      { id: 'trust-backing', kind: 'trust', market_value: '999', contract_id: 'trust-1' },
    ],
    contracts: [
      { id: 'trust-1', kind: 'trust', amount: '999', start: '2026-01-01', end: '2026-11-24' },
      { id: 'expired', kind: 'preservation', amount: '5000', start: '2025-01-01', end: '2026-11-23' },
      { id: 'other-cover', kind: 'bank_guarantee', amount: '7000', start: '2026-01-01', end: '2027-01-01', covers: ['fiat_deposits'] },
    ],
    wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '1' }],
    balances: [['A', 'BTC', '1']],
  });
  const incident = incidentOf(snapshot, { losses: [['hot', 'BTC', '1']], occurred_at: '2026-11-24T23:30:00+09:00' });

  it('counts safe assets once (through their contract) and contracts that cover hacks on the day of the loss', () => {
    // The trust runs through 2026-11-24, the day of the loss at the snapshot's offset (+09:00).
    expect(snapshot.contracts.map((c) => contractPays(c, incident, snapshot.manifest.as_of))).toEqual([true, false, false]);
    const policy = policyOf(snapshot, { scheme: 'per_asset' });
    const entries = fundingEntries(snapshot, incident, policy, [{ name: 'parent', amount_minor: 50n }], { status: 'computed', amount_minor: 70n }, 0n);
    expect(entries.map((e) => [e.name, e.available_minor])).toEqual([
      ['insurance', 70n],
      ['guarantee', 0n],
      ['safe_assets', 200n],
      ['contracts', 999n],
      ['net_assets', 1000n],
      ['group_support', 300n],
      ['parent', 50n],
    ]);
    expect(() => fundingEntries(snapshot, incident, policyOf(snapshot, { scheme: 'per_asset', funding_order: ['net_assets'] }), [{ name: 'x', amount_minor: 1n }], { status: 'computed', amount_minor: 0n }, 0n)).toThrow(UserError);
  });

  it('parses --add-funding strictly', () => {
    expect(parseAddFunding(['parent=5000000000', 'bank.loan=0.5'], 'USD', 2)).toEqual([
      { name: 'parent', amount_minor: 500_000_000_000n },
      { name: 'bank.loan', amount_minor: 50n },
    ]);
    for (const bad of ['parent', '=5', 'parent=-1', 'parent=1e6', 'parent=1,000', 'net_assets=1']) {
      expect(() => parseAddFunding([bad], 'JPY', 0), bad).toThrow(UserError);
    }
    expect(() => parseAddFunding(['a=1', 'a=2'], 'JPY', 0)).toThrow(/add_funding_name/);
  });
});
