// The compensation policy (hozen-compensation-policy/1) as the engine sees it, and what a
// compensation run produces: one payout row per affected (account, asset) and a summary.

import type { InputLocation } from '../errors.ts';
import type { Decimal, RoundingMode } from '../money/index.ts';

export const COMPENSATION_POLICY_FORMAT = 'hozen-compensation-policy/1';

export const SCHEMES = ['per_asset', 'haircut', 'rehabilitation'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const METHODS = ['in_kind', 'fiat', 'mixed'] as const;
export type MethodName = (typeof METHODS)[number];

export const PRICE_RULES = ['fixed', 'vwap', 'mid', 'market_at_loss'] as const;
export type PriceRuleName = (typeof PRICE_RULES)[number];

export const FUNDING_SOURCES = ['insurance', 'guarantee', 'safe_assets', 'contracts', 'net_assets', 'group_support', 'additional'] as const;
export type FundingSourceName = (typeof FUNDING_SOURCES)[number];
export const FUNDING_ORDER_DEFAULT: readonly FundingSourceName[] = FUNDING_SOURCES;

export const ON_SHORTFALL = ['record_claim', 'socialize'] as const;
export type OnShortfall = (typeof ON_SHORTFALL)[number];

/** A computed price (VWAP, mid) is rounded to this many decimals unless the rule says otherwise. */
export const COMPUTED_PRICE_DECIMALS_DEFAULT = 8;
export const COMPUTED_PRICE_DECIMALS_MAX = 18;
/** The coverage ratio under a shortfall is found to 18 decimal places. */
export const COVERAGE_SCALE = 18;
/** The haircut ratio is reported (not applied) to this many decimals. */
export const RATIO_DISPLAY_SCALE = 18;
/** Bounds on what a policy or an incident may list. */
export const POLICY_ASSETS_MAX = 1_000;
export const ADD_FUNDING_MAX = 100;
export const AFFECTED_ACCOUNTS_MAX = 1_000_000;

export interface ComputedPriceRounding {
  decimals: number;
  mode: RoundingMode;
}

/** Where the rule was written, for errors found when it is applied (a VWAP window with no trades). */
interface RuleSource {
  source: InputLocation;
}

export type PriceRule = RuleSource &
  (
    | { rule: 'fixed'; price: Decimal }
    /** Volume-weighted average of the trades (prices.csv rows with a volume) in [from, to]. */
    | ({ rule: 'vwap'; venue: string | null; from: string; from_ms: number; to: string; to_ms: number } & ComputedPriceRounding)
    /** The mean of each venue's latest price at or before `at`. */
    | ({ rule: 'mid'; venues: string[]; at: string; at_ms: number } & ComputedPriceRounding)
    /** The latest price at or before the incident's occurred_at, any venue. */
    | { rule: 'market_at_loss' }
  );

export type AssetMethod =
  | { method: 'in_kind' }
  | { method: 'fiat'; price: PriceRule }
  | { method: 'mixed'; in_kind_share: Decimal; price: PriceRule };

/** Under haircut and rehabilitation an asset needs only the price its balances or claims are valued at. */
export interface AssetTerms {
  method: AssetMethod;
  /** The valuation price rule (haircut, rehabilitation); for per_asset it is the method's. */
  price: PriceRule | null;
}

export interface PaymentRounding {
  mode: RoundingMode;
  /** A positive multiple of the base currency's minor unit. */
  unit_minor: bigint;
}

export interface CompensationPolicy {
  scheme: Scheme;
  default_terms: AssetTerms;
  asset_terms: ReadonlyMap<string, AssetTerms>;
  rounding: PaymentRounding;
  funding_order: FundingSourceName[];
  on_shortfall: OnShortfall;
  /** Rehabilitation: repaid first, in full, to every creditor up to this amount. */
  base_cap_minor: bigint | null;
  /** SHA-256 of the policy's canonical JSON: part of the run id. */
  sha256: string;
}

/** Money from the command line (`--add-funding name=amount`). */
export interface AdditionalFunding {
  name: string;
  amount_minor: bigint;
}

/** What the insurance engine says the policies pay for this incident. */
export interface InsuranceRecovery {
  /** `not_wired`: the insurance engine is not connected yet, so insurance contributes 0. */
  status: 'computed' | 'no_policies' | 'not_wired';
  amount_minor: bigint;
  /**
   * When the claim split the loss over the incident's accounts: the part of amount_minor paid for
   * the loss no customer bears (a guarantee or own wallet's, or beyond the accounts' balances),
   * which per-customer limits did not cap. Absent otherwise.
   */
  unattributed_minor?: bigint;
}

/** One payout row. Asset columns are minor units of `asset`; money columns of the base currency. */
export interface PayoutRow {
  account_id: string;
  asset: string;
  balance_minor: bigint;
  loss_minor: bigint;
  paid_in_kind_minor: bigint;
  paid_fiat_minor: bigint;
  iou_minor: bigint;
  unpaid_claim_minor: bigint;
  /** In base-currency units (not minor units), exact and signed: value owed − value paid. */
  rounding_residue: Decimal;
}

/**
 * Receives payout rows in balance-file order. `row` must take what it needs at once (a file
 * writer encodes it; nothing per row outlives the call); `flush` comes between batches and is
 * where a writer makes the engine wait for the disk.
 */
export interface PayoutSink {
  row(row: PayoutRow): void;
  flush(): void | Promise<void>;
}

export interface ReferencePrice {
  asset: string;
  rule: PriceRuleName | 'market_at_detection';
  price: Decimal;
}

export interface SourceResult {
  name: string;
  available_minor: bigint;
  drawn_minor: bigint;
}

export interface AssetTotals {
  asset: string;
  decimals: number;
  rows: number;
  balance_minor: bigint;
  loss_minor: bigint;
  paid_in_kind_minor: bigint;
  /** The quantity whose value was paid in fiat (or, under haircut, covered by IOUs). */
  settled_in_value_minor: bigint;
  paid_fiat_minor: bigint;
  iou_minor: bigint;
  unpaid_claim_minor: bigint;
  /** Under `socialize`: the quantity cut and neither paid nor kept as a claim. */
  written_off_minor: bigint;
  rounding_residue: Decimal;
  /** Net loss beyond the affected customers' balances: the exchange's own loss. */
  borne_by_exchange_minor: bigint;
}

export interface CompensationResult {
  incident_id: string;
  scheme: Scheme;
  on_shortfall: OnShortfall;
  base_currency: string;
  base_decimals: number;
  total_need_minor: bigint;
  shortfall_minor: bigint;
  haircut_ratio: Decimal | null;
  /** per_asset under a shortfall: the share of every obligation funded (guarantee crypto may lift its asset higher). */
  coverage_ratio: Decimal | null;
  reference_prices: ReferencePrice[];
  sources: SourceResult[];
  insurance_status: InsuranceRecovery['status'];
  /** InsuranceRecovery.unattributed_minor, or null when the claim named no customers. */
  insurance_unattributed_minor: bigint | null;
  by_asset: AssetTotals[];
  rows: number;
}
