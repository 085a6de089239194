// `snapshots`: what the store holds, oldest import first.

import type { SnapshotRecord } from '../store/types.ts';
import type { AppDeps } from './deps.ts';

export interface SnapshotsResult {
  snapshots: SnapshotRecord[];
}

export async function listSnapshots(deps: AppDeps): Promise<SnapshotsResult> {
  return { snapshots: await deps.store.listSnapshots() };
}

export function snapshotsJson(result: SnapshotsResult): SnapshotsResult {
  return result;
}
