// Random programmes and loss years for property tests (fast-check). Assets are priced at 1 with
// 0 decimals, so an amount lost is its value and the fast path sees the same numbers as the exact
// one. Random policies never overlap: either each peril is covered by at most one policy, or each
// wallet is (then one event can hit several policies, and reinsurance splits across them).

import fc from 'fast-check';
import { PERILS, type Peril } from '../incident/types.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Json } from './testing.ts';

export const UNIT_SNAPSHOT: Snapshot = fixtureSnapshot({
  as_of: '2026-11-25T00:00:00+09:00',
  assets: { X: 0, Y: 0 },
  wallets: [
    { id: 'hx', asset: 'X', tier: 'hot', amount: '100000000000000' },
    { id: 'hy', asset: 'Y', tier: 'hot', amount: '100000000000000' },
    { id: 'wx', asset: 'X', tier: 'warm', amount: '100000000000000' },
    { id: 'cx', asset: 'X', tier: 'cold', amount: '100000000000000' },
    { id: 'cy', asset: 'Y', tier: 'cold', amount: '100000000000000' },
  ],
  prices: [
    ['2020-01-01T00:00:00+09:00', 'X', '1'],
    ['2020-01-01T00:00:00+09:00', 'Y', '1'],
  ],
});
const WALLET_IDS = UNIT_SNAPSHOT.wallets.map((w) => w.id);

export interface RandomYearEvent {
  peril: Peril;
  /** [wallet index, loss] */
  rows: Array<[number, number]>;
}

export interface RandomCase {
  policies: Json[];
  reinsurance: Json[];
  /** Events per simulated year, in time order. */
  years: RandomYearEvent[][];
}

/** Amounts are drawn in [0, 3000] units and scaled by one of these, to reach large exact values too. */
const SCALES = [1, 7, 1_000_003, 1_000_000_000];

const ratio = (max: number) =>
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max, noNaN: true })).map(([scale, x]) => (Math.floor(x * 10 ** scale) / 10 ** scale).toFixed(scale));

export function randomCase(options: { customers?: boolean } = {}): fc.Arbitrary<RandomCase> {
  return fc.integer({ min: 0, max: SCALES.length - 1 }).chain((s) => {
    const scale = SCALES[s]!;
    const amount = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n * scale));
    const limit = (max: number) => fc.oneof(fc.constant('unlimited'), amount(1, max));
    const perilOwner = fc.array(fc.integer({ min: -1, max: 2 }), { minLength: PERILS.length, maxLength: PERILS.length });
    const walletOwner = fc.array(fc.integer({ min: -1, max: 2 }), { minLength: WALLET_IDS.length, maxLength: WALLET_IDS.length });
    const policyTerms = fc.record({
      deductible: amount(0, 800),
      occurrence_limit: limit(4000),
      aggregate_limit: limit(9000),
      reinstatements: fc.integer({ min: 0, max: 3 }),
      rate: ratio(2),
      premium: amount(0, 5000),
      coinsurance: ratio(0.6),
      wallet_scope: fc.oneof(fc.constant('all'), fc.subarray(['hot', 'warm', 'cold'], { minLength: 1 }), fc.subarray(WALLET_IDS, { minLength: 1 })),
      assets: fc.oneof(fc.constant('all'), fc.subarray(['X', 'Y'], { minLength: 1 })),
      hack_tiers: fc.subarray(['hot', 'warm', 'cold'], { minLength: 1 }),
      peril_sublimit: fc.option(fc.tuple(limit(3000), amount(1, 6000))),
      asset_sublimit: fc.option(fc.tuple(fc.constantFrom('X', 'Y'), amount(1, 3000), limit(6000))),
      per_customer: options.customers === true ? fc.option(fc.tuple(amount(1, 500), amount(0, 2000), amount(1, 3000))) : fc.constant(null),
    });
    const contract = fc.record({
      kind: fc.constantFrom('quota_share', 'excess_of_loss', 'aggregate_stop_loss'),
      covers: fc.subarray([0, 1, 2], { minLength: 1 }),
      share: ratio(1).filter((r) => Number(r) > 0),
      attachment: amount(0, 3000),
      limit: limit(4000),
      reinstatements: fc.oneof(fc.constant('unlimited' as const), fc.integer({ min: 0, max: 2 })),
      rate: ratio(1.5),
      premium: amount(0, 3000),
    });
    const event = fc.record({
      peril: fc.constantFrom(...PERILS),
      rows: fc.array(fc.tuple(fc.integer({ min: 0, max: WALLET_IDS.length - 1 }), fc.integer({ min: 0, max: 3000 }).map((n) => n * scale)), { minLength: 1, maxLength: 3 }),
    });
    return fc
      .record({
        by_wallet: fc.boolean(),
        owners: perilOwner,
        wallet_owners: walletOwner,
        peril_sets: fc.array(fc.subarray([...PERILS], { minLength: 1 }), { minLength: 3, maxLength: 3 }),
        terms: fc.array(policyTerms, { minLength: 3, maxLength: 3 }),
        contracts: fc.array(contract, { maxLength: 3 }),
        years: fc.array(fc.array(event, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
      })
      .map(({ by_wallet, owners, wallet_owners, peril_sets, terms, contracts, years }) => {
        const policies: Json[] = [];
        const present: number[] = [];
        terms.forEach((t, k) => {
          const perils = by_wallet ? peril_sets[k]! : PERILS.filter((_, i) => owners[i] === k);
          const owned = WALLET_IDS.filter((_, w) => wallet_owners[w] === k);
          if (perils.length === 0 || (by_wallet && owned.length === 0)) return;
          present.push(k);
          policies.push(policyFromTerms(`p${k}`, perils, by_wallet ? { ...t, wallet_scope: owned } : t));
        });
        const reinsurance = contracts
          .map((c, i) => ({ c, covers: c.covers.filter((k) => present.includes(k)).map((k) => `p${k}`), i }))
          .filter(({ covers }) => covers.length > 0)
          .map(({ c, covers, i }) => contractFromTerms(`r${i}`, covers, c));
        return { policies, reinsurance, years };
      });
  });
}

interface PolicyTerms {
  deductible: string;
  occurrence_limit: string;
  aggregate_limit: string;
  reinstatements: number;
  rate: string;
  premium: string;
  coinsurance: string;
  wallet_scope: string | string[];
  assets: string | string[];
  hack_tiers: string[];
  peril_sublimit: [string, string] | null;
  asset_sublimit: [string, string, string] | null;
  per_customer: [string, string, string] | null;
}

function policyFromTerms(id: string, perils: Peril[], t: PolicyTerms): Json {
  const wallets = t.wallet_scope === 'all' ? 'all' : (t.wallet_scope as string[]).some((w) => WALLET_IDS.includes(w)) ? { ids: t.wallet_scope } : { tiers: t.wallet_scope };
  const terms: Json = { deductible: t.deductible, occurrence_limit: t.occurrence_limit, aggregate_limit: t.aggregate_limit, coinsurance: t.coinsurance, valuation: { basis: 'market' } };
  if (t.aggregate_limit !== 'unlimited' && t.reinstatements > 0) {
    terms['reinstatements'] = { count: t.reinstatements, premium_rate: t.rate };
    terms['premium'] = t.premium;
  }
  const sublimits: Json = {};
  if (t.peril_sublimit !== null) sublimits['perils'] = { [perils[0]!]: { occurrence: t.peril_sublimit[0], aggregate: t.peril_sublimit[1] } };
  const assets = t.assets === 'all' ? null : (t.assets as string[]);
  if (t.asset_sublimit !== null && (assets === null || assets.includes(t.asset_sublimit[0]))) {
    sublimits['assets'] = { [t.asset_sublimit[0]]: { occurrence: t.asset_sublimit[1], aggregate: t.asset_sublimit[2] } };
  }
  if (Object.keys(sublimits).length > 0) terms['sublimits'] = sublimits;
  if (t.per_customer !== null) terms['per_customer'] = { annual_limit: t.per_customer[0], tiers: [{ holding_over: t.per_customer[1], annual_limit: t.per_customer[2] }] };
  return {
    id,
    insurer: 'Insurer',
    period: { start: '2026-01-01', end: '2026-12-31' },
    currency: 'JPY',
    perils: perils.map((peril) => (peril === 'external_hack' ? { peril, tiers: t.hack_tiers } : peril)),
    exclusions: [],
    assets: t.assets,
    wallets,
    terms,
  };
}

interface ContractTerms {
  kind: string;
  share: string;
  attachment: string;
  limit: string;
  reinstatements: 'unlimited' | number;
  rate: string;
  premium: string;
}

function contractFromTerms(id: string, covers: string[], c: ContractTerms): Json {
  const base = { id, reinsurer: `Re ${id}`, kind: c.kind, covers, share: c.share };
  switch (c.kind) {
    case 'quota_share':
      return { ...base, occurrence_limit: c.limit };
    case 'excess_of_loss':
      return {
        ...base,
        attachment: c.attachment,
        limit: c.limit,
        ...(c.limit === 'unlimited' ? {} : { reinstatements: c.reinstatements === 'unlimited' ? 'unlimited' : { count: c.reinstatements, premium_rate: c.rate } }),
        premium: c.premium,
      };
    default:
      return { ...base, attachment: c.attachment, limit: c.limit };
  }
}

/** Event i of a year happens i hours after 2026-01-02 00:00 JST, inside every random policy's period. */
export function eventTime(index: number): string {
  return new Date(Date.parse('2026-01-02T00:00:00+09:00') + index * 3_600_000).toISOString().replace('Z', '+00:00');
}
