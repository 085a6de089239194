// `show`: a snapshot's liabilities and holdings per asset, tier and purpose, valued in the base
// currency at as_of. Reads no balance row: the totals were summed at import.

import { summarizeSnapshot, type SnapshotSummary } from '../snapshot/summary.ts';
import type { AppDeps, WithWarnings } from './deps.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';

export interface ShowRequest {
  snapshot: SnapshotRef;
}

export interface ShowResult extends WithWarnings {
  summary: SnapshotSummary;
}

export async function showSnapshot(deps: AppDeps, request: ShowRequest): Promise<ShowResult> {
  const { snapshot, imported } = await resolveSnapshot(deps, request.snapshot);
  return { summary: summarizeSnapshot(snapshot), warnings: imported?.warnings ?? [] };
}

export function showJson(result: ShowResult): SnapshotSummary {
  return result.summary;
}
