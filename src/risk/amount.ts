// The risk amount a regime requires (jvcea-2018-draft, jp-2026-liability-reserve): VaR or TVaR of
// the annual loss of customer crypto in the regime's tiers, at its confidence. A requirement is
// never understated by rounding: the float statistic is rounded UP to a whole minor unit.

import { UserError } from '../errors.ts';
import type { Decimal } from '../money/decimal.ts';
import { formatDecimal } from '../money/decimal.ts';
import type { Snapshot, Tier } from '../snapshot/types.ts';
import type { RiskAmountProvider } from '../coverage/risk.ts';
import { shareOfValueRisk } from '../coverage/risk.ts';
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

/**
 * The coverage engine's risk provider, backed by this engine. Coverage calls providers
 * synchronously, so the simulation runs in this thread (100,000 years of 100 wallets take
 * well under a second), once per tier scope, gross of insurance (regimes credit insurance
 * themselves). `share` specs still go to the coverage engine's share-of-value rule.
 */
export function riskEngineProvider(snapshot: Snapshot, options: { years?: number; seed?: number } = {}): RiskAmountProvider {
  const years = options.years ?? YEARS_DEFAULT;
  const seed = options.seed ?? SEED_DEFAULT;
  const cache = new Map<string, AnnualLosses>();
  return (facts, scope, spec) => {
    if (spec.method === 'share') return shareOfValueRisk(facts, scope, spec);
    const confidence = confidenceNumber(spec.confidence);
    validateRiskParams({ years, seed, confidence });
    // A drained wallet (coverage's --drain) holds nothing, so it cannot be lost.
    const drained = new Set(facts.drained);
    const key = `${[...scope.tiers].sort().join('+')}|${[...drained].sort().join('+')}`;
    let losses = cache.get(key);
    if (losses === undefined) {
      const model = customerModel(drained.size === 0 ? snapshot : { ...snapshot, wallets: snapshot.wallets.filter((w) => !drained.has(w.id)) }, scope.tiers);
      losses = annualLosses(model, runBlocksInThread(model, netOfInsurance(INSURANCE_NONE), { years, seed }), years, 'gross');
      cache.set(key, losses);
    }
    return {
      amount_minor: amountOf(losses, spec.method, confidence),
      note: {
        code: 'risk.amount_note',
        params: { measure: spec.method === 'var' ? 'VaR' : 'TVaR', confidence: String(confidence), years, seed, tiers: scope.tiers.join('+'), prices: losses.price_model },
      },
    };
  };
}
