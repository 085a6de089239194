// Sector compensation capacity: if one shared vendor or platform were compromised now, what each
// affected member's funding waterfall would pay and what would be short. Every wallet of the
// member that depends on it is lost in full at as_of; the customers' loss is the customer wallets'
// value. The insurance pays what the exact engine says for that one vendor-compromise occurrence;
// then the member's funding sources are drawn by the plan of its own compensation policy's scheme
// (per_asset, haircut or rehabilitation: compensation/plan.ts, as its own `hozen compensate`
// would draw them) on totals, for an incident at as_of. Without a policy: the default order, the
// loss's value at as_of, guarantee wallets at their holding value. Totals only: no balance row is read.

import { HACK_COMPENSATION, inForceAt } from '../snapshot/period.ts';
import { snapshotProgramme } from '../insurance/claim.ts';
import { applyProgramme } from '../insurance/engine.ts';
import { valuationOf } from '../insurance/valuation.ts';
import type { LossEvent } from '../insurance/types.ts';
import { parseCompensationPolicy, termsFor } from '../compensation/policy.ts';
import { min, planHaircut, planPerAsset, settlePerAsset, type AssetObligation, type HaircutAsset } from '../compensation/plan.ts';
import { detectionPrice, resolvePrice } from '../compensation/prices.ts';
import { inKindShareOf, Valuation } from '../compensation/rules.ts';
import { FUNDING_ORDER_DEFAULT, type CompensationPolicy, type FundingSourceName, type InsuranceRecovery, type Scheme, type SourceResult } from '../compensation/types.ts';
import { drawInOrder, fundingEntries, sourceResults, type FundingEntry } from '../compensation/funding.ts';
import { INCIDENT_FORMAT, type Incident } from '../incident/types.ts';
import { valueFor } from '../money/index.ts';
import { priceAt } from '../snapshot/prices.ts';
import { walletHoldingValue } from '../snapshot/valuation.ts';
import type { Snapshot, Wallet } from '../snapshot/types.ts';
import type { MemberInput } from './dependencies.ts';
import { NameMatcher, NO_ALIASES, type AliasList } from './names.ts';
import { UserError } from '../errors.ts';

export interface MemberCapacity {
  member_id: string;
  member_name: string;
  wallet_ids: string[];
  /** Every lost wallet's value (customer, guarantee and own). */
  lost_minor: bigint;
  /** What the customers are owed: their wallets' loss valued as a requirement (rounded up). */
  need_minor: bigint;
  insurance_minor: bigint;
  sources: SourceResult[];
  paid_minor: bigint;
  shortfall_minor: bigint;
  funding_order: FundingSourceName[];
  /** The scheme of the member's own compensation policy, whose plan is drawn; null: it has none (the default order, the loss's value at as_of). */
  scheme: Scheme | null;
}

export interface CauseCapacity {
  cause: string;
  name: string;
  members: MemberCapacity[];
  need_minor: bigint;
  paid_minor: bigint;
  shortfall_minor: bigint;
  members_short: number;
}

function causeKeyOf(matcher: NameMatcher, kind: 'vendor' | 'platform', written: string): string {
  return `${kind}:${matcher.match(written).key}`;
}

/** Every vendor and platform two or more members use, each with its capacity, the largest shortfall first. */
export function sectorCapacity(members: readonly MemberInput[], aliases: AliasList = NO_ALIASES, only?: string): CauseCapacity[] {
  const matcher = new NameMatcher(aliases);
  const causes = new Map<string, { name: string; by_member: Map<number, Wallet[]> }>();
  members.forEach((member, k) => {
    for (const w of member.snapshot.wallets) {
      for (const kind of ['vendor', 'platform'] as const) {
        const written = w.controls[kind];
        if (written === undefined) continue;
        const key = causeKeyOf(matcher, kind, written);
        let cause = causes.get(key);
        if (cause === undefined) causes.set(key, (cause = { name: matcher.match(written).name, by_member: new Map() }));
        let list = cause.by_member.get(k);
        if (list === undefined) cause.by_member.set(k, (list = []));
        list.push(w);
      }
    }
  });
  if (only !== undefined && !causes.has(only)) throw new UserError('association.unknown_cause', { cause: only.slice(0, 200) });
  const rows: CauseCapacity[] = [];
  for (const [cause, { name, by_member }] of causes) {
    if (only !== undefined ? cause !== only : by_member.size < 2) continue;
    const rows_of_members = [...by_member.entries()].map(([k, wallets]) => memberCapacity(members[k]!, wallets));
    const need_minor = rows_of_members.reduce((s, m) => s + m.need_minor, 0n);
    const paid_minor = rows_of_members.reduce((s, m) => s + m.paid_minor, 0n);
    rows.push({ cause, name, members: rows_of_members, need_minor, paid_minor, shortfall_minor: need_minor - paid_minor, members_short: rows_of_members.filter((m) => m.shortfall_minor > 0n).length });
  }
  rows.sort((a, b) => (a.shortfall_minor !== b.shortfall_minor ? (a.shortfall_minor > b.shortfall_minor ? -1 : 1) : a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0));
  return rows;
}

export function memberCapacity(member: MemberInput, lost: readonly Wallet[]): MemberCapacity {
  const snapshot = member.snapshot;
  const base_decimals = snapshot.assets.get(snapshot.manifest.base_currency)!.decimals;
  const lost_ids = new Set(lost.map((w) => w.id));
  const customer = lost.filter((w) => w.purpose === 'customer');
  const insurance_minor = insuranceFor(snapshot, customer);
  const policy_json = snapshot.documents.compensation_policy;
  const policy = policy_json === undefined ? null : parseCompensationPolicy(policy_json, snapshot);
  // Per asset: the customers' lost quantity; guarantee wallets not lost, still held.
  const lost_by_asset = new Map<string, bigint>();
  for (const w of customer) lost_by_asset.set(w.asset, (lost_by_asset.get(w.asset) ?? 0n) + w.amount_minor);
  const guarantee = snapshot.wallets.filter((w) => w.purpose === 'guarantee' && !lost_ids.has(w.id));
  const totals: CapacityTotals = { snapshot, base_decimals, lost_by_asset, guarantee, insurance_minor };
  const plan = policy === null ? planWithoutPolicy(totals) : planOnTotals(totals, policy, incidentNow(snapshot, customer));
  return {
    member_id: member.member_id,
    member_name: member.member_name,
    wallet_ids: lost.map((w) => w.id),
    lost_minor: lost.reduce((s, w) => s + walletHoldingValue(snapshot, w), 0n),
    need_minor: plan.need_minor,
    insurance_minor,
    sources: plan.sources,
    paid_minor: plan.need_minor - plan.shortfall_minor,
    shortfall_minor: plan.shortfall_minor,
    funding_order: policy?.funding_order ?? [...FUNDING_ORDER_DEFAULT],
    scheme: policy?.scheme ?? null,
  };
}

interface CapacityTotals {
  snapshot: Snapshot;
  base_decimals: number;
  /** The customers' lost quantity per asset. */
  lost_by_asset: ReadonlyMap<string, bigint>;
  /** Guarantee wallets the compromise does not reach. */
  guarantee: readonly Wallet[];
  insurance_minor: bigint;
}

interface CapacityPlan {
  need_minor: bigint;
  shortfall_minor: bigint;
  sources: SourceResult[];
}

/** The compromise as the member's own incident would state it: everything lost at as_of, detected at once. */
function incidentNow(snapshot: Snapshot, customer: readonly Wallet[]): Incident {
  const at = snapshot.manifest.as_of;
  const at_ms = snapshot.manifest.as_of_ms;
  return {
    format: INCIDENT_FORMAT,
    id: 'sector-capacity',
    occurred_at: at,
    occurred_at_ms: at_ms,
    detected_at: at,
    detected_at_ms: at_ms,
    peril: 'vendor_compromise',
    losses: customer.map((w) => ({ wallet_id: w.id, asset: w.asset, amount_minor: w.amount_minor })),
    recovered: [],
    affected: { mode: 'holders_of_asset' },
    content_sha256: '0'.repeat(64),
  };
}

/**
 * The member's own scheme's plan (compensation/plan.ts), as its `hozen compensate` would draw
 * it, on totals: what needs rows is taken on the asset's total once — per_asset's fiat part and
 * in-kind share, rehabilitation's claims (the base cap moves money between creditors, not the
 * total paid) — so a figure can differ from the run's by the rounding of rows, never by more
 * than one payment unit per row.
 */
function planOnTotals(t: CapacityTotals, policy: CompensationPolicy, incident: Incident): CapacityPlan {
  const { snapshot, base_decimals } = t;
  const insurance: InsuranceRecovery = { status: 'computed', amount_minor: t.insurance_minor };
  const unit = policy.rounding.unit_minor;
  const decimalsOf = (asset: string): number => snapshot.assets.get(asset)!.decimals;
  // Guarantee crypto as money (haircut, rehabilitation): each wallet a holding at detection, rounded down on its own.
  const guarantee_money = policy.funding_order.includes('guarantee')
    ? t.guarantee.reduce((sum, w) => (w.amount_minor === 0n ? sum : sum + valueFor('holding', w.amount_minor, decimalsOf(w.asset), detectionPrice(snapshot, w.asset, incident), base_decimals)), 0n)
    : 0n;
  switch (policy.scheme) {
    case 'haircut': {
      const assets: HaircutAsset[] = [];
      for (const spec of snapshot.manifest.assets) {
        const scope_total_minor = snapshot.balance_totals.find((x) => x.asset === spec.symbol)?.total_minor ?? 0n;
        const net_loss_minor = t.lost_by_asset.get(spec.symbol) ?? 0n;
        if (scope_total_minor === 0n && net_loss_minor === 0n) continue;
        assets.push({ asset: spec.symbol, decimals: spec.decimals, scope_total_minor, net_loss_minor, price: resolvePrice(termsFor(policy, spec.symbol).price!, spec.symbol, snapshot, incident) });
      }
      const plan = planHaircut(assets, fundingEntries(snapshot, incident, policy, [], insurance, guarantee_money), base_decimals);
      return { need_minor: plan.total_need_minor, shortfall_minor: plan.shortfall_minor, sources: plan.sources };
    }
    case 'per_asset': {
      const setups = [...t.lost_by_asset.entries()].map(([asset, loss_minor]) => {
        const { method } = termsFor(policy, asset);
        const valuation = method.method === 'in_kind' ? null : new Valuation(decimalsOf(asset), resolvePrice(method.price, asset, snapshot, incident), base_decimals, unit);
        const in_kind_minor = method.method === 'in_kind' ? loss_minor : method.method === 'fiat' ? 0n : inKindShareOf(loss_minor, method.in_kind_share);
        return { asset, valuation, in_kind_minor, fiat_quantity_minor: loss_minor - in_kind_minor };
      });
      const obligations: AssetObligation[] = setups.map((s) => ({
        asset: s.asset,
        decimals: decimalsOf(s.asset),
        in_kind_minor: s.in_kind_minor,
        fiat_quantity_minor: s.fiat_quantity_minor,
        fiat_minor: s.fiat_quantity_minor === 0n ? 0n : s.valuation!.pay(s.fiat_quantity_minor, policy.rounding.mode),
        fiat_price: s.valuation?.price ?? null,
        detection_price: s.in_kind_minor > 0n ? detectionPrice(snapshot, s.asset, incident) : null,
        guarantee_minor: t.guarantee.filter((w) => w.asset === s.asset).reduce((sum, w) => sum + w.amount_minor, 0n),
      }));
      const input = { obligations, entries: fundingEntries(snapshot, incident, policy, [], insurance, 0n), base_decimals, unit_minor: unit };
      const plan = planPerAsset(input);
      // Paid in full, each fiat part as owed; under a shortfall, its paid quantity rounded down.
      const fiat_paid = obligations.map((o, i) => (plan.full ? o.fiat_minor : o.fiat_quantity_minor === 0n ? 0n : setups[i]!.valuation!.pay(plan.paid[i]!.fiat_quantity_minor, 'floor')));
      const settlement = settlePerAsset(input, plan, fiat_paid);
      return { need_minor: plan.total_need_minor, shortfall_minor: settlement.shortfall_minor, sources: settlement.sources };
    }
    case 'rehabilitation': {
      const claims_minor = [...t.lost_by_asset.entries()].reduce((sum, [asset, loss_minor]) => {
        if (loss_minor === 0n) return sum;
        return sum + new Valuation(decimalsOf(asset), resolvePrice(termsFor(policy, asset).price!, asset, snapshot, incident), base_decimals, unit).pay(loss_minor, policy.rounding.mode);
      }, 0n);
      const entries = fundingEntries(snapshot, incident, policy, [], insurance, guarantee_money);
      const estate_minor = entries.reduce((sum, e) => sum + e.available_minor, 0n);
      // The estate is paid out in whole payment units, up to every claim.
      const paid_minor = min(claims_minor, (estate_minor / unit) * unit);
      return { need_minor: claims_minor, shortfall_minor: claims_minor - paid_minor, sources: sourceResults(entries, drawInOrder(entries, paid_minor)) };
    }
  }
}

/** Without a compensation policy: the lost coins' value at as_of against the sources in the default order, guarantee wallets at their holding value. */
function planWithoutPolicy(t: CapacityTotals): CapacityPlan {
  const { snapshot } = t;
  const entries: FundingEntry[] = [];
  for (const kind of FUNDING_ORDER_DEFAULT) {
    const available_minor =
      kind === 'insurance'
        ? t.insurance_minor
        : kind === 'guarantee'
          ? t.guarantee.reduce((s, w) => s + walletHoldingValue(snapshot, w), 0n)
          : kind === 'safe_assets'
            ? snapshot.safe_assets.filter((s) => s.contract_id === null).reduce((s, a) => s + a.market_value_minor, 0n)
            : kind === 'contracts'
              ? snapshot.contracts.filter((c) => c.covers.includes(HACK_COMPENSATION) && inForceAt(c, snapshot.manifest.as_of, snapshot.manifest.as_of_ms)).reduce((s, c) => s + c.amount_minor, 0n)
              : kind === 'net_assets'
                ? snapshot.manifest.net_assets_minor > 0n
                  ? snapshot.manifest.net_assets_minor
                  : 0n
                : kind === 'group_support'
                  ? snapshot.manifest.group_support_minor
                  : 0n;
    if (kind !== 'additional') entries.push({ name: kind, kind, available_minor });
  }
  const assets: HaircutAsset[] = [...t.lost_by_asset.entries()].map(([asset, lost_minor]) => ({
    asset,
    decimals: snapshot.assets.get(asset)!.decimals,
    scope_total_minor: snapshot.balance_totals.find((x) => x.asset === asset)?.total_minor ?? 0n,
    net_loss_minor: lost_minor,
    price: asset === snapshot.manifest.base_currency ? { coef: 1n, scale: 0 } : priceAt(snapshot.prices, asset, snapshot.manifest.as_of_ms)!.price,
  }));
  const plan = planHaircut(assets, entries, t.base_decimals);
  return { need_minor: plan.total_need_minor, shortfall_minor: plan.shortfall_minor, sources: plan.sources };
}

/** What the policies pay for these wallets lost in full by a vendor compromise at as_of, exactly. */
function insuranceFor(snapshot: Snapshot, wallets: readonly Wallet[]): bigint {
  const programme = snapshotProgramme(snapshot);
  if (programme === null || wallets.length === 0) return 0n;
  const t = snapshot.manifest.as_of_ms;
  const event: LossEvent = {
    id: 'sector-capacity',
    occurred_ms: t,
    detected_ms: t,
    peril: 'vendor_compromise',
    conditions: [],
    items: wallets.filter((w) => w.amount_minor > 0n).map((w) => ({ wallet_id: w.id, tier: w.tier, asset: w.asset, amount_minor: w.amount_minor })),
  };
  return applyProgramme(programme, [event], valuationOf(snapshot)).events[0]!.recovery_minor;
}
