// The store as the use cases see it. One implementation (store.ts) runs over a small per-driver
// adapter (PGlite embedded, or a PostgreSQL server via DATABASE_URL).
//
// Every stored row belongs to a tenant (an exchange) and is keyed by it. A `Store` is one
// tenant's view, bound to the actor that uses it: everything it reads or writes is that tenant's,
// and every audit entry it appends names that actor. A `StoreHandle` is the open connection; it
// hands out tenant views, and holds what belongs to no tenant (the tenants themselves, and the
// service's own audit chain).

import type { BalanceCopyBatch, BalanceImportBatch, BalanceTotal, Snapshot } from '../snapshot/types.ts';
import type { AccountStore } from './accounts.ts';
import type { JobStore } from './jobs.ts';
import type { WebhookDeliveryRecord, WebhookDeliveryStore } from './webhook-deliveries.ts';
import type { Adapter } from './adapter.ts';
import type { ChangeListener } from './changes.ts';

export type StoreKind = 'pglite' | 'postgres';

/** The tenant of a store that was never told otherwise: the CLI's, and every store from before tenants. */
export const LOCAL_TENANT = 'local';
/** The audit chain of what belongs to no tenant (users, tokens, tenants). Not a valid tenant id. */
export const SYSTEM_CHAIN = '_system';
/**
 * The association's own jobs (the sector stress test) and their audit chain: it belongs to no
 * member. Not a valid tenant id, so no member's principal, whose queries carry its tenant id, reads them.
 */
export const ASSOCIATION_SCOPE = '_association';
/** Tenant ids: lower-case letters, digits and hyphens, starting with a letter or digit. */
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface Actor {
  type: 'cli' | 'user' | 'token' | 'job' | 'system';
  /** The user or token id; the operating-system user for the CLI. */
  id: string;
  role: string | null;
  /** The tenant the actor belongs to; null for actors that act across tenants. */
  tenant: string | null;
}

export interface TenantRecord {
  id: string;
  name: string;
  /** IANA time zone in which the exchange's people read times (Asia/Tokyo for a JP exchange). */
  time_zone: string;
  created_at: string;
}

/** What `hozen snapshots` lists. */
export interface SnapshotRecord {
  id: string;
  content_sha256: string;
  exchange_id: string;
  exchange_name: string;
  as_of: string;
  base_currency: string;
  balance_rows: number;
  /** ISO 8601 UTC. */
  imported_at: string;
}

/** Who imported a snapshot, as its import's audit entry names them, with the names people read. */
export interface SnapshotImporter {
  snapshot_id: string;
  /** Null in entries written before actors were recorded (format 1). */
  actor: Actor | null;
  /** The user's name: the user who logged in, or the owner of the token; null for the command line and the system. */
  user_name: string | null;
  /** The token's label, when a token imported it. */
  token_label: string | null;
}

import type { SnapshotHeader } from '../snapshot/types.ts';
export type { SnapshotHeader };

export interface AuditEntryInput {
  /** What happened: 'import', 'check', 'compensate', 'risk', ... */
  kind: string;
  /** What it happened to: a snapshot id or a run id. */
  subject: string;
  /** SHA-256 (hex) of everything the action read. */
  inputs_sha256: string;
  details: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  /** The chain: a tenant id, or SYSTEM_CHAIN. */
  tenant_id: string;
  /** 1 for entries written before tenants existed, 2 since (src/store/audit.ts). */
  format: 1 | 2;
  /** Who acted; null in format-1 entries. */
  actor: Actor | null;
  seq: number;
  /** ISO 8601 UTC. */
  at: string;
  prev_hash: string;
  hash: string;
}

export type AuditVerification =
  | { ok: true; entries: number; head_hash: string }
  | { ok: false; entries: number; seq: number; reason: 'hash_mismatch' | 'broken_chain' | 'missing_entry' | 'unaudited_subject' | 'run_result_differs'; detail: string; detail_code: string; detail_params: Record<string, string | number> };

/** Where a snapshot's rows first depart from what its import recorded (store/balance-digest.ts). */
export interface BalanceDifference {
  /** The first chunk of lines that differs. */
  first_line: number;
  last_line: number;
  rows_recorded: number;
  rows_found: number;
  /** The one row that differs, when the chunk shows a single change; else null. */
  line: number | null;
  /** Its account id as stored now (null for a deleted row). */
  account_id: string | null;
  change: 'edited' | 'added' | 'deleted' | null;
}

export type SnapshotVerification =
  | { ok: true; snapshot_id: string; rows: number; sha256: string; audit_seq: number }
  | {
      ok: false;
      snapshot_id: string;
      reason: 'no_audit_entry' | 'audit_entry_edited' | 'no_digest' | 'rows_differ' | 'totals_differ';
      detail: string;
      rows_recorded?: number;
      rows_found?: number;
      difference?: BalanceDifference;
    };

/** An engine run (a coverage check, a compensation, a risk simulation) kept with its inputs' hash. */
export interface RunRecord {
  /** Derived from the inputs' hash so that the same inputs give the same run. */
  id: string;
  kind: string;
  snapshot_id: string;
  inputs_sha256: string;
  /**
   * params and result are kept as JSON in the store's encoding (src/store/json.ts): bigints come
   * back as bigints; what JSON would alter (a Map, a Date, NaN) is refused, not stored.
   */
  params: unknown;
  result: unknown;
  /** ISO 8601 UTC; set by saveRun when absent. */
  created_at?: string;
}

/** The writes of one import, all inside one transaction. */
export interface SnapshotWriter {
  insertHeader(header: SnapshotHeader): Promise<void>;
  /** Appends a batch of validated rows; their CSV lines must increase across batches. */
  appendBalances(snapshot_id: string, batch: BalanceImportBatch): Promise<void>;
  /** The same for rows the reader already wrote in the store's COPY format (the import's path). */
  appendBalanceCopy(snapshot_id: string, batch: BalanceCopyBatch): Promise<void>;
  finish(snapshot_id: string, totals: BalanceTotal[], balance_rows: number): Promise<void>;
  appendAudit(entry: AuditEntryInput): Promise<AuditEntry>;
}

export interface Store {
  readonly kind: StoreKind;
  /** A human description: the data directory or the server URL without password. */
  readonly location: string;
  readonly tenant_id: string;
  readonly actor: Actor;

  snapshotExists(id: string): Promise<boolean>;
  /**
   * Runs `write` in one transaction: if it throws, nothing is written. `write` must insert the
   * header, append the balances with increasing lines, finish with totals equal to the rows it
   * appended, and append an audit entry whose subject is the snapshot id; otherwise the import is
   * rolled back. It must not call other methods of this store (PGlite would wait for the
   * transaction forever). UserError 'store.snapshot_exists' when another process imported the
   * same snapshot first.
   */
  importSnapshot(write: (writer: SnapshotWriter) => Promise<void>): Promise<void>;
  listSnapshots(): Promise<SnapshotRecord[]>;
  /**
   * Who imported each stored snapshot: its import's audit entry joined with the user and token it
   * names, in one query (the audit log and the accounts only, no balance row).
   */
  snapshotImporters(): Promise<SnapshotImporter[]>;
  /** A full id, or a unique prefix of one; null when none or several match. */
  resolveSnapshotId(id_or_prefix: string): Promise<string | null>;
  /** Balances stream from the store in line order. UserError 'store.snapshot_not_found'. */
  loadSnapshot(id: string): Promise<Snapshot>;

  appendAudit(entry: AuditEntryInput): Promise<AuditEntry>;
  auditEntries(): Promise<AuditEntry[]>;
  /**
   * Recomputes every hash and link (src/store/audit.ts documents the serialisation) and checks
   * that every stored snapshot and run has an audit entry; reports the first failure.
   */
  verifyAudit(): Promise<AuditVerification>;
  /** The hash of entry `seq` of this tenant's chain, or null when there is none. */
  auditHashAt(seq: number): Promise<string | null>;
  /**
   * Recomputes the digest of a stored snapshot's balance rows and totals and compares it with the
   * one its import recorded in its audit entry. UserError 'store.snapshot_not_found'.
   */
  verifySnapshot(id: string): Promise<SnapshotVerification>;

  /**
   * Stores a run once, with its audit entry (kind = run.kind, subject = run.id, inputs_sha256 =
   * run.inputs_sha256, details {snapshot_id, content_sha256}) in the same transaction, so that no
   * stored run is unaudited and an edited one is found (runContentSha256, audit-log.ts). Saving a run whose id exists is a no-op that returns false.
   */
  saveRun(run: RunRecord): Promise<boolean>;
  getRun(id: string): Promise<RunRecord | null>;
  listRuns(filter: { kind?: string; snapshot_id?: string }): Promise<RunRecord[]>;
  /** The latest deliveries of this tenant's alerts to its webhook, newest first, with every attempt. */
  webhookDeliveries(limit: number): Promise<WebhookDeliveryRecord[]>;

  /** Closes the connection this view shares with its handle (the CLI's and tests' one-tenant use). */
  close(): Promise<void>;
}

/** A tenant's view as a use case gets it: it may not close the connection it shares. */
export type TenantStore = Omit<Store, 'close'>;

export interface StoreHandle {
  readonly kind: StoreKind;
  readonly location: string;
  /** The tenant's view, acting as `actor`. UserError 'store.unknown_tenant' when there is no such tenant. */
  forTenant(tenant_id: string, actor: Actor): Promise<Store>;
  /** Creates a tenant; UserError 'store.tenant_exists' when the id is taken. Audited in the system chain. */
  createTenant(tenant: Omit<TenantRecord, 'created_at'>, actor: Actor): Promise<TenantRecord>;
  listTenants(): Promise<TenantRecord[]>;
  /** The service's own chain (users, tokens, tenants). */
  appendSystemAudit(entry: AuditEntryInput, actor: Actor): Promise<AuditEntry>;
  systemAuditEntries(): Promise<AuditEntry[]>;
  verifySystemAudit(): Promise<AuditVerification>;
  /** Users, sessions and API tokens of the service. */
  readonly accounts: AccountStore;
  /**
   * What changed, for caches of what the store holds (changes.ts). `complete` is whether every
   * change is heard, this process's and every other's: always with PGlite; on a PostgreSQL server
   * only while the notification connection (opened by the first subscriber) is up. A cache must
   * keep nothing while it is false.
   */
  readonly changes: { subscribe(listener: ChangeListener): () => void; readonly complete: boolean };
  /** Long work: the queue workers take jobs from (jobs.ts). */
  readonly jobs: JobStore;
  /** The daily run's alerts on their way to tenants' webhooks, with every attempt (webhook-deliveries.ts). */
  readonly webhooks: WebhookDeliveryStore;
  /** The connection itself: for migrations' tests and for tampering in the tests that must catch it. */
  readonly adapter: Adapter;
  close(): Promise<void>;
}
