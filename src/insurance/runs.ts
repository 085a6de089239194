// `hozen claim` is an engine run like the others: stored once per inputs, with its audit entry
// (written by store.saveRun in the same transaction).

import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/json.ts';
import type { Store } from '../store/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Incident } from '../incident/types.ts';

export const CLAIM_RUN_KIND = 'claim';

/** SHA-256 of everything a claim reads: the snapshot (with its policies.json) and the incident. */
export function claimInputsSha256(snapshot: Snapshot, incident: Incident): string {
  return createHash('sha256').update(canonicalJson({ kind: CLAIM_RUN_KIND, snapshot: snapshot.content_sha256, incident: incident.content_sha256 }), 'utf8').digest('hex');
}

/** Stores the claim's JSON report; returns the run id and whether it was new. */
export async function saveClaimRun(store: Store, snapshot: Snapshot, incident: Incident, report: unknown): Promise<{ run_id: string; stored: boolean }> {
  const inputs_sha256 = claimInputsSha256(snapshot, incident);
  const run_id = `clm-${inputs_sha256.slice(0, 16)}`;
  const stored = await store.saveRun({
    id: run_id,
    kind: CLAIM_RUN_KIND,
    snapshot_id: snapshot.id,
    inputs_sha256,
    params: { incident: incident.id, incident_sha256: incident.content_sha256 },
    result: report,
  });
  return { run_id, stored };
}
