// `check`: coverage of a snapshot under each regime that applies (or those asked), stored as one
// run per regime. Hypothetical reports (wallets drained) are never stored: history is what was,
// not what might have been. The verdict fails when any regime's check fails.

import { CHECK_RUN_FORMAT, CHECK_RUN_KIND, checkCoverage, checkRunResult, reportJson, storedRegimeJson, type CheckRunResult, type CoverageReport, type CoverageReportJson } from '../coverage/index.ts';
import { UserError } from '../errors.ts';
import type { Translator } from '../i18n/i18n.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { AppDeps, Verdict, WithWarnings } from './deps.ts';
import { checkProviders } from './providers.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';
import { saveRun } from './runs.ts';

export interface CheckRequest {
  snapshot: SnapshotRef;
  /** Regime ids; default: the snapshot's exchange.json `regimes`. */
  regimes?: readonly string[];
  /** Wallet ids treated as emptied at as_of (a what-if: not stored). */
  drain?: readonly string[];
}

export interface SavedCheckRun {
  regime: string;
  run_id: string;
  created: boolean;
}

export interface CheckResult extends WithWarnings {
  verdict: Verdict;
  report: CoverageReport;
  /** One per regime; empty for a what-if. */
  runs: SavedCheckRun[];
}

export async function checkSnapshot(deps: AppDeps, request: CheckRequest): Promise<CheckResult> {
  const { snapshot, imported } = await resolveSnapshot(deps, request.snapshot);
  return { ...(await checkAndStore(deps, snapshot, request)), warnings: imported?.warnings ?? [] };
}

/** The check of a snapshot already in hand (a fixture in tests, or one just imported). */
export async function checkAndStore(deps: AppDeps, snapshot: Snapshot, options: Omit<CheckRequest, 'snapshot'> = {}): Promise<Omit<CheckResult, 'warnings'>> {
  const providers = checkProviders(snapshot);
  const report = checkCoverage(snapshot, { regimes: options.regimes ?? [], drain: options.drain ?? [], risk: providers.risk, insurance: providers.insurance });
  const runs: SavedCheckRun[] = [];
  if (report.drained.length === 0) {
    for (const regime of report.regimes) {
      const saved = await saveRun(deps.store, {
        kind: 'check',
        snapshot_id: snapshot.id,
        inputs: { snapshot: snapshot.content_sha256, snapshot_id: snapshot.id, regime: regime.id, params: regime.params, providers: providers.description },
        params: { regime: regime.id, params: regime.params, providers: providers.description },
        result: checkRunResult(report, snapshot.manifest.as_of_ms, regime),
      });
      runs.push({ regime: regime.id, run_id: saved.run_id, created: saved.created });
    }
  }
  return { verdict: report.compliant ? 'ok' : 'failed', report, runs };
}

/** `hozen check --json` and the API: the report with messages in the reader's language. */
export function checkJson(result: CheckResult, tr: Translator): CoverageReportJson & { runs: SavedCheckRun[] } {
  return { ...reportJson(result.report, tr), runs: result.runs };
}

export interface LatestCheckRequest {
  snapshot: SnapshotRef;
}

export interface LatestCheckResult {
  verdict: Verdict;
  snapshot_id: string;
  /** The latest stored run of each regime, in the order the regimes were last checked. */
  runs: Array<{ run_id: string; result: CheckRunResult }>;
}

/**
 * The stored check of a snapshot, without recomputing: what a page or a script reads every
 * morning. UserError 'app.not_checked' when the snapshot has no stored check of this format.
 */
export async function latestCheck(deps: AppDeps, request: LatestCheckRequest): Promise<LatestCheckResult> {
  const ref = request.snapshot;
  const snapshot_id = 'id' in ref ? await deps.store.resolveSnapshotId(ref.id) : (await resolveSnapshot(deps, ref)).snapshot.id;
  if (snapshot_id === null) throw new UserError('app.unknown_snapshot', { arg: 'id' in ref ? ref.id : ref.dir });
  const latest = new Map<string, { run_id: string; result: CheckRunResult }>();
  for (const run of await deps.store.listRuns({ kind: CHECK_RUN_KIND, snapshot_id })) {
    const result = run.result as CheckRunResult;
    if (result.format !== CHECK_RUN_FORMAT) continue;
    latest.delete(result.regime);
    latest.set(result.regime, { run_id: run.id, result });
  }
  if (latest.size === 0) throw new UserError('app.not_checked', { id: snapshot_id });
  const runs = [...latest.values()];
  return { verdict: runs.every((r) => r.result.compliant) ? 'ok' : 'failed', snapshot_id, runs };
}

/** The same JSON as checkJson gives for the live check that stored these runs (without `created`). */
export function latestCheckJson(result: LatestCheckResult, tr: Translator): Omit<CoverageReportJson, never> & { runs: Array<Omit<SavedCheckRun, 'created'>> } {
  const first = result.runs[0]!.result;
  return {
    snapshot: first.snapshot,
    exchange: first.exchange,
    as_of: first.as_of,
    base_currency: first.base_currency,
    compliant: result.runs.every((r) => r.result.compliant),
    drained: [],
    regimes: result.runs.map((r) => storedRegimeJson(r.result, tr)),
    runs: result.runs.map((r) => ({ regime: r.result.regime, run_id: r.run_id })),
  };
}
