// `segregation`: the daily segregation records (分別管理の記録) over a date range of stored
// snapshots, per business day and asset: the customers' balances (the totals the import summed,
// not balance rows), what customer wallets hold by tier, the guarantee crypto (履行保証暗号資産)
// held cold and required (the customer crypto outside cold wallets), the differences and whether
// each is within the rule; and the customers' yen against the customer trust account when the
// snapshot gives one (exchange.json `customer_money`). A business day is the date of as_of in its
// own offset; when a day has several snapshots of an exchange, the latest as_of stands for it.

import { customerMoney } from '../coverage/customer-money.ts';
import { UserError } from '../errors.ts';
import { formatAmount } from '../money/amount.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { AppDeps, Verdict } from './deps.ts';

export interface SegregationRequest {
  /** YYYY-MM-DD, inclusive; default: the earliest stored day. */
  from?: string;
  /** YYYY-MM-DD, inclusive; default: the latest stored day. */
  to?: string;
}

/** Days one request may span (a limit on everything: a year and a day). */
export const SEGREGATION_DAYS_MAX = 366;

export interface SegregationCryptoRecord {
  kind: 'crypto';
  day: string;
  exchange: string;
  snapshot: string;
  as_of: string;
  asset: string;
  customer_balances: string;
  customer_wallets: { hot: string; warm: string; cold: string; total: string };
  /** Customer wallets − customer balances; within the rule when ≥ 0. */
  segregation_difference: string;
  segregation_within: boolean;
  guarantee_held_cold: string;
  /** Guarantee crypto in hot or warm wallets: held, but not counted. */
  guarantee_not_cold: string;
  guarantee_required: string;
  guarantee_difference: string;
  guarantee_within: boolean;
}

export interface SegregationMoneyRecord {
  kind: 'money';
  day: string;
  exchange: string;
  snapshot: string;
  as_of: string;
  asset: string;
  customer_balances: string;
  /** null when the snapshot gives no customer trust account. */
  trust_balance: string | null;
  trustee: string | null;
  difference: string | null;
  within: boolean | null;
}

export type SegregationRecord = SegregationCryptoRecord | SegregationMoneyRecord;

export interface SegregationResult {
  verdict: Verdict;
  from: string | null;
  to: string | null;
  days: number;
  records: SegregationRecord[];
  /** Snapshots not used because a later one of the same exchange and day stands for it. */
  superseded: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayOf(as_of: string): string {
  return as_of.slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export async function segregationRecords(deps: AppDeps, request: SegregationRequest = {}): Promise<SegregationResult> {
  for (const [field, value] of [['from', request.from], ['to', request.to]] as const) {
    if (value !== undefined && (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) throw new UserError('reports.segregation.bad_day', { field, value });
  }
  const { from, to } = request;
  if (from !== undefined && to !== undefined) {
    if (to < from) throw new UserError('reports.segregation.bad_range', { from, to });
    if (daysBetween(from, to) > SEGREGATION_DAYS_MAX) throw new UserError('reports.segregation.range_too_long', { from, to, max: SEGREGATION_DAYS_MAX });
  }
  const chosen = new Map<string, { id: string; as_of_ms: number }>();
  const superseded: string[] = [];
  for (const s of await deps.store.listSnapshots()) {
    const day = dayOf(s.as_of);
    if ((from !== undefined && day < from) || (to !== undefined && day > to)) continue;
    const key = `${s.exchange_id}\u0000${day}`;
    const as_of_ms = Date.parse(s.as_of);
    const earlier = chosen.get(key);
    if (earlier === undefined || as_of_ms > earlier.as_of_ms) {
      if (earlier !== undefined) superseded.push(earlier.id);
      chosen.set(key, { id: s.id, as_of_ms });
    } else superseded.push(s.id);
  }
  const days = new Set([...chosen.keys()].map((k) => k.slice(k.indexOf('\u0000') + 1)));
  if (days.size > SEGREGATION_DAYS_MAX) throw new UserError('reports.segregation.range_too_long', { from: from ?? '', to: to ?? '', max: SEGREGATION_DAYS_MAX });
  const records: SegregationRecord[] = [];
  const ordered = [...chosen.entries()].map(([key, { id }]) => ({ exchange: key.slice(0, key.indexOf('\u0000')), day: key.slice(key.indexOf('\u0000') + 1), id }));
  ordered.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.exchange < b.exchange ? -1 : a.exchange > b.exchange ? 1 : 0));
  for (const { id } of ordered) records.push(...recordsOf(await deps.store.loadSnapshot(id)));
  const outside = records.some((r) => (r.kind === 'crypto' ? !r.segregation_within || !r.guarantee_within : r.within === false));
  return { verdict: outside ? 'failed' : 'ok', from: from ?? null, to: to ?? null, days: days.size, records, superseded: superseded.sort() };
}

/** One snapshot's records: each crypto asset with balances or holdings, then the base currency. */
export function recordsOf(snapshot: Pick<Snapshot, 'id' | 'manifest' | 'wallets' | 'balance_totals'>): SegregationRecord[] {
  const { manifest } = snapshot;
  const common = { day: dayOf(manifest.as_of), exchange: manifest.exchange.id, snapshot: snapshot.id, as_of: manifest.as_of };
  const totals = new Map(snapshot.balance_totals.map((t) => [t.asset, t.total_minor]));
  const out: SegregationRecord[] = [];
  for (const spec of manifest.assets) {
    const fmt = (minor: bigint) => formatAmount(minor, spec.decimals);
    const balances_minor = totals.get(spec.symbol) ?? 0n;
    if (spec.kind === 'fiat') {
      if (spec.symbol !== manifest.base_currency) continue;
      const money = customerMoney(manifest.extensions, spec.decimals);
      const difference = money === null ? null : money.trust_balance_minor - balances_minor;
      out.push({ kind: 'money', ...common, asset: spec.symbol, customer_balances: fmt(balances_minor), trust_balance: money === null ? null : fmt(money.trust_balance_minor), trustee: money?.trustee ?? null, difference: difference === null ? null : fmt(difference), within: difference === null ? null : difference >= 0n });
      continue;
    }
    const customer = { hot: 0n, warm: 0n, cold: 0n };
    const guarantee = { hot: 0n, warm: 0n, cold: 0n };
    for (const w of snapshot.wallets) {
      if (w.asset !== spec.symbol) continue;
      if (w.purpose === 'customer') customer[w.tier] += w.amount_minor;
      if (w.purpose === 'guarantee') guarantee[w.tier] += w.amount_minor;
    }
    const customer_total = customer.hot + customer.warm + customer.cold;
    const held_anywhere = customer_total + guarantee.hot + guarantee.warm + guarantee.cold;
    if (balances_minor === 0n && held_anywhere === 0n) continue;
    const required = customer.hot + customer.warm;
    out.push({
      kind: 'crypto',
      ...common,
      asset: spec.symbol,
      customer_balances: fmt(balances_minor),
      customer_wallets: { hot: fmt(customer.hot), warm: fmt(customer.warm), cold: fmt(customer.cold), total: fmt(customer_total) },
      segregation_difference: fmt(customer_total - balances_minor),
      segregation_within: customer_total >= balances_minor,
      guarantee_held_cold: fmt(guarantee.cold),
      guarantee_not_cold: fmt(guarantee.hot + guarantee.warm),
      guarantee_required: fmt(required),
      guarantee_difference: fmt(guarantee.cold - required),
      guarantee_within: guarantee.cold >= required,
    });
  }
  return out;
}

/** `hozen segregation --json` and the API. */
export function segregationJson(result: SegregationResult): Omit<SegregationResult, 'verdict'> & { outside_rule: number } {
  const { verdict: _verdict, ...rest } = result;
  return { ...rest, outside_rule: result.records.filter((r) => (r.kind === 'crypto' ? !r.segregation_within || !r.guarantee_within : r.within === false)).length };
}
