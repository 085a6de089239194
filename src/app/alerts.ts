// `alerts`: what needs someone's attention now. From the stored checks of a snapshot (by default
// the latest checked one): every failed check (critical) and every warning a regime raised. From
// the snapshot itself, counted from today: a preservation contract or bank guarantee ending within
// the warning days, a safe asset maturing within them, the hot share within a margin of its
// limit; and from the store: the latest imported snapshot older than a day (nobody sent today's),
// and a delivery of the daily alerts to the webhook that failed for good within the last week.
// Nothing is recomputed; every alert is a code and parameters, rendered in the reader's language.
// Any open alert is a failed verdict (exit 3), so a script can page someone on it.

import type { Translator } from '../i18n/i18n.ts';
import { CHECK_RUN_KIND, type CheckRunResult } from '../coverage/index.ts';
import { expiryWarningDays } from '../coverage/params.ts';
import { UserError } from '../errors.ts';
import { compareDecimal, parseDecimal, subDecimal, formatDecimal, mulDecimal } from '../money/decimal.ts';
import { latestCheck } from './check.ts';
import type { AppDeps, Verdict } from './deps.ts';
import type { SnapshotRef } from './resolve-snapshot.ts';
import type { WebhookDeliveryRecord } from '../store/webhook-deliveries.ts';

/** The hot share within this many percentage points of its limit is a warning (default). */
export const HOT_SHARE_MARGIN_POINTS_DEFAULT = '0.5';
/** A snapshot this old is stale: the daily export did not arrive. */
export const SNAPSHOT_STALE_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;
/** A delivery that failed this recently is an alert; older ones are history. */
const WEBHOOK_FAILED_RECENT_MS = 7 * DAY_MS;
/** Deliveries shown with the alerts. */
const WEBHOOK_DELIVERIES_SHOWN = 10;

export interface AlertsRequest {
  /** Default: the snapshot with the latest as_of among those checked. */
  snapshot?: SnapshotRef;
  /** "Now" for the alerts counted from today, ISO 8601 with offset (default: the clock). */
  now?: string;
  /** Contracts, guarantees and safe assets ending within this many days (default: the snapshot's coverage.expiry_warning_days, 30). */
  warn_days?: number;
  /** Percentage points, a decimal string (default 0.5). */
  hot_share_margin_points?: string;
}

export interface Alert {
  severity: 'critical' | 'warning';
  /** The regime whose check raised it; null for alerts about the snapshot or the store. */
  regime: string | null;
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
  /** The latest deliveries of the daily alerts to the tenant's webhook, newest first, each attempt with it. */
  webhook_deliveries: WebhookDeliveryRecord[];
}

function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `now` to the date or instant `end` (negative once passed). */
function daysUntil(end: string, now_ms: number): number {
  const end_ms = /^\d{4}-\d{2}-\d{2}$/.test(end) ? Date.parse(`${end}T00:00:00Z`) : Date.parse(end);
  return Math.floor((end_ms - now_ms) / DAY_MS);
}

export async function listAlerts(deps: AppDeps, request: AlertsRequest = {}): Promise<AlertsResult> {
  const now_ms = request.now === undefined ? Date.now() : Date.parse(request.now);
  if (Number.isNaN(now_ms) || (request.now !== undefined && !/[zZ]|[+-]\d{2}:\d{2}$/.test(request.now))) throw new UserError('alerts.bad_now', { value: request.now ?? '' });
  const snapshot = request.snapshot ?? { id: await latestCheckedSnapshot(deps) };
  const latest = await latestCheck(deps, { snapshot });
  const alerts: Alert[] = [];
  const margin = parseDecimal(request.hot_share_margin_points ?? HOT_SHARE_MARGIN_POINTS_DEFAULT);
  for (const { result } of latest.runs) {
    for (const check of result.checks) {
      if (check.status === 'fail' || check.status === 'warn') {
        alerts.push({ severity: check.status === 'fail' ? 'critical' : 'warning', regime: result.regime, check: check.id, asset: check.asset, code: check.message_code, params: check.message_params });
        continue;
      }
      // A hot share that passes, but within the margin of its limit.
      if (check.id.endsWith('/hot-share') && check.asset === null && check.status === 'pass' && check.bound === 'max' && check.held !== null && check.required !== null) {
        const room = subDecimal(parseDecimal(check.required), parseDecimal(check.held));
        const room_points = mulDecimal(room, { coef: 100n, scale: 0 });
        if (compareDecimal(room_points, margin) < 0) {
          alerts.push({ severity: 'warning', regime: result.regime, check: check.id, asset: null, code: 'alerts.hot_share_near', params: { held: percent(check.held), limit: percent(check.required), points: formatDecimal(room_points), margin: formatDecimal(margin) } });
        }
      }
    }
  }
  const stored = await deps.store.loadSnapshot(latest.snapshot_id);
  const warn_days = request.warn_days ?? expiryWarningDays(stored.manifest.extensions);
  for (const contract of stored.contracts) {
    const days = daysUntil(contract.end, now_ms);
    // Long ended is history (coverage no longer counts it); recently ended is news.
    if (days > warn_days || days < -warn_days) continue;
    alerts.push({ severity: 'warning', regime: null, check: `contract/${contract.id}`, asset: null, code: days < 0 ? `alerts.${contract.kind}_ended` : `alerts.${contract.kind}_ending`, params: { id: contract.id, counterparty: contract.counterparty, end: contract.end.slice(0, 10), days: Math.max(days, 0) } });
  }
  for (const safe of stored.safe_assets) {
    if (safe.maturity === null) continue;
    const days = daysUntil(safe.maturity, now_ms);
    if (days > warn_days || days < -warn_days) continue;
    alerts.push({ severity: 'warning', regime: null, check: `safe-asset/${safe.id}`, asset: null, code: days < 0 ? 'alerts.safe_asset_matured' : 'alerts.safe_asset_maturing', params: { id: safe.id, issuer: safe.issuer, maturity: safe.maturity, days: Math.max(days, 0) } });
  }
  const newest = (await deps.store.listSnapshots()).reduce<{ as_of: string; ms: number } | null>((best, s) => {
    const ms = Date.parse(s.as_of);
    return best === null || ms > best.ms ? { as_of: s.as_of, ms } : best;
  }, null);
  if (newest !== null && now_ms - newest.ms > SNAPSHOT_STALE_MS) {
    alerts.push({ severity: 'warning', regime: null, check: 'snapshot/stale', asset: null, code: 'alerts.snapshot_stale', params: { as_of: newest.as_of, hours: Math.floor((now_ms - newest.ms) / 3_600_000), today: ymd(now_ms) } });
  }
  const webhook_deliveries = await deps.store.webhookDeliveries(WEBHOOK_DELIVERIES_SHOWN);
  for (const delivery of webhook_deliveries) {
    if (delivery.state !== 'failed' || delivery.finished_at === null || now_ms - Date.parse(delivery.finished_at) > WEBHOOK_FAILED_RECENT_MS) continue;
    const last = delivery.attempts.at(-1);
    alerts.push({
      severity: 'warning',
      regime: null,
      check: `webhook/${delivery.id}`,
      asset: null,
      code: last?.status === null || last === undefined ? 'alerts.webhook_failed_no_answer' : 'alerts.webhook_failed',
      params: { day: delivery.day, attempts: delivery.attempts.length, status: last?.status ?? 0 },
    });
  }
  alerts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
  return { verdict: alerts.length > 0 ? 'failed' : 'ok', snapshot_id: latest.snapshot_id, as_of: latest.runs[0]!.result.as_of, alerts, webhook_deliveries };
}

/** "0.0495" → "4.95%". */
function percent(ratio: string): string {
  return `${formatDecimal(mulDecimal(parseDecimal(ratio), { coef: 100n, scale: 0 }))}%`;
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
    webhook_deliveries: result.webhook_deliveries.map(({ tenant_id: _tenant, secret_env: _secret_env, ...delivery }) => ({
      ...delivery,
      next_attempt_at: delivery.state === 'pending' && delivery.next_attempt_ms !== null ? new Date(delivery.next_attempt_ms).toISOString() : null,
    })),
  };
}
