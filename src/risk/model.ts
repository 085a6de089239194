// Compiles a snapshot and the model configuration into flat typed arrays the simulation kernel
// reads: wallet values, caps and severities, the event sources (each wallet's own breaches, then
// each shared-cause group) and the price model. Plain data, so that it crosses to worker threads
// by structured clone.

import { UserError } from '../errors.ts';
import { valueInBase } from '../snapshot/valuation.ts';
import type { Purpose, Snapshot, Tier, Wallet } from '../snapshot/types.ts';
import type { RiskModelConfig } from './config.ts';
import { walletRate, type WalletRate } from './frequency.ts';
import { buildPriceModel, type PriceModel } from './prices.ts';
import { POISSON_MEAN_MAX } from './sampling.ts';

export const WALLETS_MAX = 65_536;

/** Which wallets the model covers: regimes ask for hot and warm only, or for every tier. */
export interface RiskScope {
  tiers?: readonly Tier[];
  purposes?: readonly Purpose[];
}

export interface SharedCauseGroup {
  /** "<key>:<value>", e.g. "vendor:AcmeCustody". */
  id: string;
  annual_rate: number;
  /** Indices into the model's wallets. */
  members: number[];
}

export interface CompiledModel {
  wallet_ids: string[];
  wallet_rates: WalletRate[];
  /** Value at as_of, base-currency minor units. */
  wallet_value: Float64Array;
  /** What a binding withdrawal limit lets out before containment, at as_of prices; Infinity without a limit. */
  wallet_cap: Float64Array;
  /** Column of the wallet's asset in the price model; -1 for the base currency. */
  wallet_column: Int32Array;
  /** 1: fixed fraction a; 0: Beta(a, b). */
  wallet_severity_fixed: Uint8Array;
  wallet_severity_a: Float64Array;
  wallet_severity_b: Float64Array;
  /** Probability that an event is a full compromise (wallets without their own severity only). */
  wallet_full_probability: Float64Array;
  groups: SharedCauseGroup[];
  /** Event rates: one per wallet (own breaches), then one per group. */
  source_rate: Float64Array;
  member_hit_probability: number;
  limit_bypass_probability: number;
  limit_bypass_probability_common: number;
  prices: PriceModel;
}

export function inScope(wallet: Wallet, scope: RiskScope): boolean {
  return (scope.tiers === undefined || scope.tiers.includes(wallet.tier)) && (scope.purposes === undefined || scope.purposes.includes(wallet.purpose));
}

export function compileModel(snapshot: Snapshot, config: RiskModelConfig, scope: RiskScope = {}): CompiledModel {
  const wallets = snapshot.wallets.filter((w) => inScope(w, scope));
  if (wallets.length > WALLETS_MAX) throw new UserError('risk.too_many_wallets', { count: wallets.length, max: WALLETS_MAX });
  const n = wallets.length;
  const assets = [...new Set(wallets.map((w) => w.asset))].sort();
  const prices = buildPriceModel(snapshot, assets, config.prices);
  const column_of = new Map(prices.assets.map((a, j) => [a, j]));

  const model: CompiledModel = {
    wallet_ids: wallets.map((w) => w.id),
    wallet_rates: wallets.map((w) => walletRate(w, config.frequency)),
    wallet_value: new Float64Array(n),
    wallet_cap: new Float64Array(n),
    wallet_column: new Int32Array(n),
    wallet_severity_fixed: new Uint8Array(n),
    wallet_severity_a: new Float64Array(n),
    wallet_severity_b: new Float64Array(n),
    wallet_full_probability: new Float64Array(n),
    groups: sharedCauseGroups(wallets, config),
    source_rate: new Float64Array(0),
    member_hit_probability: config.common_cause.member_hit_probability,
    limit_bypass_probability: config.severity.limit_bypass_probability,
    limit_bypass_probability_common: config.severity.limit_bypass_probability_common,
    prices,
  };
  wallets.forEach((w, i) => {
    // The wallet's holding, as show and check value it; the withdrawal cap bounds a loss, so it
    // is rounded up like a requirement: a cap is never understated.
    model.wallet_value[i] = Number(valueInBase(snapshot, w.asset, w.amount_minor, 'holding'));
    const limit_minor = w.controls.withdrawal_limit_per_day_minor;
    model.wallet_cap[i] =
      limit_minor === undefined ? Infinity : Number(valueInBase(snapshot, w.asset, limit_minor, 'requirement')) * config.severity.containment_days;
    model.wallet_column[i] = column_of.get(w.asset) ?? -1;
    const severity = w.risk?.severity ?? config.severity.default;
    if (severity.dist === 'fixed') {
      model.wallet_severity_fixed[i] = 1;
      model.wallet_severity_a[i] = severity.fraction;
    } else {
      model.wallet_severity_a[i] = severity.alpha;
      model.wallet_severity_b[i] = severity.beta;
    }
    model.wallet_full_probability[i] = w.risk?.severity === undefined ? config.severity.full_compromise_probability : 0;
  });
  model.source_rate = Float64Array.from([...model.wallet_rates.map((r) => r.annual_rate), ...model.groups.map((g) => g.annual_rate)]);
  const total_rate = model.source_rate.reduce((s, r) => s + r, 0);
  if (total_rate > POISSON_MEAN_MAX) throw new UserError('risk.rate_too_high', { rate: total_rate.toFixed(2), max: POISSON_MEAN_MAX });
  return model;
}

/** One group per distinct value of each configured control key (a vendor used by one wallet is still a cause of its own). */
function sharedCauseGroups(wallets: readonly Wallet[], config: RiskModelConfig): SharedCauseGroup[] {
  const groups = new Map<string, SharedCauseGroup>();
  for (const key of config.common_cause.keys) {
    wallets.forEach((w, i) => {
      const value = w.controls[key];
      if (value === undefined) return;
      const id = `${key}:${value}`;
      let group = groups.get(id);
      if (group === undefined) {
        group = { id, annual_rate: config.common_cause.rates[id] ?? config.common_cause.annual_rate, members: [] };
        groups.set(id, group);
      }
      group.members.push(i);
    });
  }
  return [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Wallet hits expected per simulated year: what sizes the per-hit records a run keeps. */
export function expectedHitsPerYear(model: CompiledModel): number {
  let hits = 0;
  model.wallet_rates.forEach((r) => (hits += r.annual_rate));
  model.groups.forEach((g) => (hits += g.annual_rate * model.member_hit_probability * g.members.length));
  return hits;
}

export function totalRate(model: CompiledModel): number {
  let total = 0;
  for (const r of model.source_rate) total += r;
  return total;
}
