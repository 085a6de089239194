// A use case works on a snapshot named one of two ways: a directory (imported first, idempotently,
// so that results can be stored against it; its balances then stream from the file) or a stored
// snapshot's id, or a unique prefix of one.

import { stat } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { AppDeps } from './deps.ts';
import { importSnapshot, type ImportResult } from './import.ts';

export type SnapshotRef = { dir: string } | { id: string };

export interface ResolvedSnapshot {
  snapshot: Snapshot;
  /** Set when the reference was a directory. */
  imported?: ImportResult;
}

/** A command-line argument: a directory when one exists at that path, else an id or prefix. */
export async function snapshotRefOf(arg: string): Promise<SnapshotRef> {
  const info = await stat(arg).catch(() => null);
  return info !== null && info.isDirectory() ? { dir: arg } : { id: arg };
}

export async function resolveSnapshot(deps: AppDeps, ref: SnapshotRef): Promise<ResolvedSnapshot> {
  if ('dir' in ref) {
    const imported = await importSnapshot(deps, { dir: ref.dir });
    return { snapshot: imported.snapshot, imported };
  }
  const id = await deps.store.resolveSnapshotId(ref.id);
  if (id === null) throw new UserError('app.unknown_snapshot', { arg: ref.id });
  return { snapshot: await deps.store.loadSnapshot(id) };
}
