// `snapshots`: what the store holds, oldest import first, each with who imported it (the actor
// its import's audit entry names, written in the same transaction as the import), joined here
// from one query of the audit log and the accounts: no query per snapshot, no balance row.

import type { Translator } from '../i18n/i18n.ts';
import type { Actor, SnapshotRecord } from '../store/types.ts';
import type { AppDeps } from './deps.ts';

/** Who imported a snapshot. */
export interface SnapshotImportedBy {
  type: Actor['type'];
  /** The user or token id; the operating-system user for the command line. */
  id: string;
  role: string | null;
  /** The user who logged in, or the token's owner; null for the command line and the system. */
  user_name: string | null;
  token_label: string | null;
}

export interface ListedSnapshot extends SnapshotRecord {
  /** Null when the import's entry names no actor (written before actors were recorded). */
  imported_by: SnapshotImportedBy | null;
}

export interface SnapshotsResult {
  snapshots: ListedSnapshot[];
}

export async function listSnapshots(deps: AppDeps): Promise<SnapshotsResult> {
  const [snapshots, importers] = await Promise.all([deps.store.listSnapshots(), deps.store.snapshotImporters()]);
  const by_snapshot = new Map(importers.map((i) => [i.snapshot_id, i]));
  return {
    snapshots: snapshots.map((s) => {
      const importer = by_snapshot.get(s.id);
      const actor = importer?.actor ?? null;
      return { ...s, imported_by: actor === null ? null : { type: actor.type, id: actor.id, role: actor.role, user_name: importer!.user_name, token_label: importer!.token_label } };
    }),
  };
}

export function snapshotsJson(result: SnapshotsResult): SnapshotsResult {
  return result;
}

/** Who imported it, in words: a user and role, a token of a user, the command line, Hozen itself. */
export function importedByText(tr: Translator, by: SnapshotImportedBy | null): string {
  if (by === null) return tr.t('app.imported_by.unknown');
  const role = by.role ?? '—';
  switch (by.type) {
    case 'user':
      return tr.t('app.imported_by.user', { user: by.user_name ?? by.id, role });
    case 'token':
      return tr.t('app.imported_by.token', { user: by.user_name ?? '—', label: by.token_label ?? by.id, role });
    case 'cli':
      return tr.t('app.imported_by.cli', { id: by.id });
    case 'job':
    case 'system':
      return tr.t('app.imported_by.system', { id: by.id });
  }
}
