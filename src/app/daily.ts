// `daily`: the morning run of a tenant, as the service's scheduler enqueues it once per tenant and
// business day (src/service/daily.ts): check the latest imported snapshot under its regimes (the
// check runs are stored by input hash, so a second run stores nothing new), list the alerts counted
// from now, and store the day's record as a run of kind `daily` whose id comes from the tenant's
// day and snapshot: the same day run twice is the same run.

import { UserError } from '../errors.ts';
import type { Translator } from '../i18n/i18n.ts';
import { alertsJson, listAlerts, type AlertsResult } from './alerts.ts';
import { checkAndStore } from './check.ts';
import type { AppDeps, Verdict } from './deps.ts';
import { saveRun } from './runs.ts';

export interface DailyRequest {
  /** The business day in the tenant's time zone, YYYY-MM-DD. */
  day: string;
  /** The instant the run counts alerts from (ISO 8601 with offset); default: now. */
  now?: string;
  warn_days?: number;
  hot_share_margin_points?: string;
}

export interface DailyResult {
  verdict: Verdict;
  day: string;
  snapshot_id: string;
  as_of: string;
  compliant: boolean;
  alerts: AlertsResult;
  run_id: string;
  created: boolean;
}

export async function dailyRun(deps: AppDeps, request: DailyRequest): Promise<DailyResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.day)) throw new UserError('reports.segregation.bad_day', { field: 'day', value: request.day });
  const snapshots = await deps.store.listSnapshots();
  if (snapshots.length === 0) throw new UserError('daily.no_snapshot');
  const latest = snapshots.reduce((best, s) => (Date.parse(s.as_of) > Date.parse(best.as_of) ? s : best));
  const snapshot = await deps.store.loadSnapshot(latest.id);
  const checked = await checkAndStore(deps, snapshot);
  const alerts = await listAlerts(deps, {
    snapshot: { id: snapshot.id },
    ...(request.now === undefined ? {} : { now: request.now }),
    ...(request.warn_days === undefined ? {} : { warn_days: request.warn_days }),
    ...(request.hot_share_margin_points === undefined ? {} : { hot_share_margin_points: request.hot_share_margin_points }),
  });
  const result = { format: 'hozen-daily/1', day: request.day, snapshot: snapshot.id, as_of: snapshot.manifest.as_of, compliant: checked.verdict === 'ok', check_runs: checked.runs.map((r) => r.run_id), alerts: alerts.alerts };
  const saved = await saveRun(deps.store, { kind: 'daily', snapshot_id: snapshot.id, inputs: { day: request.day, snapshot: snapshot.content_sha256 }, params: { day: request.day }, result });
  return { verdict: alerts.verdict, day: request.day, snapshot_id: snapshot.id, as_of: snapshot.manifest.as_of, compliant: result.compliant, alerts, run_id: saved.run_id, created: saved.created };
}

/** The job's answer and the webhook's body: the verdict first, then every alert in the reader's language. */
export function dailyJson(result: DailyResult, tr: Translator): Record<string, unknown> {
  // The webhook's own deliveries are the service's business, not the receiver's.
  const { webhook_deliveries: _deliveries, ...alerts } = alertsJson(result.alerts, tr);
  return { day: result.day, snapshot: result.snapshot_id, as_of: result.as_of, compliant: result.compliant, run_id: result.run_id, ...alerts };
}
