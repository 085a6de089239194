// What a policy covers, as sets: which wallets it answers for under a peril, and which band of an
// occurrence's loss it can pay. Used to reject overlapping policies and to compile the fast path.

import { divRound, pow10 } from '../money/index.ts';
import type { Peril } from '../incident/types.ts';
import type { Tier } from '../snapshot/types.ts';
import type { Policy } from './types.ts';

export interface ScopeWallet {
  id: string;
  asset: string;
  tier: Tier;
}

/** Whether a loss of this wallet under this peril is within the policy's cover (period aside). */
export function walletCovered(policy: Policy, peril: Peril, wallet: ScopeWallet): boolean {
  if (policy.excluded_perils.includes(peril)) return false;
  const cover = policy.perils.find((p) => p.peril === peril);
  if (cover === undefined) return false;
  if (cover.tiers !== null && !cover.tiers.includes(wallet.tier)) return false;
  const scope = policy.wallets;
  if (scope.kind === 'tiers' && !scope.tiers.includes(wallet.tier)) return false;
  if (scope.kind === 'ids' && !scope.ids.includes(wallet.id)) return false;
  return policy.assets === null || policy.assets.includes(wallet.asset);
}

export function walletsInScope(policy: Policy, peril: Peril, wallets: readonly ScopeWallet[]): string[] {
  return wallets.filter((w) => walletCovered(policy, peril, w)).map((w) => w.id);
}

/**
 * The band [start, end) of one occurrence's counted loss from which the policy can pay: from its
 * deductible up to where its occurrence limit (or the peril's sublimit) is reached after
 * co-insurance. end is null when nothing caps an occurrence.
 */
export function policyBand(policy: Policy, peril: Peril): { start: bigint; end: bigint | null } {
  const sublimit = policy.peril_sublimits.find((s) => s.peril === peril)?.occurrence_minor ?? null;
  const limit = policy.occurrence_limit_minor;
  const cap = limit === null ? sublimit : sublimit === null ? limit : limit < sublimit ? limit : sublimit;
  if (cap === null) return { start: policy.deductible_minor, end: null };
  const one = pow10(policy.coinsurance.scale);
  // The insurer's part reaches `cap` once the loss above the deductible is cap / (1 − coinsurance).
  const reach = divRound(cap * one, one - policy.coinsurance.coef, 'ceil');
  return { start: policy.deductible_minor, end: policy.deductible_minor + reach };
}
