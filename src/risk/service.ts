// The risk service: snapshot in, report out. It compiles the model, runs the simulation, and turns
// the float statistics into exact base-currency minor units at one boundary (roundMinor), with
// contributions allocated so that they add up exactly to the totals they explain.

import { UserError } from '../errors.ts';
import { allocate } from '../money/allocate.ts';
import type { Purpose, Snapshot, Tier } from '../snapshot/types.ts';
import { riskModelConfig, type RiskModelConfig } from './config.ts';
import { contractCover, type CoverHeld } from './cover.ts';
import type { RateFactor } from './frequency.ts';
import { netOfInsurance } from './insurance-spec.ts';
import { insuranceSpec } from './programme.ts';
import { compileModel, totalRate, type CompiledModel, type RiskScope } from './model.ts';
import type { NetOfInsurance } from './net.ts';
import { runBlocks, type RunOptions } from './pool.ts';
import type { InsuranceSpec } from './insurance-spec.ts';
import type { PriceModelMode } from './prices.ts';
import { BLOCK_YEARS, type BlockResult } from './simulate.ts';
import {
  CONFIDENCE_LEVELS,
  exceedanceCurve,
  exceedanceProbability,
  meanEstimate,
  returnPeriodLosses,
  sortedAscending,
  tailSortedAscending,
  tailValueAtRisk,
  tailWeights,
  valueAtRisk,
  varRank,
  type CurvePoint,
} from './stats.ts';
import { reverseStress, type StressScenario } from './stress.ts';

export const YEARS_DEFAULT = 100_000;
export const YEARS_MIN = 1_000;
/** Per-year arrays and per-hit records of 5M years stay within a few hundred MB. */
export const YEARS_MAX = 5_000_000;
export const SEED_DEFAULT = 1;
export const CONFIDENCE_DEFAULT = 0.99;

export interface RiskParams {
  years?: number;
  seed?: number;
  /** The headline level: added to the standard levels, and the level of tail contributions. */
  confidence?: number;
  workers?: number;
  scope?: RiskScope;
  /** Default: contracts in force covering hack compensation (cover.ts); null: do not compare. */
  cover?: CoverHeld | null;
  on_progress?: (years_done: number, years_total: number) => void;
  /** Tests only, in-thread runs: a programme whose effect is known exactly. */
  insurance_override?: NetOfInsurance;
  /**
   * Where the blocks are simulated: by default runBlocks, in this process and its threads; a run
   * split across processes hands them to jobs (app/risk-split.ts). Whatever simulates them must
   * return every block of the run, in index order, as simulateBlock makes it.
   */
  run_blocks?: (model: CompiledModel, insurance: InsuranceSpec, options: RunOptions) => Promise<BlockResult[]>;
}

export interface LevelFigures {
  /** The confidence as written in JSON keys ("0.995"). */
  level: string;
  var_minor: bigint;
  tvar_minor: bigint;
}

export interface LossFigures {
  expected_minor: bigint;
  /** Standard error of the expected loss (Monte Carlo noise), for the reader's judgement. */
  expected_stderr_minor: bigint;
  levels: LevelFigures[];
}

export interface ReturnPeriodRow {
  return_period: number;
  gross_minor: bigint;
  net_minor: bigint;
}

export interface WalletContribution {
  wallet_id: string;
  tier: Tier;
  purpose: Purpose;
  asset: string;
  value_minor: bigint;
  annual_rate: number;
  rate_source: 'override' | 'scored';
  rate_factors: RateFactor[];
  expected_loss_minor: bigint;
  expected_loss_net_minor: bigint;
  /** Share of the gross TVaR at the headline confidence (Euler allocation). */
  tvar_contribution_minor: bigint;
}

export interface CauseContribution {
  /** "own" (each wallet's own breaches) or a shared-cause group "<key>:<value>". */
  cause: string;
  annual_rate: number | null;
  wallet_ids: string[];
  expected_loss_minor: bigint;
  tvar_contribution_minor: bigint;
}

export interface StressRow extends Omit<StressScenario, 'value' | 'gross_needed'> {
  value_minor: bigint;
  gross_needed_minor: bigint | null;
}

export interface RiskReport {
  snapshot_id: string;
  exchange_name: string;
  as_of: string;
  base_currency: string;
  base_decimals: number;
  years: number;
  seed: number;
  confidence: number;
  block_years: number;
  scope: { tiers: Tier[] | null; purposes: Purpose[] | null };
  config: RiskModelConfig;
  /** 'programme': policies.json applied to every simulated event (its policy ids listed). */
  insurance: 'none' | 'programme';
  insurance_policies: string[];
  prices: { mode: PriceModelMode; history_days: number; horizon_days: number; assets: string[] };
  annual_event_rate: number;
  occurrences: number;
  wallet_hits: number;
  gross: LossFigures;
  net: LossFigures;
  cover: CoverHeld | null;
  /** Share of simulated years whose net annual loss exceeds the cover. */
  p_exceed_cover: number | null;
  aep: ReturnPeriodRow[];
  oep: ReturnPeriodRow[];
  /** Thinned exceedance curves for plotting (floats, base-currency minor units). */
  curves: { aep_gross: CurvePoint[]; aep_net: CurvePoint[]; oep_gross: CurvePoint[]; oep_net: CurvePoint[] };
  by_wallet: WalletContribution[];
  by_cause: CauseContribution[];
  reverse_stress: { cover_minor: bigint; smallest: StressRow | null; scenarios: StressRow[] } | null;
}

/** The one float → money boundary: nearest whole minor unit, halves up (Math.round). */
export function roundMinor(value: number): bigint {
  if (!Number.isFinite(value)) throw new Error(`non-finite loss ${value}`);
  return BigInt(Math.round(value));
}

/** Integer weights are float weights rescaled to sum to about 2^50: relative precision 1e-15, and exact remainders. */
const WEIGHT_SCALE = 2 ** 50;

/** Splits an exact total over float weights by largest remainder: the parts add up to the total. */
export function allocateByFloats(total_minor: bigint, weights: ArrayLike<number>): bigint[] {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Math.max(0, weights[i]!);
  const integer_weights = Array.from(weights, (w) => (sum > 0 ? BigInt(Math.round((Math.max(0, w) / sum) * WEIGHT_SCALE)) : 0n));
  if (integer_weights.every((w) => w === 0n)) {
    if (total_minor !== 0n) throw new Error('cannot allocate a non-zero total over zero weights');
    return integer_weights;
  }
  return allocate(total_minor, integer_weights);
}

export function validateRiskParams(params: RiskParams): { years: number; seed: number; confidence: number } {
  const years = params.years ?? YEARS_DEFAULT;
  const seed = params.seed ?? SEED_DEFAULT;
  const confidence = params.confidence ?? CONFIDENCE_DEFAULT;
  if (!Number.isSafeInteger(years) || years < YEARS_MIN || years > YEARS_MAX) throw new UserError('risk.years_range', { value: years, min: YEARS_MIN, max: YEARS_MAX });
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UserError('risk.seed_range', { value: seed, max: Number.MAX_SAFE_INTEGER });
  if (!(confidence >= 0.5 && confidence < 1) || (1 - confidence) * years < 1) {
    throw new UserError('risk.confidence_range', { value: confidence, years });
  }
  return { years, seed, confidence };
}

export function confidenceLevels(confidence: number): number[] {
  return [...new Set<number>([...CONFIDENCE_LEVELS, confidence])].sort((a, b) => a - b);
}

/** The compiled model and insurance of a run: a function of the snapshot and the scope alone, so every process that simulates a part of a run builds the same. */
export function prepareModel(snapshot: Snapshot, scope: RiskScope): { model: CompiledModel; insurance_spec: InsuranceSpec } {
  const model = compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions), scope);
  return { model, insurance_spec: insuranceSpec(snapshot, model) };
}

export async function runRisk(snapshot: Snapshot, params: RiskParams = {}): Promise<RiskReport> {
  const { years, seed, confidence } = validateRiskParams(params);
  const config = riskModelConfig(snapshot.manifest.extensions);
  const scope = params.scope ?? {};
  const { model, insurance_spec } = prepareModel(snapshot, scope);
  const blocks = await (params.run_blocks ?? runBlocks)(model, insurance_spec, {
    years,
    seed,
    ...(params.workers === undefined ? {} : { workers: params.workers }),
    ...(params.on_progress === undefined ? {} : { on_progress: params.on_progress }),
    ...(params.insurance_override === undefined ? {} : { insurance_override: params.insurance_override }),
  });
  const base = snapshot.assets.get(snapshot.manifest.base_currency);
  if (base === undefined) throw new Error('base currency is not an asset');
  const cover = params.cover === undefined ? contractCover(snapshot) : params.cover;
  const insurance = params.insurance_override ?? netOfInsurance(insurance_spec);
  const policies = insurance_spec.kind === 'programme' ? insurance_spec.programme.policies.map((p) => p.id) : [];
  return summariseRun({ snapshot, model, config, blocks, years, seed, confidence, scope, cover, insurance, policies, base_decimals: base.decimals });
}

interface SummaryInput {
  snapshot: Snapshot;
  model: CompiledModel;
  config: RiskModelConfig;
  blocks: BlockResult[];
  years: number;
  seed: number;
  confidence: number;
  scope: RiskScope;
  cover: CoverHeld | null;
  insurance: NetOfInsurance;
  policies: string[];
  base_decimals: number;
}

function concat(blocks: readonly BlockResult[], pick: (b: BlockResult) => Float64Array, years: number): Float64Array {
  const out = new Float64Array(years);
  let offset = 0;
  for (const b of blocks) {
    out.set(pick(b), offset);
    offset += b.years;
  }
  if (offset !== years) throw new Error(`blocks cover ${offset} years, expected ${years}`);
  return out;
}

export function lossFigures(values: Float64Array, levels: readonly number[]): { figures: LossFigures; sorted: Float64Array } {
  const sorted = sortedAscending(values);
  return { sorted, figures: figuresOfSorted(values, sorted, levels) };
}

/** The same figures as lossFigures, sorting only the tail its levels read (for runs with many loss series). */
export function tailLossFigures(values: Float64Array, levels: readonly number[]): LossFigures {
  const from = varRank(Math.min(...levels), values.length) - 1;
  return figuresOfSorted(values, tailSortedAscending(values, from), levels);
}

function figuresOfSorted(values: Float64Array, sorted: Float64Array, levels: readonly number[]): LossFigures {
  const { mean, stderr } = meanEstimate(values);
  return {
    expected_minor: roundMinor(mean),
    expected_stderr_minor: roundMinor(stderr),
    levels: levels.map((p) => ({ level: String(p), var_minor: roundMinor(valueAtRisk(sorted, p)), tvar_minor: roundMinor(tailValueAtRisk(sorted, p)) })),
  };
}

function summariseRun(input: SummaryInput): RiskReport {
  const { snapshot, model, blocks, years, confidence } = input;
  const levels = confidenceLevels(confidence);
  const aggregate_gross = concat(blocks, (b) => b.aggregate_gross, years);
  const aggregate_net = concat(blocks, (b) => b.aggregate_net, years);
  const occurrence_gross = concat(blocks, (b) => b.occurrence_max_gross, years);
  const occurrence_net = concat(blocks, (b) => b.occurrence_max_net, years);
  const gross = lossFigures(aggregate_gross, levels);
  const net = lossFigures(aggregate_net, levels);
  const sorted_occurrence_gross = sortedAscending(occurrence_gross);
  const sorted_occurrence_net = sortedAscending(occurrence_net);

  // Per-wallet and per-cause sums over every hit; tail sums weighted by each year's TVaR weight.
  const wallets = model.wallet_ids.length;
  const causes = model.groups.length + 1;
  const var_headline = valueAtRisk(gross.sorted, confidence);
  const weights = tailWeights(aggregate_gross, confidence, var_headline);
  const tail_mass = (1 - confidence) * years;
  const wallet_gross = new Float64Array(wallets);
  const wallet_net = new Float64Array(wallets);
  const wallet_tail = new Float64Array(wallets);
  const cause_gross = new Float64Array(causes);
  const cause_tail = new Float64Array(causes);
  let year_offset = 0;
  let hits = 0;
  let occurrences = 0;
  for (const b of blocks) {
    for (let h = 0; h < b.hit_gross.length; h++) {
      const w = b.hit_wallet[h]!;
      const c = b.hit_cause[h]! + 1;
      const loss = b.hit_gross[h]!;
      const tail = (weights[year_offset + b.hit_year[h]!]! * loss) / tail_mass;
      wallet_gross[w] = wallet_gross[w]! + loss / years;
      wallet_net[w] = wallet_net[w]! + b.hit_net[h]! / years;
      wallet_tail[w] = wallet_tail[w]! + tail;
      cause_gross[c] = cause_gross[c]! + loss / years;
      cause_tail[c] = cause_tail[c]! + tail;
    }
    hits += b.hit_gross.length;
    occurrences += b.occurrences;
    year_offset += b.years;
  }
  const headline = gross.figures.levels.find((l) => l.level === String(confidence))!;
  const wallet_el = allocateByFloats(gross.figures.expected_minor, wallet_gross);
  const wallet_el_net = allocateByFloats(net.figures.expected_minor, wallet_net);
  const wallet_tvar = allocateByFloats(headline.tvar_minor, wallet_tail);
  const cause_el = allocateByFloats(gross.figures.expected_minor, cause_gross);
  const cause_tvar = allocateByFloats(headline.tvar_minor, cause_tail);
  const wallet_by_id = new Map(snapshot.wallets.map((w) => [w.id, w]));

  const by_wallet: WalletContribution[] = model.wallet_ids.map((id, i) => {
    const wallet = wallet_by_id.get(id)!;
    const rate = model.wallet_rates[i]!;
    return {
      wallet_id: id,
      tier: wallet.tier,
      purpose: wallet.purpose,
      asset: wallet.asset,
      value_minor: roundMinor(model.wallet_value[i]!),
      annual_rate: rate.annual_rate,
      rate_source: rate.source,
      rate_factors: rate.factors,
      expected_loss_minor: wallet_el[i]!,
      expected_loss_net_minor: wallet_el_net[i]!,
      tvar_contribution_minor: wallet_tvar[i]!,
    };
  });
  const by_cause: CauseContribution[] = [
    { cause: 'own', annual_rate: null, wallet_ids: [...model.wallet_ids], expected_loss_minor: cause_el[0]!, tvar_contribution_minor: cause_tvar[0]! },
    ...model.groups.map((g, k) => ({
      cause: g.id,
      annual_rate: g.annual_rate,
      wallet_ids: g.members.map((w) => model.wallet_ids[w]!),
      expected_loss_minor: cause_el[k + 1]!,
      tvar_contribution_minor: cause_tvar[k + 1]!,
    })),
  ];

  const returnRows = (sorted_gross: Float64Array, sorted_net: Float64Array): ReturnPeriodRow[] => {
    const net_rows = returnPeriodLosses(sorted_net);
    return returnPeriodLosses(sorted_gross).map((row, i) => ({ return_period: row.return_period, gross_minor: roundMinor(row.loss), net_minor: roundMinor(net_rows[i]!.loss) }));
  };

  const cover = input.cover;
  const stress = cover === null ? null : reverseStress(model, input.insurance, Number(cover.amount_minor));
  const stressRow = (s: StressScenario): StressRow => {
    const { value, gross_needed, ...rest } = s;
    return { ...rest, value_minor: roundMinor(value), gross_needed_minor: gross_needed === null ? null : roundMinor(gross_needed) };
  };

  return {
    snapshot_id: snapshot.id,
    exchange_name: snapshot.manifest.exchange.name,
    as_of: snapshot.manifest.as_of,
    base_currency: snapshot.manifest.base_currency,
    base_decimals: input.base_decimals,
    years,
    seed: input.seed,
    confidence,
    block_years: BLOCK_YEARS,
    scope: { tiers: input.scope.tiers === undefined ? null : [...input.scope.tiers], purposes: input.scope.purposes === undefined ? null : [...input.scope.purposes] },
    config: input.config,
    insurance: input.policies.length > 0 ? 'programme' : 'none',
    insurance_policies: input.policies,
    prices: { mode: model.prices.mode, history_days: model.prices.history_days, horizon_days: model.prices.horizon_days, assets: model.prices.assets },
    annual_event_rate: totalRate(model),
    occurrences,
    wallet_hits: hits,
    gross: gross.figures,
    net: net.figures,
    cover,
    p_exceed_cover: cover === null ? null : exceedanceProbability(aggregate_net, Number(cover.amount_minor)),
    aep: returnRows(gross.sorted, net.sorted),
    oep: returnRows(sorted_occurrence_gross, sorted_occurrence_net),
    curves: {
      aep_gross: exceedanceCurve(gross.sorted),
      aep_net: exceedanceCurve(net.sorted),
      oep_gross: exceedanceCurve(sorted_occurrence_gross),
      oep_net: exceedanceCurve(sorted_occurrence_net),
    },
    by_wallet,
    by_cause,
    reverse_stress:
      stress === null || cover === null
        ? null
        : { cover_minor: cover.amount_minor, smallest: stress.smallest === null ? null : stressRow(stress.smallest), scenarios: stress.scenarios.map(stressRow) },
  };
}
