// The sector stress test: the risk engine over all members together (sector-model.ts,
// sector-simulate.ts), with per member and for the sector the expected loss, VaR and TVaR (gross
// and net of each member's insurance), the probability that two or more members lose in the same
// year, and each member's shortfall against its own cover (net annual loss beyond the contracts in
// force that cover hack compensation). Reverse stress: each shared cause draining every wallet
// that depends on it, at as_of prices, in a fresh policy year, and what it leaves unpaid.
// Floats stay inside the model; figures cross to money once, by roundMinor (nearest, halves up).

import { PERIL_SHARED_CAUSE } from '../risk/net.ts';
import { blockCount, defaultWorkers } from '../risk/pool.ts';
import { confidenceLevels, roundMinor, tailLossFigures, validateRiskParams, type LossFigures, type RiskParams } from '../risk/service.ts';
import { BLOCK_YEARS } from '../risk/simulate.ts';
import { exceedanceProbability } from '../risk/stats.ts';
import { UserError } from '../errors.ts';
import type { MemberInput } from './dependencies.ts';
import type { AliasList } from './names.ts';
import { compileSector, type SectorModel } from './sector-model.ts';
import { runSectorBlocks } from './sector-pool.ts';

/** members × years annual losses are kept (two doubles each): this bounds a run to about 1.6 GB. */
export const MEMBER_YEARS_MAX = 100_000_000;

export interface MemberRisk {
  member_id: string;
  member_name: string;
  cover_minor: bigint;
  gross: LossFigures;
  net: LossFigures;
  /** Share of years with any loss. */
  p_loss: number;
  /** Share of years whose net loss exceeds the member's cover. */
  p_short: number;
  /** Expected net loss beyond the cover per year. */
  shortfall_expected_minor: bigint;
}

export interface CauseRisk {
  /** "own" or a sector group id. */
  cause: string;
  name: string | null;
  annual_rate: number | null;
  member_ids: string[];
  expected_gross_minor: bigint;
  expected_net_minor: bigint;
}

export interface StressMember {
  member_id: string;
  gross_minor: bigint;
  net_minor: bigint;
  cover_minor: bigint;
  unpaid_minor: bigint;
  /** Accounts of the member (the most holding any one asset, from the import's totals): at least this many customers. */
  customers_min: number;
}

export interface CauseStress {
  cause: string;
  name: string;
  members: StressMember[];
  unpaid_minor: bigint;
  members_short: number;
  customers_at_members_short_min: number;
}

export interface SectorReport {
  years: number;
  seed: number;
  confidence: number;
  block_years: number;
  base_currency: string;
  base_decimals: number;
  members: MemberRisk[];
  sector: {
    gross: LossFigures;
    net: LossFigures;
    /** Σ over members of the net loss beyond each one's cover, per year. */
    unpaid: LossFigures;
    p_two_or_more_lose: number;
    p_any_short: number;
  };
  causes: CauseRisk[];
  /** Shared causes (two or more members), the one leaving the most unpaid first. */
  reverse_stress: CauseStress[];
}

/** workers: threads besides this one (default: as one exchange's risk run, risk/pool.ts defaultWorkers); the result is the same for any number. */
export async function runSector(inputs: readonly MemberInput[], params: Omit<RiskParams, 'scope' | 'cover' | 'insurance_override'> & { aliases?: AliasList } = {}): Promise<SectorReport> {
  const { years, seed, confidence } = validateRiskParams(params);
  if (inputs.length === 0) throw new UserError('association.no_members');
  if (inputs.length * years > MEMBER_YEARS_MAX) throw new UserError('association.run_too_large', { members: inputs.length, years, max: MEMBER_YEARS_MAX });
  const sector = compileSector(inputs, params.aliases);
  const count = sector.members.length;
  const gross = Array.from({ length: count }, () => new Float64Array(years));
  const net = Array.from({ length: count }, () => new Float64Array(years));
  const causes = sector.groups.length + 1;
  const cause_gross = new Float64Array(causes);
  const cause_net = new Float64Array(causes);
  const blocks = blockCount(years);
  const block_causes: Array<{ gross: Float64Array; net: Float64Array }> = new Array(blocks);
  let years_done = 0;
  await runSectorBlocks(sector, {
    years,
    seed,
    workers: params.workers ?? defaultWorkers(years),
    on_block: (b, block) => {
      const block_years = block.years;
      for (let k = 0; k < count; k++) {
        gross[k]!.set(block.member_gross.subarray(k * block_years, (k + 1) * block_years), b * BLOCK_YEARS);
        net[k]!.set(block.member_net.subarray(k * block_years, (k + 1) * block_years), b * BLOCK_YEARS);
      }
      block_causes[b] = { gross: block.cause_gross, net: block.cause_net };
      years_done += block_years;
      params.on_progress?.(years_done, years);
    },
  });
  // The blocks' sums in block order, whichever thread ended first: the same additions as a run in one thread.
  for (const block of block_causes) {
    for (let c = 0; c < causes; c++) {
      cause_gross[c] = cause_gross[c]! + block.gross[c]!;
      cause_net[c] = cause_net[c]! + block.net[c]!;
    }
  }
  return summariseSector(sector, gross, net, cause_gross, cause_net, years, seed, confidence);
}

function summariseSector(sector: SectorModel, gross: Float64Array[], net: Float64Array[], cause_gross: Float64Array, cause_net: Float64Array, years: number, seed: number, confidence: number): SectorReport {
  const levels = confidenceLevels(confidence);
  const sector_gross = new Float64Array(years);
  const sector_net = new Float64Array(years);
  const sector_unpaid = new Float64Array(years);
  const losing = new Int32Array(years);
  const short = new Uint8Array(years);
  const members: MemberRisk[] = sector.members.map((m, k) => {
    const cover = Number(m.cover_minor);
    const g = gross[k]!;
    const n = net[k]!;
    let shortfall_sum = 0;
    let any = 0;
    for (let y = 0; y < years; y++) {
      sector_gross[y] = sector_gross[y]! + g[y]!;
      sector_net[y] = sector_net[y]! + n[y]!;
      if (g[y]! > 0) {
        losing[y]!++;
        any++;
      }
      const beyond = n[y]! - cover;
      if (beyond > 0) {
        sector_unpaid[y] = sector_unpaid[y]! + beyond;
        shortfall_sum += beyond;
        short[y] = 1;
      }
    }
    return {
      member_id: m.member_id,
      member_name: m.member_name,
      cover_minor: m.cover_minor,
      gross: tailLossFigures(g, levels),
      net: tailLossFigures(n, levels),
      p_loss: any / years,
      p_short: exceedanceProbability(n, cover),
      shortfall_expected_minor: roundMinor(shortfall_sum / years),
    };
  });
  let two_or_more = 0;
  let any_short = 0;
  for (let y = 0; y < years; y++) {
    if (losing[y]! >= 2) two_or_more++;
    any_short += short[y]!;
  }
  const memberIdsOf = (wallets: Int32Array): string[] => [...new Set(Array.from(wallets, (s) => sector.members[sector.wallet_member[s]!]!.member_id))];
  const causeRows: CauseRisk[] = [
    { cause: 'own', name: null, annual_rate: null, member_ids: sector.members.map((m) => m.member_id), expected_gross_minor: roundMinor(cause_gross[0]! / years), expected_net_minor: roundMinor(cause_net[0]! / years) },
    ...sector.groups.map((g, i) => ({
      cause: g.id,
      name: g.name,
      annual_rate: g.annual_rate,
      member_ids: memberIdsOf(g.wallets),
      expected_gross_minor: roundMinor(cause_gross[i + 1]! / years),
      expected_net_minor: roundMinor(cause_net[i + 1]! / years),
    })),
  ];
  return {
    years,
    seed,
    confidence,
    block_years: BLOCK_YEARS,
    base_currency: sector.members[0]!.snapshot.manifest.base_currency,
    base_decimals: sector.members[0]!.snapshot.assets.get(sector.members[0]!.snapshot.manifest.base_currency)!.decimals,
    members,
    sector: {
      gross: tailLossFigures(sector_gross, levels),
      net: tailLossFigures(sector_net, levels),
      unpaid: tailLossFigures(sector_unpaid, levels),
      p_two_or_more_lose: two_or_more / years,
      p_any_short: any_short / years,
    },
    causes: causeRows,
    reverse_stress: reverseSectorStress(sector),
  };
}

/** Customers of a member, at least: the most accounts holding any one asset (the import's totals). */
export function customersAtLeast(member: { snapshot: { balance_totals: ReadonlyArray<{ accounts: number }> } }): number {
  return member.snapshot.balance_totals.reduce((most, t) => Math.max(most, t.accounts), 0);
}

/** Every shared cause drained in full, one occurrence in a fresh policy year, each member through its own insurance. */
export function reverseSectorStress(sector: SectorModel): CauseStress[] {
  const rows: CauseStress[] = [];
  for (const group of sector.groups) {
    const by_member = new Map<number, number[]>();
    for (const s of group.wallets) {
      const k = sector.wallet_member[s]!;
      let list = by_member.get(k);
      if (list === undefined) by_member.set(k, (list = []));
      list.push(sector.wallet_local[s]!);
    }
    if (by_member.size < 2) continue;
    const members: StressMember[] = [...by_member.entries()].map(([k, wallets]) => {
      const m = sector.members[k]!;
      const hit_gross = Float64Array.from(wallets, (w) => Math.round(m.model.wallet_value[w]!));
      const gross = hit_gross.reduce((s, x) => s + x, 0);
      const recovered = m.insurance.recoveries({
        years: 1,
        year_start: Int32Array.from([0, 1]),
        gross: Float64Array.from([gross]),
        peril: Uint8Array.from([PERIL_SHARED_CAUSE]),
        hit_start: Int32Array.from([0, wallets.length]),
        hit_wallet: Int32Array.from(wallets),
        hit_gross,
      })[0]!;
      const gross_minor = roundMinor(gross);
      const net_minor = roundMinor(Math.max(0, gross - recovered));
      const unpaid_minor = net_minor > m.cover_minor ? net_minor - m.cover_minor : 0n;
      return { member_id: m.member_id, gross_minor, net_minor, cover_minor: m.cover_minor, unpaid_minor, customers_min: customersAtLeast(m) };
    });
    const short = members.filter((m) => m.unpaid_minor > 0n);
    rows.push({
      cause: group.id,
      name: group.name,
      members,
      unpaid_minor: members.reduce((s, m) => s + m.unpaid_minor, 0n),
      members_short: short.length,
      customers_at_members_short_min: short.reduce((s, m) => s + m.customers_min, 0),
    });
  }
  rows.sort((a, b) => (a.unpaid_minor !== b.unpaid_minor ? (a.unpaid_minor > b.unpaid_minor ? -1 : 1) : b.customers_at_members_short_min - a.customers_at_members_short_min || (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0)));
  return rows;
}
