// `compensate`: per-customer payouts after an incident. Resolve the policy, hash every input into
// the run id, run the engine into payouts.csv, write the summaries, and store the run (which the
// store audits). Same inputs → same run id and byte-identical files. The verdict fails when a
// shortfall is recorded as a claim customers keep against the exchange.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compensate } from '../compensation/engine.ts';
import { parseAddFunding } from '../compensation/funding.ts';
import { openOutputDir } from '../compensation/output-dir.ts';
import { cutoffWarnings } from '../incident/cutoff.ts';
import { openPayoutFile, PAYOUTS_FILE, WRITER_THREAD_ROWS_MIN } from '../compensation/payout-file.ts';
import { parseCompensationPolicy, parseCompensationPolicyText, POLICY_FILE_NAME } from '../compensation/policy.ts';
import { renderSummaryMarkdown, summaryJson, type SummaryJson } from '../compensation/summary.ts';
import type { CompensationPolicy, CompensationResult } from '../compensation/types.ts';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { parseIncident } from '../incident/parse.ts';
import type { Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { TenantStore } from '../store/types.ts';
import type { AppDeps, NamedText, Verdict, WithWarnings } from './deps.ts';
import { locatedInIncident } from './incident-errors.ts';
import { insuranceFromPolicies, type CompensationInsurance } from './providers.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';
import { runIdentity, saveRun } from './runs.ts';

export const SUMMARY_JSON_FILE = 'summary.json';
export const SUMMARY_MD_FILES = { en: 'summary.en.md', ja: 'summary.ja.md' } as const;
/** Every file of a complete output directory. */
export const OUTPUT_FILES: readonly string[] = [PAYOUTS_FILE, SUMMARY_JSON_FILE, SUMMARY_MD_FILES.en, SUMMARY_MD_FILES.ja];
/** Changes whenever the engine's arithmetic changes, so old runs are never mistaken for new ones. */
export const ENGINE_VERSION = 'hozen-compensate/2';

export interface CompensationRequest {
  snapshot: Snapshot;
  incident: Incident;
  incident_file: string;
  /** `--policy file`; otherwise the snapshot's compensation-policy.json. */
  policy_file?: { name: string; text: string };
  /** `--add-funding name=amount`, as typed. */
  add_funding: readonly string[];
  /** Where payouts.csv and the summaries go; default: a directory named by the run id, in `out_parent`. */
  out_dir?: string;
  /** Where the default directory is made (the service keeps each tenant's runs apart); default: the working directory. */
  out_parent?: string;
  /** Replace another run's files in out_dir (refused without it). */
  force?: boolean;
  insurance?: CompensationInsurance;
  /** Write payouts.csv from a worker thread; default: when the snapshot has many balance rows. */
  writer_thread?: boolean;
}

export interface CompensationRun {
  run_id: string;
  inputs_sha256: string;
  out_dir: string;
  result: CompensationResult;
  summary: SummaryJson;
  /** False when the same run was stored before. */
  stored: boolean;
  verdict: Verdict;
}

/** A shortfall customers keep as a claim against the exchange is a failed outcome. */
function shortfallVerdict(result: CompensationResult): Verdict {
  return result.shortfall_minor > 0n && result.on_shortfall === 'record_claim' ? 'failed' : 'ok';
}

export function resolvePolicy(snapshot: Snapshot, policy_file?: { name: string; text: string }): CompensationPolicy {
  if (policy_file !== undefined) return parseCompensationPolicyText(policy_file.text, snapshot, policy_file.name);
  const json = snapshot.documents.compensation_policy;
  if (json === undefined) throw new UserError('compensation.no_policy', { file: POLICY_FILE_NAME });
  return parseCompensationPolicy(json, snapshot, POLICY_FILE_NAME);
}

export async function runCompensation(store: TenantStore | null, request: CompensationRequest): Promise<CompensationRun> {
  const { snapshot, incident } = request;
  const policy = resolvePolicy(snapshot, request.policy_file);
  const base_decimals = snapshot.assets.get(snapshot.manifest.base_currency)!.decimals;
  const additional_funding = parseAddFunding(request.add_funding, snapshot.manifest.base_currency, base_decimals);
  const insurance = await (request.insurance ?? insuranceFromPolicies)(snapshot, incident, request.incident_file);
  const inputs = {
    engine: ENGINE_VERSION,
    snapshot: snapshot.content_sha256,
    incident: incident.content_sha256,
    policy: policy.sha256,
    add_funding: additional_funding.map((f) => [f.name, f.amount_minor]),
    insurance: [insurance.status, insurance.amount_minor, insurance.unattributed_minor ?? null],
  };
  const identity = runIdentity('compensate', inputs);
  const { run_id, inputs_sha256 } = identity;
  const out_dir = request.out_dir ?? join(request.out_parent ?? '.', run_id);
  // Written aside and renamed whole: a crash leaves the complete set or none (output-dir.ts).
  const output = await openOutputDir(out_dir, OUTPUT_FILES, { run_id, run_file: SUMMARY_JSON_FILE, force: request.force === true });

  const payout_assets = { symbols: snapshot.manifest.assets.map((a) => a.symbol), decimals: snapshot.manifest.assets.map((a) => a.decimals), base_decimals };
  const threaded = request.writer_thread ?? snapshot.balance_rows >= WRITER_THREAD_ROWS_MIN;
  let result: CompensationResult;
  let summary: SummaryJson;
  let stored = false;
  try {
    const payouts = openPayoutFile(join(output.staging, PAYOUTS_FILE), payout_assets, { threaded });
    try {
      result = await compensate({ snapshot, incident, incident_file: request.incident_file, policy, additional_funding, insurance }, payouts.sink);
      await payouts.finish();
    } catch (error) {
      await payouts.abandon();
      throw error;
    }
    summary = summaryJson(result, run_id);
    await writeFile(join(output.staging, SUMMARY_JSON_FILE), JSON.stringify(summary, null, 2) + '\n', 'utf8');
    for (const lang of ['en', 'ja'] as const) await writeFile(join(output.staging, SUMMARY_MD_FILES[lang]), renderSummaryMarkdown(summary, translator(lang)), 'utf8');
    // Stored before the files are published: a crash in between leaves a stored run whose files a
    // re-run writes again, byte for byte; never files under their final names without their run.
    if (store !== null) {
      stored = (
        await saveRun(
          store,
          {
            kind: 'compensate',
            snapshot_id: snapshot.id,
            inputs,
            params: { incident: incident.id, incident_sha256: incident.content_sha256, policy_sha256: policy.sha256, add_funding: request.add_funding, insurance: insurance.status },
            result: summary,
          },
          identity,
        )
      ).created;
    }
  } catch (error) {
    await output.abandon();
    throw error;
  }
  await output.publish();
  return { run_id, inputs_sha256, out_dir, result, summary, stored, verdict: shortfallVerdict(result) };
}

export interface CompensateRequest {
  snapshot: SnapshotRef;
  incident: NamedText;
  /** Instead of the snapshot's compensation-policy.json. */
  policy?: NamedText;
  /** `name=amount` in the base currency, as typed. */
  add_funding?: readonly string[];
  /** Where payouts.csv and the summaries go; default: a directory named by the run id. */
  out_dir?: string;
  /** Where that default directory is made; default: the working directory. */
  out_parent?: string;
  /** Replace another run's files in out_dir. */
  force?: boolean;
}

export type CompensateResult = CompensationRun & WithWarnings;

export async function compensateIncident(deps: AppDeps, request: CompensateRequest): Promise<CompensateResult> {
  const { snapshot, imported } = await resolveSnapshot(deps, request.snapshot);
  const incident = parseIncident(request.incident.text, request.incident.name, snapshot);
  const run = await locatedInIncident(request.incident, () => runCompensation(deps.store, {
    snapshot,
    incident,
    incident_file: request.incident.name,
    ...(request.policy === undefined ? {} : { policy_file: request.policy }),
    add_funding: request.add_funding ?? [],
    ...(request.out_dir === undefined ? {} : { out_dir: request.out_dir }),
    ...(request.out_parent === undefined ? {} : { out_parent: request.out_parent }),
    ...(request.force === true ? { force: true } : {}),
  }));
  const cutoff = cutoffWarnings({ ...incident, as_of: snapshot.manifest.as_of, as_of_ms: snapshot.manifest.as_of_ms, file: request.incident.name, text: request.incident.text });
  return { ...run, warnings: [...(imported?.warnings ?? []), ...cutoff] };
}

/** `hozen compensate --json` and the API: the summary (its run id included). */
export function compensateJson(result: CompensateResult): SummaryJson {
  return result.summary;
}
