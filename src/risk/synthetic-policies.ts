// The insurance the synthetic exchange (synthetic.ts) buys, shared by the tests and benches that
// need insured synthetic snapshots: `online` covers hot and warm wallets against hacks and every
// wallet against vendor compromise; `cold` (bench/risk) covers cold wallets against hacks.

import type { Snapshot } from '../snapshot/types.ts';

const PERIOD = { start: '2026-04-01', end: '2027-03-31' };

export const ONLINE_POLICY = {
  id: 'online',
  insurer: 'Insurer A',
  period: PERIOD,
  currency: 'JPY',
  perils: [{ peril: 'external_hack', tiers: ['hot', 'warm'] }, 'vendor_compromise'],
  exclusions: [],
  assets: 'all',
  wallets: 'all',
  terms: { deductible: '50000000', coinsurance: '0.1', occurrence_limit: '3000000000', aggregate_limit: '5000000000', valuation: { basis: 'market' } },
};

export const COLD_POLICY = {
  id: 'cold',
  insurer: 'Insurer B',
  period: PERIOD,
  currency: 'JPY',
  perils: [{ peril: 'external_hack', tiers: ['cold'] }],
  exclusions: [],
  assets: 'all',
  wallets: 'all',
  terms: { deductible: '500000000', occurrence_limit: '20000000000', aggregate_limit: '20000000000', valuation: { basis: 'market' } },
};

/** A `policies.json` document (hozen-policies/1) of these policies. */
export function syntheticPolicies(policies: readonly object[] = [ONLINE_POLICY]): { format: string; policies: object[]; reinsurance: object[] } {
  return { format: 'hozen-policies/1', policies: [...policies], reinsurance: [] };
}

/** The snapshot with these policies as its policies.json. */
export function insured(snapshot: Snapshot, policies: readonly object[] = [ONLINE_POLICY]): Snapshot {
  return { ...snapshot, documents: { ...snapshot.documents, policies: syntheticPolicies(policies) } };
}
