// What every scheme needs before touching a balance row: the incident checked against the
// snapshot, who is affected, and how much each asset's affected balances add up to.

import { InputError, IssueCollector } from '../errors.ts';
import type { Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { assessIncident, INCIDENT_FILE_NAME, type IncidentFacts } from './losses.ts';
import { REPLAY_ROWS_MAX, ReplayableScan } from './replay.ts';
import { AFFECTED_ACCOUNTS_MAX, type AdditionalFunding, type CompensationPolicy, type InsuranceRecovery, type PayoutRow, type PayoutSink } from './types.ts';

export interface CompensationInput {
  snapshot: Snapshot;
  incident: Incident;
  /** The incident's file name, for error locations. */
  incident_file?: string;
  policy: CompensationPolicy;
  additional_funding?: readonly AdditionalFunding[];
  /** What insurance pays for this incident; absent means the insurance engine is not wired. */
  insurance?: InsuranceRecovery;
  /** Rows kept in memory for the later passes (default REPLAY_ROWS_MAX; 0 re-reads every pass). */
  replay_rows_max?: number;
}

/**
 * Balance rows per batch read from the snapshot. Small on purpose: a batch's strings and bigints
 * then die in V8's nursery while it is processed; 65,536-row batches outlived it and were copied
 * and promoted, which cost more than the arithmetic.
 */
export const SCAN_BATCH_ROWS = 4096;

export const INSURANCE_NOT_WIRED: InsuranceRecovery = { status: 'not_wired', amount_minor: 0n };

export interface Prepared {
  snapshot: Snapshot;
  incident: Incident;
  incident_file: string;
  policy: CompensationPolicy;
  additional_funding: readonly AdditionalFunding[];
  insurance: InsuranceRecovery;
  base_currency: string;
  base_decimals: number;
  facts: IncidentFacts;
  /** The listed accounts (mode `accounts`), or null: every holder is affected. */
  affected: ReadonlySet<string> | null;
  /** The balances of `assets` (all when undefined), read once and replayed by later passes. */
  rows(assets: readonly string[] | undefined): ReplayableScan;
}

export function prepare(input: CompensationInput): Prepared {
  const incident_file = input.incident_file ?? INCIDENT_FILE_NAME;
  const facts = assessIncident(input.snapshot, input.incident, incident_file);
  let affected: Set<string> | null = null;
  if (input.incident.affected.mode === 'accounts') {
    const accounts = input.incident.affected.accounts;
    if (accounts.length === 0 || accounts.length > AFFECTED_ACCOUNTS_MAX) {
      throw new InputError([{ file: incident_file, path: 'affected.accounts', field: 'accounts', code: 'compensation.affected_accounts_count', params: { max: AFFECTED_ACCOUNTS_MAX } }]);
    }
    affected = new Set(accounts);
  }
  const base_currency = input.snapshot.manifest.base_currency;
  const scans = new Map<string, ReplayableScan>();
  return {
    rows(assets) {
      const key = assets === undefined ? '*' : assets.join('\u0000');
      let scan = scans.get(key);
      if (scan === undefined) {
        const options = { batch_rows: SCAN_BATCH_ROWS, ...(assets === undefined ? {} : { assets }) };
        scans.set(key, (scan = new ReplayableScan(input.snapshot.balances, options, input.replay_rows_max ?? REPLAY_ROWS_MAX)));
      }
      return scan;
    },
    snapshot: input.snapshot,
    incident: input.incident,
    incident_file,
    policy: input.policy,
    additional_funding: input.additional_funding ?? [],
    insurance: input.insurance ?? INSURANCE_NOT_WIRED,
    base_currency,
    base_decimals: input.snapshot.assets.get(base_currency)!.decimals,
    facts,
    affected,
  };
}

/** A balance row takes part when it is positive and its account is affected. */
export function inScope(prepared: Prepared, account_id: string, amount_minor: bigint): boolean {
  return amount_minor > 0n && (prepared.affected === null || prepared.affected.has(account_id));
}

/**
 * Σ affected balances per asset. Every holder: the snapshot's totals, no scan. Listed accounts:
 * one scan, which also finds listed accounts holding none of the assets (an error: a typo in an
 * account id must not quietly leave a customer out).
 */
export async function scopeTotals(prepared: Prepared, assets: readonly string[]): Promise<Map<string, bigint>> {
  const totals = new Map(assets.map((a) => [a, 0n]));
  if (prepared.affected === null) {
    for (const total of prepared.snapshot.balance_totals) if (totals.has(total.asset)) totals.set(total.asset, total.total_minor);
    return totals;
  }
  const seen = new Set<string>();
  for await (const batch of prepared.rows(assets).scan()) {
    for (let i = 0; i < batch.length; i++) {
      const account = batch.account_id[i]!;
      const amount = batch.amount_minor[i]!;
      if (!inScope(prepared, account, amount)) continue;
      const asset = batch.asset[i]!;
      totals.set(asset, totals.get(asset)! + amount);
      seen.add(account);
    }
  }
  if (prepared.incident.affected.mode === 'accounts') {
    const issues = new IssueCollector();
    prepared.incident.affected.accounts.forEach((account, i) => {
      if (!seen.has(account)) {
        issues.add({ file: prepared.incident_file, path: `affected.accounts[${i}]`, field: 'accounts', code: 'compensation.affected_account_no_balance', params: { account, assets: assets.join(', ') } });
      }
    });
    issues.throwIfAny();
  }
  return totals;
}

type RowVisitor = (asset: string, account_id: string, balance_minor: bigint) => void;

/** Visits every affected row of `assets` (all assets when undefined) in file order. */
export async function forEachRow(prepared: Prepared, assets: readonly string[] | undefined, visit: RowVisitor): Promise<void> {
  for await (const batch of prepared.rows(assets).scan()) {
    for (let i = 0; i < batch.length; i++) {
      const account = batch.account_id[i]!;
      const amount = batch.amount_minor[i]!;
      if (inScope(prepared, account, amount)) visit(batch.asset[i]!, account, amount);
    }
  }
}

/** Like forEachRow, handing each payout row made to the sink, which may pause the scan between batches. */
export async function forEachBatch(
  prepared: Prepared,
  assets: readonly string[] | undefined,
  sink: PayoutSink,
  make: (asset: string, account_id: string, balance_minor: bigint) => PayoutRow,
): Promise<void> {
  for await (const batch of prepared.rows(assets).scan()) {
    for (let i = 0; i < batch.length; i++) {
      const account = batch.account_id[i]!;
      const amount = batch.amount_minor[i]!;
      if (inScope(prepared, account, amount)) sink.row(make(batch.asset[i]!, account, amount));
    }
    await sink.flush();
  }
}
