// Shared dependencies across members: which members depend on each wallet vendor, signing
// platform, contract counterparty, safe-asset issuer, insurer and reinsurer, with the value
// exposed through it (wallets by tier; what a contract, safe asset or policy is relied on for),
// and the concentration of online value (hot + warm) behind one vendor or platform. Pure: reads a
// member's wallets, contracts, safe assets and policies, never a balance row.

import { UserError } from '../errors.ts';
import { snapshotProgramme } from '../insurance/claim.ts';
import { divRound } from '../money/rounding.ts';
import type { Decimal } from '../money/decimal.ts';
import { normalize } from '../money/decimal.ts';
import { walletHoldingValue } from '../snapshot/valuation.ts';
import type { Snapshot, Tier } from '../snapshot/types.ts';
import { NameMatcher, NO_ALIASES, type AliasList, type MatchRule } from './names.ts';

export const DEPENDENCY_KINDS = ['vendor', 'platform', 'counterparty', 'issuer', 'insurer', 'reinsurer'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];
/** Kinds through which a wallet's keys can be reached: the shared causes of the risk engine. */
export const WALLET_KINDS: readonly DependencyKind[] = ['vendor', 'platform'];
/** Shares are exact decimals with this many places, rounded half-even. */
export const SHARE_SCALE = 6;
export const MEMBERS_MAX = 1_000;

export interface MemberInput {
  member_id: string;
  member_name: string;
  /** Its balances are never read here. */
  snapshot: Snapshot;
}

export interface TierValues {
  hot_minor: bigint;
  warm_minor: bigint;
  cold_minor: bigint;
}

export interface Spelling {
  written: string;
  rule: MatchRule;
}

export interface MemberExposure {
  member_id: string;
  member_name: string;
  /** How this member wrote the name. */
  spellings: Spelling[];
  /** Wallets, contracts, safe assets, policies or reinsurance contracts through which it depends. */
  item_ids: string[];
  /** Vendors and platforms: the wallets' value at as_of by tier. */
  wallets: TierValues;
  /** Counterparties, issuers, insurers, reinsurers: contract amounts, safe assets' market value, policies' occurrence limits (an unlimited one counts nothing and is flagged). */
  relied_minor: bigint;
  unlimited: boolean;
  /** Of this member's own online value (hot + warm), the share behind this dependency. */
  online_share: Decimal;
}

export interface Dependency {
  /** "<kind>:<matched key>". */
  id: string;
  kind: DependencyKind;
  name: string;
  members: MemberExposure[];
  shared: boolean;
  wallets: TierValues;
  relied_minor: bigint;
  /** Of all members' online value, the share behind this dependency (vendors and platforms). */
  concentration: Decimal;
}

export interface DependencyMap {
  base_currency: string;
  base_decimals: number;
  members: number;
  online_total_minor: bigint;
  /** Shared ones first, by concentration then online value, then by id. */
  dependencies: Dependency[];
}

const zeroTiers = (): TierValues => ({ hot_minor: 0n, warm_minor: 0n, cold_minor: 0n });
const online = (t: TierValues): bigint => t.hot_minor + t.warm_minor;

export function share(part: bigint, whole: bigint): Decimal {
  if (whole <= 0n) return { coef: 0n, scale: 0 };
  return normalize({ coef: divRound(part * 10n ** BigInt(SHARE_SCALE), whole, 'half-even'), scale: SHARE_SCALE });
}

export function memberBaseCurrency(members: readonly MemberInput[]): string {
  if (members.length > MEMBERS_MAX) throw new UserError('association.too_many_members', { count: members.length, max: MEMBERS_MAX });
  const bases = [...new Set(members.map((m) => m.snapshot.manifest.base_currency))];
  if (bases.length > 1) throw new UserError('association.base_currency_mixed', { currencies: bases.join(', ') });
  return bases[0] ?? 'JPY';
}

/** Every wallet's online value per member (hot + warm), the denominator of shares. */
export function onlineValue(snapshot: Snapshot): bigint {
  let sum = 0n;
  for (const w of snapshot.wallets) if (w.tier !== 'cold') sum += walletHoldingValue(snapshot, w);
  return sum;
}

interface Raw {
  kind: DependencyKind;
  written: string;
  item_id: string;
  tier: Tier | null;
  value_minor: bigint;
  unlimited: boolean;
}

function rawDependencies(snapshot: Snapshot): Raw[] {
  const out: Raw[] = [];
  for (const w of snapshot.wallets) {
    for (const kind of WALLET_KINDS) {
      const written = w.controls[kind as 'vendor' | 'platform'];
      if (written !== undefined) out.push({ kind, written, item_id: w.id, tier: w.tier, value_minor: walletHoldingValue(snapshot, w), unlimited: false });
    }
  }
  for (const c of snapshot.contracts) out.push({ kind: 'counterparty', written: c.counterparty, item_id: c.id, tier: null, value_minor: c.amount_minor, unlimited: false });
  for (const s of snapshot.safe_assets) out.push({ kind: 'issuer', written: s.issuer, item_id: s.id, tier: null, value_minor: s.market_value_minor, unlimited: false });
  const programme = snapshotProgramme(snapshot);
  for (const p of programme?.policies ?? []) {
    out.push({ kind: 'insurer', written: p.insurer, item_id: p.id, tier: null, value_minor: p.occurrence_limit_minor ?? 0n, unlimited: p.occurrence_limit_minor === null });
  }
  for (const r of programme?.reinsurance ?? []) {
    const limit = r.kind === 'quota_share' ? r.occurrence_limit_minor : r.limit_minor;
    out.push({ kind: 'reinsurer', written: r.reinsurer, item_id: r.id, tier: null, value_minor: limit ?? 0n, unlimited: limit === null });
  }
  return out.filter((r) => r.written.trim() !== '');
}

export function discoverDependencies(members: readonly MemberInput[], aliases: AliasList = NO_ALIASES): DependencyMap {
  const base_currency = memberBaseCurrency(members);
  const matcher = new NameMatcher(aliases);
  const by_id = new Map<string, Dependency>();
  const member_online = new Map<string, bigint>();
  let online_total_minor = 0n;
  for (const member of members) {
    const own_online = onlineValue(member.snapshot);
    member_online.set(member.member_id, own_online);
    online_total_minor += own_online;
    for (const raw of rawDependencies(member.snapshot)) {
      const match = matcher.match(raw.written);
      const id = `${raw.kind}:${match.key}`;
      let dep = by_id.get(id);
      if (dep === undefined) {
        dep = { id, kind: raw.kind, name: match.name, members: [], shared: false, wallets: zeroTiers(), relied_minor: 0n, concentration: { coef: 0n, scale: 0 } };
        by_id.set(id, dep);
      }
      let exposure = dep.members.find((m) => m.member_id === member.member_id);
      if (exposure === undefined) {
        exposure = { member_id: member.member_id, member_name: member.member_name, spellings: [], item_ids: [], wallets: zeroTiers(), relied_minor: 0n, unlimited: false, online_share: { coef: 0n, scale: 0 } };
        dep.members.push(exposure);
      }
      if (!exposure.spellings.some((s) => s.written === raw.written)) exposure.spellings.push({ written: raw.written, rule: match.rule });
      exposure.item_ids.push(raw.item_id);
      if (raw.tier !== null) {
        const key = `${raw.tier}_minor` as const;
        exposure.wallets[key] += raw.value_minor;
        dep.wallets[key] += raw.value_minor;
      } else {
        exposure.relied_minor += raw.value_minor;
        dep.relied_minor += raw.value_minor;
        exposure.unlimited ||= raw.unlimited;
      }
    }
  }
  const dependencies = [...by_id.values()];
  for (const dep of dependencies) {
    dep.shared = dep.members.length >= 2;
    dep.concentration = share(online(dep.wallets), online_total_minor);
    for (const m of dep.members) m.online_share = share(online(m.wallets), member_online.get(m.member_id)!);
  }
  dependencies.sort((a, b) => {
    if (a.shared !== b.shared) return a.shared ? -1 : 1;
    const oa = online(a.wallets);
    const ob = online(b.wallets);
    if (oa !== ob) return oa > ob ? -1 : 1;
    if (a.members.length !== b.members.length) return b.members.length - a.members.length;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const base_decimals = members[0]?.snapshot.assets.get(base_currency)?.decimals ?? 0;
  return { base_currency, base_decimals, members: members.length, online_total_minor, dependencies };
}

/** The group id the sector model uses for a wallet's vendor or platform: "<kind>:<matched key>". */
export function walletCauseKey(matcher: NameMatcher, kind: 'vendor' | 'platform', written: string): string {
  return `${kind}:${matcher.match(written).key}`;
}
