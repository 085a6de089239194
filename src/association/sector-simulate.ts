// The sector kernel: one block of simulated years over every member at once. Draws follow the
// member kernel (risk/simulate.ts) step for step — a Poisson count per year over all sources, each
// event's source by Walker's alias, a shared cause hitting each wallet that uses it with that
// wallet's member's hit probability, each hit's loss from the member's own severity, cap and price
// model — so a one-member sector is the member's own run. Each occurrence is then split by member:
// a member's insurance sees only its own hits, in the order they happened, and the member's year
// is summed exactly as its own run sums it (risk/simulate.ts `summarise`: the same additions, in order).

import { OCCURRENCE_PERILS, PERIL_OWN_BREACH, PERIL_SHARED_CAUSE } from '../risk/net.ts';
import { PERIL_INDEX } from '../insurance/fast.ts';
import { STREAM_EVENTS, blockRandom } from '../risk/prng.ts';
import { AliasTable, PoissonTable, Variates } from '../risk/sampling.ts';
import type { Xoshiro128 } from '../random/xoshiro128.ts';
import type { SectorModel } from './sector-model.ts';

const TWO_POW_MINUS_32 = 2 ** -32;
/**
 * Hits are priced every this many years, member by member: the days drawn meanwhile (some 50
 * occurrences a year of 30 days' 32 bits) stay in cache while each member's pass reads them.
 * Any value gives the same results.
 */
export const PRICING_YEARS = 256;
/** Our occurrence perils → the insurance fast path's (as risk/insurance-spec.ts maps them). */
const PERIL_OF_OCCURRENCE = Uint8Array.from(OCCURRENCE_PERILS.map((p) => PERIL_INDEX[p]));

/**
 * One market per occurrence, for every member it touches: the bootstrap's days are drawn once
 * (as uniforms, each member taking the day at the same quantile of its own history, which is the
 * same day when the histories are alike), and the fallback's common shock once. For a single
 * member the draws are exactly those of the member kernel's PriceDraw (nextIndex is
 * ⌊u32 · 2⁻³² · n⌋), in the same order.
 *
 * The draws are made where the member kernel makes them (they move the stream), but the factors —
 * sums over each member's own history of returns — are worked out later, member by member
 * (MemberPricing): thirty members' histories do not fit a core's first-level cache together,
 * one member's does, and a factor changes no draw.
 */
class SectorPriceDraws {
  /** The members' lengths of history, and per length every drawn day as an index into it, occurrence after occurrence. */
  readonly history_lengths: number[];
  index: Int32Array[];
  length = 0;
  /** Per sector occurrence: where its days start; the fallback's shock (NaN: not drawn). */
  occ_start = new Int32Array(1 << 12);
  occ_shock = new Float64Array(1 << 12);
  occurrences = 0;
  private days_drawn = 0;
  private shock_drawn = false;

  constructor(
    private readonly sector: SectorModel,
    private rng: Xoshiro128,
    private variates: Variates,
  ) {
    this.history_lengths = [...new Set(sector.members.map((m) => m.model.prices.history_days))];
    this.index = this.history_lengths.map(() => new Int32Array(1 << 16));
  }

  startBlock(rng: Xoshiro128, variates: Variates): void {
    this.rng = rng;
    this.variates = variates;
    this.forget();
  }

  /** Once every hit so far is priced: the buffers start again (occurrence numbers too). */
  forget(): void {
    this.length = 0;
    this.occurrences = 0;
  }

  /** Opens the next sector occurrence; its index. */
  startOccurrence(): number {
    if (this.occurrences === this.occ_start.length) {
      this.occ_start = grown(this.occ_start, new Int32Array(this.occ_start.length * 2));
      this.occ_shock = grown(this.occ_shock, new Float64Array(this.occ_shock.length * 2));
    }
    this.occ_start[this.occurrences] = this.length;
    this.occ_shock[this.occurrences] = NaN;
    this.days_drawn = 0;
    this.shock_drawn = false;
    return this.occurrences++;
  }

  /** Makes the draws member k's factor for `column` needs, when the member kernel's factor() would. */
  draw(k: number, column: number): void {
    const prices = this.sector.members[k]!.model.prices;
    if (column < 0 || prices.mode === 'static') return;
    if (prices.mode === 'bootstrap') {
      const horizon = prices.horizon_days;
      while (this.days_drawn < horizon) {
        if (this.length === this.index[0]!.length) this.index = this.index.map((a) => grown(a, new Int32Array(a.length * 2)));
        // The member kernel's nextIndex: ⌊u32 · 2⁻³² · n⌋, for each length of history n.
        const u = this.rng.nextUint32() * TWO_POW_MINUS_32;
        for (let g = 0; g < this.index.length; g++) this.index[g]![this.length] = Math.floor(u * this.history_lengths[g]!);
        this.length++;
        this.days_drawn++;
      }
    } else if (!this.shock_drawn) {
      this.occ_shock[this.occurrences - 1] = this.variates.normal();
      this.shock_drawn = true;
    }
  }
}

/** One member's price factors over the block's draws, as the member kernel's PriceDraw computes them. */
class MemberPricing {
  private readonly cache: Float64Array;
  private readonly stamp: Int32Array;
  /** Which of the draws' lengths of history is this member's. */
  private history = -1;

  constructor(private readonly prices: SectorModel['members'][number]['model']['prices']) {
    this.cache = new Float64Array(prices.assets.length);
    this.stamp = new Int32Array(prices.assets.length);
  }

  /** The draws' occurrence numbers start again: nothing cached stays valid. */
  forget(): void {
    this.stamp.fill(-1);
  }

  /** The factor of `column` in sector occurrence `o`. */
  factor(draws: SectorPriceDraws, o: number, column: number): number {
    const prices = this.prices;
    if (column < 0 || prices.mode === 'static') return 1;
    if (this.stamp[column] === o) return this.cache[column]!;
    let value: number;
    if (prices.mode === 'bootstrap') {
      if (this.history < 0) this.history = draws.history_lengths.indexOf(prices.history_days);
      const days = draws.index[this.history]!;
      const start = draws.occ_start[o]!;
      const end = start + prices.horizon_days;
      const width = prices.assets.length;
      const returns = prices.returns;
      let sum = 0;
      for (let d = start; d < end; d++) sum += returns[days[d]! * width + column]!;
      value = Math.exp(sum);
    } else {
      const sigma = prices.fallback_sigma[column]!;
      value = Math.exp(sigma * draws.occ_shock[o]! - 0.5 * sigma * sigma);
    }
    this.stamp[column] = o;
    this.cache[column] = value;
    return value;
  }
}

/**
 * One member's occurrences of a block, written as the sector simulates (its own hits of each sector
 * occurrence, contiguous since group wallets are member by member), in the columns its insurance
 * programme reads. Kept by the kernel and refilled block after block.
 */
class MemberBatch {
  count = 0;
  hits = 0;
  /** The member's policy years with a loss, numbered 0, 1, … in order. */
  active_years = 0;
  private last_year = -1;
  /** Occurrences before this one are priced. */
  private priced = 0;
  year = new Int32Array(64);
  active_year = new Int32Array(64);
  peril = new Uint8Array(64);
  gross = new Float64Array(64);
  /** The sector occurrence each is part of (its market: SectorPriceDraws). */
  sector_occurrence = new Int32Array(64);
  hit_start = new Int32Array(65);
  hit_wallet = new Int32Array(64);
  hit_gross = new Float64Array(64);
  hit_cause = new Int32Array(64);
  /** Before pricing: the hit's loss at as_of prices and its price column. */
  hit_unpriced = new Float64Array(64);
  hit_column = new Int32Array(64);

  clear(): void {
    this.count = 0;
    this.hits = 0;
    this.active_years = 0;
    this.last_year = -1;
    this.priced = 0;
  }

  open(y: number, peril: number, sector_occurrence: number): void {
    if (this.count === this.year.length) this.growOccurrences();
    const o = this.count++;
    if (y !== this.last_year) {
      this.active_years++;
      this.last_year = y;
    }
    this.year[o] = y;
    this.active_year[o] = this.active_years - 1;
    this.peril[o] = peril;
    this.sector_occurrence[o] = sector_occurrence;
    this.hit_start[o] = this.hits;
  }

  /** A hit of the occurrence opened last, priced later (price()). */
  hit(wallet: number, cause: number, unpriced: number, column: number): void {
    if (this.hits === this.hit_wallet.length) this.growHits();
    const h = this.hits++;
    this.hit_wallet[h] = wallet;
    this.hit_cause[h] = cause;
    this.hit_unpriced[h] = unpriced;
    this.hit_column[h] = column;
  }

  /** Each hit's loss in whole minor units, and each occurrence's gross as the sum of its hits in order, as the member kernel adds them: the occurrences not priced yet. */
  price(pricing: MemberPricing, draws: SectorPriceDraws): void {
    this.close();
    for (let o = this.priced; o < this.count; o++) {
      const so = this.sector_occurrence[o]!;
      let gross = 0;
      for (let h = this.hit_start[o]!; h < this.hit_start[o + 1]!; h++) {
        const loss = Math.round(this.hit_unpriced[h]! * pricing.factor(draws, so, this.hit_column[h]!));
        this.hit_gross[h] = loss;
        gross += loss;
      }
      this.gross[o] = gross;
    }
    this.priced = this.count;
  }

  close(): void {
    this.hit_start[this.count] = this.hits;
  }

  private growOccurrences(): void {
    const n = this.year.length * 2;
    this.year = grown(this.year, new Int32Array(n));
    this.active_year = grown(this.active_year, new Int32Array(n));
    this.peril = grown(this.peril, new Uint8Array(n));
    this.gross = grown(this.gross, new Float64Array(n));
    this.sector_occurrence = grown(this.sector_occurrence, new Int32Array(n));
    this.hit_start = grown(this.hit_start, new Int32Array(n + 1));
  }

  private growHits(): void {
    const n = this.hit_wallet.length * 2;
    this.hit_wallet = grown(this.hit_wallet, new Int32Array(n));
    this.hit_gross = grown(this.hit_gross, new Float64Array(n));
    this.hit_cause = grown(this.hit_cause, new Int32Array(n));
    this.hit_unpriced = grown(this.hit_unpriced, new Float64Array(n));
    this.hit_column = grown(this.hit_column, new Int32Array(n));
  }
}

function grown<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export interface SectorKernel {
  sector: SectorModel;
  poisson: PoissonTable;
  alias: AliasTable | null;
  /** The members' per-wallet arrays laid end to end by sector wallet index, so that a hit reads as in the member kernel. */
  value: Float64Array;
  cap: Float64Array;
  column: Int32Array;
  severity_fixed: Uint8Array;
  severity_a: Float64Array;
  severity_b: Float64Array;
  full_probability: Float64Array;
  hit_probability: Float64Array;
  bypass_own: Float64Array;
  bypass_common: Float64Array;
  batches: MemberBatch[];
  pricing: MemberPricing[];
  draws: SectorPriceDraws | null;
  /** Hits are priced every this many years (PRICING_YEARS; any value gives the same results). */
  pricing_years: number;
}

export function makeSectorKernel(sector: SectorModel, pricing_years = PRICING_YEARS): SectorKernel {
  if (!(Number.isInteger(pricing_years) && pricing_years >= 1)) throw new RangeError(`pricing_years must be a whole number ≥ 1, got ${pricing_years}`);
  let total = 0;
  for (const r of sector.source_rate) total += r;
  const n = sector.wallet_count;
  const kernel: SectorKernel = {
    sector,
    poisson: new PoissonTable(total),
    alias: total > 0 ? new AliasTable(sector.source_rate) : null,
    value: new Float64Array(n),
    cap: new Float64Array(n),
    column: new Int32Array(n),
    severity_fixed: new Uint8Array(n),
    severity_a: new Float64Array(n),
    severity_b: new Float64Array(n),
    full_probability: new Float64Array(n),
    hit_probability: new Float64Array(n),
    bypass_own: new Float64Array(n),
    bypass_common: new Float64Array(n),
    batches: sector.members.map(() => new MemberBatch()),
    pricing: sector.members.map((m) => new MemberPricing(m.model.prices)),
    draws: null,
    pricing_years,
  };
  for (const m of sector.members) {
    const o = m.wallet_offset;
    const model = m.model;
    kernel.value.set(model.wallet_value, o);
    kernel.cap.set(model.wallet_cap, o);
    kernel.column.set(model.wallet_column, o);
    kernel.severity_fixed.set(model.wallet_severity_fixed, o);
    kernel.severity_a.set(model.wallet_severity_a, o);
    kernel.severity_b.set(model.wallet_severity_b, o);
    kernel.full_probability.set(model.wallet_full_probability, o);
    const count = model.wallet_ids.length;
    kernel.hit_probability.fill(model.member_hit_probability, o, o + count);
    kernel.bypass_own.fill(model.limit_bypass_probability, o, o + count);
    kernel.bypass_common.fill(model.limit_bypass_probability_common, o, o + count);
  }
  return kernel;
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
  const { sector, poisson, alias, batches } = kernel;
  const { wallet_member, wallet_local, groups, wallet_count } = sector;
  const rng = blockRandom(seed, block_index, STREAM_EVENTS);
  const variates = new Variates(rng);
  // The draws' buffers are the kernel's, reused block after block.
  const draws = (kernel.draws ??= new SectorPriceDraws(sector, rng, variates));
  draws.startBlock(rng, variates);
  for (const b of batches) b.clear();
  const own_peril = PERIL_OF_OCCURRENCE[PERIL_OWN_BREACH]!;
  const shared_peril = PERIL_OF_OCCURRENCE[PERIL_SHARED_CAUSE]!;

  const { value, cap, column, severity_fixed, severity_a, severity_b, full_probability, hit_probability, bypass_own, bypass_common } = kernel;
  /** The loss of one hit of sector wallet s (member k) before its price moves, drawn as the member kernel draws it. */
  const unpricedLoss = (s: number, k: number, bypass_probability: number): number => {
    let fraction: number;
    let bypass: boolean;
    const full = full_probability[s]!;
    if (full > 0 && rng.next() < full) {
      fraction = 1;
      bypass = true;
    } else {
      fraction = severity_fixed[s] === 1 ? severity_a[s]! : variates.beta(severity_a[s]!, severity_b[s]!);
      bypass = false;
    }
    let lost = fraction * value[s]!;
    const limit = cap[s]!;
    if (lost > limit && !bypass && !(rng.next() < bypass_probability)) lost = limit;
    draws.draw(k, column[s]!);
    return lost;
  };

  for (let y = 0; y < years; y++) {
    if (y % kernel.pricing_years === 0 && y > 0) priceHits(kernel, draws);
    const events = alias === null ? 0 : poisson.sample(rng.next());
    for (let e = 0; e < events; e++) {
      const source = alias!.sample(rng.next());
      const occurrence = draws.startOccurrence();
      if (source < wallet_count) {
        const k = wallet_member[source]!;
        const lost = unpricedLoss(source, k, bypass_own[source]!);
        const b = batches[k]!;
        b.open(y, own_peril, occurrence);
        b.hit(wallet_local[source]!, -1, lost, column[source]!);
      } else {
        const g = source - wallet_count;
        const wallets = groups[g]!.wallets;
        let previous = -1;
        let b = batches[0]!;
        for (let i = 0; i < wallets.length; i++) {
          const s = wallets[i]!;
          if (!(rng.next() < hit_probability[s]!)) continue;
          const k = wallet_member[s]!;
          const lost = unpricedLoss(s, k, bypass_common[s]!);
          if (k !== previous) {
            b = batches[k]!;
            b.open(y, shared_peril, occurrence);
            previous = k;
          }
          b.hit(wallet_local[s]!, g, lost, column[s]!);
        }
      }
    }
  }
  priceHits(kernel, draws);
  return accountMembers(sector, batches, years);
}

function priceHits(kernel: SectorKernel, draws: SectorPriceDraws): void {
  kernel.batches.forEach((b, k) => {
    kernel.pricing[k]!.forget();
    b.price(kernel.pricing[k]!, draws);
  });
  draws.forget();
}

/**
 * Each member's occurrences through its own insurance, summed into its years as the member
 * kernel's `summarise` sums them (the same additions in the same order). The programme sees only
 * the years in which the member lost something, numbered in order: recoveries depend on the
 * occurrences of their own policy year alone, so the member's cost grows with its losses, not
 * with the years.
 */
function accountMembers(sector: SectorModel, batches: readonly MemberBatch[], years: number): SectorBlock {
  const count = sector.members.length;
  const causes = sector.groups.length + 1;
  const member_gross = new Float64Array(count * years);
  const member_net = new Float64Array(count * years);
  const cause_gross = new Float64Array(causes);
  const cause_net = new Float64Array(causes);
  sector.members.forEach((member, k) => {
    const b = batches[k]!;
    const recoveries =
      member.fast === null || b.count === 0
        ? new Float64Array(b.count)
        : member.fast.apply({ count: b.count, year: b.active_year, peril: b.peril, row_start: b.hit_start, wallet: b.hit_wallet, loss: b.hit_gross }, b.active_years).event_recovery;
    const base = k * years;
    for (let o = 0; o < b.count; o++) {
      const g = b.gross[o]!;
      const recovered = recoveries[o]!;
      if (!(recovered >= 0 && recovered <= g * (1 + 1e-12))) throw new Error(`recovery ${recovered} outside [0, ${g}]`);
      const net = Math.max(0, g - recovered);
      const y = base + b.year[o]!;
      member_gross[y] = member_gross[y]! + g;
      member_net[y] = member_net[y]! + net;
      const net_share = g > 0 ? net / g : 0;
      for (let h = b.hit_start[o]!; h < b.hit_start[o + 1]!; h++) {
        const c = b.hit_cause[h]! + 1;
        cause_gross[c] = cause_gross[c]! + b.hit_gross[h]!;
        cause_net[c] = cause_net[c]! + b.hit_gross[h]! * net_share;
      }
    }
  });
  return { years, member_gross, member_net, cause_gross, cause_net };
}
