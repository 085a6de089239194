// `hozen snapshot verify <id>`: are the snapshot's balance rows and totals still what its import
// stored? Recomputed from the store and compared with the digest in the import's audit entry
// (store/balance-digest.ts); the first row that differs is named where the digest can tell.

import { UserError } from '../errors.ts';
import type { SnapshotVerification } from '../store/types.ts';
import type { AppDeps, Verdict } from './deps.ts';

export interface SnapshotVerifyRequest {
  /** A stored snapshot's id, or a unique prefix of one. */
  id: string;
}

export type SnapshotVerifyResult = SnapshotVerification & { verdict: Verdict };

export async function verifySnapshotRows(deps: AppDeps, request: SnapshotVerifyRequest): Promise<SnapshotVerifyResult> {
  const id = await deps.store.resolveSnapshotId(request.id);
  if (id === null) throw new UserError('store.snapshot_not_found', { id: request.id });
  const verification = await deps.store.verifySnapshot(id);
  return { ...verification, verdict: verification.ok ? 'ok' : 'failed' };
}

/** `hozen snapshot verify --json` and the API. */
export function snapshotVerifyJson(result: SnapshotVerifyResult): SnapshotVerification {
  const { verdict: _verdict, ...verification } = result;
  return verification;
}
