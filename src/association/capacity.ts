// Sector compensation capacity: if one shared vendor or platform were compromised now, what each
// affected member's funding waterfall would pay and what would be short. Every wallet of the
// member that depends on it is lost in full at as_of; the customers' loss is the customer wallets'
// value. The insurance pays what the exact engine says for that one vendor-compromise occurrence;
// then the member's funding sources are drawn in its compensation policy's order (the default
// order without one) by the compensation plan on totals (compensation/plan.ts planHaircut), with
// guarantee wallets not lost counted at their holding value. Totals only: no balance row is read.

import { HACK_COMPENSATION, inForceAt } from '../snapshot/period.ts';
import { snapshotProgramme } from '../insurance/claim.ts';
import { applyProgramme } from '../insurance/engine.ts';
import { valuationOf } from '../insurance/valuation.ts';
import type { LossEvent } from '../insurance/types.ts';
import { parseCompensationPolicy } from '../compensation/policy.ts';
import { planHaircut, type HaircutAsset } from '../compensation/plan.ts';
import { FUNDING_ORDER_DEFAULT, type FundingSourceName, type SourceResult } from '../compensation/types.ts';
import type { FundingEntry } from '../compensation/funding.ts';
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
  /** True when the member has its own compensation policy (else the default order). */
  own_policy: boolean;
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
  const base = snapshot.assets.get(snapshot.manifest.base_currency)!;
  const lost_ids = new Set(lost.map((w) => w.id));
  const customer = lost.filter((w) => w.purpose === 'customer');
  const insurance_minor = insuranceFor(snapshot, customer);
  const policy_json = snapshot.documents.compensation_policy;
  const policy = policy_json === undefined ? null : parseCompensationPolicy(policy_json, snapshot);
  const funding_order = policy?.funding_order ?? [...FUNDING_ORDER_DEFAULT];
  const guarantee_minor = snapshot.wallets.filter((w) => w.purpose === 'guarantee' && !lost_ids.has(w.id)).reduce((s, w) => s + walletHoldingValue(snapshot, w), 0n);
  const entries: FundingEntry[] = [];
  for (const kind of funding_order) {
    const available_minor =
      kind === 'insurance'
        ? insurance_minor
        : kind === 'guarantee'
          ? guarantee_minor
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
  // Per asset: the customers' lost quantity at the as_of price, against the asset's total balances (the import's totals).
  const by_asset = new Map<string, bigint>();
  for (const w of customer) by_asset.set(w.asset, (by_asset.get(w.asset) ?? 0n) + w.amount_minor);
  const assets: HaircutAsset[] = [...by_asset.entries()].map(([asset, lost_minor]) => ({
    asset,
    decimals: snapshot.assets.get(asset)!.decimals,
    scope_total_minor: snapshot.balance_totals.find((t) => t.asset === asset)?.total_minor ?? 0n,
    net_loss_minor: lost_minor,
    price: asset === snapshot.manifest.base_currency ? { coef: 1n, scale: 0 } : priceAt(snapshot.prices, asset, snapshot.manifest.as_of_ms)!.price,
  }));
  const plan = planHaircut(assets, entries, base.decimals);
  return {
    member_id: member.member_id,
    member_name: member.member_name,
    wallet_ids: lost.map((w) => w.id),
    lost_minor: lost.reduce((s, w) => s + walletHoldingValue(snapshot, w), 0n),
    need_minor: plan.total_need_minor,
    insurance_minor,
    sources: plan.sources,
    paid_minor: plan.total_need_minor - plan.shortfall_minor,
    shortfall_minor: plan.shortfall_minor,
    funding_order,
    own_policy: policy !== null,
  };
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
