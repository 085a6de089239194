// Coverage results in the store: one run per snapshot and regime (kind "check"), language-neutral
// (message codes and parameters, not prose), so `hozen history` can show the series of headline
// figures across snapshots in either language. A run's id comes from its inputs: checking the same
// snapshot under the same parameters again stores nothing new. Hypothetical reports (`--drain`)
// are never stored: history is what was, not what might have been.

import { createHash } from 'node:crypto';
import { formatDecimal, type Decimal } from '../money/decimal.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { RunRecord, Store } from '../store/types.ts';
import { UserError } from '../errors.ts';
import { REGIME_IDS } from './registry.ts';
import type { Check, CoverageReport, RegimeResult } from './types.ts';

export const CHECK_RUN_KIND = 'check';
export const CHECK_RUN_FORMAT = 'hozen-check-run/1';

export interface StoredCheck {
  id: string;
  status: string;
  asset: string | null;
  required: string | null;
  held: string | null;
  shortfall: string | null;
  unit: string;
  bound: string | null;
  reference_code: string;
  message_code: string;
  message_params: Record<string, string | number | boolean | null>;
}

/** The `result` of a check run. */
export interface CheckRunResult {
  format: typeof CHECK_RUN_FORMAT;
  snapshot: string;
  exchange: string;
  as_of: string;
  as_of_ms: number;
  base_currency: string;
  regime: string;
  compliant: boolean;
  failed_checks: number;
  /** The regime's judged aggregate checks (no asset): its headline figures. */
  headline: StoredCheck[];
  checks: StoredCheck[];
  assignments: Array<{ source_kind: string; source_id: string; check_id: string; asset: string | null; unit: string; counted: string; applied: string }>;
  excluded: Array<{ source_kind: string; source_id: string; reason_code: string }>;
  notes: string[];
}

function text(d: Decimal | null): string | null {
  return d === null ? null : formatDecimal(d);
}

function storedCheck(check: Check): StoredCheck {
  const params: StoredCheck['message_params'] = {};
  for (const [key, value] of Object.entries(check.message.params)) params[key] = typeof value === 'bigint' ? value.toString() : (value ?? null);
  return {
    id: check.id,
    status: check.status,
    asset: check.asset,
    required: text(check.required),
    held: text(check.held),
    shortfall: text(check.shortfall),
    unit: check.unit,
    bound: check.bound,
    reference_code: check.reference,
    message_code: check.message.code,
    message_params: params,
  };
}

export function checkRunResult(report: CoverageReport, as_of_ms: number, regime: RegimeResult): CheckRunResult {
  const checks = regime.checks.map(storedCheck);
  return {
    format: CHECK_RUN_FORMAT,
    snapshot: report.snapshot_id,
    exchange: report.exchange_name,
    as_of: report.as_of,
    as_of_ms,
    base_currency: report.base_currency,
    regime: regime.id,
    compliant: regime.compliant,
    failed_checks: regime.checks.filter((c) => c.status === 'fail').length,
    headline: checks.filter((c) => c.asset === null && (c.status === 'pass' || c.status === 'fail')),
    checks,
    assignments: regime.assignments.map((a) => ({
      source_kind: a.source_kind,
      source_id: a.source_id,
      check_id: a.check_id,
      asset: a.asset,
      unit: a.unit,
      counted: formatDecimal(a.counted),
      applied: formatDecimal(a.applied),
    })),
    excluded: regime.excluded.map((e) => ({ source_kind: e.source_kind, source_id: e.source_id, reason_code: e.reason.code })),
    notes: regime.notes.map((n) => n.code),
  };
}

/** SHA-256 of what a regime's result depends on: the snapshot's content, the regime, its parameters and providers. */
export function checkInputsSha256(snapshot: Snapshot, regime: RegimeResult, providers: string): string {
  const inputs = JSON.stringify({ format: CHECK_RUN_FORMAT, snapshot_id: snapshot.id, snapshot: snapshot.content_sha256, regime: regime.id, params: regime.params, providers });
  return createHash('sha256').update(inputs, 'utf8').digest('hex');
}

export interface SavedRun {
  regime: string;
  run_id: string;
  /** false when the same run was already stored. */
  created: boolean;
}

/**
 * Stores each regime of a report as a run (with its audit entry, written by the store in the
 * same transaction). `providers` names the risk and insurance providers used, as they change results.
 */
export async function saveCheckRuns(store: Store, snapshot: Snapshot, report: CoverageReport, providers: string): Promise<SavedRun[]> {
  if (report.drained.length > 0) throw new Error('a drained (hypothetical) report is not stored');
  if (report.snapshot_id !== snapshot.id) throw new Error('report and snapshot differ');
  const saved: SavedRun[] = [];
  for (const regime of report.regimes) {
    const inputs_sha256 = checkInputsSha256(snapshot, regime, providers);
    const run: RunRecord = {
      id: `check-${regime.id}-${inputs_sha256.slice(0, 24)}`,
      kind: CHECK_RUN_KIND,
      snapshot_id: snapshot.id,
      inputs_sha256,
      params: { regime: regime.id, params: regime.params, providers },
      result: checkRunResult(report, snapshot.manifest.as_of_ms, regime),
    };
    saved.push({ regime: regime.id, run_id: run.id, created: await store.saveRun(run) });
  }
  return saved;
}

/** Stored check runs, oldest as_of first (then regime id), optionally of one regime. */
export async function checkHistory(store: Store, regime?: string): Promise<CheckRunResult[]> {
  if (regime !== undefined && !REGIME_IDS.includes(regime)) throw new UserError('coverage.regime.unknown', { regime, known: REGIME_IDS.join(', ') });
  const runs = await store.listRuns({ kind: CHECK_RUN_KIND });
  const results = runs
    .map((run) => run.result as CheckRunResult)
    .filter((r) => r.format === CHECK_RUN_FORMAT && (regime === undefined || r.regime === regime));
  return results.sort((a, b) => a.as_of_ms - b.as_of_ms || (a.regime < b.regime ? -1 : a.regime > b.regime ? 1 : 0) || (a.snapshot < b.snapshot ? -1 : 1));
}
