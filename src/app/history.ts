// `history`: the headline figures of stored coverage checks across snapshots, one row per snapshot
// and regime, oldest as_of first. When a snapshot and regime were checked more than once (other
// parameters, or a run stored under an earlier id scheme), the latest stored run stands for them.
// Every imported snapshot is listed too, checked or not, with its headline figures from the totals
// its import stored (customer balances and customer wallets, valued by the valuation rule), and two
// different snapshots that claim the same exchange and as_of are named as a warning.

import { CHECK_RUN_FORMATS_READ, CHECK_RUN_KIND, REGIME_IDS, type CheckRunResult } from '../coverage/index.ts';
import { UserError } from '../errors.ts';
import { summarizeSnapshot } from '../snapshot/summary.ts';
import type { Translator } from '../i18n/i18n.ts';
import type { AppDeps } from './deps.ts';

export interface HistoryRequest {
  regime?: string;
}

export interface SnapshotHeadline {
  snapshot: string;
  exchange_id: string;
  exchange: string;
  as_of: string;
  imported_at: string;
  balance_rows: number;
  base_currency: string;
  /** Customer balances valued as a requirement (rounded up per asset). */
  liabilities_value: string;
  /** Customer wallets valued as holdings (each rounded down). */
  customer_holdings_value: string;
  /** Regimes with a stored check of this snapshot. */
  checked: string[];
}

export interface HistoryWarning {
  code: 'history.same_as_of';
  params: { exchange: string; as_of: string; snapshots: string };
}

export interface HistoryResult {
  history: CheckRunResult[];
  /** Every imported snapshot, oldest as_of first. */
  snapshots: SnapshotHeadline[];
  warnings: HistoryWarning[];
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
  const checked = new Map<string, string[]>();
  for (const r of history) checked.set(r.snapshot, [...(checked.get(r.snapshot) ?? []), r.regime]);
  const snapshots: SnapshotHeadline[] = [];
  const claims = new Map<string, string[]>();
  for (const record of await deps.store.listSnapshots()) {
    const summary = summarizeSnapshot(await deps.store.loadSnapshot(record.id));
    snapshots.push({
      snapshot: record.id,
      exchange_id: record.exchange_id,
      exchange: record.exchange_name,
      as_of: record.as_of,
      imported_at: record.imported_at,
      balance_rows: record.balance_rows,
      base_currency: record.base_currency,
      liabilities_value: summary.totals.liabilities_value,
      customer_holdings_value: summary.totals.holdings_value.customer.all,
      checked: checked.get(record.id) ?? [],
    });
    // The same instant written with another offset is the same as_of.
    const key = `${record.exchange_id}\u0000${Date.parse(record.as_of)}`;
    claims.set(key, [...(claims.get(key) ?? []), record.id]);
  }
  snapshots.sort((a, b) => Date.parse(a.as_of) - Date.parse(b.as_of) || compare(a.exchange_id, b.exchange_id) || compare(a.snapshot, b.snapshot));
  const warnings: HistoryWarning[] = [];
  for (const ids of claims.values()) {
    if (ids.length < 2) continue;
    const first = snapshots.find((s) => s.snapshot === ids[0])!;
    warnings.push({ code: 'history.same_as_of', params: { exchange: first.exchange_id, as_of: first.as_of, snapshots: ids.map((id) => id.slice(0, 12)).sort().join(', ') } });
  }
  return { history, snapshots, warnings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `hozen history --json` and the API: the headline of each run (its checks stay in the store). */
export function historyJson(
  result: HistoryResult,
  tr?: Translator,
): { history: Array<Omit<CheckRunResult, 'checks' | 'assignments' | 'excluded' | 'params'>>; snapshots: SnapshotHeadline[]; warnings: Array<HistoryWarning & { message?: string }> } {
  return {
    history: result.history.map(({ checks: _checks, assignments: _assignments, excluded: _excluded, params: _params, ...headline }) => headline),
    snapshots: result.snapshots,
    warnings: result.warnings.map((w) => (tr === undefined ? w : { ...w, message: tr.t(w.code, w.params) })),
  };
}
