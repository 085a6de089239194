// `association members`: every member at a glance — its latest snapshot's summary (wallet value by
// tier, the import's per-asset totals), the coverage verdict per regime with its headroom, the
// alerts, the history of verdicts, and the summaries of its compensation, claim and risk runs.
// Read from stored runs and snapshot headers only (association-deps.ts): each run's figures are
// picked field by field, so a stored run's customer lines (a claim's allocation to accounts) never
// pass. Sorted by headroom, the tightest first.

import { CHECK_RUN_FORMATS_READ, CHECK_RUN_KIND, type CheckRunResult } from '../coverage/index.ts';
import type { StoredCheck } from '../coverage/runs.ts';
import { compareDecimal, divDecimal, isZeroDecimal, parseDecimal, subDecimal, type Decimal } from '../money/decimal.ts';
import type { Verdict } from './deps.ts';
import type { BalanceTotal } from '../snapshot/types.ts';
import type { TierValues } from '../association/dependencies.ts';
import { walletHoldingValue } from '../snapshot/valuation.ts';
import { aggregatesOnly, type AggregateStore, type AssociationDeps } from './association-deps.ts';

/** Stored runs summarised per member and kind: the latest ones. */
export const RUNS_SHOWN_MAX = 20;
export const HISTORY_SHOWN_MAX = 60;

export interface HeadlineFigure {
  check: string;
  unit: string;
  bound: string | null;
  required: string;
  held: string;
  /** held − required (required − held for a maximum); negative when short. */
  headroom: string;
  /** headroom / required (for a ratio too: room over its limit), 6 places half-even; null for a zero requirement. */
  headroom_share: string | null;
  message_code: string;
  message_params: Record<string, unknown>;
}

export interface RegimeVerdict {
  regime: string;
  compliant: boolean;
  failed_checks: number;
  headline: HeadlineFigure[];
}

export interface MemberSummary {
  member_id: string;
  member_name: string;
  time_zone: string;
  verdict: 'compliant' | 'not_compliant' | 'not_checked' | 'no_snapshot';
  snapshot: null | {
    id: string;
    exchange_name: string;
    as_of: string;
    imported_at: string;
    base_currency: string;
    base_decimals: number;
    balance_rows: number;
    totals: BalanceTotal[];
    wallets: TierValues;
  };
  regimes: RegimeVerdict[];
  /** The smallest headroom share over every regime's headline figures: the sort key (null when none). */
  headroom_share_min: string | null;
  alerts: Array<{ severity: 'critical' | 'warning'; regime: string; check: string; asset: string | null; code: string; params: Record<string, unknown> }>;
  history: Array<{ snapshot: string; as_of: string; regime: string; compliant: boolean }>;
  compensations: Array<{ run_id: string; snapshot_id: string; created_at: string | null; incident: string; scheme: string; total_need: string; shortfall: string; insurance: string; sources: Array<{ name: string; available: string; drawn: string }>; rows: number }>;
  claims: Array<{ run_id: string; snapshot_id: string; created_at: string | null; incident: string; peril: string; gross_loss: string; total_recovery: string }>;
  risks: Array<{ run_id: string; snapshot_id: string; created_at: string | null; years: number; expected_loss_net: string; var_net: string; confidence: number }>;
}

export interface MembersResult {
  verdict: Verdict;
  members: MemberSummary[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '');

function headlineOf(check: StoredCheck): HeadlineFigure | null {
  if (check.held === null || check.required === null) return null;
  const held = parseDecimal(check.held, { signed: true });
  const required = parseDecimal(check.required, { signed: true });
  const room = check.bound === 'max' ? subDecimal(required, held) : subDecimal(held, required);
  const share = isZeroDecimal(required) ? null : divDecimal(room, required, 6, 'half-even');
  return {
    check: check.id,
    unit: check.unit,
    bound: check.bound,
    required: check.required,
    held: check.held,
    headroom: decimalText(room),
    headroom_share: share === null ? null : decimalText(share),
    message_code: check.message_code,
    message_params: { ...check.message_params },
  };
}

function decimalText(d: Decimal): string {
  const negative = d.coef < 0n;
  const digits = (negative ? -d.coef : d.coef).toString().padStart(d.scale + 1, '0');
  const whole = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  const trimmed = d.scale === 0 ? whole : whole.replace(/\.?0+$/, '');
  return `${negative ? '-' : ''}${trimmed}`;
}

async function memberSummary(store: AggregateStore, tenant: AssociationDeps['members'][number]['tenant']): Promise<MemberSummary> {
  const base: MemberSummary = {
    member_id: tenant.id,
    member_name: tenant.name,
    time_zone: tenant.time_zone,
    verdict: 'no_snapshot',
    snapshot: null,
    regimes: [],
    headroom_share_min: null,
    alerts: [],
    history: [],
    compensations: [],
    claims: [],
    risks: [],
  };
  const records = await store.listSnapshots();
  if (records.length === 0) return base;
  const latest = records.reduce((a, b) => (Date.parse(b.as_of) >= Date.parse(a.as_of) ? b : a));
  const snapshot = await store.loadSnapshot(latest.id);
  const wallets: TierValues = { hot_minor: 0n, warm_minor: 0n, cold_minor: 0n };
  for (const w of snapshot.wallets) wallets[`${w.tier}_minor`] += walletHoldingValue(snapshot, w);
  base.snapshot = {
    id: snapshot.id,
    exchange_name: snapshot.manifest.exchange.name,
    as_of: snapshot.manifest.as_of,
    imported_at: latest.imported_at,
    base_currency: snapshot.manifest.base_currency,
    base_decimals: snapshot.assets.get(snapshot.manifest.base_currency)!.decimals,
    balance_rows: snapshot.balance_rows,
    totals: snapshot.balance_totals.map((t) => ({ asset: t.asset, total_minor: t.total_minor, accounts: t.accounts })),
    wallets,
  };

  // Checks: the latest run per snapshot and regime; the latest snapshot's give the verdicts.
  const latest_check = new Map<string, CheckRunResult>();
  for (const run of await store.listRuns({ kind: CHECK_RUN_KIND })) {
    const result = run.result as CheckRunResult;
    if (!CHECK_RUN_FORMATS_READ.includes(result.format)) continue;
    latest_check.set(`${result.snapshot}\u0000${result.regime}`, result);
  }
  const checks = [...latest_check.values()].sort((a, b) => a.as_of_ms - b.as_of_ms || (a.regime < b.regime ? -1 : a.regime > b.regime ? 1 : 0));
  base.history = checks.slice(-HISTORY_SHOWN_MAX).map((r) => ({ snapshot: r.snapshot, as_of: r.as_of, regime: r.regime, compliant: r.compliant }));
  const current = checks.filter((r) => r.snapshot === snapshot.id);
  base.verdict = current.length === 0 ? 'not_checked' : current.every((r) => r.compliant) ? 'compliant' : 'not_compliant';
  let min: Decimal | null = null;
  for (const r of current) {
    const headline = r.headline.map(headlineOf).filter((h): h is HeadlineFigure => h !== null);
    base.regimes.push({ regime: r.regime, compliant: r.compliant, failed_checks: r.failed_checks, headline });
    for (const h of headline) {
      if (h.headroom_share === null) continue;
      const share = parseDecimal(h.headroom_share, { signed: true });
      if (min === null || compareDecimal(share, min) < 0) min = share;
    }
    for (const check of r.checks) {
      if (check.status !== 'fail' && check.status !== 'warn') continue;
      base.alerts.push({ severity: check.status === 'fail' ? 'critical' : 'warning', regime: r.regime, check: check.id, asset: check.asset, code: check.message_code, params: { ...check.message_params } });
    }
  }
  base.alerts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
  base.headroom_share_min = min === null ? null : decimalText(min);

  // Runs: figures picked field by field (a claim's result holds per-customer lines; they stay).
  for (const run of (await store.listRuns({ kind: 'compensate' })).slice(-RUNS_SHOWN_MAX)) {
    const r = run.result as Record<string, unknown>;
    const sources = Array.isArray(r.sources) ? (r.sources as Array<Record<string, unknown>>).map((s) => ({ name: str(s.name), available: str(s.available), drawn: str(s.drawn) })) : [];
    base.compensations.push({ run_id: run.id, snapshot_id: run.snapshot_id, created_at: run.created_at ?? null, incident: str(r.incident), scheme: str(r.scheme), total_need: str(r.total_need), shortfall: str(r.shortfall), insurance: str(r.insurance), sources, rows: Number(r.rows ?? 0) });
  }
  for (const run of (await store.listRuns({ kind: 'claim' })).slice(-RUNS_SHOWN_MAX)) {
    const r = run.result as Record<string, unknown>;
    base.claims.push({ run_id: run.id, snapshot_id: run.snapshot_id, created_at: run.created_at ?? null, incident: str(r.incident), peril: str(r.peril), gross_loss: str(r.gross_loss), total_recovery: str(r.total_recovery) });
  }
  for (const run of (await store.listRuns({ kind: 'risk' })).slice(-RUNS_SHOWN_MAX)) {
    const r = run.result as Record<string, unknown>;
    const net = (r.net ?? {}) as Record<string, unknown>;
    const confidence = Number(r.confidence ?? 0);
    const var_net = (net.var ?? {}) as Record<string, unknown>;
    base.risks.push({ run_id: run.id, snapshot_id: run.snapshot_id, created_at: run.created_at ?? null, years: Number(r.years ?? 0), expected_loss_net: str(net.expected_loss), var_net: str(var_net[String(confidence)]), confidence });
  }
  return base;
}

/** Members by headroom, the tightest first; members with nothing to compare (no snapshot, not checked) last. */
export function compareByHeadroom(a: MemberSummary, b: MemberSummary): number {
  const rank = (m: MemberSummary) => (m.headroom_share_min === null ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.headroom_share_min !== null && b.headroom_share_min !== null) {
    const c = compareDecimal(parseDecimal(a.headroom_share_min, { signed: true }), parseDecimal(b.headroom_share_min, { signed: true }));
    if (c !== 0) return c;
  }
  return a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : 0;
}

export async function associationMembers(deps: AssociationDeps): Promise<MembersResult> {
  const members: MemberSummary[] = [];
  for (const m of deps.members) members.push(await memberSummary(aggregatesOnly(m.store), m.tenant));
  members.sort(compareByHeadroom);
  return { verdict: members.every((m) => m.verdict === 'compliant') ? 'ok' : 'failed', members };
}
