// Small helpers every regime module shares: message codes derived from check ids, display of
// base-currency values inside messages, and the pieces of cover (safe assets, contracts, expiry
// warnings, insurance) that several regimes count in the same way.

import { formatAmount } from '../../money/amount.ts';
import { withUnit, noteCheck, type StatusCodes } from '../checks.ts';
import { customerHoldingMinor, unitsOf, type AssetFacts, type CoverageFacts } from '../facts.ts';
import type { Tier } from '../../snapshot/types.ts';
import type { InsuranceScope } from '../insurance.ts';
import type { ContractRules, SafeAssetRules } from '../params.ts';
import type { RegimeProviders } from '../regime.ts';
import { eligibleContracts, eligibleSafeAssets, type CoverSource } from '../sources.ts';
import type { Check, Exclusion, Message } from '../types.ts';

/** "jp-psa-2020/hot-share" → "coverage.jp-psa-2020.hot-share" */
export function messageStem(check_id: string): string {
  return `coverage.${check_id.replace('/', '.')}`;
}

export function statusCodes(check_id: string): StatusCodes {
  const stem = messageStem(check_id);
  return { pass: `${stem}.pass`, fail: `${stem}.fail` };
}

/** The message code of a rule's citation. */
export function referenceCode(check_id: string): string {
  return `coverage.ref.${check_id}`;
}

export function displayBaseMinor(facts: CoverageFacts, amount_minor: bigint): string {
  return withUnit(formatAmount(amount_minor, facts.base_decimals), facts.base_currency);
}

/**
 * Customer crypto in the tiers (of one asset, or all) shown inside a message: the holding, each
 * wallet rounded down, as `hozen show` shows it. Shares are still decided on exact values.
 */
export function displayHolding(facts: CoverageFacts, tiers: readonly Tier[], asset?: AssetFacts): string {
  return displayBaseMinor(facts, customerHoldingMinor(facts, tiers, asset));
}

export interface OffWalletCover {
  sources: CoverSource[];
  excluded: Exclusion[];
  /** One warning per counted contract that ends within the warning period. */
  expiry_checks: Check[];
}

/** Contracts in force and eligible safe assets (a safe asset backing a counted contract is not counted again). */
export function offWalletCover(
  facts: CoverageFacts,
  regime_id: string,
  safe_rules: SafeAssetRules,
  contract_rules: ContractRules,
  warning_days: number,
): OffWalletCover {
  const base = { unit: facts.base_currency, decimals: facts.base_decimals };
  const contracts = eligibleContracts(facts.contracts, contract_rules, facts.as_of, warning_days, base);
  const counted_contract_ids = new Set(contracts.counted.map((c) => c.id));
  const safe = eligibleSafeAssets(facts.safe_assets, safe_rules, facts.as_of, counted_contract_ids, base);
  const check_id = `${regime_id}/contract-expiry`;
  const expiry_checks = contracts.expiring.map(({ contract, days_left }) =>
    noteCheck({
      id: check_id,
      status: 'warn',
      asset: null,
      unit: facts.base_currency,
      held: unitsOf(contract.amount_minor, facts.base_decimals),
      reference: referenceCode(check_id),
      code: `${messageStem(check_id)}.warn`,
      params: { contract: contract.id, end: contract.end, days: days_left, warning_days, amount: displayBaseMinor(facts, contract.amount_minor) },
    }),
  );
  return { sources: [...safe.counted, ...contracts.counted], excluded: [...safe.excluded, ...contracts.excluded], expiry_checks };
}

/** Insurance credit as cover sources, one per paying policy, with the provider's notes. */
export function insuranceCover(
  facts: CoverageFacts,
  providers: RegimeProviders,
  scope: InsuranceScope,
): { sources: CoverSource[]; notes: Message[] } {
  const credit = providers.insurance(scope);
  const sources = credit.sources.map((s): CoverSource => {
    if (s.recoverable_minor < 0n) throw new Error(`insurance credit of ${s.id} is negative`);
    return { kind: 'insurance', id: s.id, counted_minor: s.recoverable_minor, unit: facts.base_currency, decimals: facts.base_decimals };
  });
  return { sources, notes: credit.notes };
}
