// The audit log's rows: appending an entry to its chain (serialised, so a chain never forks) and
// verifying a chain and that everything its tenant stored was audited. Each tenant has its own
// chain, and the service its own (SYSTEM_CHAIN). The hashing itself is in audit.ts.

import type { SqlRow, SqlRunner } from './adapter.ts';
import { AUDIT_FORMAT_V1, AUDIT_FORMAT_V2, AuditChainWalker, GENESIS_HASH, auditHash, type StoredAuditEntry } from './audit.ts';
import { createHash } from 'node:crypto';
import { canonicalJson, decodeJson, encodeJson } from '../encoding/json.ts';
import type { Actor, AuditEntry, AuditEntryInput, AuditVerification } from './types.ts';
import { int, str } from './values.ts';

export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const RUN_CONTENT_SCHEME = 'hozen-run-content/1';
/** verifyAudit reads stored runs in pages of this many. */
const RUN_PAGE_ROWS = 200;
/** verifyAudit reads the log in pages of this many entries. */
const AUDIT_PAGE_ENTRIES = 10_000;
/** One lock per chain: appends to one tenant's chain queue, other tenants' do not wait. */
const AUDIT_LOCK = `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.hozen_audit.' || $1))`;

/** Appends to `chain` inside the caller's transaction `tx`. */
export async function appendAudit(tx: SqlRunner, chain: string, actor: Actor, entry: AuditEntryInput): Promise<AuditEntry> {
  if (entry.kind === '' || entry.subject === '' || !SHA256_HEX.test(entry.inputs_sha256)) {
    throw new Error('store: an audit entry needs a kind, a subject and a hex SHA-256 of its inputs');
  }
  // Appends to a chain queue here one at a time, so that two never take the same seq and prev_hash.
  await tx.query(AUDIT_LOCK, [chain]);
  const head = await tx.query('SELECT seq, hash FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1', [chain]);
  const seq = head.length === 0 ? 1 : int(head[0]!.seq) + 1;
  const prev_hash = head.length === 0 ? GENESIS_HASH : str(head[0]!.hash);
  const at = new Date().toISOString();
  const details_encoded = encodeJson(entry.details, 'details');
  const actor_encoded = encodeJson(actor, 'actor');
  const hash = auditHash({ format: AUDIT_FORMAT_V2, tenant_id: chain, actor_encoded, seq, at, kind: entry.kind, subject: entry.subject, inputs_sha256: entry.inputs_sha256, details_encoded, prev_hash });
  await tx.query(
    `INSERT INTO audit_log (tenant_id, format, seq, at, kind, subject, inputs_sha256, actor, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)`,
    [chain, AUDIT_FORMAT_V2, seq, at, entry.kind, entry.subject, entry.inputs_sha256, JSON.stringify(actor_encoded), JSON.stringify(details_encoded), prev_hash, hash],
  );
  return { ...entry, tenant_id: chain, format: AUDIT_FORMAT_V2, actor, seq, at, prev_hash, hash };
}

export async function auditEntries(db: SqlRunner, chain: string): Promise<AuditEntry[]> {
  const rows = await db.query('SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [chain]);
  return rows.map(auditEntryOf);
}

export async function verifyAudit(db: SqlRunner, chain: string): Promise<AuditVerification> {
  const walker = new AuditChainWalker();
  let after = 0;
  for (;;) {
    const rows = await db.query('SELECT * FROM audit_log WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [chain, after, AUDIT_PAGE_ENTRIES]);
    for (const r of rows) {
      const failure = walker.add(storedEntryOf(r));
      if (failure !== null) return failure;
    }
    if (rows.length < AUDIT_PAGE_ENTRIES) break;
    after = int(rows[rows.length - 1]!.seq);
  }
  // A deleted tail leaves an intact but shorter chain; what it recorded is still in the store.
  for (const [table, order, what] of [['snapshots', 'key', 'snapshot'], ['runs', 'ordinal', 'run']] as const) {
    const unaudited = await db.query(
      `SELECT id FROM ${table} t WHERE t.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = t.tenant_id AND a.subject = t.id) ORDER BY ${order} LIMIT 1`,
      [chain],
    );
    if (unaudited.length > 0) {
      return { ok: false, entries: walker.entries, seq: walker.next_seq, reason: 'unaudited_subject', detail: `${what} ${str(unaudited[0]!.id)} has no audit entry`, detail_code: what === 'snapshot' ? 'store.audit_detail_unaudited_snapshot' : 'store.audit_detail_unaudited_run', detail_params: { id: str(unaudited[0]!.id) } };
    }
  }
  // An edited run: what it stores no longer hashes to what its entry recorded (runs stored before
  // entries recorded it have no content_sha256 and are only checked for an entry).
  let after_ordinal = -1;
  for (;;) {
    const runs = await db.query(
      `SELECT r.ordinal, r.id, r.kind, r.snapshot_id, r.inputs_sha256, r.params, r.result,
         (SELECT a.details FROM audit_log a WHERE a.tenant_id = r.tenant_id AND a.subject = r.id AND a.kind = r.kind ORDER BY a.seq LIMIT 1) AS details,
         (SELECT a.seq FROM audit_log a WHERE a.tenant_id = r.tenant_id AND a.subject = r.id AND a.kind = r.kind ORDER BY a.seq LIMIT 1) AS seq
       FROM runs r WHERE r.tenant_id = $1 AND r.ordinal > $2 ORDER BY r.ordinal LIMIT $3`,
      [chain, after_ordinal, RUN_PAGE_ROWS],
    );
    for (const r of runs) {
      const recorded = (r.details as { content_sha256?: unknown } | null)?.content_sha256;
      if (typeof recorded !== 'string') continue;
      const now = runContentSha256({ kind: str(r.kind), snapshot_id: str(r.snapshot_id), inputs_sha256: str(r.inputs_sha256), params_encoded: r.params, result_encoded: r.result });
      if (now !== recorded) {
        return { ok: false, entries: walker.entries, seq: int(r.seq), reason: 'run_result_differs', detail: `run ${str(r.id)} stores what hashes to ${now}; its audit entry ${int(r.seq)} recorded ${recorded}`, detail_code: 'store.audit_detail_run_differs', detail_params: { id: str(r.id), now, seq: int(r.seq), recorded } };
      }
    }
    if (runs.length < RUN_PAGE_ROWS) break;
    after_ordinal = int(runs[runs.length - 1]!.ordinal);
  }
  return { ok: true, entries: walker.entries, head_hash: walker.head_hash };
}

/**
 * What a stored run's audit entry records of it (details.content_sha256): the lowercase hex
 * SHA-256 of the canonical JSON of ["hozen-run-content/1", kind, snapshot_id, inputs_sha256,
 * params, result], params and result in the store's JSON encoding, as stored.
 */
export function runContentSha256(run: { kind: string; snapshot_id: string; inputs_sha256: string; params_encoded: unknown; result_encoded: unknown }): string {
  return createHash('sha256').update(canonicalJson([RUN_CONTENT_SCHEME, run.kind, run.snapshot_id, run.inputs_sha256, run.params_encoded, run.result_encoded]), 'utf8').digest('hex');
}

export function auditEntryOf(r: SqlRow): AuditEntry {
  const { details_encoded, actor_encoded, ...entry } = storedEntryOf(r);
  return { ...entry, actor: actor_encoded === null ? null : (decodeJson(actor_encoded) as Actor), details: decodeJson(details_encoded) as Record<string, unknown> };
}

/** The row with its details as stored, so that verification hashes exactly what is there. */
export function storedEntryOf(r: SqlRow): StoredAuditEntry {
  const format = int(r.format);
  if (format !== AUDIT_FORMAT_V1 && format !== AUDIT_FORMAT_V2) throw new Error(`store: audit entry ${str(r.seq)} has unknown format ${format}`);
  return {
    format,
    tenant_id: str(r.tenant_id),
    actor_encoded: r.actor ?? null,
    seq: int(r.seq),
    at: str(r.at),
    kind: str(r.kind),
    subject: str(r.subject),
    inputs_sha256: str(r.inputs_sha256),
    details_encoded: r.details,
    prev_hash: str(r.prev_hash),
    hash: str(r.hash),
  };
}

