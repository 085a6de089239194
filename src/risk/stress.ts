// Reverse stress test: the smallest single event whose loss, after insurance, exceeds the cover.
// Candidates are each wallet's own breach and each shared-cause group draining all its members by
// the same fraction, at as_of prices, in a fresh policy year. For each, the smallest gross loss
// that leaves a net loss above the cover is found by bisection on the insurance programme, so
// deductibles and limits are honoured however the programme is built.

import type { CompiledModel } from './model.ts';
import { PERIL_OWN_BREACH, PERIL_SHARED_CAUSE, type NetOfInsurance } from './net.ts';

export interface StressScenario {
  kind: 'wallet' | 'group';
  /** The wallet id, or the group id "<key>:<value>". */
  id: string;
  wallet_ids: string[];
  /** What the event could take at most, at as_of prices. */
  value: number;
  /** The smallest gross loss (whole minor units) whose net loss exceeds the cover; null when even a full drain does not. */
  gross_needed: number | null;
  /** gross_needed / value. */
  fraction_needed: number | null;
  /** True when the loss needed is above what a withdrawal limit lets out before containment. */
  limit_must_fail: boolean;
}

export interface ReverseStress {
  cover: number;
  /** The scenario with the smallest gross_needed (ties: fewest wallets, then the smallest fraction of its value, then id); null when no single event exceeds the cover. */
  smallest: StressScenario | null;
  /** Every candidate, the feasible ones first by gross_needed. */
  scenarios: StressScenario[];
}

const BISECTION_STEPS = 80;

/** Net loss of one occurrence that takes `fraction` of each listed wallet (whole minor units, as simulated). */
function netLoss(model: CompiledModel, insurance: NetOfInsurance, wallets: readonly number[], fraction: number, peril: number): number {
  const hit_gross = Float64Array.from(wallets, (w) => Math.round(fraction * model.wallet_value[w]!));
  const gross = hit_gross.reduce((s, x) => s + x, 0);
  const recoveries = insurance.recoveries({
    years: 1,
    year_start: Int32Array.from([0, 1]),
    gross: Float64Array.from([gross]),
    peril: Uint8Array.from([peril]),
    hit_start: Int32Array.from([0, wallets.length]),
    hit_wallet: Int32Array.from(wallets),
    hit_gross,
  });
  return gross - recoveries[0]!;
}

function scenario(model: CompiledModel, insurance: NetOfInsurance, cover: number, kind: StressScenario['kind'], id: string, wallets: readonly number[], peril: number): StressScenario {
  const value = wallets.reduce((s, w) => s + model.wallet_value[w]!, 0);
  const base = { kind, id, wallet_ids: wallets.map((w) => model.wallet_ids[w]!), value };
  if (value <= 0 || !(netLoss(model, insurance, wallets, 1, peril) > cover)) {
    return { ...base, gross_needed: null, fraction_needed: null, limit_must_fail: false };
  }
  // Invariant: net(low) ≤ cover < net(high); net loss grows with the fraction drained.
  let low = 0;
  let high = 1;
  for (let step = 0; step < BISECTION_STEPS && high - low > Number.EPSILON; step++) {
    const mid = (low + high) / 2;
    if (netLoss(model, insurance, wallets, mid, peril) > cover) high = mid;
    else low = mid;
  }
  const limit_must_fail = wallets.some((w) => high * model.wallet_value[w]! > model.wallet_cap[w]!);
  const gross_needed = wallets.reduce((s, w) => s + Math.round(high * model.wallet_value[w]!), 0);
  return { ...base, gross_needed, fraction_needed: gross_needed / value, limit_must_fail };
}

export function reverseStress(model: CompiledModel, insurance: NetOfInsurance, cover: number): ReverseStress {
  const scenarios: StressScenario[] = [
    ...model.wallet_ids.map((id, w) => scenario(model, insurance, cover, 'wallet', id, [w], PERIL_OWN_BREACH)),
    ...model.groups.map((g) => scenario(model, insurance, cover, 'group', g.id, g.members, PERIL_SHARED_CAUSE)),
  ];
  scenarios.sort((a, b) => {
    if (a.gross_needed === null || b.gross_needed === null) return a.gross_needed === b.gross_needed ? compareIds(a, b) : a.gross_needed === null ? 1 : -1;
    return a.gross_needed - b.gross_needed || a.wallet_ids.length - b.wallet_ids.length || a.fraction_needed! - b.fraction_needed! || compareIds(a, b);
  });
  const first = scenarios[0];
  return { cover, smallest: first !== undefined && first.gross_needed !== null ? first : null, scenarios };
}

function compareIds(a: StressScenario, b: StressScenario): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
