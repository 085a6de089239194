// `alerts`: what needs someone's attention now, from the stored checks of a snapshot (by default
// the latest checked one): every failed check (critical) and every warning a regime raised (a
// preservation contract or guarantee ending within the warning days, …). Nothing is recomputed:
// the alerts are the stored runs' own codes and parameters, rendered in the reader's language.

import type { Translator } from '../i18n/i18n.ts';
import { CHECK_RUN_KIND, type CheckRunResult } from '../coverage/index.ts';
import { UserError } from '../errors.ts';
import { latestCheck } from './check.ts';
import type { AppDeps, Verdict } from './deps.ts';
import type { SnapshotRef } from './resolve-snapshot.ts';

export interface AlertsRequest {
  /** Default: the snapshot with the latest as_of among those checked. */
  snapshot?: SnapshotRef;
}

export interface Alert {
  severity: 'critical' | 'warning';
  regime: string;
  check: string;
  asset: string | null;
  code: string;
  params: Record<string, unknown>;
}

export interface AlertsResult {
  verdict: Verdict;
  snapshot_id: string;
  as_of: string;
  alerts: Alert[];
}

export async function listAlerts(deps: AppDeps, request: AlertsRequest = {}): Promise<AlertsResult> {
  const snapshot = request.snapshot ?? { id: await latestCheckedSnapshot(deps) };
  const latest = await latestCheck(deps, { snapshot });
  const alerts: Alert[] = [];
  for (const { result } of latest.runs) {
    for (const check of result.checks) {
      if (check.status !== 'fail' && check.status !== 'warn') continue;
      alerts.push({ severity: check.status === 'fail' ? 'critical' : 'warning', regime: result.regime, check: check.id, asset: check.asset, code: check.message_code, params: check.message_params });
    }
  }
  alerts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
  return { verdict: alerts.some((a) => a.severity === 'critical') ? 'failed' : 'ok', snapshot_id: latest.snapshot_id, as_of: latest.runs[0]!.result.as_of, alerts };
}

export async function latestCheckedSnapshot(deps: AppDeps): Promise<string> {
  let best: { id: string; as_of_ms: number } | null = null;
  for (const run of await deps.store.listRuns({ kind: CHECK_RUN_KIND })) {
    const result = run.result as CheckRunResult;
    if (best === null || result.as_of_ms >= best.as_of_ms) best = { id: run.snapshot_id, as_of_ms: result.as_of_ms };
  }
  if (best === null) throw new UserError('app.nothing_checked');
  return best.id;
}

export function alertsJson(result: AlertsResult, tr: Translator): Record<string, unknown> {
  return {
    snapshot: result.snapshot_id,
    as_of: result.as_of,
    critical: result.alerts.filter((a) => a.severity === 'critical').length,
    warnings: result.alerts.filter((a) => a.severity === 'warning').length,
    alerts: result.alerts.map((a) => ({ ...a, message: tr.t(a.code, a.params as Parameters<Translator['t']>[1]) })),
  };
}
