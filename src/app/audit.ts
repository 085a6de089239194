// The append-only, hash-chained audit log: its entries, and the verification of the whole chain
// (every hash and link recomputed; every stored snapshot and run audited).

import type { AuditEntry, AuditVerification } from '../store/types.ts';
import type { AppDeps, Verdict } from './deps.ts';

export type AuditVerifyResult = AuditVerification & { verdict: Verdict };

export async function verifyAuditLog(deps: AppDeps): Promise<AuditVerifyResult> {
  const verification = await deps.store.verifyAudit();
  return { ...verification, verdict: verification.ok ? 'ok' : 'failed' };
}

export interface AuditLogResult {
  entries: AuditEntry[];
}

export async function auditLog(deps: AppDeps): Promise<AuditLogResult> {
  return { entries: await deps.store.auditEntries() };
}

/** `hozen audit verify --json` and the API. */
export function auditVerifyJson(result: AuditVerifyResult): AuditVerification {
  const { verdict: _verdict, ...verification } = result;
  return verification;
}

export function auditLogJson(result: AuditLogResult): AuditLogResult {
  return result;
}
