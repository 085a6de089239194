// `history`: the headline figures of stored coverage checks across snapshots, one row per snapshot
// and regime, oldest as_of first. When a snapshot and regime were checked more than once (other
// parameters, or a run stored under an earlier id scheme), the latest stored run stands for them.

import { CHECK_RUN_FORMATS_READ, CHECK_RUN_KIND, REGIME_IDS, type CheckRunResult } from '../coverage/index.ts';
import { UserError } from '../errors.ts';
import type { AppDeps } from './deps.ts';

export interface HistoryRequest {
  regime?: string;
}

export interface HistoryResult {
  history: CheckRunResult[];
}

export async function checkHistory(deps: AppDeps, request: HistoryRequest = {}): Promise<HistoryResult> {
  const { regime } = request;
  if (regime !== undefined && !REGIME_IDS.includes(regime)) throw new UserError('coverage.regime.unknown', { regime, known: REGIME_IDS.join(', ') });
  const latest = new Map<string, CheckRunResult>();
  // Runs come in the order they were stored, so a later run replaces an earlier one.
  for (const run of await deps.store.listRuns({ kind: CHECK_RUN_KIND })) {
    const result = run.result as CheckRunResult;
    if (!CHECK_RUN_FORMATS_READ.includes(result.format) || (regime !== undefined && result.regime !== regime)) continue;
    latest.set(`${result.snapshot}\u0000${result.regime}`, result);
  }
  const history = [...latest.values()].sort((a, b) => a.as_of_ms - b.as_of_ms || compare(a.regime, b.regime) || compare(a.snapshot, b.snapshot));
  return { history };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `hozen history --json` and the API: the headline of each run (its checks stay in the store). */
export function historyJson(result: HistoryResult): { history: Array<Omit<CheckRunResult, 'checks' | 'assignments' | 'excluded' | 'params'>> } {
  return { history: result.history.map(({ checks: _checks, assignments: _assignments, excluded: _excluded, params: _params, ...headline }) => headline) };
}
