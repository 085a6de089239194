// What every scheme needs before touching a balance row: the incident checked against the
// snapshot, who is affected, and how much each asset's affected balances add up to.

import { InputError, IssueCollector } from '../errors.ts';
import { statedLossBalanceIssues, statedLossesOf, statedWithinCustomerLossIssues, unborneRestIssue, type StatedLosses } from '../incident/stated-losses.ts';
import { INCIDENT_FILE_NAME, type Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { assessIncident, type IncidentFacts } from './losses.ts';
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
  /** The losses the incident states per listed account, or null: every loss is shared by balance. */
  stated: StatedLosses | null;
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
  const stated = statedLossesOf(input.incident);
  if (stated !== null) checkStatedWithinCustomerLoss(input.incident, stated, facts, incident_file, input.snapshot);
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
    stated,
  };
}

/** Stated losses above what the customers lost of an asset (statedWithinCustomerLossIssues) refuse the run before any row is read. */
function checkStatedWithinCustomerLoss(incident: Incident, stated: StatedLosses, facts: IncidentFacts, file: string, snapshot: Snapshot): void {
  const customer_net = new Map(facts.lost.map((l) => [l.asset, l.customer_net_minor]));
  const issues = new IssueCollector();
  for (const issue of statedWithinCustomerLossIssues(incident, stated, file, (asset) => customer_net.get(asset) ?? 0n, (asset) => snapshot.assets.get(asset)!.decimals)) issues.add(issue);
  issues.throwIfAny();
}

/** A row's stated loss: what the incident says its account lost of the asset (0 for an asset it omits). */
export function statedLossOf(prepared: Prepared, account_id: string, asset: string): bigint {
  return prepared.stated?.by_account.get(account_id)?.get(asset) ?? 0n;
}

/** A row's weight in the pro-rata share of a loss: its balance, or 0 when its account states its loss. */
export function shareWeightOf(prepared: Prepared, account_id: string, balance_minor: bigint): bigint {
  return prepared.stated !== null && prepared.stated.by_account.has(account_id) ? 0n : balance_minor;
}

/** Per lost asset, the loss charged to the stated accounts and the rest shared by balance. */
export function statedSplit(prepared: Prepared, asset: string, customer_net_minor: bigint): { stated_minor: bigint; rest_minor: bigint } {
  const stated_minor = prepared.stated?.total.get(asset) ?? 0n;
  return { stated_minor, rest_minor: customer_net_minor - stated_minor };
}

/** A balance row takes part when it is positive and its account is affected. */
export function inScope(prepared: Prepared, account_id: string, amount_minor: bigint): boolean {
  return amount_minor > 0n && (prepared.affected === null || prepared.affected.has(account_id));
}

/**
 * Σ affected balances per asset that share a loss by balance (an account stating its loss shares
 * none). Every holder: the snapshot's totals, no scan. Listed accounts: one scan, which also finds
 * listed accounts holding none of the assets (an error: a typo in an account id must not quietly
 * leave a customer out), checks each stated loss against the account's balance, and finds a loss
 * left over after the stated ones that no listed account would bear. `held_by_stated` receives the
 * assets that accounts stating their loss hold (their rows take part with a weight of their own).
 */
export async function scopeTotals(prepared: Prepared, assets: readonly string[], held_by_stated?: Set<string>): Promise<Map<string, bigint>> {
  const totals = new Map(assets.map((a) => [a, 0n]));
  if (prepared.affected === null) {
    for (const total of prepared.snapshot.balance_totals) if (totals.has(total.asset)) totals.set(total.asset, total.total_minor);
    return totals;
  }
  const seen = new Set<string>();
  const stated = prepared.stated;
  const held = new Map<string, Map<string, bigint>>();
  for await (const batch of prepared.rows(assets).scan()) {
    for (let i = 0; i < batch.length; i++) {
      const account = batch.account_id[i]!;
      const amount = batch.amount_minor[i]!;
      if (!inScope(prepared, account, amount)) continue;
      const asset = batch.asset[i]!;
      seen.add(account);
      if (stated !== null && stated.by_account.has(account)) {
        let of_account = held.get(account);
        if (of_account === undefined) held.set(account, (of_account = new Map()));
        of_account.set(asset, amount);
        held_by_stated?.add(asset);
        continue;
      }
      totals.set(asset, totals.get(asset)! + amount);
    }
  }
  const issues = new IssueCollector();
  if (prepared.incident.affected.mode === 'accounts') {
    prepared.incident.affected.accounts.forEach((account, i) => {
      // An account stating a loss it does not hold is reported at that loss, more precisely.
      if (!seen.has(account) && stated?.by_account.has(account) !== true) {
        issues.add({ file: prepared.incident_file, path: `affected.accounts[${i}]`, field: 'accounts', code: 'compensation.affected_account_no_balance', params: { account, assets: assets.join(', ') } });
      }
    });
  }
  if (stated !== null) {
    const decimalsOf = (asset: string): number => prepared.snapshot.assets.get(asset)!.decimals;
    for (const issue of statedLossBalanceIssues(prepared.incident, prepared.incident_file, (account, asset) => held.get(account)?.get(asset), decimalsOf)) issues.add(issue);
    for (const lost of prepared.facts.lost) {
      const { stated_minor, rest_minor } = statedSplit(prepared, lost.asset, lost.customer_net_minor);
      if (rest_minor > 0n && totals.get(lost.asset) === 0n) issues.add(unborneRestIssue(prepared.incident_file, lost.asset, stated_minor, lost.customer_net_minor, lost.decimals));
    }
  }
  issues.throwIfAny();
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
