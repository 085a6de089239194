// The append-only, hash-chained audit log: its entries, and the verification of the whole chain
// (every hash and link recomputed; every stored snapshot and run audited, runs unedited), against
// every anchor given (store/anchor.ts): the entry at the anchor's seq must still have its hash.

import { offsetOf } from '../i18n/dates.ts';
import { anchorSignatureValid, parseAnchor, publicKeyText } from '../store/anchor.ts';
import type { AuditEntry, AuditVerification } from '../store/types.ts';
import type { AppDeps, NamedText, Verdict } from './deps.ts';

export interface AuditVerifyRequest {
  /** Anchor files (hozen-audit-anchor/1) to check the chain against. */
  anchors?: readonly NamedText[];
  /** The exchange's public key (SPKI PEM, or its private key): anchors signed by another are refused. */
  public_key?: NamedText;
}

export type AnchorOutcome = 'ok' | 'signature_invalid' | 'other_key' | 'other_tenant' | 'entry_missing' | 'hash_differs';

export interface AnchorCheck {
  file: string;
  seq: number;
  at: string;
  head_hash: string;
  outcome: AnchorOutcome;
}

export type AuditVerifyResult = AuditVerification & { anchors: AnchorCheck[]; verdict: Verdict };

export async function verifyAuditLog(deps: AppDeps, request: AuditVerifyRequest = {}): Promise<AuditVerifyResult> {
  const anchors = (request.anchors ?? []).map((file) => ({ file: file.name, anchor: parseAnchor(file.text, file.name) }));
  const pinned = request.public_key === undefined ? null : publicKeyText(request.public_key.text, request.public_key.name);
  const verification = await deps.store.verifyAudit();
  const checks: AnchorCheck[] = [];
  for (const { file, anchor } of anchors) {
    const outcome = await (async (): Promise<AnchorOutcome> => {
      if (!anchorSignatureValid(anchor)) return 'signature_invalid';
      if (pinned !== null && anchor.public_key !== pinned) return 'other_key';
      if (anchor.tenant !== deps.store.tenant_id) return 'other_tenant';
      if (anchor.seq === 0) return 'ok';
      const hash = await deps.store.auditHashAt(anchor.seq);
      if (hash === null) return 'entry_missing';
      return hash === anchor.head_hash ? 'ok' : 'hash_differs';
    })();
    checks.push({ file, seq: anchor.seq, at: anchor.at, head_hash: anchor.head_hash, outcome });
  }
  const ok = verification.ok && checks.every((c) => c.outcome === 'ok');
  return { ...verification, anchors: checks, verdict: ok ? 'ok' : 'failed' };
}

export interface AuditLogResult {
  entries: AuditEntry[];
}

/** The log and the zone its times are shown in to people (not part of the JSON). */
export interface AuditLogView extends AuditLogResult {
  /**
   * The exchange's local time: the offset its latest snapshot's as_of is written with (snapshots
   * are written in the exchange's time); UTC before any snapshot.
   */
  time_zone: string;
}

export async function auditLog(deps: AppDeps): Promise<AuditLogView> {
  const [entries, snapshots] = await Promise.all([deps.store.auditEntries(), deps.store.listSnapshots()]);
  const latest = snapshots.reduce<(typeof snapshots)[number] | undefined>((best, s) => (best === undefined || Date.parse(s.as_of) > Date.parse(best.as_of) ? s : best), undefined);
  return { entries, time_zone: (latest === undefined ? undefined : offsetOf(latest.as_of)) ?? 'Z' };
}

/** `hozen audit verify --json` and the API. */
export function auditVerifyJson(result: AuditVerifyResult): AuditVerification & { anchors: AnchorCheck[] } {
  const { verdict: _verdict, ...verification } = result;
  return verification;
}

export function auditLogJson(result: AuditLogResult): AuditLogResult {
  return { entries: result.entries };
}
