// The sector kernel: one block of simulated years over every member at once. Draws follow the
// member kernel (risk/simulate.ts) step for step — a Poisson count per year over all sources, each
// event's source by Walker's alias, a shared cause hitting each wallet that uses it with that
// wallet's member's hit probability, each hit's loss from the member's own severity, cap and price
// model — so a one-member sector is the member's own run. Each occurrence is then split by member:
// a member's insurance sees only its own hits, in the order they happened, and the member's year
// is summarised exactly as its own run summarises it (risk/simulate.ts `summarise`).

import { GrowableFloat64, GrowableInt32 } from '../risk/growable.ts';
import { PERIL_OWN_BREACH, PERIL_SHARED_CAUSE, type OccurrenceBatch } from '../risk/net.ts';
import { STREAM_EVENTS, blockRandom } from '../risk/prng.ts';
import { AliasTable, PoissonTable, Variates } from '../risk/sampling.ts';
import { PriceDraw, summarise } from '../risk/simulate.ts';
import type { SectorModel } from './sector-model.ts';

export interface SectorKernel {
  sector: SectorModel;
  poisson: PoissonTable;
  alias: AliasTable | null;
}

export function makeSectorKernel(sector: SectorModel): SectorKernel {
  let total = 0;
  for (const r of sector.source_rate) total += r;
  return { sector, poisson: new PoissonTable(total), alias: total > 0 ? new AliasTable(sector.source_rate) : null };
}

/** Per member, the block's annual losses; per sector cause, the block's summed losses. */
export interface SectorBlock {
  years: number;
  /** member k's year y: [k * years + y]. */
  member_gross: Float64Array;
  member_net: Float64Array;
  /** Per cause (0: own breaches, 1 + g: sector group g), summed over the block. */
  cause_gross: Float64Array;
  cause_net: Float64Array;
}

export function simulateSectorBlock(kernel: SectorKernel, seed: number, block_index: number, years: number): SectorBlock {
  const { sector, poisson, alias } = kernel;
  const { members, wallet_member, wallet_local, groups, wallet_count } = sector;
  const rng = blockRandom(seed, block_index, STREAM_EVENTS);
  const variates = new Variates(rng);
  const prices = members.map((m) => new PriceDraw(m.model, rng, variates));
  const touched = new Int32Array(members.length).fill(-1);
  const expected = Math.ceil(years * poisson.mean * 2) + 16;

  const occ_year = new GrowableInt32(expected);
  const occ_peril = new GrowableInt32(expected);
  const hit_start = new GrowableInt32(expected);
  const hit_member = new GrowableInt32(expected);
  const hit_wallet = new GrowableInt32(expected);
  const hit_cause = new GrowableInt32(expected);
  const hit_gross = new GrowableFloat64(expected);

  const hitLoss = (k: number, w: number, common: boolean): number => {
    const model = members[k]!.model;
    const price = prices[k]!;
    let fraction: number;
    let bypass: boolean;
    const full_probability = model.wallet_full_probability[w]!;
    if (full_probability > 0 && rng.next() < full_probability) {
      fraction = 1;
      bypass = true;
    } else {
      fraction = model.wallet_severity_fixed[w] === 1 ? model.wallet_severity_a[w]! : variates.beta(model.wallet_severity_a[w]!, model.wallet_severity_b[w]!);
      bypass = false;
    }
    let lost = fraction * model.wallet_value[w]!;
    const cap = model.wallet_cap[w]!;
    const bypass_probability = common ? model.limit_bypass_probability_common : model.limit_bypass_probability;
    if (lost > cap && !bypass && !(rng.next() < bypass_probability)) lost = cap;
    return Math.round(lost * price.factor(model.wallet_column[w]!));
  };
  let occurrence = 0;
  const start = (k: number): void => {
    if (touched[k] !== occurrence) {
      touched[k] = occurrence;
      prices[k]!.startOccurrence();
    }
  };

  for (let y = 0; y < years; y++) {
    const events = alias === null ? 0 : poisson.sample(rng.next());
    for (let e = 0; e < events; e++) {
      const source = alias!.sample(rng.next());
      occurrence++;
      const first_hit = hit_gross.length;
      if (source < wallet_count) {
        const k = wallet_member[source]!;
        const w = wallet_local[source]!;
        start(k);
        hit_member.push(k);
        hit_wallet.push(w);
        hit_cause.push(-1);
        hit_gross.push(hitLoss(k, w, false));
      } else {
        const g = source - wallet_count;
        const wallets = groups[g]!.wallets;
        for (let i = 0; i < wallets.length; i++) {
          const s = wallets[i]!;
          const k = wallet_member[s]!;
          if (!(rng.next() < members[k]!.model.member_hit_probability)) continue;
          const w = wallet_local[s]!;
          start(k);
          hit_member.push(k);
          hit_wallet.push(w);
          hit_cause.push(g);
          hit_gross.push(hitLoss(k, w, true));
        }
        if (hit_gross.length === first_hit) continue;
      }
      hit_start.push(first_hit);
      occ_year.push(y);
      occ_peril.push(source < wallet_count ? PERIL_OWN_BREACH : PERIL_SHARED_CAUSE);
    }
  }
  hit_start.push(hit_gross.length);
  return splitByMember(sector, block_index, years, occ_year.toArray(), occ_peril.toArray(), hit_start.toArray(), hit_member.toArray(), hit_wallet.toArray(), hit_cause.toArray(), hit_gross.toArray());
}

/** Each member's occurrences (its own hits of each sector occurrence, contiguous since group wallets are member by member) through its own insurance. */
function splitByMember(
  sector: SectorModel,
  block_index: number,
  years: number,
  occ_year: Int32Array,
  occ_peril: Int32Array,
  hit_start: Int32Array,
  hit_member: Int32Array,
  hit_wallet: Int32Array,
  hit_cause: Int32Array,
  hit_gross: Float64Array,
): SectorBlock {
  const count = sector.members.length;
  const causes = sector.groups.length + 1;
  const member_gross = new Float64Array(count * years);
  const member_net = new Float64Array(count * years);
  const cause_gross = new Float64Array(causes);
  const cause_net = new Float64Array(causes);
  // Occurrences and hits per member, to size the member batches exactly.
  const occ_count = new Int32Array(count);
  const hits_count = new Int32Array(count);
  for (let o = 0; o < occ_year.length; o++) {
    let previous = -1;
    for (let h = hit_start[o]!; h < hit_start[o + 1]!; h++) {
      const k = hit_member[h]!;
      hits_count[k]!++;
      if (k !== previous) {
        if (k < previous) throw new Error('sector hits out of member order');
        occ_count[k]!++;
        previous = k;
      }
    }
  }
  const batches = Array.from({ length: count }, (_, k) => ({
    year: new Int32Array(occ_count[k]!),
    gross: new Float64Array(occ_count[k]!),
    peril: new Uint8Array(occ_count[k]!),
    hit_start: new Int32Array(occ_count[k]! + 1),
    hit_wallet: new Int32Array(hits_count[k]!),
    hit_gross: new Float64Array(hits_count[k]!),
    hit_year: new Int32Array(hits_count[k]!),
    hit_cause: new Int32Array(hits_count[k]!),
    o: 0,
    h: 0,
  }));
  for (let o = 0; o < occ_year.length; o++) {
    let previous = -1;
    for (let h = hit_start[o]!; h < hit_start[o + 1]!; h++) {
      const k = hit_member[h]!;
      const b = batches[k]!;
      if (k !== previous) {
        b.year[b.o] = occ_year[o]!;
        b.peril[b.o] = occ_peril[o]!;
        b.hit_start[b.o] = b.h;
        b.o++;
        previous = k;
      }
      // The occurrence's gross is the sum of its hits in order, as the member kernel adds them.
      b.gross[b.o - 1] = b.gross[b.o - 1]! + hit_gross[h]!;
      b.hit_wallet[b.h] = hit_wallet[h]!;
      b.hit_gross[b.h] = hit_gross[h]!;
      b.hit_year[b.h] = occ_year[o]!;
      b.hit_cause[b.h] = hit_cause[h]!;
      b.h++;
    }
  }
  sector.members.forEach((member, k) => {
    const b = batches[k]!;
    b.hit_start[b.o] = b.h;
    const year_start = new Int32Array(years + 1);
    for (let o = 0; o < b.o; o++) year_start[b.year[o]! + 1]!++;
    for (let y = 0; y < years; y++) year_start[y + 1] = year_start[y + 1]! + year_start[y]!;
    const batch: OccurrenceBatch = { years, year_start, gross: b.gross, peril: b.peril, hit_start: b.hit_start, hit_wallet: b.hit_wallet, hit_gross: b.hit_gross };
    const result = summarise(block_index, batch, b.hit_year, b.hit_cause, member.insurance.recoveries(batch));
    member_gross.set(result.aggregate_gross, k * years);
    member_net.set(result.aggregate_net, k * years);
    for (let h = 0; h < b.h; h++) {
      const c = b.hit_cause[h]! + 1;
      cause_gross[c] = cause_gross[c]! + b.hit_gross[h]!;
      cause_net[c] = cause_net[c]! + result.hit_net[h]!;
    }
  });
  return { years, member_gross, member_net, cause_gross, cause_net };
}
