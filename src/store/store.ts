// The store, written once over an Adapter (adapter.ts) so that PGlite and a PostgreSQL server
// behave the same. Amounts cross the driver as decimal text (bigint ↔ numeric), JSON values in
// the store's encoding (json.ts), bulk rows through COPY (copy.ts).

import type { Adapter, SqlRow } from './adapter.ts';
import { SHA256_HEX, appendAudit, auditEntryOf, verifyAudit } from './audit-log.ts';
import { ImportWriter } from './import-writer.ts';
import { decodeJson, jsonParam } from '../encoding/json.ts';
import { loadSnapshot } from './load.ts';
import type { RunRecord, SnapshotRecord, Store } from './types.ts';
import { int, str } from './values.ts';

/** Scans stream batches of this many rows unless asked otherwise (kept here for bench scripts). */
export { BALANCE_BATCH_ROWS_DEFAULT } from '../snapshot/memory.ts';

export function createStore(adapter: Adapter, on_close: () => void = () => {}): Store {
  let closed = false;
  const snapshotExists = async (id: string): Promise<boolean> => (await adapter.query('SELECT 1 FROM snapshots WHERE id = $1', [id])).length > 0;
  return {
    kind: adapter.kind,
    location: adapter.location,
    snapshotExists,

    async importSnapshot(write) {
      await adapter.transaction(async (tx) => {
        const writer = new ImportWriter(tx);
        try {
          await write(writer);
        } catch (error) {
          // The caller's error is the one to report; a bulk load still running must end first.
          await writer.settle().catch(() => {});
          throw error;
        }
        await writer.settle();
        writer.assertComplete();
      });
    },

    async listSnapshots() {
      const rows = await adapter.query(
        `SELECT id, content_sha256, exchange_id, exchange_name, as_of, base_currency, balance_rows, imported_at
         FROM snapshots ORDER BY key`,
      );
      return rows.map(
        (r): SnapshotRecord => ({
          id: str(r.id),
          content_sha256: str(r.content_sha256),
          exchange_id: str(r.exchange_id),
          exchange_name: str(r.exchange_name),
          as_of: str(r.as_of),
          base_currency: str(r.base_currency),
          balance_rows: int(r.balance_rows),
          imported_at: str(r.imported_at),
        }),
      );
    },

    async resolveSnapshotId(id_or_prefix) {
      if (id_or_prefix === '') return null;
      if (await snapshotExists(id_or_prefix)) return id_or_prefix;
      const rows = await adapter.query('SELECT id FROM snapshots WHERE starts_with(id, $1) ORDER BY id LIMIT 2', [id_or_prefix]);
      return rows.length === 1 ? str(rows[0]!.id) : null;
    },

    loadSnapshot: (id) => loadSnapshot(adapter, id),

    appendAudit: (entry) => adapter.transaction((tx) => appendAudit(tx, entry)),

    async auditEntries() {
      const rows = await adapter.query('SELECT * FROM audit_log ORDER BY seq');
      return rows.map(auditEntryOf);
    },

    verifyAudit: () => verifyAudit(adapter),

    saveRun: (run) =>
      adapter.transaction(async (tx) => {
        if (run.id === '' || !SHA256_HEX.test(run.inputs_sha256)) throw new Error(`store: run needs an id and a hex SHA-256 of its inputs`);
        const inserted = await tx.query(
          `INSERT INTO runs (id, kind, snapshot_id, inputs_sha256, params, result, created_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [run.id, run.kind, run.snapshot_id, run.inputs_sha256, jsonParam(run.params, 'params'), jsonParam(run.result, 'result'), run.created_at ?? new Date().toISOString()],
        );
        if (inserted.length === 0) return false;
        // In the same transaction: a stored run always has its audit entry (verifyAudit checks).
        await appendAudit(tx, { kind: run.kind, subject: run.id, inputs_sha256: run.inputs_sha256, details: { snapshot_id: run.snapshot_id } });
        return true;
      }),

    async getRun(id) {
      const rows = await adapter.query('SELECT * FROM runs WHERE id = $1', [id]);
      return rows.length === 0 ? null : runOf(rows[0]!);
    },

    async listRuns(filter) {
      const rows = await adapter.query(
        `SELECT * FROM runs WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR snapshot_id = $2) ORDER BY ordinal`,
        [filter.kind ?? null, filter.snapshot_id ?? null],
      );
      return rows.map(runOf);
    },

    async close() {
      if (closed) return;
      closed = true;
      try {
        await adapter.close();
      } finally {
        on_close();
      }
    },
  };
}

function runOf(r: SqlRow): RunRecord {
  return {
    id: str(r.id),
    kind: str(r.kind),
    snapshot_id: str(r.snapshot_id),
    inputs_sha256: str(r.inputs_sha256),
    params: decodeJson(r.params),
    result: decodeJson(r.result),
    created_at: str(r.created_at),
  };
}

