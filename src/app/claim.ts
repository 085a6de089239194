// `claim`: what each insurance policy and reinsurer would pay for an incident, stored as a run of
// the snapshot and the incident's content. The stored result is language-neutral (claimRunJson),
// so it can be shown again in either language without recomputing.

import { cutoffWarnings } from '../incident/cutoff.ts';
import { parseIncident } from '../incident/parse.ts';
import type { Translator } from '../i18n/i18n.ts';
import { claimReportJson, claimRunJson, computeClaim, type ClaimReportJson, type ClaimRunJson } from '../insurance/index.ts';
import type { AppDeps, NamedText, WithWarnings } from './deps.ts';
import { locatedInIncident } from './incident-errors.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';
import { saveRun } from './runs.ts';

/**
 * Part of every claim run's inputs: changes whenever the claim's arithmetic does, so a claim
 * stored by an earlier engine is never taken for a new one's (2: the loss no customer bears stays
 * unattributed instead of being shared over the incident's accounts).
 */
export const CLAIM_ENGINE_VERSION = 'hozen-claim-engine/2';

export interface ClaimRequest {
  snapshot: SnapshotRef;
  incident: NamedText;
}

export interface ClaimResult extends WithWarnings {
  claim: ClaimRunJson;
  run_id: string;
  created: boolean;
}

export async function claimIncident(deps: AppDeps, request: ClaimRequest): Promise<ClaimResult> {
  const { snapshot, imported } = await resolveSnapshot(deps, request.snapshot);
  const incident = parseIncident(request.incident.text, request.incident.name, snapshot);
  const claim = claimRunJson(await locatedInIncident(request.incident, () => computeClaim(snapshot, incident, request.incident.name)), incident.occurred_at);
  const saved = await saveRun(deps.store, {
    kind: 'claim',
    snapshot_id: snapshot.id,
    inputs: { engine: CLAIM_ENGINE_VERSION, snapshot: snapshot.content_sha256, incident: incident.content_sha256 },
    params: { incident: incident.id, incident_sha256: incident.content_sha256 },
    result: claim,
  });
  const cutoff = cutoffWarnings({ ...incident, as_of: snapshot.manifest.as_of, as_of_ms: snapshot.manifest.as_of_ms, file: request.incident.name, text: request.incident.text });
  return { claim, run_id: saved.run_id, created: saved.created, warnings: [...(imported?.warnings ?? []), ...cutoff] };
}

/** `hozen claim --json` and the API. */
export function claimJson(result: ClaimResult, tr: Translator): ClaimReportJson & { run_id: string } {
  return { ...claimReportJson(result.claim, tr), run_id: result.run_id };
}
