// What the policies would really pay if some wallets were lost entirely: the insurance credit the
// coverage engine may count towards a requirement (only where a regime lets insurance count).

import type { Peril } from '../incident/types.ts';
import type { Purpose, Snapshot, Tier } from '../snapshot/types.ts';
import { snapshotProgramme } from './claim.ts';
import { applyProgramme } from './engine.ts';
import type { LossEvent, Reason } from './types.ts';
import { valuationOf } from './valuation.ts';

export interface CreditScope {
  peril: Peril;
  tiers: readonly Tier[];
  /** Default: customer wallets only. */
  purposes?: readonly Purpose[];
  /** When the hypothetical loss happens; default the snapshot's as_of (so only policies in force count). */
  time_ms?: number;
}

export interface InsuranceCredit {
  /** The gross loss: every wallet in scope lost in full, at market value. */
  loss_minor: bigint;
  recovery_minor: bigint;
  /** Why nothing (or less) is recoverable; null when every policy paid without a cap. */
  reason: Reason | null;
  policies: Array<{ policy_id: string; recovery_minor: bigint; reason: Reason | null }>;
}

/**
 * One occurrence that takes every wallet of the given tiers and purposes, in a fresh policy year
 * (no earlier erosion of aggregates). Throws InputError when policies.json is invalid.
 */
export function recoverableForTotalLoss(snapshot: Snapshot, scope: CreditScope): InsuranceCredit {
  const purposes = scope.purposes ?? ['customer'];
  const wallets = snapshot.wallets.filter((w) => scope.tiers.includes(w.tier) && purposes.includes(w.purpose) && w.amount_minor > 0n);
  const time_ms = scope.time_ms ?? snapshot.manifest.as_of_ms;
  const event: LossEvent = {
    id: `total-loss-${scope.peril}`,
    occurred_ms: time_ms,
    detected_ms: time_ms,
    peril: scope.peril,
    conditions: [],
    items: wallets.map((w) => ({ wallet_id: w.id, tier: w.tier, asset: w.asset, amount_minor: w.amount_minor })),
  };
  const valuation = valuationOf(snapshot);
  const programme = snapshotProgramme(snapshot);
  if (programme === null) return { loss_minor: 0n, recovery_minor: 0n, reason: { code: 'insurance.no_policies', params: {} }, policies: [] };
  const result = applyProgramme(programme, [event], valuation).events[0]!;
  const policies = result.policies.map((p) => ({ policy_id: p.policy_id, recovery_minor: p.recovery_minor, reason: p.reason }));
  const first_reason = policies.find((p) => p.reason !== null)?.reason ?? null;
  return { loss_minor: result.gross_loss_minor, recovery_minor: result.recovery_minor, reason: first_reason, policies };
}
