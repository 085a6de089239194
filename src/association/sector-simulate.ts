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
import { priceSlots, SLOT_BOOTSTRAP, type PriceSlots } from './price-slots.ts';
import type { SectorSources } from './sector-model.ts';
import { compileFastProgramme, type FastProgramme } from '../insurance/fast.ts';

const TWO_POW_MINUS_32 = 2 ** -32;
/** Our occurrence perils → the insurance fast path's (as risk/insurance-spec.ts maps them). */
const PERIL_OF_OCCURRENCE = Uint8Array.from(OCCURRENCE_PERILS.map((p) => PERIL_INDEX[p]));

/**
 * One market per occurrence, for every member it touches: the bootstrap's days are drawn once
 * (as uniforms, each member taking the day at the same quantile of its own history, which is the
 * same day when the histories are alike), and the fallback's common shock once. For a single
 * member the draws are exactly those of the member kernel's PriceDraw (nextIndex is
 * ⌊u32 · 2⁻³² · n⌋), in the same order. The days' indices are worked out once per occurrence for
 * each length of history the members have (not once per member and asset), and a factor once per
 * occurrence and price slot (price-slots.ts): members with the same history share it, so that a
 * factor costs what it costs in the member kernel. Which member asks first changes nothing: the
 * draws are made by the occurrence's first factor of each kind, whoever asks for it.
 */
class SectorPrices {
  private readonly day_u: Float64Array;
  private days_drawn = 0;
  private shock_drawn = false;
  private shock = 0;
  private stamp = 0;
  private readonly slot_value: Float64Array;
  private readonly slot_stamp: Int32Array;
  /** Per slot, its length of history's index; per such length, this occurrence's days as indices. */
  private readonly history_of_slot: Int32Array;
  private readonly history_days: Int32Array[];
  private readonly history_stamp: Int32Array;
  private readonly history_indexed: Int32Array;

  constructor(
    private readonly slots: PriceSlots,
    private readonly rng: Xoshiro128,
    private readonly variates: Variates,
  ) {
    const horizon = Math.max(0, ...slots.horizon_days);
    this.day_u = new Float64Array(horizon);
    this.slot_value = new Float64Array(slots.count);
    this.slot_stamp = new Int32Array(slots.count).fill(-1);
    const lengths = [...new Set(slots.history_days)];
    this.history_of_slot = Int32Array.from(slots.history_days, (n) => lengths.indexOf(n));
    this.history_days = lengths.map(() => new Int32Array(horizon));
    this.history_stamp = new Int32Array(lengths.length).fill(-1);
    this.history_indexed = new Int32Array(lengths.length);
  }

  startOccurrence(): void {
    this.stamp++;
    this.days_drawn = 0;
    this.shock_drawn = false;
  }

  factor(k: number, column: number): number {
    if (column < 0) return 1;
    const slots = this.slots;
    const slot = slots.slot_of[slots.member_base[k]! + column]!;
    if (this.slot_stamp[slot] === this.stamp) return this.slot_value[slot]!;
    let value: number;
    if (slots.mode[slot] === SLOT_BOOTSTRAP) {
      const horizon = slots.horizon_days[slot]!;
      while (this.days_drawn < horizon) this.day_u[this.days_drawn++] = this.rng.nextUint32() * TWO_POW_MINUS_32;
      const h = this.history_of_slot[slot]!;
      const days = this.history_days[h]!;
      if (this.history_stamp[h] !== this.stamp) {
        this.history_stamp[h] = this.stamp;
        this.history_indexed[h] = 0;
      }
      const history = slots.history_days[slot]!;
      for (let d = this.history_indexed[h]!; d < horizon; d++) days[d] = Math.floor(this.day_u[d]! * history);
      if (this.history_indexed[h]! < horizon) this.history_indexed[h] = horizon;
      const returns = slots.returns[slot]!;
      let sum = 0;
      for (let d = 0; d < horizon; d++) sum += returns[days[d]!]!;
      value = Math.exp(sum);
    } else {
      if (!this.shock_drawn) {
        this.shock = this.variates.normal();
        this.shock_drawn = true;
      }
      const sigma = slots.sigma[slot]!;
      value = Math.exp(sigma * this.shock - 0.5 * sigma * sigma);
    }
    this.slot_stamp[slot] = this.stamp;
    this.slot_value[slot] = value;
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
  year = new Int32Array(64);
  active_year = new Int32Array(64);
  peril = new Uint8Array(64);
  gross = new Float64Array(64);
  hit_start = new Int32Array(65);
  hit_wallet = new Int32Array(64);
  hit_gross = new Float64Array(64);
  hit_cause = new Int32Array(64);

  clear(): void {
    this.count = 0;
    this.hits = 0;
    this.active_years = 0;
    this.last_year = -1;
  }

  open(y: number, peril: number): void {
    if (this.count === this.year.length) this.growOccurrences();
    const o = this.count++;
    if (y !== this.last_year) {
      this.active_years++;
      this.last_year = y;
    }
    this.year[o] = y;
    this.active_year[o] = this.active_years - 1;
    this.peril[o] = peril;
    this.gross[o] = 0;
    this.hit_start[o] = this.hits;
  }

  /** A hit of the occurrence opened last; its gross is the sum of its hits in order, as the member kernel adds them. */
  hit(wallet: number, cause: number, loss: number): void {
    if (this.hits === this.hit_wallet.length) this.growHits();
    const h = this.hits++;
    this.hit_wallet[h] = wallet;
    this.hit_cause[h] = cause;
    this.hit_gross[h] = loss;
    this.gross[this.count - 1] = this.gross[this.count - 1]! + loss;
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
    this.hit_start = grown(this.hit_start, new Int32Array(n + 1));
  }

  private growHits(): void {
    const n = this.hit_wallet.length * 2;
    this.hit_wallet = grown(this.hit_wallet, new Int32Array(n));
    this.hit_gross = grown(this.hit_gross, new Float64Array(n));
    this.hit_cause = grown(this.hit_cause, new Int32Array(n));
  }
}

function grown<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export interface SectorKernel {
  sector: SectorSources;
  /** Per member, its insurance programme compiled for this thread (null: no policy). */
  fast: Array<FastProgramme | null>;
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
  /** The members' price columns, shared where their histories are the same. */
  price_slots: PriceSlots;
  batches: MemberBatch[];
}

export interface SectorKernelOptions {
  /** Share one price factor per occurrence among members with the same history (default); false: the unshared reference. */
  share_prices?: boolean;
}

export function makeSectorKernel(sector: SectorSources, options: SectorKernelOptions = {}): SectorKernel {
  let total = 0;
  for (const r of sector.source_rate) total += r;
  const n = sector.wallet_count;
  const kernel: SectorKernel = {
    sector,
    fast: sector.members.map(({ insurance_spec: spec }) => (spec.kind === 'programme' ? compileFastProgramme(spec.programme, { wallets: spec.wallets }) : null)),
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
    price_slots: priceSlots(sector.members.map((m) => m.model.prices), options.share_prices ?? true),
    batches: sector.members.map(() => new MemberBatch()),
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
  const prices = new SectorPrices(kernel.price_slots, rng, variates);
  for (const b of batches) b.clear();
  const own_peril = PERIL_OF_OCCURRENCE[PERIL_OWN_BREACH]!;
  const shared_peril = PERIL_OF_OCCURRENCE[PERIL_SHARED_CAUSE]!;

  const { value, cap, column, severity_fixed, severity_a, severity_b, full_probability, hit_probability, bypass_own, bypass_common } = kernel;
  /** The loss of one hit of sector wallet s (member k), as the member kernel computes it. */
  const hitLoss = (s: number, k: number, bypass_probability: number): number => {
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
    return Math.round(lost * prices.factor(k, column[s]!));
  };

  for (let y = 0; y < years; y++) {
    const events = alias === null ? 0 : poisson.sample(rng.next());
    for (let e = 0; e < events; e++) {
      const source = alias!.sample(rng.next());
      prices.startOccurrence();
      if (source < wallet_count) {
        const k = wallet_member[source]!;
        const loss = hitLoss(source, k, bypass_own[source]!);
        const b = batches[k]!;
        b.open(y, own_peril);
        b.hit(wallet_local[source]!, -1, loss);
      } else {
        const g = source - wallet_count;
        const wallets = groups[g]!.wallets;
        let previous = -1;
        let b = batches[0]!;
        for (let i = 0; i < wallets.length; i++) {
          const s = wallets[i]!;
          if (!(rng.next() < hit_probability[s]!)) continue;
          const k = wallet_member[s]!;
          const loss = hitLoss(s, k, bypass_common[s]!);
          if (k !== previous) {
            b = batches[k]!;
            b.open(y, shared_peril);
            previous = k;
          }
          b.hit(wallet_local[s]!, g, loss);
        }
      }
    }
  }
  return accountMembers(sector, kernel.fast, batches, years);
}

/**
 * Each member's occurrences through its own insurance, summed into its years as the member
 * kernel's `summarise` sums them (the same additions in the same order). The programme sees only
 * the years in which the member lost something, numbered in order: recoveries depend on the
 * occurrences of their own policy year alone, so the member's cost grows with its losses, not
 * with the years.
 */
function accountMembers(sector: SectorSources, fast: ReadonlyArray<FastProgramme | null>, batches: readonly MemberBatch[], years: number): SectorBlock {
  const count = sector.members.length;
  const causes = sector.groups.length + 1;
  const member_gross = new Float64Array(count * years);
  const member_net = new Float64Array(count * years);
  const cause_gross = new Float64Array(causes);
  const cause_net = new Float64Array(causes);
  for (let k = 0; k < count; k++) {
    const b = batches[k]!;
    b.close();
    const programme = fast[k]!;
    const recoveries =
      programme === null || b.count === 0
        ? new Float64Array(b.count)
        : programme.apply({ count: b.count, year: b.active_year, peril: b.peril, row_start: b.hit_start, wallet: b.hit_wallet, loss: b.hit_gross }, b.active_years).event_recovery;
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
  }
  return { years, member_gross, member_net, cause_gross, cause_net };
}
