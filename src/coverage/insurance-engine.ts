// The insurance engine behind the coverage seam: one hypothetical occurrence of the regime's peril
// that takes every customer wallet of the scope's tiers in full at as_of, run through policies.json
// (src/insurance/credit.ts). Only what the policies would really pay counts: deductibles, limits,
// exclusions and periods not in force on as_of all apply.

import { recoverableForTotalLoss } from '../insurance/credit.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { formatAmount } from '../money/amount.ts';
import type { InsuranceCreditProvider } from './insurance.ts';
import type { Message } from './types.ts';

export const insuranceEngineCredit: InsuranceCreditProvider = (snapshot, scope) => {
  if (snapshot.documents.policies === undefined) return { sources: [], notes: [{ code: 'coverage.insurance.no_policies', params: {} }] };
  const credit = recoverableForTotalLoss(snapshot, { peril: scope.peril, tiers: scope.tiers });
  const base_decimals = snapshot.assets.get(snapshot.manifest.base_currency)!.decimals;
  const amount = (minor: bigint) => `${groupDigits(formatAmount(minor, base_decimals))} ${snapshot.manifest.base_currency}`;
  const notes: Message[] = [
    {
      code: 'coverage.insurance.credited',
      params: { peril: scope.peril, tiers: scope.tiers.join('+'), loss: amount(credit.loss_minor), recovery: amount(credit.recovery_minor) },
    },
  ];
  if (credit.reason !== null) notes.push({ code: credit.reason.code, params: credit.reason.params });
  return {
    sources: credit.policies.filter((p) => p.recovery_minor > 0n).map((p) => ({ id: p.policy_id, recoverable_minor: p.recovery_minor })),
    notes,
  };
};
