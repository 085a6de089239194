// Worked examples, one per method and scheme, with the hand computation beside each figure.
// Every example runs the streaming engine and the in-memory reference (runBoth): they must agree.

import { describe, expect, it } from 'vitest';
import { formatAmount, formatDecimal } from '../money/index.ts';
import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { incidentOf, policyOf, runBoth, type IncidentInput } from './testing.ts';
import type { CompensationResult, PayoutRow } from './types.ts';

/** Rows as the strings payouts.csv would hold. */
function table(snapshot: Snapshot, rows: readonly PayoutRow[]): string[][] {
  const base = snapshot.assets.get(snapshot.manifest.base_currency)!.decimals;
  return rows.map((r) => {
    const d = snapshot.assets.get(r.asset)!.decimals;
    return [r.account_id, r.asset, formatAmount(r.balance_minor, d), formatAmount(r.loss_minor, d), formatAmount(r.paid_in_kind_minor, d), formatAmount(r.paid_fiat_minor, base), formatAmount(r.iou_minor, base), formatAmount(r.unpaid_claim_minor, d), formatDecimal(r.rounding_residue)];
  });
}

function sources(result: CompensationResult): Array<[string, string, string]> {
  return result.sources.map((s) => [s.name, formatAmount(s.available_minor, result.base_decimals), formatAmount(s.drawn_minor, result.base_decimals)]);
}

async function run(fixture: FixtureInput, incident: IncidentInput, policy: Record<string, unknown>, extra: { add?: Array<[string, bigint]> } = {}) {
  const snapshot = fixtureSnapshot(fixture);
  const { rows, result } = await runBoth({
    snapshot,
    incident: incidentOf(snapshot, incident),
    policy: policyOf(snapshot, policy),
    additional_funding: (extra.add ?? []).map(([name, amount_minor]) => ({ name, amount_minor })),
  });
  return { snapshot, rows: table(snapshot, rows), result };
}

describe('per_asset, in kind (Bitpoint 2019, DMM 2024)', () => {
  it('restores 0.9 BTC pro rata from guarantee crypto', async () => {
    // Holders 3, 1, 0.5 BTC (W = 4.5); 0.9 BTC stolen → quotas 0.9 × 3/4.5 = 0.6, 0.2, 0.1 exactly.
    // In kind: K = 0.9 BTC, valued at detection (¥10,000,000/BTC) = ¥9,000,000; guarantee 1 BTC
    // covers it all (insurance, first in order, is not wired and holds 0).
    const { rows, result } = await run(
      {
        wallets: [
          { id: 'hot', asset: 'BTC', tier: 'hot', amount: '4.5' },
          { id: 'gua', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '1' },
        ],
        balances: [['A', 'BTC', '3'], ['B', 'BTC', '1'], ['C', 'BTC', '0.5'], ['A', 'JPY', '500']],
        prices: [['2026-11-24T11:00:00+09:00', 'BTC', '10000000']],
        net_assets: '50000000',
      },
      { losses: [['hot', 'BTC', '0.9']] },
      { scheme: 'per_asset', default: { method: 'in_kind' } },
    );
    expect(rows).toEqual([
      ['A', 'BTC', '3', '0.6', '0.6', '0', '0', '0', '0'],
      ['B', 'BTC', '1', '0.2', '0.2', '0', '0', '0', '0'],
      ['C', 'BTC', '0.5', '0.1', '0.1', '0', '0', '0', '0'],
    ]);
    expect(result.total_need_minor).toBe(9_000_000n);
    expect(result.shortfall_minor).toBe(0n);
    expect(result.coverage_ratio).toBeNull();
    expect(result.insurance_status).toBe('not_wired');
    // Guarantee available: 1 BTC = ¥10,000,000; drawn 0.9 BTC = ¥9,000,000; no money needed.
    expect(sources(result)).toEqual([
      ['insurance', '0', '0'],
      ['guarantee', '10000000', '9000000'],
      ['safe_assets', '0', '0'],
      ['contracts', '0', '0'],
      ['net_assets', '50000000', '0'],
      ['group_support', '0', '0'],
    ]);
  });

  it('uses money ahead of the guarantee in the order, and recoveries first reduce the loss', async () => {
    // 1.2 BTC stolen, 0.3 recovered → net 0.9 BTC, K = ¥9,000,000. Order: net_assets (¥4,000,000)
    // then guarantee (1 BTC). Nothing needs money (the guarantee covers all), so net_assets buys
    // coins to spare the guarantee: ¥4,000,000 / ¥10,000,000 = 0.4 BTC; guarantee gives 0.5 BTC.
    const { result } = await run(
      {
        wallets: [
          { id: 'hot', asset: 'BTC', tier: 'hot', amount: '4.5' },
          { id: 'gua', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '1' },
        ],
        balances: [['A', 'BTC', '3'], ['B', 'BTC', '1'], ['C', 'BTC', '0.5']],
        prices: [['2026-11-24T11:00:00+09:00', 'BTC', '10000000']],
        net_assets: '4000000',
      },
      { losses: [['hot', 'BTC', '1.2']], recovered: [['BTC', '0.3']] },
      { scheme: 'per_asset', funding_order: ['net_assets', 'guarantee'] },
    );
    expect(sources(result)).toEqual([
      ['net_assets', '4000000', '4000000'],
      ['guarantee', '10000000', '5000000'],
    ]);
    expect(result.by_asset[0]).toMatchObject({ loss_minor: 90_000_000n, paid_in_kind_minor: 90_000_000n });
  });
});

describe('per_asset, fiat at a reference price', () => {
  it('pays XEM at the VWAP of one venue (Coincheck 2018)', async () => {
    // Trades of XEM at zaif in the window: 90 × 1000, 88 × 2000, 88.147 × 1000 → 354,147 / 4000 =
    // 88.53675 → 3 decimals half-up = ¥88.537. Ignored: a trade outside the window, another venue,
    // and a quote without volume.
    // All customer XEM is lost; each row is paid ⌊balance × 88.537⌋ yen:
    //   A 1000.5 × 88.537 = 88,581.2685 → ¥88,581, residue 0.2685
    //   B 250 × 88.537 = 22,134.25 → ¥22,134, residue 0.25
    //   C 0.123457 × 88.537 = 10.930512409 → ¥10, residue 0.930512409
    // F = ¥110,725 and Σ residues 1.449012409: together 1250.623457 × 88.537 = 110,726.449012409.
    const { rows, result } = await run(
      {
        assets: { XEM: 6 },
        wallets: [{ id: 'xem-hot', asset: 'XEM', tier: 'hot', amount: '1250.623457' }],
        balances: [['A', 'XEM', '1000.5'], ['B', 'XEM', '250'], ['C', 'XEM', '0.123457']],
        prices: [
          ['2018-01-26T12:00:00+09:00', 'XEM', '100', '5000', 'zaif'],
          ['2018-01-26T12:30:00+09:00', 'XEM', '90', '1000', 'zaif'],
          ['2018-01-26T18:00:00+09:00', 'XEM', '88', '2000', 'zaif'],
          ['2018-01-26T19:00:00+09:00', 'XEM', '50', '9000', 'other'],
          ['2018-01-27T10:00:00+09:00', 'XEM', '88.147', '1000', 'zaif'],
          ['2018-01-27T11:00:00+09:00', 'XEM', '70'],
        ],
        net_assets: '1000000',
      },
      { losses: [['xem-hot', 'XEM', '1250.623457']], occurred_at: '2018-01-26T02:57:00+09:00', detected_at: '2018-01-26T11:25:00+09:00' },
      {
        scheme: 'per_asset',
        assets: { XEM: { method: 'fiat', price: { rule: 'vwap', venue: 'zaif', from: '2018-01-26T12:09:00+09:00', to: '2018-01-27T23:00:00+09:00', decimals: 3, mode: 'half-up' } } },
        rounding: { JPY: { mode: 'floor', unit: '1' } },
      },
    );
    expect(rows).toEqual([
      ['A', 'XEM', '1000.5', '1000.5', '0', '88581', '0', '0', '0.2685'],
      ['B', 'XEM', '250', '250', '0', '22134', '0', '0', '0.25'],
      ['C', 'XEM', '0.123457', '0.123457', '0', '10', '0', '0', '0.930512409'],
    ]);
    expect(result.reference_prices).toEqual([{ asset: 'XEM', rule: 'vwap', price: { coef: 88537n, scale: 3 } }]);
    expect(result.total_need_minor).toBe(110_725n);
    expect(formatDecimal(result.by_asset[0]!.rounding_residue)).toBe('1.449012409');
    // No in-kind part: all of it is priority money, drawn in order; net_assets pays.
    expect(sources(result).find(([name]) => name === 'net_assets')).toEqual(['net_assets', '1000000', '110725']);
  });

  it('pays in ¥10 units, half-up, and at a fixed price', async () => {
    // 2 customers each lose 1.5 ETH at a fixed ¥333,333.33: value 499,999.995 → half-up to ¥10 →
    // ¥500,000 (residue −0.005: the customer gets half a sen more, as the policy chose).
    const { rows } = await run(
      {
        assets: { ETH: 18 },
        wallets: [{ id: 'eth', asset: 'ETH', tier: 'hot', amount: '3' }],
        balances: [['A', 'ETH', '1.5'], ['B', 'ETH', '1.5']],
        net_assets: '2000000',
      },
      { losses: [['eth', 'ETH', '3']] },
      { scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'fixed', price: '333333.33' } }, rounding: { JPY: { mode: 'half-up', unit: '10' } } },
    );
    expect(rows).toEqual([
      ['A', 'ETH', '1.5', '1.5', '0', '500000', '0', '0', '-0.005'],
      ['B', 'ETH', '1.5', '1.5', '0', '500000', '0', '0', '-0.005'],
    ]);
  });

  it('pays at the market price at the time of loss (MiCA)', async () => {
    // The latest price at or before occurred_at (10:00) is ¥12,000,000 (the 10:30 one is later).
    // 0.25 BTC × 12,000,000 = ¥3,000,000.
    const { rows, result } = await run(
      {
        wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '1' }],
        balances: [['A', 'BTC', '1']],
        prices: [
          ['2026-11-24T09:00:00+09:00', 'BTC', '12000000'],
          ['2026-11-24T10:30:00+09:00', 'BTC', '9000000'],
        ],
        net_assets: '5000000',
      },
      { losses: [['hot', 'BTC', '0.25']] },
      { scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'market_at_loss' } } },
    );
    expect(rows).toEqual([['A', 'BTC', '1', '0.25', '0', '3000000', '0', '0', '0']]);
    expect(result.reference_prices).toEqual([{ asset: 'BTC', rule: 'market_at_loss', price: { coef: 12_000_000n, scale: 0 } }]);
  });
});

describe('per_asset, mixed (Zaif 2018, MONA)', () => {
  it('pays 60.3% in kind and the rest at the mid of two venues', async () => {
    // Mid at 2018-10-09 09:00: (144.5 + 144.596) / 2 = ¥144.548.
    //   A loses 10 MONA: in kind ⌊10 × 0.603⌋ = 6.03; fiat 3.97 × 144.548 = 573.85556 → ¥573.
    //   B loses 3.33333333: in kind ⌊333,333,333 × 0.603⌋ sat = 2.00999999; fiat 1.32333334 ×
    //   144.548 = 191.28518763032 → ¥191.
    // In kind K = 8.03999999 MONA at the detection price ¥150 → ⌈1205.9999985⌉ = ¥1,206; F = ¥764.
    const { rows, result } = await run(
      {
        assets: { MONA: 8 },
        wallets: [{ id: 'mona', asset: 'MONA', tier: 'hot', amount: '13.33333333' }],
        balances: [['A', 'MONA', '10'], ['B', 'MONA', '3.33333333']],
        prices: [
          ['2018-09-14T18:00:00+09:00', 'MONA', '150'],
          ['2018-10-09T08:00:00+09:00', 'MONA', '144.5', '0', 'venue-a'],
          ['2018-10-09T08:59:00+09:00', 'MONA', '144.596', '0', 'venue-b'],
          ['2018-10-09T09:30:00+09:00', 'MONA', '200', '0', 'venue-a'],
        ],
        net_assets: '5000',
      },
      { losses: [['mona', 'MONA', '13.33333333']], occurred_at: '2018-09-14T17:00:00+09:00', detected_at: '2018-09-17T00:00:00+09:00' },
      { scheme: 'per_asset', assets: { MONA: { method: 'mixed', in_kind_share: '0.603', price: { rule: 'mid', venues: ['venue-a', 'venue-b'], at: '2018-10-09T09:00:00+09:00', decimals: 3 } } } },
    );
    expect(rows).toEqual([
      ['A', 'MONA', '10', '10', '6.03', '573', '0', '0', '0.85556'],
      ['B', 'MONA', '3.33333333', '3.33333333', '2.00999999', '191', '0', '0', '0.28518763032'],
    ]);
    expect(result.total_need_minor).toBe(1_970n);
    expect(result.reference_prices).toEqual([
      { asset: 'MONA', rule: 'mid', price: { coef: 144548n, scale: 3 } },
      { asset: 'MONA', rule: 'market_at_detection', price: { coef: 150n, scale: 0 } },
    ]);
  });
});

describe('per_asset under a shortfall (Zaif 2018: the operator short)', () => {
  const fixture: FixtureInput = {
    wallets: [
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: '10' },
      { id: 'gua', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '2' },
    ],
    balances: [['A', 'BTC', '6'], ['B', 'BTC', '4']],
    prices: [['2026-11-24T11:00:00+09:00', 'BTC', '1000000']],
    net_assets: '3000000',
  };
  // 10 BTC lost, owed in kind, worth ¥10,000,000 at ¥1,000,000/BTC. Guarantee 2 BTC; money ¥3,000,000.
  // Coverage c: the guarantee pays the first 2 BTC, money buys the rest: (10c − 2) × 1,000,000 ≤
  // 3,000,000 → c = 0.5: 5 BTC paid (A 3, B 2), 5 BTC short (¥5,000,000).

  it('records the unpaid part as a claim', async () => {
    const { rows, result } = await run(fixture, { losses: [['hot', 'BTC', '10']] }, { scheme: 'per_asset', on_shortfall: 'record_claim' });
    expect(rows).toEqual([
      ['A', 'BTC', '6', '6', '3', '0', '0', '3', '0'],
      ['B', 'BTC', '4', '4', '2', '0', '0', '2', '0'],
    ]);
    expect(formatDecimal(result.coverage_ratio!)).toBe('0.5');
    expect(result.shortfall_minor).toBe(5_000_000n);
    expect(sources(result)).toEqual([
      ['insurance', '0', '0'],
      ['guarantee', '2000000', '2000000'],
      ['safe_assets', '0', '0'],
      ['contracts', '0', '0'],
      ['net_assets', '3000000', '3000000'],
      ['group_support', '0', '0'],
    ]);
  });

  it('writes the unpaid part off when the policy socialises it', async () => {
    const { rows, result } = await run(fixture, { losses: [['hot', 'BTC', '10']] }, { scheme: 'per_asset', on_shortfall: 'socialize' });
    expect(rows.map((r) => r[7])).toEqual(['0', '0']);
    expect(result.by_asset[0]).toMatchObject({ written_off_minor: 500_000_000n, unpaid_claim_minor: 0n });
  });

  it('is closed by group support or --add-funding (DMM 2024: the parent covered the rest)', async () => {
    // ¥5,000,000 more (¥2,000,000 group support + ¥3,000,000 added) pays everyone in full.
    const { rows, result } = await run({ ...fixture, group_support: '2000000' }, { losses: [['hot', 'BTC', '10']] }, { scheme: 'per_asset' }, { add: [['parent-loan', 3_000_000n]] });
    expect(rows.map((r) => r[4])).toEqual(['6', '4']);
    expect(result.shortfall_minor).toBe(0n);
    expect(sources(result).slice(-3)).toEqual([
      ['net_assets', '3000000', '3000000'],
      ['group_support', '2000000', '2000000'],
      ['parent-loan', '3000000', '3000000'],
    ]);
  });
});

describe('haircut (Bitfinex 2016)', () => {
  it('cuts every balance by the loss over all balances and pays IOUs', async () => {
    // Values at the time of loss: BTC 3 × 5,000,000 = 15,000,000; JPY 1,000,000; ETH 5 × 200,000 =
    // 1,000,000 → ¥17,000,000. 1.2 BTC stolen = ¥6,000,000, no funds: h = 6/17 = 0.3529411764…
    // Cuts: BTC 3 × 6/17 = 1.05882352|94 → 1.05882353 (half-even); JPY 352,941.17 → 352,941;
    // ETH 5 × 6/17 = 1.764705882352941176|47 → …176.
    // BTC rows: quotas 0.70588235|33 (A) and 0.35294117|67 (B); the last satoshi goes to B.
    // IOUs: A 0.70588235 × 5,000,000 = 3,529,411.75 → 3,529,411; B 0.35294118 × 5,000,000 =
    // 1,764,705.9 → 1,764,705; JPY 352,941; ETH 1.764705882352941176 × 200,000 =
    // 352,941.1764705882352 → 352,941.
    const { rows, result } = await run(
      {
        assets: { BTC: 8, ETH: 18 },
        wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '3' }],
        balances: [['A', 'BTC', '2'], ['A', 'JPY', '1000000'], ['B', 'BTC', '1'], ['C', 'ETH', '5']],
        prices: [
          ['2016-08-02T09:00:00+09:00', 'BTC', '5000000'],
          ['2016-08-02T09:00:00+09:00', 'ETH', '200000'],
        ],
      },
      { losses: [['hot', 'BTC', '1.2']], occurred_at: '2016-08-02T10:00:00+09:00', detected_at: '2016-08-02T11:00:00+09:00', affected: { mode: 'all_accounts' } },
      { scheme: 'haircut' },
    );
    expect(rows).toEqual([
      ['A', 'BTC', '2', '0.70588235', '0', '0', '3529411', '0', '0.75'],
      ['A', 'JPY', '1000000', '352941', '0', '0', '352941', '0', '0'],
      ['B', 'BTC', '1', '0.35294118', '0', '0', '1764705', '0', '0.9'],
      ['C', 'ETH', '5', '1.764705882352941176', '0', '0', '352941', '0', '0.1764705882352'],
    ]);
    expect(formatDecimal(result.haircut_ratio!)).toBe('0.352941176470588235');
    expect(result.total_need_minor).toBe(6_000_000n);
    expect(result.shortfall_minor).toBe(6_000_000n);
  });

  it('lets funds shrink the cut first', async () => {
    // ¥6,000,000 lost, ¥4,300,000 of net assets: ¥1,700,000 is cut from ¥17,000,000 → h = 0.1.
    const { result } = await run(
      {
        assets: { BTC: 8, ETH: 18 },
        wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '3' }],
        balances: [['A', 'BTC', '2'], ['A', 'JPY', '1000000'], ['B', 'BTC', '1'], ['C', 'ETH', '5']],
        prices: [
          ['2016-08-02T09:00:00+09:00', 'BTC', '5000000'],
          ['2016-08-02T09:00:00+09:00', 'ETH', '200000'],
        ],
        net_assets: '4300000',
      },
      { losses: [['hot', 'BTC', '1.2']], occurred_at: '2016-08-02T10:00:00+09:00' },
      { scheme: 'haircut' },
    );
    expect(formatDecimal(result.haircut_ratio!)).toBe('0.1');
    expect(result.by_asset.map((a) => [a.asset, a.loss_minor])).toEqual([
      ['BTC', 30_000_000n],
      ['ETH', 500_000_000_000_000_000n],
      ['JPY', 100_000n],
    ]);
  });
});

describe('rehabilitation (Mt.Gox)', () => {
  it('repays up to ¥200,000 per creditor, then the estate pro rata, at ¥749,318.83 per BTC', async () => {
    // Claims (⌊BTC × 749,318.83⌋): A 0.1 → 74,931; B 1 → 749,318; C 2 → 1,498,637; Σ 2,322,886.
    // Estate ¥1,000,000. Base tier: 74,931 + 200,000 + 200,000 = 474,931; the rest 525,069 goes
    // pro rata to 0 : 549,318 : 1,298,637 → B 156,080.56, C 368,988.44 → B gets the last yen.
    // Repaid: A 74,931 (in full), B 356,081, C 568,988; shortfall 1,322,886.
    // B's unpaid ¥393,237 is ⌈393,237 / 749,318.83⌉ = 0.52479264 BTC; the 0.47520736 BTC settled
    // are worth 356,081.8230025888 → residue 0.8230025888. C: unpaid ¥929,649 → 1.2406588 BTC.
    const { rows, result } = await run(
      {
        wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '3.1' }],
        balances: [['A', 'BTC', '0.1'], ['B', 'BTC', '1'], ['C', 'BTC', '2']],
        net_assets: '1000000',
      },
      { losses: [['hot', 'BTC', '3.1']] },
      { scheme: 'rehabilitation', default: { price: { rule: 'fixed', price: '749318.83' } }, rehabilitation: { base_cap: '200000' } },
    );
    expect(rows).toEqual([
      ['A', 'BTC', '0.1', '0.1', '0', '74931', '0', '0', '0.883'],
      ['B', 'BTC', '1', '1', '0', '356081', '0', '0.52479264', '0.8230025888'],
      ['C', 'BTC', '2', '2', '0', '568988', '0', '1.2406588', '0.659554796'],
    ]);
    expect(result.total_need_minor).toBe(2_322_886n);
    expect(result.shortfall_minor).toBe(1_322_886n);
  });

  it('splits a creditor with several lost assets over their rows, in file order', async () => {
    // A holds 1 BTC (claim 100) and 1 ETH (claim 50) at fixed prices; A is A's only creditor
    // record, claim 150, repaid 100 (estate). Cumulative: ⌊100 × 100/150⌋ = 66 on BTC, then
    // ⌊100 × 150/150⌋ − 66 = 34 on ETH.
    const { rows } = await run(
      {
        assets: { BTC: 8, ETH: 18 },
        wallets: [
          { id: 'b', asset: 'BTC', tier: 'hot', amount: '1' },
          { id: 'e', asset: 'ETH', tier: 'hot', amount: '1' },
        ],
        balances: [['A', 'BTC', '1'], ['A', 'ETH', '1']],
        net_assets: '100',
      },
      { losses: [['b', 'BTC', '1'], ['e', 'ETH', '1']] },
      { scheme: 'rehabilitation', assets: { BTC: { price: { rule: 'fixed', price: '100' } }, ETH: { price: { rule: 'fixed', price: '50' } } }, rehabilitation: { base_cap: '0' } },
    );
    expect(rows.map((r) => [r[1], r[5]])).toEqual([
      ['BTC', '66'],
      ['ETH', '34'],
    ]);
  });
});

describe('affected accounts (an account takeover)', () => {
  it('charges the loss only to the listed accounts, capped at what they hold', async () => {
    // X's and Y's BTC was withdrawn by an attacker: 1.5 BTC lost; they hold 1 + 0.2 = 1.2 BTC, so
    // they lose it all and the exchange bears the 0.3 BTC beyond. Z, a holder, is untouched.
    const { rows, result } = await run(
      {
        wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '5' }],
        balances: [['X', 'BTC', '1'], ['Z', 'BTC', '3'], ['Y', 'BTC', '0.2']],
        prices: [['2026-11-24T11:00:00+09:00', 'BTC', '10000000']],
        net_assets: '100000000',
      },
      { losses: [['hot', 'BTC', '1.5']], affected: { mode: 'accounts', accounts: ['X', 'Y'] } },
      { scheme: 'per_asset' },
    );
    expect(rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      ['X', '1', '1'],
      ['Y', '0.2', '0.2'],
    ]);
    expect(result.by_asset[0]!.borne_by_exchange_minor).toBe(30_000_000n);
  });
});
