// `check`: coverage of a snapshot under each regime that applies (or those asked), stored as one
// run per regime. Hypothetical reports (wallets drained) are never stored: history is what was,
// not what might have been. The verdict fails when any regime's check fails.

import { checkCoverage, checkRunResult, reportJson, type CoverageReport, type CoverageReportJson } from '../coverage/index.ts';
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
