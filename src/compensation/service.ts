// The compensation service behind `hozen compensate`: resolve the policy, hash every input into
// the run id, run the engine into payouts.csv, write the summaries, and store the run (which the
// store audits). Same inputs → same run id and byte-identical files.

import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import type { Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Store } from '../store/types.ts';
import { openPayoutFile, PAYOUTS_FILE, WRITER_THREAD_ROWS_MIN } from './payout-file.ts';
import { compensate } from './engine.ts';
import { parseAddFunding } from './funding.ts';
import { insuranceFromPolicies, type InsuranceProvider } from './insurance.ts';
import { canonicalJson, parseCompensationPolicy, parseCompensationPolicyText, POLICY_FILE_NAME } from './policy.ts';
import { renderSummaryMarkdown, summaryJson, type SummaryJson } from './summary.ts';
import type { CompensationPolicy, CompensationResult } from './types.ts';

export const SUMMARY_JSON_FILE = 'summary.json';
export const SUMMARY_MD_FILES = { en: 'summary.en.md', ja: 'summary.ja.md' } as const;
/** Changes whenever the engine's arithmetic changes, so old runs are never mistaken for new ones. */
export const ENGINE_VERSION = 'hozen-compensate/1';
export const RUN_KIND = 'compensate';

export interface CompensationRequest {
  snapshot: Snapshot;
  incident: Incident;
  incident_file: string;
  /** `--policy file`; otherwise the snapshot's compensation-policy.json. */
  policy_file?: { name: string; text: string };
  /** `--add-funding name=amount`, as typed. */
  add_funding: readonly string[];
  /** Where payouts.csv and the summaries go; default `compensation-<run id>`. */
  out_dir?: string;
  insurance?: InsuranceProvider;
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
}

export function resolvePolicy(snapshot: Snapshot, policy_file?: { name: string; text: string }): CompensationPolicy {
  if (policy_file !== undefined) return parseCompensationPolicyText(policy_file.text, snapshot, policy_file.name);
  const json = snapshot.documents.compensation_policy;
  if (json === undefined) throw new UserError('compensation.no_policy', { file: POLICY_FILE_NAME });
  return parseCompensationPolicy(json, snapshot, POLICY_FILE_NAME);
}

export async function runCompensation(store: Store | null, request: CompensationRequest): Promise<CompensationRun> {
  const { snapshot, incident } = request;
  const policy = resolvePolicy(snapshot, request.policy_file);
  const base_decimals = snapshot.assets.get(snapshot.manifest.base_currency)!.decimals;
  const additional_funding = parseAddFunding(request.add_funding, snapshot.manifest.base_currency, base_decimals);
  const insurance = await (request.insurance ?? insuranceFromPolicies)(snapshot, incident);
  const inputs_sha256 = createHash('sha256')
    .update(
      canonicalJson({
        engine: ENGINE_VERSION,
        snapshot: snapshot.content_sha256,
        incident: incident.content_sha256,
        policy: policy.sha256,
        add_funding: additional_funding.map((f) => [f.name, f.amount_minor.toString()]),
        insurance: [insurance.status, insurance.amount_minor.toString()],
      }),
      'utf8',
    )
    .digest('hex');
  const run_id = `cmp-${inputs_sha256.slice(0, 16)}`;
  const out_dir = request.out_dir ?? `compensation-${run_id}`;
  await mkdir(out_dir, { recursive: true });

  const payout_assets = { symbols: snapshot.manifest.assets.map((a) => a.symbol), decimals: snapshot.manifest.assets.map((a) => a.decimals), base_decimals };
  const threaded = request.writer_thread ?? snapshot.balance_rows >= WRITER_THREAD_ROWS_MIN;
  const payouts = openPayoutFile(join(out_dir, PAYOUTS_FILE), payout_assets, { threaded });
  let result: CompensationResult;
  try {
    result = await compensate({ snapshot, incident, incident_file: request.incident_file, policy, additional_funding, insurance }, payouts.sink);
    await payouts.finish();
  } catch (error) {
    await payouts.abandon();
    throw error;
  }
  const summary = summaryJson(result, run_id);
  await writeAtomically(join(out_dir, SUMMARY_JSON_FILE), JSON.stringify(summary, null, 2) + '\n');
  for (const lang of ['en', 'ja'] as const) await writeAtomically(join(out_dir, SUMMARY_MD_FILES[lang]), renderSummaryMarkdown(summary, translator(lang)));

  const stored =
    store === null
      ? false
      : await store.saveRun({
          id: run_id,
          kind: RUN_KIND,
          snapshot_id: snapshot.id,
          inputs_sha256,
          params: { incident: incident.id, incident_sha256: incident.content_sha256, policy_sha256: policy.sha256, add_funding: request.add_funding, insurance: insurance.status },
          result: summary,
        });
  return { run_id, inputs_sha256, out_dir, result, summary, stored };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.partial`, text, 'utf8');
  await rename(`${path}.partial`, path);
}
