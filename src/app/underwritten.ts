// `underwritten claims`: what an insurer may see of the claims on the programmes it is on.
//
// The rule. An insurer user names one insurer, exactly as policies.json names it. Across every
// tenant, it sees the stored claim runs (kind `claim`) in which a policy names it as `insurer` or a
// reinsurance contract on a policy names it as `reinsurer`; of each such claim, only
// - the incident (id, peril, when) and its gross loss, which every party to the claim is told;
// - as insurer: its own policies' lines (loss, deductible, coinsurance, recovery, limits, its
//   reinsurers' shares, the split over the exchange's wallets and assets);
// - as reinsurer only: the lines of the policies it reinsures, with its own shares alone (not the
//   other reinsurers', not the wallet split).
// Never a customer row (the per-customer split of an account-takeover cover is dropped), never
// another insurer's line, never the claim's total recovery (which would tell other insurers'
// lines), and nothing of a tenant none of whose claims names it.

import { CLAIM_FORMAT, reasonText, type ClaimRunJson } from '../insurance/report.ts';
import type { Translator } from '../i18n/i18n.ts';
import type { Actor, StoreHandle } from '../store/types.ts';

/** The most claims one answer lists, newest tenants' claims last; `truncated` says when more were found. */
export const UNDERWRITTEN_CLAIMS_MAX = 1_000;

export interface UnderwrittenRequest {
  /** The insurer's name as policies name it (the user's `insurer`). */
  insurer: string;
}

type Policy = ClaimRunJson['policies'][number];

export interface UnderwrittenLine {
  policy: string;
  on: 'insurer' | 'reinsurer';
  covered_loss: string;
  deductible: string;
  coinsurance: string;
  recovery: string;
  limited_by: string | null;
  aggregate_remaining: string;
  reason: Policy['reason'];
  /** As insurer: every reinsurer's share; as reinsurer: its own. */
  reinsurance: Policy['reinsurance'];
  /** As insurer only. */
  allocation: { wallets: Policy['allocation']['wallets']; assets: Policy['allocation']['assets'] } | null;
}

export interface UnderwrittenClaim {
  tenant: { id: string; name: string };
  snapshot_id: string;
  run_id: string;
  incident: string;
  peril: string;
  occurred_at: string;
  base_currency: string;
  gross_loss: string;
  lines: UnderwrittenLine[];
}

export interface UnderwrittenResult {
  insurer: string;
  claims: UnderwrittenClaim[];
  truncated: boolean;
}

/** The lines of one stored claim that `insurer` may see; empty when it is on none. */
export function underwrittenLines(claim: ClaimRunJson, insurer: string): UnderwrittenLine[] {
  const lines: UnderwrittenLine[] = [];
  for (const p of claim.policies) {
    const as_insurer = p.insurer === insurer;
    const own_shares = p.reinsurance.filter((r) => r.reinsurer === insurer);
    if (!as_insurer && own_shares.length === 0) continue;
    lines.push({
      policy: p.id,
      on: as_insurer ? 'insurer' : 'reinsurer',
      covered_loss: p.covered_loss,
      deductible: p.deductible,
      coinsurance: p.coinsurance,
      recovery: p.recovery,
      limited_by: p.limited_by,
      aggregate_remaining: p.aggregate_remaining,
      reason: p.reason,
      reinsurance: (as_insurer ? p.reinsurance : own_shares).map((r) => ({ id: r.id, reinsurer: r.reinsurer, share: r.share })),
      allocation: as_insurer ? { wallets: p.allocation.wallets.map((w) => ({ ...w })), assets: p.allocation.assets.map((a) => ({ ...a })) } : null,
    });
  }
  return lines;
}

export async function underwrittenClaims(deps: { handle: StoreHandle; actor: Actor }, request: UnderwrittenRequest): Promise<UnderwrittenResult> {
  const claims: UnderwrittenClaim[] = [];
  let truncated = false;
  if (request.insurer === '') return { insurer: request.insurer, claims, truncated };
  for (const tenant of await deps.handle.listTenants()) {
    const { close: _close, ...store } = await deps.handle.forTenant(tenant.id, deps.actor);
    for (const run of await store.listRuns({ kind: 'claim' })) {
      const claim = run.result as ClaimRunJson;
      if (claim.format !== CLAIM_FORMAT) continue;
      const lines = underwrittenLines(claim, request.insurer);
      if (lines.length === 0) continue;
      if (claims.length >= UNDERWRITTEN_CLAIMS_MAX) {
        truncated = true;
        break;
      }
      claims.push({
        tenant: { id: tenant.id, name: tenant.name },
        snapshot_id: run.snapshot_id,
        run_id: run.id,
        incident: claim.incident,
        peril: claim.peril,
        occurred_at: claim.occurred_at,
        base_currency: claim.base_currency,
        gross_loss: claim.gross_loss,
        lines,
      });
    }
    if (truncated) break;
  }
  return { insurer: request.insurer, claims, truncated };
}

/** The API's JSON: reasons in the reader's language, beside their codes. */
export function underwrittenJson(result: UnderwrittenResult, tr: Translator): Record<string, unknown> {
  return {
    insurer: result.insurer,
    truncated: result.truncated,
    claims: result.claims.map((c) => ({
      ...c,
      lines: c.lines.map(({ reason, ...line }) => ({ ...line, reason: reason === null ? null : reasonText(reason, tr), reason_code: reason?.code ?? null })),
    })),
  };
}
