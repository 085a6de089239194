// Test builders: a small exchange with round prices, policies written as in policies.json, and
// loss events written with human amounts, so that worked examples read like their hand computation.

import { parseAmount } from '../money/index.ts';
import type { IncidentCondition, Peril } from '../incident/types.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { applyProgramme } from './engine.ts';
import { parsePolicies } from './parse.ts';
import type { CustomerHolding, LossEvent, PolicyProgramme, ProgrammeResult } from './types.ts';
import { valuationOf } from './valuation.ts';

/** BTC ¥10,000,000 and ETH ¥500,000 from 2026-01-01; BTC ¥12,000,000 from 2026-07-01 (all JST). */
export const TEST_SNAPSHOT: Snapshot = fixtureSnapshot({
  as_of: '2026-11-25T00:00:00+09:00',
  assets: { BTC: 8, ETH: 18 },
  wallets: [
    { id: 'hot-btc', asset: 'BTC', tier: 'hot', amount: '1000' },
    { id: 'hot-btc-2', asset: 'BTC', tier: 'hot', amount: '1000' },
    { id: 'warm-btc', asset: 'BTC', tier: 'warm', amount: '1000' },
    { id: 'cold-btc', asset: 'BTC', tier: 'cold', amount: '10000' },
    { id: 'hot-eth', asset: 'ETH', tier: 'hot', amount: '100000' },
  ],
  prices: [
    ['2026-01-01T00:00:00+09:00', 'BTC', '10000000'],
    ['2026-01-01T00:00:00+09:00', 'ETH', '500000'],
    ['2026-07-01T00:00:00+09:00', 'BTC', '12000000'],
  ],
});

export type Json = Record<string, unknown>;

/** A policy as written in policies.json: covers external hacks of hot and warm wallets, no limits. */
export function policyJson(overrides: Json = {}, terms: Json = {}): Json {
  return {
    id: 'p1',
    insurer: 'Insurer A',
    period: { start: '2026-04-01', end: '2027-03-31' },
    currency: 'JPY',
    perils: [{ peril: 'external_hack', tiers: ['hot', 'warm'] }],
    exclusions: [],
    assets: 'all',
    wallets: 'all',
    ...overrides,
    terms: { deductible: '0', occurrence_limit: 'unlimited', aggregate_limit: 'unlimited', valuation: { basis: 'market' }, ...terms },
  };
}

export function programmeOf(policies: Json[], reinsurance: Json[] = [], snapshot: Snapshot = TEST_SNAPSHOT): PolicyProgramme {
  return parsePolicies({ format: 'hozen-policies/1', policies, reinsurance }, snapshot);
}

export interface EventInput {
  id?: string;
  /** JST timestamp; default 2026-05-01T12:00:00+09:00. */
  at?: string;
  detected?: string;
  peril?: Peril;
  conditions?: IncidentCondition[];
  /** [wallet id, amount in the wallet's asset] */
  losses: Array<[string, string]>;
  /** Per loss, the split over accounts: [account, amount]; and each account's holding in yen. */
  by_customer?: Array<Array<[string, string]>>;
  holdings?: Record<string, string>;
}

export function lossEvent(input: EventInput, snapshot: Snapshot = TEST_SNAPSHOT, index = 0): LossEvent {
  const at = input.at ?? '2026-05-01T12:00:00+09:00';
  const customers: CustomerHolding[] | undefined =
    input.holdings === undefined ? undefined : Object.entries(input.holdings).map(([account_id, yen]) => ({ account_id, holding_minor: BigInt(yen) }));
  return {
    id: input.id ?? `e${index + 1}`,
    occurred_ms: Date.parse(at),
    detected_ms: Date.parse(input.detected ?? at),
    peril: input.peril ?? 'external_hack',
    conditions: input.conditions ?? [],
    items: input.losses.map(([wallet_id, amount], i) => {
      const wallet = snapshot.wallets.find((w) => w.id === wallet_id)!;
      const decimals = snapshot.assets.get(wallet.asset)!.decimals;
      const split = input.by_customer?.[i];
      return {
        wallet_id,
        tier: wallet.tier,
        asset: wallet.asset,
        amount_minor: parseAmount(amount, decimals),
        ...(split === undefined ? {} : { by_customer: split.map(([account_id, a]) => ({ account_id, amount_minor: parseAmount(a, decimals) })) }),
      };
    }),
    ...(customers === undefined ? {} : { customers }),
  };
}

export function run(programme: PolicyProgramme, events: EventInput[], snapshot: Snapshot = TEST_SNAPSHOT): ProgrammeResult {
  return applyProgramme(programme, events.map((e, i) => lossEvent(e, snapshot, i)), valuationOf(snapshot));
}
