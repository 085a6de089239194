// The risk amount a regime requires (jvcea-2018-draft, jp-2026-liability-reserve): VaR or TVaR of
// the annual loss of customer crypto in the regime's tiers, at its confidence (the use case that
// checks coverage turns it into the coverage engine's provider). A requirement is
// never understated by rounding: the float statistic is rounded UP to a whole minor unit.

import { UserError } from '../errors.ts';
import type { Decimal } from '../money/decimal.ts';
import { formatDecimal } from '../money/decimal.ts';
import type { Snapshot, Tier } from '../snapshot/types.ts';
import { riskModelConfig } from './config.ts';
import { INSURANCE_NONE, netOfInsurance } from './insurance-spec.ts';
import { insuranceSpec } from './programme.ts';
import { compileModel, type CompiledModel } from './model.ts';
import { runBlocks, runBlocksInThread } from './pool.ts';
import type { BlockResult } from './simulate.ts';
import { sortedAscending, tailValueAtRisk, valueAtRisk } from './stats.ts';
import { SEED_DEFAULT, validateRiskParams, YEARS_DEFAULT } from './service.ts';

export type RiskMeasure = 'var' | 'tvar';
export type RiskBasis = 'gross' | 'net';

export interface RiskAmountRequest {
  measure: RiskMeasure;
  /** As a number (0.99) or an exact decimal ({coef: 99n, scale: 2}). */
  confidence: number | Decimal;
  /** Customer crypto in these tiers (default: every tier). */
  tiers?: readonly Tier[];
  /** Before or after insurance (default gross: the regimes credit insurance separately). */
  basis?: RiskBasis;
  years?: number;
  seed?: number;
  workers?: number;
}

export interface RiskAmountResult {
  amount_minor: bigint;
  measure: RiskMeasure;
  confidence: number;
  basis: RiskBasis;
  tiers: Tier[] | null;
  years: number;
  seed: number;
  /** How prices were modelled; 'fallback' means the history was too short (docs/risk-model.md). */
  price_model: string;
}

interface AnnualLosses {
  sorted: Float64Array;
  price_model: string;
}

export function confidenceNumber(confidence: number | Decimal): number {
  return typeof confidence === 'number' ? confidence : Number(formatDecimal(confidence));
}

function customerModel(snapshot: Snapshot, tiers: readonly Tier[] | undefined): CompiledModel {
  const scope = { purposes: ['customer'] as const, ...(tiers === undefined ? {} : { tiers }) };
  return compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions), scope);
}

function annualLosses(model: CompiledModel, blocks: readonly BlockResult[], years: number, basis: RiskBasis): AnnualLosses {
  const annual = new Float64Array(years);
  let offset = 0;
  for (const b of blocks) {
    annual.set(basis === 'gross' ? b.aggregate_gross : b.aggregate_net, offset);
    offset += b.years;
  }
  return { sorted: sortedAscending(annual), price_model: model.prices.mode };
}

function amountOf(losses: AnnualLosses, measure: RiskMeasure, confidence: number): bigint {
  const statistic = measure === 'var' ? valueAtRisk(losses.sorted, confidence) : tailValueAtRisk(losses.sorted, confidence);
  if (!Number.isFinite(statistic)) throw new UserError('risk.not_finite', {});
  return BigInt(Math.ceil(statistic));
}

export async function riskAmount(snapshot: Snapshot, request: RiskAmountRequest): Promise<RiskAmountResult> {
  const confidence = confidenceNumber(request.confidence);
  const { years, seed } = validateRiskParams({ years: request.years ?? YEARS_DEFAULT, seed: request.seed ?? SEED_DEFAULT, confidence });
  const basis = request.basis ?? 'gross';
  const model = customerModel(snapshot, request.tiers);
  const spec = basis === 'net' ? insuranceSpec(snapshot, model) : INSURANCE_NONE;
  const blocks = await runBlocks(model, spec, { years, seed, ...(request.workers === undefined ? {} : { workers: request.workers }) });
  const losses = annualLosses(model, blocks, years, basis);
  return {
    amount_minor: amountOf(losses, request.measure, confidence),
    measure: request.measure,
    confidence,
    basis,
    tiers: request.tiers === undefined ? null : [...request.tiers],
    years,
    seed,
    price_model: losses.price_model,
  };
}

export interface CustomerLossQuery {
  measure: RiskMeasure;
  confidence: number;
  tiers: readonly Tier[];
  /** Wallets treated as emptied (coverage's --drain): they hold nothing, so nothing is lost from them. */
  drained: readonly string[];
}

export interface CustomerLossAmount {
  amount_minor: bigint;
  years: number;
  seed: number;
  price_model: string;
}

/**
 * VaR or TVaR of the annual gross loss of customer crypto, for callers that cannot wait (the
 * coverage engine's providers are synchronous): each (tiers, drained) scope is simulated once,
 * in this thread (100,000 years of 100 wallets take well under a second), and its sorted annual
 * losses answer every measure and confidence asked of it.
 */
export function customerLossAmounts(snapshot: Snapshot, options: { years?: number; seed?: number } = {}): (query: CustomerLossQuery) => CustomerLossAmount {
  const years = options.years ?? YEARS_DEFAULT;
  const seed = options.seed ?? SEED_DEFAULT;
  const cache = new Map<string, AnnualLosses>();
  return (query) => {
    validateRiskParams({ years, seed, confidence: query.confidence });
    const drained = new Set(query.drained);
    const key = `${[...query.tiers].sort().join('+')}|${[...drained].sort().join('+')}`;
    let losses = cache.get(key);
    if (losses === undefined) {
      const model = customerModel(drained.size === 0 ? snapshot : { ...snapshot, wallets: snapshot.wallets.filter((w) => !drained.has(w.id)) }, query.tiers);
      losses = annualLosses(model, runBlocksInThread(model, netOfInsurance(INSURANCE_NONE), { years, seed }), years, 'gross');
      cache.set(key, losses);
    }
    return { amount_minor: amountOf(losses, query.measure, query.confidence), years, seed, price_model: losses.price_model };
  };
}
