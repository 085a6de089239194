// Stores a risk run with its parameters. The run id derives from everything the result depends on
// (the snapshot's content, the run parameters, the model configuration, the block size), so the
// same run stored twice is one run, and a stored result can be reproduced from its parameters.

import { createHash } from 'node:crypto';
import type { Snapshot } from '../snapshot/types.ts';
import type { RunRecord, Store } from '../store/types.ts';
import { riskJson, RISK_FORMAT } from './report.ts';
import type { RiskReport } from './service.ts';

export const RISK_RUN_KIND = 'risk';

export function riskRunParams(report: RiskReport): Record<string, unknown> {
  return {
    format: RISK_FORMAT,
    years: report.years,
    seed: report.seed,
    confidence: report.confidence,
    block_years: report.block_years,
    scope: report.scope,
    cover: report.cover === null ? null : { amount_minor: report.cover.amount_minor.toString(), source: report.cover.source, contract_ids: report.cover.contract_ids },
    insurance: report.insurance,
    insurance_policies: report.insurance_policies,
    config: report.config,
  };
}

export function riskInputsSha256(snapshot: Snapshot, params: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify({ snapshot: snapshot.content_sha256, params }), 'utf8').digest('hex');
}

export async function saveRiskRun(store: Store, snapshot: Snapshot, report: RiskReport): Promise<{ run_id: string; created: boolean }> {
  if (report.snapshot_id !== snapshot.id) throw new Error('report and snapshot differ');
  const params = riskRunParams(report);
  const inputs_sha256 = riskInputsSha256(snapshot, params);
  const run: RunRecord = {
    id: `risk-${inputs_sha256.slice(0, 24)}`,
    kind: RISK_RUN_KIND,
    snapshot_id: snapshot.id,
    inputs_sha256,
    params,
    result: riskJson(report),
  };
  return { run_id: run.id, created: await store.saveRun(run) };
}
