// The insurance programme as the engines see it: policies with their terms and the insurers'
// reinsurance, parsed from policies.json (docs/formats/insurance.md). All money is bigint minor
// units of the base currency; every ratio is an exact Decimal with at most SHARE_SCALE_MAX digits.

import type { Decimal } from '../money/decimal.ts';
import type { IncidentCondition, Peril } from '../incident/types.ts';
import type { Tier } from '../snapshot/types.ts';
import type { MessageParams } from '../errors.ts';

export const POLICIES_FORMAT = 'hozen-policies/1';

/** Ratios (shares, co-insurance, reinstatement premium rates) carry at most 6 fractional digits (0.333333). */
export const SHARE_SCALE_MAX = 6;
/** A reinstatement premium may be up to 10× the annual premium per reinstatement; beyond that is a typo. */
export const PREMIUM_RATE_MAX = 10;
export const POLICIES_MAX = 100;
export const REINSURANCE_MAX = 100;
export const REINSTATEMENTS_MAX = 100;
export const CUSTOMER_LIMIT_TIERS_MAX = 20;

/** null means "unlimited", which the file must say explicitly. */
export type Limit = bigint | null;

export interface PolicyPeriod {
  /** As written in the file. */
  start: string;
  end: string;
  /** [start_ms, end_ms): a date starts at 00:00 and a date `end` covers its whole day. */
  start_ms: number;
  end_ms: number;
}

/** Which date puts a loss inside the period. */
export type PolicyTrigger = 'losses_occurring' | 'losses_discovered';

export interface PerilCover {
  peril: Peril;
  /** For external_hack: the wallet tiers covered; null for other perils (all tiers of the wallet scope). */
  tiers: Tier[] | null;
}

export type WalletScope = { kind: 'all' } | { kind: 'tiers'; tiers: Tier[] } | { kind: 'ids'; ids: string[] };

export interface SublimitTerms {
  occurrence_minor: Limit;
  aggregate_minor: Limit;
}

export interface PerilSublimit extends SublimitTerms {
  peril: Peril;
}

export interface AssetSublimit extends SublimitTerms {
  asset: string;
}

export interface CustomerLimitTier {
  /** Applies when the customer's holding is strictly above this value. */
  holding_over_minor: bigint;
  annual_limit_minor: bigint;
}

/** Per-customer annual limits chosen by the customer's holding at the time of loss. */
export interface PerCustomerTerms {
  annual_limit_minor: bigint;
  /** Sorted by holding_over_minor ascending, strictly increasing. */
  tiers: CustomerLimitTier[];
}

export type Valuation = { basis: 'market' } | { basis: 'stated'; prices: ReadonlyMap<string, Decimal> };

export interface Reinstatement {
  /** Fraction of the annual premium due per full reinstated limit, pro rata as to amount (1 = 100%). */
  premium_rate: Decimal;
}

export interface Policy {
  id: string;
  insurer: string;
  period: PolicyPeriod;
  trigger: PolicyTrigger;
  currency: string;
  perils: PerilCover[];
  excluded_perils: Peril[];
  excluded_conditions: IncidentCondition[];
  /** null: every asset. */
  assets: string[] | null;
  wallets: WalletScope;
  deductible_minor: bigint;
  occurrence_limit_minor: Limit;
  aggregate_limit_minor: Limit;
  reinstatements: Reinstatement[];
  premium_minor: bigint | null;
  peril_sublimits: PerilSublimit[];
  asset_sublimits: AssetSublimit[];
  per_customer: PerCustomerTerms | null;
  /** The share of each loss (after the deductible) that the insured keeps. */
  coinsurance: Decimal;
  valuation: Valuation;
}

interface ReinsuranceCommon {
  id: string;
  reinsurer: string;
  /** Policy ids whose insurer-retained losses this contract takes, combined per occurrence. */
  covers: string[];
  /** The reinsurer's share of the layer (1 = 100%). */
  share: Decimal;
}

export interface QuotaShare extends ReinsuranceCommon {
  kind: 'quota_share';
  /** Cap on the reinsurer's amount per occurrence. */
  occurrence_limit_minor: Limit;
}

export interface ExcessOfLoss extends ReinsuranceCommon {
  kind: 'excess_of_loss';
  attachment_minor: bigint;
  limit_minor: Limit;
  /** null: unlimited free reinstatements (no annual aggregate). Only with a finite limit. */
  reinstatements: Reinstatement[] | null;
  premium_minor: bigint | null;
}

export interface AggregateStopLoss extends ReinsuranceCommon {
  kind: 'aggregate_stop_loss';
  /** Annual retained losses above this are recovered... */
  attachment_minor: bigint;
  /** ...up to this much (100% basis, before the share). */
  limit_minor: Limit;
}

export type Reinsurance = QuotaShare | ExcessOfLoss | AggregateStopLoss;

export interface PolicyProgramme {
  base_currency: string;
  base_decimals: number;
  policies: Policy[];
  /** Applied in this order: each contract takes from what the insurer retains after the earlier ones. */
  reinsurance: Reinsurance[];
}

/** A message code with parameters: why a policy paid nothing, or what capped it. */
export interface Reason {
  code: string;
  params: MessageParams;
}

// ---- Engine input: the loss events of one policy year ----

/** One account's part of a wallet loss (in the wallet's asset). */
export interface CustomerShare {
  account_id: string;
  amount_minor: bigint;
}

/** What one wallet lost in one event, net of anything recovered. */
export interface LossItem {
  wallet_id: string;
  tier: Tier;
  asset: string;
  amount_minor: bigint;
  /** When the event's customers are known: the split of amount_minor over them. */
  by_customer?: readonly CustomerShare[];
  /**
   * With by_customer: the part of amount_minor that no customer bears — lost from a guarantee or
   * the exchange's own wallet, or beyond what the listed accounts held — so per-customer limits
   * do not cap it. Σ by_customer + unattributed_minor = amount_minor exactly; absent means 0.
   */
  unattributed_minor?: bigint;
}

export interface CustomerHolding {
  account_id: string;
  /** Everything the customer held just before the loss, valued in base minor units. */
  holding_minor: bigint;
}

export interface LossEvent {
  id: string;
  /** When the loss occurred: orders events, values losses, and places them in a period. */
  occurred_ms: number;
  /** When it was discovered: places it in a 'losses_discovered' policy's period. */
  detected_ms: number;
  peril: Peril;
  conditions: readonly IncidentCondition[];
  items: readonly LossItem[];
  /** Present when the customers behind the loss are known; every item then has by_customer. */
  customers?: readonly CustomerHolding[];
}

// ---- Engine output ----

export interface WalletAmount {
  wallet_id: string;
  amount_minor: bigint;
}
export interface AssetAmount {
  asset: string;
  amount_minor: bigint;
}
export interface CustomerAmount {
  account_id: string;
  amount_minor: bigint;
}

/** A recovery split back over what was lost; each list sums exactly to the recovery. */
export interface Allocation {
  by_wallet: WalletAmount[];
  by_asset: AssetAmount[];
  /** Only when the event's customers are known. */
  by_customer: CustomerAmount[] | null;
  /** With by_customer: the recovery for the loss no customer bears (Σ by_customer + this = the recovery). */
  unattributed_minor: bigint | null;
}

export interface ReinsuranceShare {
  reinsurance_id: string;
  reinsurer: string;
  amount_minor: bigint;
}

export type LimitedBy = 'occurrence_limit' | 'aggregate_limit' | 'peril_sublimit_occurrence' | 'peril_sublimit_aggregate';

export interface PolicyEventResult {
  policy_id: string;
  /** The in-scope loss at the policy's valuation, before any term. */
  covered_loss_minor: bigint;
  /** covered_loss after per-customer limits and asset sublimits. */
  counted_loss_minor: bigint;
  deductible_minor: bigint;
  /** The insured's co-insurance share of the loss above the deductible. */
  coinsurance_minor: bigint;
  recovery_minor: bigint;
  /** Why the recovery is zero, or what capped it; null when the terms took nothing but deductible and co-insurance. */
  reason: Reason | null;
  limited_by: LimitedBy | null;
  /** After this event and its reinstatement; null when unlimited. */
  aggregate_remaining_minor: Limit;
  reinstated_minor: bigint;
  /** Due from the insured to the insurer for this event's reinstatement. */
  reinstatement_premium_minor: bigint;
  reinsurance: ReinsuranceShare[];
  /** recovery − Σ reinsurance. */
  insurer_net_minor: bigint;
  allocation: Allocation;
}

export interface ReinsuranceEventResult {
  reinsurance_id: string;
  /** What the contract saw: the covered policies' insurer-retained loss after earlier contracts. */
  subject_loss_minor: bigint;
  amount_minor: bigint;
  /** Due from the insurer to the reinsurer (excess-of-loss reinstatements). */
  reinstatement_premium_minor: bigint;
}

export interface EventResult {
  event_id: string;
  occurred_ms: number;
  peril: Peril;
  /** Every item at market value at the time of loss. */
  gross_loss_minor: bigint;
  /** When customers are known: the part of gross_loss_minor no customer bears (each item's value split as its loss is). */
  unattributed_loss_minor: bigint | null;
  recovery_minor: bigint;
  policies: PolicyEventResult[];
  reinsurance: ReinsuranceEventResult[];
  /** The event's total recovery over its wallets, assets and customers. */
  allocation: Allocation;
}

export interface PolicyYearResult {
  policy_id: string;
  covered_loss_minor: bigint;
  deductible_minor: bigint;
  recovery_minor: bigint;
  aggregate_remaining_minor: Limit;
  reinstated_minor: bigint;
  reinstatement_premium_minor: bigint;
  reinsurance: ReinsuranceShare[];
  insurer_net_minor: bigint;
}

export interface ReinsuranceYearResult {
  reinsurance_id: string;
  reinsurer: string;
  amount_minor: bigint;
  reinstatement_premium_minor: bigint;
  /** Excess-of-loss and stop-loss: the annual capacity left (100% basis); null when unlimited. */
  aggregate_remaining_minor: Limit;
}

export interface ProgrammeResult {
  events: EventResult[];
  policies: PolicyYearResult[];
  reinsurance: ReinsuranceYearResult[];
  gross_loss_minor: bigint;
  recovery_minor: bigint;
  reinstatement_premium_minor: bigint;
}
