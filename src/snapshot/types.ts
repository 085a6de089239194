// The custody snapshot as the engines see it: plain values, exact amounts, no I/O.
// The on-disk format (docs/formats.md, "hozen-snapshot/1") is parsed into this by src/snapshot/read;
// the store loads the same shape back. Balances can run to tens of millions of rows, so they are
// never an array here but a BalanceSource that streams columnar batches.

import type { PackedBalances } from './packed-balances.ts';
import type { Decimal } from '../money/decimal.ts';

export const SNAPSHOT_FORMAT = 'hozen-snapshot/1';

export const TIERS = ['hot', 'warm', 'cold'] as const;
export type Tier = (typeof TIERS)[number];

export const PURPOSES = ['customer', 'guarantee', 'own'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const SAFE_ASSET_KINDS = [
  'bank_deposit',
  'time_deposit',
  'jgb',
  'municipal_bond',
  'trust',
  'bank_guarantee',
  'other',
] as const;
export type SafeAssetKind = (typeof SAFE_ASSET_KINDS)[number];

export const CONTRACT_KINDS = ['preservation', 'bank_guarantee', 'trust'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export type AssetKind = 'crypto' | 'fiat';

export interface AssetSpec {
  symbol: string;
  decimals: number;
  /** Optional in the file: the base currency defaults to fiat, everything else to crypto. */
  kind: AssetKind;
}

export interface ExchangeInfo {
  id: string;
  name: string;
  jurisdictions: string[];
}

/** exchange.json. Optional fields that later issues add live in `extensions`, untouched by the core. */
export interface ExchangeManifest {
  format: typeof SNAPSHOT_FORMAT;
  exchange: ExchangeInfo;
  /** ISO 8601 with offset, as written in the file. */
  as_of: string;
  /** as_of as epoch milliseconds. */
  as_of_ms: number;
  base_currency: string;
  assets: AssetSpec[];
  net_assets_minor: bigint;
  group_support_minor: bigint;
  regimes: string[];
  /** Optional, regime-specific sections of exchange.json (e.g. `mica`), kept as parsed JSON. */
  extensions: Record<string, unknown>;
}

export interface WalletControls {
  /** "m-of-n", e.g. "2-of-3"; absent means a single key. */
  signing?: { m: number; n: number };
  hsm?: boolean;
  mpc?: boolean;
  address_allowlist?: boolean;
  /** In minor units of the wallet's asset. */
  withdrawal_limit_per_day_minor?: bigint;
  ccss_level?: 1 | 2 | 3;
  vendor?: string;
  /** The signing platform or custody software, a second source of common-cause failures. */
  platform?: string;
  /** Any other control an exporter records; kept and stored, ignored by the engines. */
  other: Record<string, unknown>;
}

export type SeverityDistribution =
  | { dist: 'fixed'; fraction: number }
  | { dist: 'beta'; alpha: number; beta: number };

export interface WalletRisk {
  annual_rate?: number;
  severity?: SeverityDistribution;
}

export interface Wallet {
  id: string;
  asset: string;
  tier: Tier;
  purpose: Purpose;
  amount_minor: bigint;
  controls: WalletControls;
  risk?: WalletRisk;
}

export interface PriceRow {
  /** As written in the file. */
  time: string;
  time_ms: number;
  asset: string;
  price: Decimal;
  volume?: Decimal;
  venue?: string;
}

export interface SafeAsset {
  id: string;
  kind: SafeAssetKind;
  issuer: string;
  face_value_minor: bigint;
  market_value_minor: bigint;
  /** YYYY-MM-DD, or null for no maturity (demand deposits). */
  maturity: string | null;
  segregated: boolean;
  contract_id: string | null;
}

export interface Contract {
  id: string;
  kind: ContractKind;
  counterparty: string;
  amount_minor: bigint;
  /** As written: a date (YYYY-MM-DD) or a timestamp with offset. */
  start: string;
  end: string;
  covers: string[];
}

export interface BalanceTotal {
  asset: string;
  total_minor: bigint;
  accounts: number;
}

/** A columnar batch of balance rows; all arrays have `length` entries. */
export interface BalanceBatch {
  length: number;
  account_id: string[];
  asset: string[];
  amount_minor: bigint[];
}

/** Rows on their way into the store: validated, with their CSV line and the amount as written. */
export interface BalanceImportBatch {
  length: number;
  line: number[];
  account_id: string[];
  asset: string[];
  /** The amount in minor units, as decimal digits (the reader computed them while validating). */
  amount_minor_digits: string[];
}

/**
 * Validated rows on their way into the store, already in its bulk-load format: what the byte
 * reader of balances.csv writes in the pass that validates them (read/balance-bytes.ts).
 */
export interface BalanceCopyBatch {
  rows: number;
  /** The CSV lines of the first and the last row. */
  first_line: number;
  last_line: number;
  /**
   * One line per row in PostgreSQL's COPY text format, UTF-8: `line \t account_id \t asset \t
   * amount in minor units (digits) \n`, lines increasing, fields escaped (encoding/copy-text.ts).
   */
  copy_text: Uint8Array;
  /** Per asset of the manifest, in its order: this batch's rows and their exact sum. */
  totals: BalanceTotal[];
}

export interface BalanceScanOptions {
  /** Only rows of these assets. */
  assets?: readonly string[];
  /** Rows per batch; a bound, not a promise. */
  batch_rows?: number;
  /** scanPacked only: read in a worker thread where the source can (default: when it is large). */
  reader_thread?: boolean;
}

/** Streams balances in a stable order (the file's row order), any number of times. */
export interface BalanceSource {
  scan(options?: BalanceScanOptions): AsyncIterable<BalanceBatch>;
  /**
   * The same rows as scan(), packed (packed-balances.ts), for a caller that keeps them: a source
   * that reads them in another thread hands them over without a copy.
   */
  scanPacked?(options?: BalanceScanOptions): AsyncIterable<PackedBalances>;
}

/** Optional JSON documents of the snapshot, validated by the module that owns each. */
export interface SnapshotDocuments {
  /** policies.json (insurance issue). */
  policies?: unknown;
  /** compensation-policy.json (compensation issue). */
  compensation_policy?: unknown;
}

/** Everything of a snapshot except its balances and their totals: what an import writes first. */
export interface SnapshotHeader {
  id: string;
  content_sha256: string;
  manifest: ExchangeManifest;
  wallets: Wallet[];
  prices: PriceRow[];
  safe_assets: SafeAsset[];
  contracts: Contract[];
  documents: SnapshotDocuments;
}

export interface Snapshot {
  /** Derived from the content hash: importing the same files again gives the same id. */
  id: string;
  content_sha256: string;
  manifest: ExchangeManifest;
  assets: ReadonlyMap<string, AssetSpec>;
  wallets: Wallet[];
  /** Sorted by asset, then time, then file order. */
  prices: PriceRow[];
  safe_assets: SafeAsset[];
  contracts: Contract[];
  documents: SnapshotDocuments;
  /** One entry per asset of `assets` with its sum over balances.csv (zero when absent). */
  balance_totals: BalanceTotal[];
  balance_rows: number;
  balances: BalanceSource;
}
