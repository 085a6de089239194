// A claim in three forms. `claimRunJson` is the language-neutral result (reasons and notes as
// message codes and parameters, amounts as exact decimal strings of the base currency): what the
// store keeps and every front end starts from, so a stored claim renders in either language.
// `claimReportJson` (`hozen claim --json`, the API) and `renderClaimText` render it for a reader.

import type { Translator } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { formatAmount, VALUATION_ROUNDING } from '../money/index.ts';
import type { ClaimResult } from './claim.ts';
import type { Reason } from './types.ts';

export const CLAIM_FORMAT = 'hozen-claim/1';

interface ClaimPolicyBase {
  id: string;
  insurer: string;
  covered_loss: string;
  deductible: string;
  coinsurance: string;
  recovery: string;
  limited_by: string | null;
  /** "unlimited" or an amount. */
  aggregate_remaining: string;
  reinstatement_premium: string;
  insurer_net: string;
  reinsurance: Array<{ id: string; reinsurer: string; share: string }>;
  allocation: {
    wallets: Array<{ wallet_id: string; amount: string }>;
    assets: Array<{ asset: string; amount: string }>;
    customers: Array<{ account_id: string; amount: string }> | null;
    /** With customers: the recovery for the loss no customer bears (customers + this = recovery). */
    unattributed: string | null;
  };
}

export interface ClaimPolicyRun extends ClaimPolicyBase {
  /** Why the recovery is zero or capped; null when nothing capped it. */
  reason: Reason | null;
}

/** The stored, language-neutral claim. */
export interface ClaimRunJson {
  format: typeof CLAIM_FORMAT;
  incident: string;
  peril: string;
  occurred_at: string;
  base_currency: string;
  base_decimals: number;
  gross_loss: string;
  /** "floor": each loss line valued as a holding, rounded down (docs/formats/valuation.md). */
  gross_loss_rounding: string;
  total_recovery: string;
  /**
   * When the incident names its accounts: the part of gross_loss no customer bears (a guarantee or
   * own wallet's loss, or beyond the accounts' balances) and the recovery for it; else null.
   * Absent in claims stored before they were kept (read as null).
   */
  unattributed_loss: string | null;
  unattributed_recovery: string | null;
  policies: ClaimPolicyRun[];
  notes: Reason[];
}

export interface ClaimPolicyJson extends ClaimPolicyBase {
  /** The reason in the reader's language; null when nothing capped the recovery. */
  reason: string | null;
  reason_code: string | null;
}

export interface ClaimReportJson {
  incident: string;
  base_currency: string;
  gross_loss: string;
  /** "floor": each loss line valued as a holding, rounded down (docs/formats/valuation.md). */
  gross_loss_rounding: string;
  total_recovery: string;
  unattributed_loss: string | null;
  unattributed_recovery: string | null;
  policies: ClaimPolicyJson[];
  notes: string[];
}

export function claimRunJson(claim: ClaimResult, occurred_at: string): ClaimRunJson {
  const fmt = (minor: bigint) => formatAmount(minor, claim.base_decimals);
  const nullable = (minor: bigint | null) => (minor === null ? null : fmt(minor));
  const insurers = new Map(claim.programme?.policies.map((p) => [p.id, p.insurer]) ?? []);
  return {
    format: CLAIM_FORMAT,
    incident: claim.incident_id,
    peril: claim.event.peril,
    occurred_at,
    base_currency: claim.base_currency,
    base_decimals: claim.base_decimals,
    gross_loss: fmt(claim.result.gross_loss_minor),
    gross_loss_rounding: VALUATION_ROUNDING.holding,
    total_recovery: fmt(claim.result.recovery_minor),
    unattributed_loss: nullable(claim.result.unattributed_loss_minor),
    unattributed_recovery: nullable(claim.result.allocation.unattributed_minor),
    policies: claim.result.policies.map((p) => ({
      id: p.policy_id,
      insurer: insurers.get(p.policy_id)!,
      covered_loss: fmt(p.covered_loss_minor),
      deductible: fmt(p.deductible_minor),
      coinsurance: fmt(p.coinsurance_minor),
      recovery: fmt(p.recovery_minor),
      reason: p.reason,
      limited_by: p.limited_by,
      aggregate_remaining: p.aggregate_remaining_minor === null ? 'unlimited' : fmt(p.aggregate_remaining_minor),
      reinstatement_premium: fmt(p.reinstatement_premium_minor),
      insurer_net: fmt(p.insurer_net_minor),
      reinsurance: p.reinsurance.map((r) => ({ id: r.reinsurance_id, reinsurer: r.reinsurer, share: fmt(r.amount_minor) })),
      allocation: {
        wallets: p.allocation.by_wallet.map((w) => ({ wallet_id: w.wallet_id, amount: fmt(w.amount_minor) })),
        assets: p.allocation.by_asset.map((a) => ({ asset: a.asset, amount: fmt(a.amount_minor) })),
        customers: p.allocation.by_customer?.map((c) => ({ account_id: c.account_id, amount: fmt(c.amount_minor) })) ?? null,
        unattributed: nullable(p.allocation.unattributed_minor),
      },
    })),
    notes: claim.programme === null ? [{ code: 'insurance.no_policies', params: {} }] : [],
  };
}

export function claimReportJson(run: ClaimRunJson, tr: Translator): ClaimReportJson {
  return {
    incident: run.incident,
    base_currency: run.base_currency,
    gross_loss: run.gross_loss,
    gross_loss_rounding: run.gross_loss_rounding,
    total_recovery: run.total_recovery,
    unattributed_loss: run.unattributed_loss ?? null,
    unattributed_recovery: run.unattributed_recovery ?? null,
    policies: run.policies.map(({ reason, allocation, ...policy }) => ({
      ...policy,
      allocation: { ...allocation, unattributed: allocation.unattributed ?? null },
      reason: reason === null ? null : reasonText(reason, tr),
      reason_code: reason?.code ?? null,
    })),
    notes: run.notes.map((note) => reasonText(note, tr)),
  };
}

/** A reason in words, in the translator's language. */
export function reasonText(reason: Reason, tr: Translator): string {
  return tr.t(reason.code, reason.params);
}

/** "1,234,567 JPY": grouped digits, exact, with the currency. */
function money(amount: string, run: Pick<ClaimRunJson, 'base_currency'>): string {
  return `${groupDigits(amount)} ${run.base_currency}`;
}

function isZero(amount: string): boolean {
  return /^0(\.0*)?$/.test(amount);
}

/** Wallets listed in the text before "…": the JSON has them all. */
const TEXT_WALLETS_MAX = 10;

export function renderClaimText(run: ClaimRunJson, tr: Translator): string {
  const m = (amount: string) => money(amount, run);
  const out: string[] = [];
  out.push(tr.t('insurance.text.title', { incident: run.incident, peril: run.peril, occurred_at: run.occurred_at }));
  out.push(tr.t('insurance.text.gross', { amount: m(run.gross_loss), rounding: tr.t('valuation.rounded_down_loss') }));
  out.push(tr.t('insurance.text.total', { amount: m(run.total_recovery) }));
  if (run.unattributed_loss != null && !isZero(run.unattributed_loss)) {
    out.push(tr.t('insurance.text.unattributed', { loss: m(run.unattributed_loss), recovery: m(run.unattributed_recovery ?? '0') }));
  }
  for (const note of run.notes) out.push(reasonText(note, tr));
  for (const p of run.policies) {
    out.push('');
    out.push(tr.t('insurance.text.policy', { id: p.id, insurer: p.insurer }));
    out.push(tr.t('insurance.text.amounts', { covered: m(p.covered_loss), deductible: m(p.deductible), coinsurance: m(p.coinsurance), recovery: m(p.recovery) }));
    if (p.reason !== null) out.push(tr.t('insurance.text.reason', { reason: reasonText(p.reason, tr) }));
    if (isZero(p.recovery)) continue;
    const remaining = p.aggregate_remaining === 'unlimited' ? tr.t('insurance.text.unlimited') : m(p.aggregate_remaining);
    out.push(tr.t('insurance.text.aggregate', { remaining, premium: m(p.reinstatement_premium) }));
    const wallets = p.allocation.wallets.slice(0, TEXT_WALLETS_MAX).map((w) => `${w.wallet_id} ${m(w.amount)}`);
    if (p.allocation.wallets.length > TEXT_WALLETS_MAX) wallets.push('…');
    out.push(tr.t('insurance.text.allocation', { wallets: wallets.join(', ') }));
    const unattributed = p.allocation.unattributed ?? null;
    if (unattributed !== null && !isZero(unattributed)) out.push(tr.t('insurance.text.allocation_unattributed', { amount: m(unattributed) }));
    for (const r of p.reinsurance) out.push(tr.t('insurance.text.reinsurance', { id: r.id, reinsurer: r.reinsurer, amount: m(r.share) }));
    if (p.reinsurance.length > 0) out.push(tr.t('insurance.text.insurer_net', { amount: m(p.insurer_net) }));
  }
  return out.join('\n') + '\n';
}
