// The fast path, for the risk engine: a whole insurance programme applied to millions of simulated
// event losses, in doubles that only ever hold whole minor units (exact below 2^53), with results
// identical to the exact engine (engine.ts) — fast.test.ts holds them equal on random cases.
//
// How to use it (the risk engine):
//
//   const fast = compileFastProgramme(programme, { wallets: snapshot.wallets });   // once
//   const result = fast.apply(events, year_count);                                  // per block
//
// `events` is columnar. Event i belongs to simulated year events.year[i] (0 ≤ year < year_count,
// non-decreasing: a year's events are contiguous and in time order, because aggregates erode in
// that order), has peril events.peril[i] (an index into PERILS, see PERIL_INDEX), and lost, on
// each of its rows r (rows row_start[i] .. row_start[i+1]−1; without row_start, row r = i, one
// wallet per event), events.loss[r] in base-currency minor units at market value from wallet
// events.wallet[r] (an index into options.wallets). Losses must be whole numbers ≥ 0 (round the
// simulated floats once, e.g. Math.round, before calling) and a year's total must stay below 2^53
// minor units (≈ ¥9 × 10^15); anything else throws a RangeError. apply() keeps no state between
// calls: blocks of years can run in any order, on any worker, with identical results.
//
// result.event_recovery[i]: what all policies together pay for event i (what the exchange gets);
// result.event_net[i] = gross − recovery. Per year y: result.year.gross/recovery/net[y], plus
// reinstatement_premium[y] (owed by the exchange for reinstated policy aggregates, not in net)
// and ceded[y] (what the insurers recover from reinsurers).
//
// Speed: the demo programme (2 policies, quota share, XoL with a reinstatement) takes ≈ 0.25 s
// per 1M events on one core (bench/insurance.ts).
//
// Each simulated year is one policy year during which every policy and contract is in force:
// periods, triggers and incident conditions are the incident's business and are ignored here.
// Simulated events name no customers, so a policy with per-customer limits pays nothing (as the
// exact engine says: "customers unknown"). A policy valued at stated prices needs quantities, not
// values: compileFastProgramme refuses it (UserError insurance.fast_stated_valuation).

import { UserError } from '../errors.ts';
import { PERILS, type Peril } from '../incident/types.ts';
import { allocate, pow10 } from '../money/index.ts';
import type { Tier } from '../snapshot/types.ts';
import { walletCovered } from './scope.ts';
import { cumulativeReinstatementPremium } from './terms.ts';
import type { Limit, Policy, PolicyProgramme, Reinstatement, Reinsurance } from './types.ts';

export const PERIL_INDEX: Readonly<Record<Peril, number>> = Object.fromEntries(PERILS.map((p, i) => [p, i])) as Record<Peril, number>;

export interface FastWallet {
  id: string;
  asset: string;
  tier: Tier;
}

export interface FastOptions {
  /** The wallets that events.wallet indexes into (e.g. snapshot.wallets). */
  wallets: readonly FastWallet[];
}

export interface FastEvents {
  count: number;
  year: Int32Array | Uint32Array;
  peril: Uint8Array;
  /** count + 1 offsets into the row arrays; absent when every event has exactly one row. */
  row_start?: Uint32Array | Int32Array;
  wallet: Uint16Array | Uint32Array | Int32Array;
  loss: Float64Array;
}

export interface FastYearTotals {
  gross: Float64Array;
  recovery: Float64Array;
  net: Float64Array;
  reinstatement_premium: Float64Array;
  ceded: Float64Array;
}

export interface FastResult {
  event_recovery: Float64Array;
  event_net: Float64Array;
  year: FastYearTotals;
}

export interface FastProgramme {
  readonly wallet_count: number;
  apply(events: FastEvents, year_count: number): FastResult;
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** A limit as a double: unlimited is Infinity; a finite one must be exact. */
function limitNumber(limit: Limit, what: string): number {
  if (limit === null) return Infinity;
  if (limit > BigInt(SAFE)) throw new UserError('insurance.fast_amount_range', { what });
  return Number(limit);
}

/** A ratio coef / 10^scale as numerator and denominator (≤ 10^6, so products stay exact). */
interface Ratio {
  num: number;
  den: number;
}

/** floor(x × num / den) exactly, for whole x in [0, 2^53) and 0 ≤ num ≤ den ≤ 10^6. */
export function floorShare(x: number, r: Ratio): number {
  if (r.num === r.den) return x;
  if (r.num === 0 || x === 0) return 0;
  // x = q·den + rem exactly; then x·num/den = q·num + rem·num/den with rem·num < 10^12.
  let q = Math.floor(x / r.den);
  let rem = x - q * r.den;
  if (rem < 0) {
    q -= 1;
    rem += r.den;
  } else if (rem >= r.den) {
    q += 1;
    rem -= r.den;
  }
  const t = rem * r.num;
  let q2 = Math.floor(t / r.den);
  const rem2 = t - q2 * r.den;
  if (rem2 < 0) q2 -= 1;
  else if (rem2 >= r.den) q2 += 1;
  return q * r.num + q2;
}

function ratio(coef: bigint, scale: number): Ratio {
  return { num: Number(coef), den: Number(pow10(scale)) };
}

/** An aggregate with reinstatements, in doubles; the premium is settled once a year in bigint. */
class FastAggregate {
  available = 0;
  reinstated = 0;
  private readonly capacity: number;

  constructor(
    readonly limit: number,
    private readonly rates: readonly Reinstatement[],
    private readonly premium: bigint | null,
  ) {
    this.capacity = limit * rates.length;
    this.reset();
  }

  reset(): void {
    this.available = this.limit;
    this.reinstated = 0;
  }

  take(paid: number): void {
    const room = this.capacity - this.reinstated;
    const restored = paid < room ? paid : room;
    this.reinstated += restored;
    this.available += restored - paid;
  }

  yearPremium(): number {
    if (this.reinstated === 0) return 0;
    return Number(cumulativeReinstatementPremium(BigInt(this.reinstated), BigInt(this.limit), this.rates, this.premium));
  }
}

interface CompiledPolicy {
  /** in_scope[peril × W + wallet] = 1 when the policy answers for that wallet under that peril. */
  in_scope: Uint8Array;
  /** Per wallet: index of its asset's sublimit, or −1. */
  sublimit_of_wallet: Int32Array;
  sublimit_occurrence: Float64Array;
  sublimit_aggregate: Float64Array;
  /** This year's payments attributed to each sublimited asset. */
  sublimit_paid: Float64Array;
  /** Scratch for one event: loss and counted loss per sublimited asset. */
  sublimit_loss: Float64Array;
  sublimit_counted: Float64Array;
  deductible: number;
  insurer_share: Ratio;
  occurrence_limit: number;
  peril_occurrence: Float64Array;
  peril_aggregate: Float64Array;
  peril_paid: Float64Array;
  aggregate: FastAggregate | null;
}

interface CompiledReinsurance {
  kind: Reinsurance['kind'];
  covers: Int32Array;
  share: Ratio;
  attachment: number;
  limit: number;
  aggregate: FastAggregate | null;
  subject_to_date: number;
  /** Whether a later contract needs this one's amount split exactly over its policies. */
  needs_split: boolean;
}

export function compileFastProgramme(programme: PolicyProgramme, options: FastOptions): FastProgramme {
  const wallets = options.wallets;
  const W = wallets.length;
  const policies = programme.policies.map((policy) => compilePolicy(policy, wallets));
  const contracts = programme.reinsurance.map((contract, k) => compileReinsurance(contract, k, programme));
  const P = policies.length;
  const retained = new Float64Array(P);

  function resetYear(): void {
    for (const policy of policies) {
      if (policy === null) continue;
      policy.sublimit_paid.fill(0);
      policy.peril_paid.fill(0);
      policy.aggregate?.reset();
    }
    for (const contract of contracts) {
      contract.aggregate?.reset();
      contract.subject_to_date = 0;
    }
  }

  function yearPremium(): number {
    let premium = 0;
    for (const policy of policies) premium += policy?.aggregate?.yearPremium() ?? 0;
    return premium;
  }

  function applyPolicy(policy: CompiledPolicy, peril: number, rows_from: number, rows_to: number, wallet: FastEvents['wallet'], loss: Float64Array): number {
    const scope_base = peril * W;
    const sums = policy.sublimit_loss;
    let uncapped = 0;
    let has_sublimited = false;
    for (let r = rows_from; r < rows_to; r++) {
      const w = wallet[r]!;
      if (policy.in_scope[scope_base + w] === 0) continue;
      const s = policy.sublimit_of_wallet[w]!;
      if (s < 0) uncapped += loss[r]!;
      else {
        sums[s]! += loss[r]!;
        has_sublimited = true;
      }
    }
    let counted = uncapped;
    // Counted loss per sublimited asset; `only` is that asset when it is the whole counted loss.
    let sublimited_assets = 0;
    let only = -1;
    if (has_sublimited) {
      for (let s = 0; s < sums.length; s++) {
        const asset_loss = sums[s]!;
        policy.sublimit_counted[s] = 0;
        if (asset_loss === 0) continue;
        let c = asset_loss < policy.sublimit_occurrence[s]! ? asset_loss : policy.sublimit_occurrence[s]!;
        const left = policy.sublimit_aggregate[s]! - policy.sublimit_paid[s]!;
        if (left < c) c = left > 0 ? left : 0;
        policy.sublimit_counted[s] = c;
        counted += c;
        if (c > 0) {
          sublimited_assets += 1;
          only = s;
        }
      }
    }
    const paid = counted === 0 ? 0 : policyTerms(policy, peril, counted);
    if (has_sublimited) {
      if (paid > 0 && sublimited_assets > 0) {
        if (sublimited_assets === 1 && uncapped === 0) policy.sublimit_paid[only]! += paid;
        else paidPerAssetExactly(policy, paid, scope_base, rows_from, rows_to, wallet, loss);
      }
      sums.fill(0);
    }
    return paid;
  }

  /** Deductible, co-insurance, then the occurrence limit, peril sublimits and the aggregate. */
  function policyTerms(policy: CompiledPolicy, peril: number, counted: number): number {
    const above = counted > policy.deductible ? counted - policy.deductible : 0;
    let paid = floorShare(above, policy.insurer_share);
    if (paid > policy.occurrence_limit) paid = policy.occurrence_limit;
    if (paid > policy.peril_occurrence[peril]!) paid = policy.peril_occurrence[peril]!;
    const peril_left = policy.peril_aggregate[peril]! - policy.peril_paid[peril]!;
    if (paid > peril_left) paid = peril_left;
    if (policy.aggregate !== null && paid > policy.aggregate.available) paid = policy.aggregate.available;
    if (paid <= 0) return 0;
    policy.peril_paid[peril]! += paid;
    policy.aggregate?.take(paid);
    return paid;
  }

  /**
   * A recovery over several assets erodes each asset's annual sublimit by that asset's part of
   * the allocation, which needs the exact engine's largest-remainder split over the rows (the
   * cells): done in bigint, as the exact engine does, on these rare events only.
   */
  function paidPerAssetExactly(policy: CompiledPolicy, paid: number, scope_base: number, rows_from: number, rows_to: number, wallet: FastEvents['wallet'], loss: Float64Array): void {
    const cells: bigint[] = [];
    const group: number[] = [];
    for (let r = rows_from; r < rows_to; r++) {
      const w = wallet[r]!;
      if (policy.in_scope[scope_base + w] === 0) continue;
      cells.push(BigInt(loss[r]!));
      group.push(policy.sublimit_of_wallet[w]!);
    }
    for (let s = 0; s < policy.sublimit_counted.length; s++) {
      const members = group.flatMap((g, i) => (g === s ? [i] : []));
      if (members.length === 0) continue;
      const parts = allocate(BigInt(policy.sublimit_counted[s]!), members.map((i) => cells[i]!));
      members.forEach((i, k) => (cells[i] = parts[k]!));
    }
    const shares = allocate(BigInt(paid), cells);
    group.forEach((s, i) => {
      if (s >= 0) policy.sublimit_paid[s]! += Number(shares[i]!);
    });
  }

  function applyContract(contract: CompiledReinsurance): number {
    let subject = 0;
    for (const p of contract.covers) subject += retained[p]!;
    let amount = 0;
    switch (contract.kind) {
      case 'quota_share':
        amount = floorShare(subject, contract.share);
        if (amount > contract.limit) amount = contract.limit;
        break;
      case 'excess_of_loss': {
        let layer = subject > contract.attachment ? subject - contract.attachment : 0;
        if (layer > contract.limit) layer = contract.limit;
        if (contract.aggregate !== null) {
          if (layer > contract.aggregate.available) layer = contract.aggregate.available;
          contract.aggregate.take(layer);
        }
        amount = floorShare(layer, contract.share);
        break;
      }
      case 'aggregate_stop_loss': {
        const before = stopLossToDate(contract, contract.subject_to_date);
        contract.subject_to_date += subject;
        amount = stopLossToDate(contract, contract.subject_to_date) - before;
        break;
      }
    }
    if (amount > 0) splitOverPolicies(contract, amount);
    return amount;
  }

  function splitOverPolicies(contract: CompiledReinsurance, amount: number): void {
    const covers = contract.covers;
    if (covers.length === 1) {
      retained[covers[0]!]! -= amount;
    } else if (contract.needs_split) {
      const parts = allocate(BigInt(amount), Array.from(covers, (p) => BigInt(retained[p]!)));
      covers.forEach((p, i) => (retained[p]! -= Number(parts[i]!)));
    } else {
      // No later contract sees these policies apart: only their sum matters.
      let left = amount;
      for (const p of covers) {
        const take = retained[p]! < left ? retained[p]! : left;
        retained[p]! -= take;
        left -= take;
      }
    }
  }

  return {
    wallet_count: W,
    apply(events: FastEvents, year_count: number): FastResult {
      const { count, year, peril, row_start, wallet, loss } = events;
      if (!Number.isInteger(year_count) || year_count < 0) throw new RangeError('year_count must be a whole number ≥ 0');
      const event_recovery = new Float64Array(count);
      const event_net = new Float64Array(count);
      const totals: FastYearTotals = {
        gross: new Float64Array(year_count),
        recovery: new Float64Array(year_count),
        net: new Float64Array(year_count),
        reinstatement_premium: new Float64Array(year_count),
        ceded: new Float64Array(year_count),
      };
      let current = -1;
      for (let e = 0; e < count; e++) {
        const y = year[e]!;
        if (y !== current) {
          if (y < current || y >= year_count) throw new RangeError(`event ${e}: year ${y} out of order or ≥ ${year_count}`);
          if (current >= 0) totals.reinstatement_premium[current] = yearPremium();
          resetYear();
          current = y;
        }
        const p = peril[e]!;
        if (p >= PERILS.length) throw new RangeError(`event ${e}: peril index ${p}`);
        const from = row_start === undefined ? e : row_start[e]!;
        const to = row_start === undefined ? e + 1 : row_start[e + 1]!;
        let gross = 0;
        for (let r = from; r < to; r++) {
          const x = loss[r]!;
          const w = wallet[r]!;
          if (!(x >= 0 && x <= SAFE && Number.isInteger(x))) throw new RangeError(`row ${r}: loss ${x} is not a whole number in [0, 2^53)`);
          if (w >= W) throw new RangeError(`row ${r}: wallet index ${w} ≥ ${W}`);
          gross += x;
        }
        let recovery = 0;
        for (let k = 0; k < P; k++) {
          const policy = policies[k];
          const paid = policy === null || policy === undefined ? 0 : applyPolicy(policy, p, from, to, wallet, loss);
          retained[k] = paid;
          recovery += paid;
        }
        let ceded = 0;
        if (recovery > 0) for (const contract of contracts) ceded += applyContract(contract);
        event_recovery[e] = recovery;
        event_net[e] = gross - recovery;
        totals.gross[y]! += gross;
        totals.recovery[y]! += recovery;
        totals.ceded[y]! += ceded;
        if (totals.gross[y]! > SAFE) throw new RangeError(`year ${y}: gross loss above 2^53 minor units`);
      }
      if (current >= 0) totals.reinstatement_premium[current] = yearPremium();
      for (let y = 0; y < year_count; y++) totals.net[y] = totals.gross[y]! - totals.recovery[y]!;
      return { event_recovery, event_net, year: totals };
    },
  };
}

function stopLossToDate(contract: CompiledReinsurance, cumulative: number): number {
  let excess = cumulative > contract.attachment ? cumulative - contract.attachment : 0;
  if (excess > contract.limit) excess = contract.limit;
  return floorShare(excess, contract.share);
}

/** null: the policy can never pay on a simulated event (per-customer limits need customers). */
function compilePolicy(policy: Policy, wallets: readonly FastWallet[]): CompiledPolicy | null {
  if (policy.valuation.basis === 'stated') throw new UserError('insurance.fast_stated_valuation', { policy: policy.id });
  if (policy.per_customer !== null) return null;
  const W = wallets.length;
  const in_scope = new Uint8Array(PERILS.length * W);
  PERILS.forEach((peril, p) => wallets.forEach((wallet, w) => (in_scope[p * W + w] = walletCovered(policy, peril, wallet) ? 1 : 0)));
  const sublimit_of_wallet = new Int32Array(W).fill(-1);
  wallets.forEach((wallet, w) => (sublimit_of_wallet[w] = policy.asset_sublimits.findIndex((s) => s.asset === wallet.asset)));
  const S = policy.asset_sublimits.length;
  const peril_occurrence = new Float64Array(PERILS.length).fill(Infinity);
  const peril_aggregate = new Float64Array(PERILS.length).fill(Infinity);
  for (const s of policy.peril_sublimits) {
    peril_occurrence[PERIL_INDEX[s.peril]] = limitNumber(s.occurrence_minor, `${policy.id} sublimit`);
    peril_aggregate[PERIL_INDEX[s.peril]] = limitNumber(s.aggregate_minor, `${policy.id} sublimit`);
  }
  const one = pow10(policy.coinsurance.scale);
  return {
    in_scope,
    sublimit_of_wallet,
    sublimit_occurrence: Float64Array.from(policy.asset_sublimits, (s) => limitNumber(s.occurrence_minor, `${policy.id} sublimit`)),
    sublimit_aggregate: Float64Array.from(policy.asset_sublimits, (s) => limitNumber(s.aggregate_minor, `${policy.id} sublimit`)),
    sublimit_paid: new Float64Array(S),
    sublimit_loss: new Float64Array(S),
    sublimit_counted: new Float64Array(S),
    deductible: limitNumber(policy.deductible_minor, `${policy.id} deductible`),
    insurer_share: ratio(one - policy.coinsurance.coef, policy.coinsurance.scale),
    occurrence_limit: limitNumber(policy.occurrence_limit_minor, `${policy.id} occurrence limit`),
    peril_occurrence,
    peril_aggregate,
    peril_paid: new Float64Array(PERILS.length),
    aggregate:
      policy.aggregate_limit_minor === null
        ? null
        : new FastAggregate(limitNumber(policy.aggregate_limit_minor, `${policy.id} aggregate limit`), policy.reinstatements, policy.premium_minor),
  };
}

function compileReinsurance(contract: Reinsurance, k: number, programme: PolicyProgramme): CompiledReinsurance {
  const index = (id: string): number => programme.policies.findIndex((p) => p.id === id);
  const covers = Int32Array.from(contract.covers, index);
  const mine = new Set(covers);
  const needs_split = programme.reinsurance.slice(k + 1).some((later) => {
    const theirs = new Set(later.covers.map(index));
    const shared = [...mine].some((p) => theirs.has(p));
    return shared && ![...mine].every((p) => theirs.has(p));
  });
  const base = { kind: contract.kind, covers, share: ratio(contract.share.coef, contract.share.scale), subject_to_date: 0, needs_split };
  switch (contract.kind) {
    case 'quota_share':
      return { ...base, attachment: 0, limit: limitNumber(contract.occurrence_limit_minor, contract.id), aggregate: null };
    case 'excess_of_loss': {
      const limit = limitNumber(contract.limit_minor, contract.id);
      const aggregate = contract.limit_minor !== null && contract.reinstatements !== null ? new FastAggregate(limit, contract.reinstatements, contract.premium_minor) : null;
      return { ...base, attachment: limitNumber(contract.attachment_minor, contract.id), limit, aggregate };
    }
    case 'aggregate_stop_loss':
      return { ...base, attachment: limitNumber(contract.attachment_minor, contract.id), limit: limitNumber(contract.limit_minor, contract.id), aggregate: null };
  }
}
