// The sector model: every member's own compiled risk model side by side, with each shared vendor
// or platform one common cause across every member that uses it. A member's wallets keep their own
// rates, severities, caps and price model; only the shared-cause groups are joined, by matched
// name (names.ts). With one member the sources, their order and their rates are exactly those of
// the member's own model, so the sector run replays that member's own risk run draw for draw.

import { UserError } from '../errors.ts';
import { riskModelConfig } from '../risk/config.ts';
import { contractCover } from '../risk/cover.ts';
import { netOfInsurance, type InsuranceSpec } from '../risk/insurance-spec.ts';
import { compileModel, type CompiledModel } from '../risk/model.ts';
import type { NetOfInsurance } from '../risk/net.ts';
import { insuranceSpec } from '../risk/programme.ts';
import { POISSON_MEAN_MAX } from '../risk/sampling.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { MemberInput } from './dependencies.ts';
import { NameMatcher, NO_ALIASES, type AliasList } from './names.ts';

export const SECTOR_WALLETS_MAX = 200_000;

/**
 * What the sector kernel reads (sector-simulate.ts), structured-cloneable so that a worker thread
 * is handed it (sector-pool.ts): the members' compiled models and insurance specs, no snapshot.
 */
export interface SectorSources {
  members: ReadonlyArray<{ model: CompiledModel; insurance_spec: InsuranceSpec; wallet_offset: number }>;
  wallet_count: number;
  /** Per sector wallet: its member and its index in the member's model. */
  wallet_member: Int32Array;
  wallet_local: Int32Array;
  groups: SectorGroup[];
  /** One per sector wallet (own breaches), then one per sector group. */
  source_rate: Float64Array;
}

/** The sources alone, without the members' snapshots (what a worker is sent). */
export function sectorSources(sector: SectorSources): SectorSources {
  const { members, wallet_count, wallet_member, wallet_local, groups, source_rate } = sector;
  return { members: members.map(({ model, insurance_spec, wallet_offset }) => ({ model, insurance_spec, wallet_offset })), wallet_count, wallet_member, wallet_local, groups, source_rate };
}

export interface SectorMember {
  member_id: string;
  member_name: string;
  snapshot: Snapshot;
  model: CompiledModel;
  insurance: NetOfInsurance;
  /** The same programme as a spec, which the sector kernel compiles where it runs. */
  insurance_spec: InsuranceSpec;
  /** Contracts in force covering hack compensation (risk/cover.ts), as the member's own run compares with. */
  cover_minor: bigint;
  /** Index of the member's first wallet among the sector's sources. */
  wallet_offset: number;
}

export interface SectorGroup {
  /** "<kind>:<matched key>". */
  id: string;
  /** The first member's name for it, for display. */
  name: string;
  /** The members' own group ids it joins ("vendor:AcmeCustody"). */
  member_group_ids: string[];
  annual_rate: number;
  /** Sector wallet indices, ascending (so member by member). */
  wallets: Int32Array;
}

/** The sector: its sources, with each member's snapshot, insurance and cover beside its model. */
export interface SectorModel extends SectorSources {
  members: SectorMember[];
}

export function compileSector(inputs: readonly MemberInput[], aliases: AliasList = NO_ALIASES): SectorModel {
  const matcher = new NameMatcher(aliases);
  const members: SectorMember[] = [];
  let wallet_count = 0;
  for (const input of inputs) {
    const config = riskModelConfig(input.snapshot.manifest.extensions);
    const model = compileModel(input.snapshot, config);
    const spec = insuranceSpec(input.snapshot, model);
    members.push({
      member_id: input.member_id,
      member_name: input.member_name,
      snapshot: input.snapshot,
      model,
      insurance: netOfInsurance(spec),
      insurance_spec: spec,
      cover_minor: contractCover(input.snapshot).amount_minor,
      wallet_offset: wallet_count,
    });
    wallet_count += model.wallet_ids.length;
  }
  if (wallet_count > SECTOR_WALLETS_MAX) throw new UserError('association.too_many_wallets', { count: wallet_count, max: SECTOR_WALLETS_MAX });
  const wallet_member = new Int32Array(wallet_count);
  const wallet_local = new Int32Array(wallet_count);
  members.forEach((m, k) => {
    for (let i = 0; i < m.model.wallet_ids.length; i++) {
      wallet_member[m.wallet_offset + i] = k;
      wallet_local[m.wallet_offset + i] = i;
    }
  });

  // Join the members' groups by matched name. Rates: the highest any member's model gives the cause.
  const joined = new Map<string, { id: string; name: string; member_group_ids: string[]; annual_rate: number; wallets: number[]; first: string }>();
  for (const m of members) {
    for (const g of m.model.groups) {
      const colon = g.id.indexOf(':');
      const kind = g.id.slice(0, colon);
      const written = g.id.slice(colon + 1);
      const match = matcher.match(written);
      const id = `${kind}:${match.key}`;
      let entry = joined.get(id);
      if (entry === undefined) {
        entry = { id, name: match.name, member_group_ids: [], annual_rate: 0, wallets: [], first: g.id };
        joined.set(id, entry);
      }
      entry.member_group_ids.push(g.id);
      if (g.id < entry.first) entry.first = g.id;
      entry.annual_rate = Math.max(entry.annual_rate, g.annual_rate);
      for (const w of g.members) entry.wallets.push(m.wallet_offset + w);
    }
  }
  // The order of a member's own model (by its group id) is kept: sorted by the smallest member
  // group id each joins, then by the joined id.
  const groups: SectorGroup[] = [...joined.values()]
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => ({ id: e.id, name: e.name, member_group_ids: e.member_group_ids, annual_rate: e.annual_rate, wallets: Int32Array.from(e.wallets).sort() }));

  const source_rate = new Float64Array(wallet_count + groups.length);
  members.forEach((m) => m.model.wallet_rates.forEach((r, i) => (source_rate[m.wallet_offset + i] = r.annual_rate)));
  groups.forEach((g, k) => (source_rate[wallet_count + k] = g.annual_rate));
  let total = 0;
  for (const r of source_rate) total += r;
  if (total > POISSON_MEAN_MAX) throw new UserError('risk.rate_too_high', { rate: total.toFixed(2), max: POISSON_MEAN_MAX });
  return { members, wallet_count, wallet_member, wallet_local, groups, source_rate };
}
