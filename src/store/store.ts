// The store, written once over an Adapter (adapter.ts) so that PGlite and a PostgreSQL server
// behave the same. Amounts cross the driver as decimal text (bigint ↔ numeric), JSON values in
// the store's encoding (encoding/json.ts), bulk rows through COPY (encoding/copy-text.ts).
//
// The handle is the connection; a tenant's view (forTenant) puts its tenant id into every query
// it runs, so a view cannot read or write another tenant's rows, and names its actor in every
// audit entry it appends.

import { UserError } from '../errors.ts';
import { accountStore } from './accounts.ts';
import { ChangeFeed, decodeChange, encodeChange, type Changed, type StoreChange } from './changes.ts';
import type { Listening } from './adapter.ts';
import { jobStore } from './jobs.ts';
import { webhookDeliveryStore } from './webhook-deliveries.ts';
import type { Adapter, SqlRow } from './adapter.ts';
import { SHA256_HEX, appendAudit, auditEntries, runContentSha256, verifyAudit } from './audit-log.ts';
import { ImportWriter } from './import-writer.ts';
import { decodeJson, encodeJson, jsonParam } from '../encoding/json.ts';
import { loadSnapshot } from './load.ts';
import { verifySnapshot } from './verify-snapshot.ts';
import { SYSTEM_CHAIN, TENANT_ID, type Actor, type RunRecord, type SnapshotImporter, type SnapshotRecord, type Store, type StoreHandle, type TenantRecord } from './types.ts';
import { int, str } from './values.ts';

/** Scans stream batches of this many rows unless asked otherwise (kept here for bench scripts). */
export { BALANCE_BATCH_ROWS_DEFAULT } from '../snapshot/memory.ts';

export function createStoreHandle(adapter: Adapter, on_close: () => void = () => {}): StoreHandle {
  let closed = false;
  // Tenants are never deleted, so one that was found stays found; runs never change once stored.
  const known_tenants = new Set<string>();
  const runs = new RunCache();
  const feed = new ChangeFeed();
  let listening: Listening | null = null;
  const changed: Changed = {
    send: async (tx, change) => {
      await adapter.notifications?.send(tx, encodeChange(change));
    },
    tell: (change) => feed.emit(change),
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await listening?.stop();
      await adapter.close();
    } finally {
      on_close();
    }
  };
  return {
    kind: adapter.kind,
    location: adapter.location,
    adapter,
    accounts: accountStore(adapter, changed),
    changes: {
      subscribe(listener) {
        const stop = feed.subscribe(listener);
        if (adapter.notifications !== undefined && listening === null && !closed) {
          listening = adapter.notifications.listen(
            (payload) => feed.emit(decodeChange(payload)),
            () => feed.emit({ kind: 'all' }),
          );
        }
        return stop;
      },
      get complete() {
        return adapter.notifications === undefined || (listening?.up ?? false);
      },
    },
    jobs: jobStore(adapter),
    webhooks: webhookDeliveryStore(adapter),

    async forTenant(tenant_id, actor) {
      if (!known_tenants.has(tenant_id)) {
        const found = await adapter.query('SELECT 1 FROM tenants WHERE id = $1', [tenant_id]);
        if (found.length === 0) throw new UserError('store.unknown_tenant', { tenant: tenant_id });
        known_tenants.add(tenant_id);
      }
      return tenantView(adapter, tenant_id, actor, close, runs, changed);
    },

    async createTenant(tenant, actor) {
      if (!TENANT_ID.test(tenant.id)) throw new UserError('store.bad_tenant_id', { tenant: tenant.id });
      const created_at = new Date().toISOString();
      return adapter.transaction(async (tx) => {
        const inserted = await tx.query('INSERT INTO tenants (id, name, time_zone, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id', [tenant.id, tenant.name, tenant.time_zone, created_at]);
        if (inserted.length === 0) throw new UserError('store.tenant_exists', { tenant: tenant.id });
        await appendAudit(tx, SYSTEM_CHAIN, actor, { kind: 'tenant.create', subject: tenant.id, inputs_sha256: '0'.repeat(64), details: { name: tenant.name, time_zone: tenant.time_zone } });
        return { ...tenant, created_at };
      });
    },

    async listTenants() {
      const rows = await adapter.query('SELECT * FROM tenants ORDER BY id');
      return rows.map((r): TenantRecord => ({ id: str(r.id), name: str(r.name), time_zone: str(r.time_zone), created_at: str(r.created_at) }));
    },

    appendSystemAudit: (entry, actor) => adapter.transaction((tx) => appendAudit(tx, SYSTEM_CHAIN, actor, entry)),
    systemAuditEntries: () => auditEntries(adapter, SYSTEM_CHAIN),
    verifySystemAudit: () => verifyAudit(adapter, SYSTEM_CHAIN),
    close,
  };
}

/**
 * Stored runs by tenant and id, decoded once: a run is immutable once stored (its id is its
 * inputs' hash, its content hash is in the audit log), so a service answering the same stored check
 * to many readers reads only the ids from the database. Records are frozen: a caller cannot alter
 * what another one reads. Bounded; the oldest entries go first.
 */
export class RunCache {
  private readonly records = new Map<string, RunRecord>();
  constructor(readonly entries_max = 2_000) {}

  get(tenant_id: string, id: string): RunRecord | undefined {
    return this.records.get(`${tenant_id}\u0000${id}`);
  }

  put(tenant_id: string, record: RunRecord): RunRecord {
    const frozen = deepFreeze(record);
    this.records.set(`${tenant_id}\u0000${record.id}`, frozen);
    if (this.records.size > this.entries_max) this.records.delete(this.records.keys().next().value!);
    return frozen;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as object)) deepFreeze(item);
  }
  return value;
}

function tenantView(adapter: Adapter, tenant_id: string, actor: Actor, close: () => Promise<void>, runs: RunCache, changed: Changed): Store {
  const change: StoreChange = { kind: 'tenant', tenant_id };
  const snapshotExists = async (id: string): Promise<boolean> => (await adapter.query('SELECT 1 FROM snapshots WHERE tenant_id = $1 AND id = $2', [tenant_id, id])).length > 0;
  return {
    kind: adapter.kind,
    location: adapter.location,
    tenant_id,
    actor,
    snapshotExists,

    async importSnapshot(write) {
      await adapter.transaction(async (tx) => {
        const writer = new ImportWriter(tx, tenant_id, actor);
        try {
          await write(writer);
        } catch (error) {
          // The caller's error is the one to report; a bulk load still running must end first.
          await writer.settle().catch(() => {});
          throw error;
        }
        await writer.settle();
        writer.assertComplete();
        await changed.send(tx, change);
      });
      changed.tell(change);
    },

    async listSnapshots() {
      const rows = await adapter.query(
        `SELECT id, content_sha256, exchange_id, exchange_name, as_of, base_currency, balance_rows, imported_at
         FROM snapshots WHERE tenant_id = $1 ORDER BY key`,
        [tenant_id],
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

    async snapshotImporters() {
      // The first import entry of each snapshot is its import (verify-snapshot.ts reads the same one).
      const rows = await adapter.query(
        `SELECT DISTINCT ON (a.subject) a.subject, a.actor, COALESCE(u.name, tu.name) AS user_name, t.label AS token_label
         FROM audit_log a
         JOIN snapshots s ON s.tenant_id = a.tenant_id AND s.id = a.subject
         LEFT JOIN users u ON a.actor->>'type' = 'user' AND u.id = a.actor->>'id'
         LEFT JOIN api_tokens t ON a.actor->>'type' = 'token' AND t.id = a.actor->>'id'
         LEFT JOIN users tu ON tu.id = t.user_id
         WHERE a.tenant_id = $1 AND a.kind = 'import'
         ORDER BY a.subject, a.seq`,
        [tenant_id],
      );
      return rows.map(
        (r): SnapshotImporter => ({
          snapshot_id: str(r.subject),
          actor: r.actor === null || r.actor === undefined ? null : (decodeJson(r.actor) as Actor),
          user_name: r.user_name === null || r.user_name === undefined ? null : str(r.user_name),
          token_label: r.token_label === null || r.token_label === undefined ? null : str(r.token_label),
        }),
      );
    },

    async resolveSnapshotId(id_or_prefix) {
      if (id_or_prefix === '') return null;
      if (await snapshotExists(id_or_prefix)) return id_or_prefix;
      const rows = await adapter.query('SELECT id FROM snapshots WHERE tenant_id = $1 AND starts_with(id, $2) ORDER BY id LIMIT 2', [tenant_id, id_or_prefix]);
      return rows.length === 1 ? str(rows[0]!.id) : null;
    },

    loadSnapshot: (id) => loadSnapshot(adapter, tenant_id, id),

    appendAudit: (entry) => adapter.transaction((tx) => appendAudit(tx, tenant_id, actor, entry)),
    auditEntries: () => auditEntries(adapter, tenant_id),
    verifyAudit: () => verifyAudit(adapter, tenant_id),
    async auditHashAt(seq) {
      const rows = await adapter.query('SELECT hash FROM audit_log WHERE tenant_id = $1 AND seq = $2', [tenant_id, seq]);
      return rows.length === 0 ? null : str(rows[0]!.hash);
    },
    verifySnapshot: (id) => verifySnapshot(adapter, tenant_id, id),

    saveRun: async (run) => {
      const created = await adapter.transaction(async (tx) => {
        if (run.id === '' || !SHA256_HEX.test(run.inputs_sha256)) throw new Error(`store: run needs an id and a hex SHA-256 of its inputs`);
        const inserted = await tx.query(
          `INSERT INTO runs (tenant_id, id, kind, snapshot_id, inputs_sha256, params, result, created_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
          [tenant_id, run.id, run.kind, run.snapshot_id, run.inputs_sha256, jsonParam(run.params, 'params'), jsonParam(run.result, 'result'), run.created_at ?? new Date().toISOString()],
        );
        if (inserted.length === 0) return false;
        // In the same transaction: a stored run always has its audit entry (verifyAudit checks).
        // The entry keeps the hash of what the run stored, so an edited result is found.
        const content_sha256 = runContentSha256({ kind: run.kind, snapshot_id: run.snapshot_id, inputs_sha256: run.inputs_sha256, params_encoded: encodeJson(run.params, 'params'), result_encoded: encodeJson(run.result, 'result') });
        await appendAudit(tx, tenant_id, actor, { kind: run.kind, subject: run.id, inputs_sha256: run.inputs_sha256, details: { snapshot_id: run.snapshot_id, content_sha256 } });
        await changed.send(tx, change);
        return true;
      });
      if (created) changed.tell(change);
      return created;
    },

    async getRun(id) {
      const rows = await adapter.query('SELECT * FROM runs WHERE tenant_id = $1 AND id = $2', [tenant_id, id]);
      return rows.length === 0 ? null : runOf(rows[0]!);
    },

    async listRuns(filter) {
      const ids = (
        await adapter.query(`SELECT id FROM runs WHERE tenant_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR snapshot_id = $3) ORDER BY ordinal`, [
          tenant_id,
          filter.kind ?? null,
          filter.snapshot_id ?? null,
        ])
      ).map((r) => str(r.id));
      const missing = ids.filter((id) => runs.get(tenant_id, id) === undefined);
      // Kept apart from the cache too: a list longer than the cache holds would evict what it read.
      const read = new Map<string, RunRecord>();
      if (missing.length > 0) {
        for (const row of await adapter.query('SELECT * FROM runs WHERE tenant_id = $1 AND id = ANY($2::text[])', [tenant_id, missing])) read.set(str(row.id), runs.put(tenant_id, runOf(row)));
      }
      return ids.map((id) => read.get(id) ?? runs.get(tenant_id, id)!);
    },

    webhookDeliveries: (limit) => webhookDeliveryStore(adapter).list(tenant_id, limit),

    close,
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
