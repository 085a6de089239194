// The fast path: simulates one block of years. Per year, the number of events is Poisson with the
// total rate (own breaches and shared-cause compromises superposed), and each event's source is
// picked with probability proportional to its rate (Walker's alias) — the same process as one
// Poisson count per source, at one draw per year instead of one per source. reference.ts
// simulates it the obvious way, source by source, and the tests compare the two.

import { GrowableFloat64, GrowableInt32 } from './growable.ts';
import type { CompiledModel } from './model.ts';
import { PERIL_OWN_BREACH, PERIL_SHARED_CAUSE, type NetOfInsurance, type OccurrenceBatch } from './net.ts';
import { STREAM_EVENTS, Xoshiro128, blockRandom } from './prng.ts';
import { AliasTable, PoissonTable, Variates } from './sampling.ts';

/** Years per block. Part of the reproducibility contract: changing it changes every result. */
export const BLOCK_YEARS = 10_000;

export interface BlockResult {
  block_index: number;
  years: number;
  aggregate_gross: Float64Array;
  aggregate_net: Float64Array;
  occurrence_max_gross: Float64Array;
  occurrence_max_net: Float64Array;
  occurrences: number;
  /** One entry per wallet hit: the year within the block, the wallet, the cause, the losses. */
  hit_year: Int32Array;
  hit_wallet: Int32Array;
  /** -1 for the wallet's own breach, else the index of the shared-cause group. */
  hit_cause: Int32Array;
  hit_gross: Float64Array;
  /** The occurrence's net loss shared over its hits pro rata to gross. */
  hit_net: Float64Array;
}

/** What a kernel needs besides the model: built once per worker, reused for every block. */
export interface Kernel {
  model: CompiledModel;
  poisson: PoissonTable;
  alias: AliasTable | null;
  wallet_count: number;
}

export function makeKernel(model: CompiledModel): Kernel {
  let total = 0;
  for (const r of model.source_rate) total += r;
  return {
    model,
    poisson: new PoissonTable(total),
    alias: total > 0 ? new AliasTable(model.source_rate) : null,
    wallet_count: model.wallet_ids.length,
  };
}

/** Per-occurrence price state: the joint bootstrap days (or the fallback's common shock) drawn once. */
class PriceDraw {
  private readonly days: Int32Array;
  private readonly column_factor: Float64Array;
  private readonly column_stamp: Int32Array;
  private stamp = 0;
  private drawn = false;
  private shock = 0;

  constructor(
    private readonly model: CompiledModel,
    private readonly rng: Xoshiro128,
    private readonly variates: Variates,
  ) {
    this.days = new Int32Array(model.prices.horizon_days);
    this.column_factor = new Float64Array(model.prices.assets.length);
    this.column_stamp = new Int32Array(model.prices.assets.length).fill(-1);
  }

  startOccurrence(): void {
    this.stamp++;
    this.drawn = false;
  }

  /** The price multiplier of `column` over the horizon for the current occurrence. */
  factor(column: number): number {
    const prices = this.model.prices;
    if (column < 0 || prices.mode === 'static') return 1;
    if (this.column_stamp[column] === this.stamp) return this.column_factor[column]!;
    if (!this.drawn) {
      if (prices.mode === 'bootstrap') for (let d = 0; d < this.days.length; d++) this.days[d] = this.rng.nextIndex(prices.history_days);
      else this.shock = this.variates.normal();
      this.drawn = true;
    }
    let value: number;
    if (prices.mode === 'bootstrap') {
      const width = prices.assets.length;
      let sum = 0;
      for (let d = 0; d < this.days.length; d++) sum += prices.returns[this.days[d]! * width + column]!;
      value = Math.exp(sum);
    } else {
      const sigma = prices.fallback_sigma[column]!;
      value = Math.exp(sigma * this.shock - 0.5 * sigma * sigma);
    }
    this.column_stamp[column] = this.stamp;
    this.column_factor[column] = value;
    return value;
  }
}

export function simulateBlock(kernel: Kernel, seed: number, block_index: number, years: number, insurance: NetOfInsurance): BlockResult {
  const { model, poisson, alias, wallet_count } = kernel;
  const rng = blockRandom(seed, block_index, STREAM_EVENTS);
  const variates = new Variates(rng);
  const price = new PriceDraw(model, rng, variates);
  const expected_hits = Math.ceil(years * poisson.mean * 2) + 16;

  const year_start = new Int32Array(years + 1);
  const occ_gross = new GrowableFloat64(expected_hits);
  const occ_peril = new GrowableInt32(expected_hits);
  const hit_start = new GrowableInt32(expected_hits);
  const hit_year = new GrowableInt32(expected_hits);
  const hit_wallet = new GrowableInt32(expected_hits);
  const hit_cause = new GrowableInt32(expected_hits);
  const hit_gross = new GrowableFloat64(expected_hits);

  const { wallet_value, wallet_cap, wallet_column, wallet_severity_fixed, wallet_severity_a, wallet_severity_b, wallet_full_probability, groups } = model;
  const q_hit = model.member_hit_probability;

  /** The loss of one hit, in whole base-currency minor units (the insurance fast path counts in them). */
  const hitLoss = (w: number, bypass_probability: number): number => {
    let fraction: number;
    let bypass: boolean;
    const full_probability = wallet_full_probability[w]!;
    if (full_probability > 0 && rng.next() < full_probability) {
      fraction = 1;
      bypass = true;
    } else {
      fraction = wallet_severity_fixed[w] === 1 ? wallet_severity_a[w]! : variates.beta(wallet_severity_a[w]!, wallet_severity_b[w]!);
      bypass = false;
    }
    let lost = fraction * wallet_value[w]!;
    const cap = wallet_cap[w]!;
    if (lost > cap && !bypass && !(rng.next() < bypass_probability)) lost = cap;
    return Math.round(lost * price.factor(wallet_column[w]!));
  };

  for (let y = 0; y < years; y++) {
    year_start[y] = occ_gross.length;
    const events = alias === null ? 0 : poisson.sample(rng.next());
    for (let e = 0; e < events; e++) {
      const source = alias!.sample(rng.next());
      price.startOccurrence();
      const first_hit = hit_gross.length;
      let gross = 0;
      if (source < wallet_count) {
        const loss = hitLoss(source, model.limit_bypass_probability);
        hit_year.push(y);
        hit_wallet.push(source);
        hit_cause.push(-1);
        hit_gross.push(loss);
        gross = loss;
      } else {
        const g = source - wallet_count;
        const members = groups[g]!.members;
        for (let k = 0; k < members.length; k++) {
          if (!(rng.next() < q_hit)) continue;
          const w = members[k]!;
          const loss = hitLoss(w, model.limit_bypass_probability_common);
          hit_year.push(y);
          hit_wallet.push(w);
          hit_cause.push(g);
          hit_gross.push(loss);
          gross += loss;
        }
        if (hit_gross.length === first_hit) continue;
      }
      hit_start.push(first_hit);
      occ_gross.push(gross);
      occ_peril.push(source < wallet_count ? PERIL_OWN_BREACH : PERIL_SHARED_CAUSE);
    }
  }
  year_start[years] = occ_gross.length;
  hit_start.push(hit_gross.length);

  const batch: OccurrenceBatch = {
    years,
    year_start,
    gross: occ_gross.toArray(),
    peril: Uint8Array.from(occ_peril.toArray()),
    hit_start: hit_start.toArray(),
    hit_wallet: hit_wallet.toArray(),
    hit_gross: hit_gross.toArray(),
  };
  return summarise(block_index, batch, hit_year.toArray(), hit_cause.toArray(), insurance.recoveries(batch));
}

/** Annual aggregates and maxima, gross and net, and each hit's share of its occurrence's net loss. */
export function summarise(block_index: number, batch: OccurrenceBatch, hit_year: Int32Array, hit_cause: Int32Array, recoveries: Float64Array): BlockResult {
  const { years, year_start, gross, hit_start, hit_gross } = batch;
  if (recoveries.length !== gross.length) throw new Error(`insurance returned ${recoveries.length} recoveries for ${gross.length} occurrences`);
  const aggregate_gross = new Float64Array(years);
  const aggregate_net = new Float64Array(years);
  const occurrence_max_gross = new Float64Array(years);
  const occurrence_max_net = new Float64Array(years);
  const hit_net = new Float64Array(hit_gross.length);
  for (let y = 0; y < years; y++) {
    let sum_gross = 0;
    let sum_net = 0;
    let max_gross = 0;
    let max_net = 0;
    for (let o = year_start[y]!; o < year_start[y + 1]!; o++) {
      const g = gross[o]!;
      const recovered = recoveries[o]!;
      if (!(recovered >= 0 && recovered <= g * (1 + 1e-12))) throw new Error(`recovery ${recovered} outside [0, ${g}]`);
      const net = Math.max(0, g - recovered);
      sum_gross += g;
      sum_net += net;
      if (g > max_gross) max_gross = g;
      if (net > max_net) max_net = net;
      const net_share = g > 0 ? net / g : 0;
      for (let h = hit_start[o]!; h < hit_start[o + 1]!; h++) hit_net[h] = hit_gross[h]! * net_share;
    }
    aggregate_gross[y] = sum_gross;
    aggregate_net[y] = sum_net;
    occurrence_max_gross[y] = max_gross;
    occurrence_max_net[y] = max_net;
  }
  return {
    block_index,
    years,
    aggregate_gross,
    aggregate_net,
    occurrence_max_gross,
    occurrence_max_net,
    occurrences: gross.length,
    hit_year,
    hit_wallet: batch.hit_wallet,
    hit_cause,
    hit_gross,
    hit_net,
  };
}
