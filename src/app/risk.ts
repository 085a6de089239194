// `risk`: the Monte Carlo loss distribution of a snapshot (expected loss, VaR, TVaR, exceedance
// curves, contributions, reverse stress), stored as a run whose id derives from everything the
// result depends on: the snapshot's content, the run parameters, the model configuration and the
// block size. The same run asked twice is one run, and a stored result can be reproduced.

import { UserError } from '../errors.ts';
import { MoneyError, parseAmount } from '../money/index.ts';
import type { CoverHeld } from '../risk/cover.ts';
import { RISK_FORMAT, riskJson } from '../risk/report.ts';
import { runRisk, validateRiskParams, type RiskParams, type RiskReport } from '../risk/service.ts';
import { TIERS, type Snapshot, type Tier } from '../snapshot/types.ts';
import type { AppDeps, WithWarnings } from './deps.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';
import { saveRun } from './runs.ts';

export interface RiskRequest {
  snapshot: SnapshotRef;
  years?: number;
  seed?: number;
  /** The headline level, e.g. 0.99. */
  confidence?: number;
  /** Worker threads besides this one; the result is the same for any number. */
  workers?: number;
  /** Only wallets in these tiers may be lost. */
  tiers?: readonly string[];
  /** Cover to compare the losses with, in the base currency (e.g. "5000000000"); default: contracts in force. */
  cover?: string;
  /** As a job: parts (by blocks) that any worker may take, merged into the same run (risk-split.ts); ignored otherwise. */
  split?: number;
}

export interface RiskResult extends WithWarnings {
  report: RiskReport;
  run_id: string;
  created: boolean;
}

/** Checks what can be checked before a snapshot is read, so that a typo fails at once. */
export function validateRiskRequest(request: Omit<RiskRequest, 'snapshot'>): void {
  validateRiskParams({
    ...(request.years === undefined ? {} : { years: request.years }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.confidence === undefined ? {} : { confidence: request.confidence }),
  });
  if (request.tiers !== undefined) scopeTiers(request.tiers);
}

export function riskRun(deps: AppDeps, request: RiskRequest): Promise<RiskResult> {
  return riskRunWith(deps, request);
}

/** `riskRun` with its blocks simulated by `run_blocks` (a run split across workers, risk-split.ts): the same run, the same stored bytes. */
export async function riskRunWith(deps: AppDeps, request: RiskRequest, run_blocks?: RiskParams['run_blocks']): Promise<RiskResult> {
  validateRiskRequest(request);
  const { snapshot, imported } = await resolveSnapshot(deps, request.snapshot);
  const cover = coverOf(snapshot, request.cover);
  const tiers = request.tiers === undefined ? undefined : scopeTiers(request.tiers);
  const report = await runRisk(snapshot, {
    ...(request.years === undefined ? {} : { years: request.years }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.confidence === undefined ? {} : { confidence: request.confidence }),
    ...(request.workers === undefined ? {} : { workers: request.workers }),
    ...(tiers === undefined ? {} : { scope: { tiers } }),
    ...(cover === undefined ? {} : { cover }),
    ...(run_blocks === undefined ? {} : { run_blocks }),
    ...(deps.on_progress === undefined ? {} : { on_progress: (done: number, total: number) => deps.on_progress!({ phase: 'risk', done, total }) }),
  });
  const params = riskRunParams(report);
  const saved = await saveRun(deps.store, { kind: 'risk', snapshot_id: snapshot.id, inputs: { snapshot: snapshot.content_sha256, params }, params, result: riskJson(report) });
  return { report, run_id: saved.run_id, created: saved.created, warnings: imported?.warnings ?? [] };
}

function riskRunParams(report: RiskReport): Record<string, unknown> {
  return {
    format: RISK_FORMAT,
    years: report.years,
    seed: report.seed,
    confidence: report.confidence,
    block_years: report.block_years,
    scope: report.scope,
    cover: report.cover === null ? null : { amount_minor: report.cover.amount_minor, source: report.cover.source, contract_ids: report.cover.contract_ids },
    insurance: report.insurance,
    insurance_policies: report.insurance_policies,
    config: report.config,
  };
}

export function scopeTiers(list: readonly string[]): Tier[] {
  for (const tier of list) if (!(TIERS as readonly string[]).includes(tier)) throw new UserError('risk.cli.tier', { value: tier, allowed: TIERS.join(', ') });
  return [...new Set(list)] as Tier[];
}

function coverOf(snapshot: Snapshot, value: string | undefined): CoverHeld | undefined {
  if (value === undefined) return undefined;
  const base = snapshot.assets.get(snapshot.manifest.base_currency)!;
  try {
    return { amount_minor: parseAmount(value, base.decimals), source: 'option', contract_ids: [] };
  } catch (error) {
    if (error instanceof MoneyError) throw new UserError('risk.cli.cover', { value, base: base.symbol, decimals: base.decimals });
    throw error;
  }
}

/** `hozen risk --json` and the API. */
export function riskResultJson(result: RiskResult): Record<string, unknown> {
  return { ...riskJson(result.report), run_id: result.run_id };
}
