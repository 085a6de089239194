// Import a snapshot directory into the store: validate everything and write it in one
// transaction, or write nothing. The id comes from the content, so a second import of the same
// files finds the first and writes nothing.

import type { InputIssue } from '../errors.ts';
import { identifySnapshotDir, readSnapshotDir } from '../snapshot/read/directory.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Store } from '../store/types.ts';

export interface ImportResult {
  snapshot_id: string;
  content_sha256: string;
  status: 'created' | 'exists';
  balance_rows: number;
  seconds: number;
  warnings: InputIssue[];
  /** The snapshot as read from the directory (balances stream from its file). */
  snapshot: Snapshot;
}

export interface ImportOptions {
  on_progress?: (rows: number) => void;
}

export async function importSnapshotDir(store: Store, dir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const started_ms = performance.now();
  const identity = await identifySnapshotDir(dir);
  if (await store.snapshotExists(identity.id)) {
    // Already imported: validation ran then. Re-reading the small files gives the engines their
    // snapshot; balances are not re-validated (the content hash is the same).
    const { snapshot, warnings } = await readSnapshotDir(dir, { identity, ...(options.on_progress ? { on_progress: options.on_progress } : {}) });
    return { snapshot_id: identity.id, content_sha256: identity.content_sha256, status: 'exists', balance_rows: snapshot.balance_rows, seconds: (performance.now() - started_ms) / 1000, warnings, snapshot };
  }
  let result: Awaited<ReturnType<typeof readSnapshotDir>> | undefined;
  await store.importSnapshot(async (writer) => {
    result = await readSnapshotDir(dir, {
      identity,
      on_header: (header) => writer.insertHeader(header),
      on_balances: (batch) => writer.appendBalanceCopy(identity.id, batch),
      ...(options.on_progress ? { on_progress: options.on_progress } : {}),
    });
    await writer.finish(identity.id, result.snapshot.balance_totals, result.snapshot.balance_rows);
    await writer.appendAudit({
      kind: 'import',
      subject: identity.id,
      inputs_sha256: identity.content_sha256,
      details: { files: identity.files, balance_rows: result.snapshot.balance_rows, exchange_id: result.snapshot.manifest.exchange.id, as_of: result.snapshot.manifest.as_of },
    });
  });
  const { snapshot, warnings } = result!;
  return { snapshot_id: identity.id, content_sha256: identity.content_sha256, status: 'created', balance_rows: snapshot.balance_rows, seconds: (performance.now() - started_ms) / 1000, warnings, snapshot };
}
