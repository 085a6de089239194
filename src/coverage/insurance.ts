// The seam for insurance credit: what the exchange's policies would really pay for a peril over a
// scope of wallets. A regime that lets insurance count asks this provider. The default provider
// (insurance-engine.ts) runs the insurance engine on a hypothetical total loss of the wallets in
// scope; `insuranceNotWired` counts nothing and says so.

import type { Peril } from '../incident/types.ts';
import type { Snapshot, Tier } from '../snapshot/types.ts';
import type { Message } from './types.ts';

export interface InsuranceScope {
  regime: string;
  peril: Peril;
  /** Losses of customer crypto held in these tiers. */
  tiers: readonly Tier[];
}

export interface InsuranceCredit {
  /** What each policy would pay, base-currency minor units, none negative; policies paying 0 are left out. */
  sources: Array<{ id: string; recoverable_minor: bigint }>;
  /** How the credit was found, and why it is less than the loss (policy caps, no policies). */
  notes: Message[];
}

export type InsuranceCreditProvider = (snapshot: Snapshot, scope: InsuranceScope) => InsuranceCredit;

export const insuranceNotWired: InsuranceCreditProvider = () => ({
  sources: [],
  notes: [{ code: 'coverage.insurance.not_wired', params: {} }],
});
