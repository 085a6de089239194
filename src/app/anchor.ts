// `hozen audit anchor`: the chain's head, verified first, signed with the exchange's Ed25519 key
// (store/anchor.ts), for the operator to keep outside the store; `hozen audit keygen` makes a key.
// A broken chain is not anchored: signing it would vouch for the tampering.

import { generateAnchorKey, privateKeyOf, signAnchor, type AuditAnchor } from '../store/anchor.ts';
import type { AuditVerification } from '../store/types.ts';
import type { AppDeps, NamedText, Verdict } from './deps.ts';

export interface AnchorRequest {
  /** The private key, PKCS#8 PEM. */
  key: NamedText;
}

export interface AnchorResult {
  verification: AuditVerification;
  /** Null when the chain did not verify. */
  anchor: AuditAnchor | null;
  verdict: Verdict;
}

export async function anchorAudit(deps: AppDeps, request: AnchorRequest): Promise<AnchorResult> {
  const private_key = privateKeyOf(request.key.text, request.key.name);
  const verification = await deps.store.verifyAudit();
  if (!verification.ok) return { verification, anchor: null, verdict: 'failed' };
  const anchor = signAnchor(private_key, { tenant: deps.store.tenant_id, seq: verification.entries, head_hash: verification.head_hash, at: new Date().toISOString() });
  return { verification, anchor, verdict: 'ok' };
}

/** `hozen audit anchor --json` and the API: the anchor, or the verification that refused it. */
export function anchorJson(result: AnchorResult): AuditAnchor | { verification: AuditVerification } {
  return result.anchor ?? { verification: result.verification };
}

/** A new anchor key pair (`hozen audit keygen`). */
export function newAnchorKey(): ReturnType<typeof generateAnchorKey> {
  return generateAnchorKey();
}
