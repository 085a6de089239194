// The audit log's rows: appending an entry (serialised, so the chain never forks) and verifying
// the chain and that everything stored was audited. The hashing itself is in audit.ts.

import type { SqlRow, SqlRunner } from './adapter.ts';
import { AuditChainWalker, GENESIS_HASH, auditHash, type StoredAuditEntry } from './audit.ts';
import { decodeJson, encodeJson } from '../encoding/json.ts';
import type { AuditEntry, AuditEntryInput, AuditVerification } from './types.ts';
import { int, str } from './values.ts';

export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** verifyAudit reads the log in pages of this many entries. */
const AUDIT_PAGE_ENTRIES = 10_000;
const AUDIT_LOCK = `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.hozen_audit'))`;

/** Appends inside the caller's transaction `tx`. */
export async function appendAudit(tx: SqlRunner, entry: AuditEntryInput): Promise<AuditEntry> {
  if (entry.kind === '' || entry.subject === '' || !SHA256_HEX.test(entry.inputs_sha256)) {
    throw new Error('store: an audit entry needs a kind, a subject and a hex SHA-256 of its inputs');
  }
  // Appends queue here one at a time, so that two never take the same seq and prev_hash.
  await tx.query(AUDIT_LOCK);
  const head = await tx.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const seq = head.length === 0 ? 1 : int(head[0]!.seq) + 1;
  const prev_hash = head.length === 0 ? GENESIS_HASH : str(head[0]!.hash);
  const at = new Date().toISOString();
  const details_encoded = encodeJson(entry.details, 'details');
  const hash = auditHash({ seq, at, kind: entry.kind, subject: entry.subject, inputs_sha256: entry.inputs_sha256, details_encoded, prev_hash });
  await tx.query(
    `INSERT INTO audit_log (seq, at, kind, subject, inputs_sha256, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [seq, at, entry.kind, entry.subject, entry.inputs_sha256, JSON.stringify(details_encoded), prev_hash, hash],
  );
  return { ...entry, seq, at, prev_hash, hash };
}

export async function verifyAudit(db: SqlRunner): Promise<AuditVerification> {
  const walker = new AuditChainWalker();
  let after = 0;
  for (;;) {
    const rows = await db.query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, AUDIT_PAGE_ENTRIES]);
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
      `SELECT id FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.subject = t.id) ORDER BY ${order} LIMIT 1`,
    );
    if (unaudited.length > 0) {
      return { ok: false, entries: walker.entries, seq: walker.next_seq, reason: 'unaudited_subject', detail: `${what} ${str(unaudited[0]!.id)} has no audit entry` };
    }
  }
  return { ok: true, entries: walker.entries, head_hash: walker.head_hash };
}

export function auditEntryOf(r: SqlRow): AuditEntry {
  const { details_encoded, ...entry } = storedEntryOf(r);
  return { ...entry, details: decodeJson(details_encoded) as Record<string, unknown> };
}

/** The row with its details as stored, so that verification hashes exactly what is there. */
function storedEntryOf(r: SqlRow): StoredAuditEntry {
  return {
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

