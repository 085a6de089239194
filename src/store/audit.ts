// The audit log's hash chain: pure functions, no I/O (the store reads and writes the rows).
//
// CANONICAL SERIALISATION OF AN AUDIT ENTRY
//
//   Each tenant (exchange) has its own chain, and the service its own (tenant "_system": users,
//   tokens, tenants). An entry's hash is the lowercase hex SHA-256 of the UTF-8 bytes of the
//   canonical JSON text of the array
//
//     hozen-audit/2 (every entry written since tenants exist):
//       ["hozen-audit/2", tenant, seq, at, kind, subject, inputs_sha256, actor, details, prev_hash]
//     hozen-audit/1 (entries of the "local" chain written before; still verified as they are):
//       [seq, at, kind, subject, inputs_sha256, details, prev_hash]
//
//   where
//   - tenant         the chain's tenant id, a JSON string, so that no entry can move to another chain;
//   - actor          who acted: {"type", "id", "role", "tenant"} (type cli, user, token, job or
//                    system; role and tenant null when none), or null;
//   - seq            the entry's number in its chain, a JSON integer: 1 for the first, then +1 each;
//   - at             when it was appended, ISO 8601 UTC with milliseconds ("2026-11-25T00:00:00.000Z");
//   - kind, subject  JSON strings, as given ('import' and a snapshot id, 'check' and a run id, ...);
//   - inputs_sha256  a JSON string, the lowercase hex SHA-256 the caller computed over its inputs;
//   - details        the details object in the store's JSON encoding (a bigint 5n is {"$bigint":"5"},
//                    see json.ts);
//   - prev_hash      the hash of entry seq - 1 of the same chain, and 64 '0' characters for entry 1;
//
//   and canonical JSON is JSON with no whitespace at all, object keys sorted by UTF-16 code units,
//   strings escaped and numbers written exactly as ECMAScript's JSON.stringify writes them.
//
//   Example: entry 1 with at "2026-11-25T00:00:00.000Z", kind "import", subject "abc",
//   inputs_sha256 "e3b0...b855", details {"rows":2,"by":"alice"} hashes the text
//   [1,"2026-11-25T00:00:00.000Z","import","abc","e3b0...b855",{"by":"alice","rows":2},"0000...0000"]
//
// Because each hash covers the previous one, editing any entry breaks every later link, deleting
// one leaves a gap in seq, and a deleted tail shows as a stored snapshot or run with no entry.
// Rewriting the whole chain from some entry on is only caught by comparing the head hash
// (verifyAudit's head_hash) with a copy kept elsewhere.

import { createHash } from 'node:crypto';
import { canonicalJson } from '../encoding/json.ts';
import type { AuditVerification } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_FORMAT_V1 = 1;
export const AUDIT_FORMAT_V2 = 2;
export type AuditFormat = typeof AUDIT_FORMAT_V1 | typeof AUDIT_FORMAT_V2;

export interface AuditHashInput {
  format: AuditFormat;
  tenant_id: string;
  /** The actor in the store's JSON encoding, or null. */
  actor_encoded: unknown;
  seq: number;
  at: string;
  kind: string;
  subject: string;
  inputs_sha256: string;
  /** In the store's JSON encoding, as stored. */
  details_encoded: unknown;
  prev_hash: string;
}

export function auditCanonicalText(entry: AuditHashInput): string {
  if (entry.format === AUDIT_FORMAT_V1) return canonicalJson([entry.seq, entry.at, entry.kind, entry.subject, entry.inputs_sha256, entry.details_encoded, entry.prev_hash]);
  return canonicalJson(['hozen-audit/2', entry.tenant_id, entry.seq, entry.at, entry.kind, entry.subject, entry.inputs_sha256, entry.actor_encoded ?? null, entry.details_encoded, entry.prev_hash]);
}

export function auditHash(entry: AuditHashInput): string {
  return createHash('sha256').update(auditCanonicalText(entry), 'utf8').digest('hex');
}

/** An entry as stored: details still in the store's JSON encoding, so a tampered one is hashed as it is. */
export interface StoredAuditEntry extends AuditHashInput {
  hash: string;
}

export type AuditFailure = Extract<AuditVerification, { ok: false }>;

/** Walks the chain entry by entry, in seq order, and reports the first break. */
export class AuditChainWalker {
  private expected_seq = 1;
  private prev_hash = GENESIS_HASH;
  entries = 0;

  private seen_v2 = false;

  /** Returns the failure this entry shows, or null when it links correctly. */
  add(entry: StoredAuditEntry): AuditFailure | null {
    const fail = (reason: AuditFailure['reason'], detail: string, detail_code: string, detail_params: AuditFailure['detail_params']): AuditFailure => ({ ok: false, entries: this.entries, seq: entry.seq, reason, detail, detail_code, detail_params });
    // A chain moves from format 1 to 2 once; a format-1 entry after that was written by no Hozen.
    if (entry.format === AUDIT_FORMAT_V1 && this.seen_v2) return fail('hash_mismatch', `entry ${entry.seq} claims the old format after newer entries`, 'store.audit_detail_old_format', { seq: entry.seq });
    if (entry.format === AUDIT_FORMAT_V2) this.seen_v2 = true;
    if (entry.seq !== this.expected_seq) {
      return { ...fail('missing_entry', `expected entry ${this.expected_seq}, found ${entry.seq}`, 'store.audit_detail_seq_gap', { expected: this.expected_seq, found: entry.seq }), seq: this.expected_seq };
    }
    const recomputed = auditHash(entry);
    if (recomputed !== entry.hash) return fail('hash_mismatch', `stored hash ${entry.hash}, content hashes to ${recomputed}`, 'store.audit_detail_hash_differs', { stored: entry.hash, recomputed });
    if (entry.prev_hash !== this.prev_hash) return fail('broken_chain', `prev_hash ${entry.prev_hash}, previous entry's hash ${this.prev_hash}`, 'store.audit_detail_prev_differs', { prev_hash: entry.prev_hash, previous: this.prev_hash });
    this.entries += 1;
    this.expected_seq += 1;
    this.prev_hash = entry.hash;
    return null;
  }

  get head_hash(): string {
    return this.prev_hash;
  }

  get next_seq(): number {
    return this.expected_seq;
  }
}
