// `export`: a report as a language-neutral table model (src/reports/model.ts) from what the store
// keeps — the stored check of a snapshot, the history, a stored compensation run (with its
// payouts.csv for the distinct customers), a stored claim, the segregation records. Nothing is
// recomputed; the CLI and the API hand the model to one writer per format.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PAYOUTS_FILE } from '../compensation/payout-file.ts';
import type { ClaimRunJson } from '../insurance/report.ts';
import type { SummaryJson } from '../compensation/summary.ts';
import { UserError } from '../errors.ts';
import { claimModel } from '../reports/claim-model.ts';
import { compensationModel } from '../reports/compensation-model.ts';
import { coverageModel } from '../reports/coverage-model.ts';
import { historyModel } from '../reports/history-model.ts';
import type { ReportModel } from '../reports/model.ts';
import { countCustomers } from '../reports/payout-rows.ts';
import { segregationModel } from '../reports/segregation-model.ts';
import { latestCheck } from './check.ts';
import type { AppDeps } from './deps.ts';
import { checkHistory } from './history.ts';
import { snapshotRefOf, type SnapshotRef } from './resolve-snapshot.ts';
import { SUMMARY_JSON_FILE } from './compensate.ts';
import { segregationRecords } from './segregation.ts';
import { latestCheckedSnapshot } from './alerts.ts';

export const REPORT_KINDS = ['coverage', 'history', 'compensation', 'claim', 'segregation'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ExportRequest {
  report: ReportKind;
  /** coverage: the snapshot (default: the latest checked). */
  snapshot?: SnapshotRef;
  /** history: one regime. */
  regime?: string;
  /** compensation, claim: the stored run's id. */
  run?: string;
  /** compensation: the run's output directory, whose payouts.csv gives the distinct customers. */
  payouts_csv?: string;
  /** segregation: YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  /** The exchange's IANA time zone for instants; default from the data (+09:00 → Asia/Tokyo), else UTC. */
  time_zone?: string;
}

function zoneOf(as_of: string | undefined, given: string | undefined): string {
  if (given !== undefined) return given;
  return as_of !== undefined && as_of.endsWith('+09:00') ? 'Asia/Tokyo' : 'UTC';
}

export async function exportModel(deps: AppDeps, request: ExportRequest): Promise<ReportModel> {
  switch (request.report) {
    case 'coverage': {
      const latest = await latestCheck(deps, { snapshot: request.snapshot ?? { id: await latestCheckedSnapshot(deps) } });
      return coverageModel(latest, zoneOf(latest.runs[0]!.result.as_of, request.time_zone));
    }
    case 'history': {
      const history = await checkHistory(deps, request.regime === undefined ? {} : { regime: request.regime });
      return historyModel(history, zoneOf(history.snapshots.at(-1)?.as_of, request.time_zone));
    }
    case 'segregation': {
      const result = await segregationRecords(deps, { ...(request.from === undefined ? {} : { from: request.from }), ...(request.to === undefined ? {} : { to: request.to }) });
      return segregationModel(result, zoneOf(result.records[0]?.as_of, request.time_zone));
    }
    case 'compensation':
    case 'claim': {
      if (request.run === undefined) throw new UserError('reports.run_required', { report: request.report });
      const run = await deps.store.getRun(request.run);
      const kind = request.report === 'claim' ? 'claim' : 'compensate';
      if (run === null || run.kind !== kind) throw new UserError('reports.unknown_run', { id: request.run, kind });
      const snapshot = (await deps.store.listSnapshots()).find((s) => s.id === run.snapshot_id);
      if (request.report === 'claim') return claimModel(run.result as ClaimRunJson, run.id, zoneOf(snapshot?.as_of, request.time_zone));
      const counts = request.payouts_csv === undefined ? null : await countCustomers(request.payouts_csv).catch(() => {
        throw new UserError('reports.no_payouts', { file: request.payouts_csv! });
      });
      return compensationModel(run.result as SummaryJson, counts, zoneOf(snapshot?.as_of, request.time_zone));
    }
  }
}

/**
 * The request of `hozen export <report> [subject]`: the subject is a snapshot (coverage), a run id
 * (claim), or a compensation run's output directory (its summary.json names the run, its
 * payouts.csv gives the customers) or id.
 */
export async function exportRequestOf(report: string, subject: string | undefined, options: { regime?: string; from?: string; to?: string; timeZone?: string }): Promise<ExportRequest> {
  if (!(REPORT_KINDS as readonly string[]).includes(report)) throw new UserError('reports.unknown_report', { report, known: REPORT_KINDS.join(', ') });
  const kind = report as ReportKind;
  const request: ExportRequest = { report: kind, ...(options.timeZone === undefined ? {} : { time_zone: options.timeZone }) };
  if (kind === 'history' && options.regime !== undefined) request.regime = options.regime;
  if (kind === 'segregation') Object.assign(request, options.from === undefined ? {} : { from: options.from }, options.to === undefined ? {} : { to: options.to });
  if (kind === 'coverage' && subject !== undefined) request.snapshot = await snapshotRefOf(subject);
  if (kind === 'claim' && subject !== undefined) request.run = subject;
  if (kind === 'compensation' && subject !== undefined) {
    const summary_path = join(subject, SUMMARY_JSON_FILE);
    if (existsSync(summary_path)) {
      const summary = JSON.parse(await readFile(summary_path, 'utf8')) as { run_id?: unknown };
      if (typeof summary.run_id !== 'string') throw new UserError('reports.unknown_run', { id: subject, kind: 'compensate' });
      request.run = summary.run_id;
      const payouts = join(subject, PAYOUTS_FILE);
      if (existsSync(payouts)) request.payouts_csv = payouts;
    } else request.run = subject;
  }
  return request;
}
