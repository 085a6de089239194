// A claim as `hozen claim --json` prints it (amounts as exact decimal strings of the base
// currency) and as readable text in Japanese or English.

import type { Translator } from '../i18n/i18n.ts';
import { formatAmount, VALUATION_ROUNDING } from '../money/index.ts';
import type { ClaimResult } from './claim.ts';
import { displayMoney } from './display.ts';
import type { Reason } from './types.ts';

export interface ClaimPolicyJson {
  id: string;
  insurer: string;
  covered_loss: string;
  deductible: string;
  coinsurance: string;
  recovery: string;
  /** Why the recovery is zero or capped, in the report's language; null when nothing capped it. */
  reason: string | null;
  reason_code: string | null;
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
  };
}

export interface ClaimReportJson {
  incident: string;
  base_currency: string;
  gross_loss: string;
  /** "floor": each loss line valued as a holding, rounded down (docs/formats/valuation.md). */
  gross_loss_rounding: string;
  total_recovery: string;
  policies: ClaimPolicyJson[];
  notes: string[];
}

export function claimReportJson(claim: ClaimResult, tr: Translator): ClaimReportJson {
  const fmt = (minor: bigint) => formatAmount(minor, claim.base_decimals);
  const insurers = new Map(claim.programme?.policies.map((p) => [p.id, p.insurer]) ?? []);
  return {
    incident: claim.incident_id,
    base_currency: claim.base_currency,
    gross_loss: fmt(claim.result.gross_loss_minor),
    gross_loss_rounding: VALUATION_ROUNDING.holding,
    total_recovery: fmt(claim.result.recovery_minor),
    policies: claim.result.policies.map((p) => ({
      id: p.policy_id,
      insurer: insurers.get(p.policy_id)!,
      covered_loss: fmt(p.covered_loss_minor),
      deductible: fmt(p.deductible_minor),
      coinsurance: fmt(p.coinsurance_minor),
      recovery: fmt(p.recovery_minor),
      reason: p.reason === null ? null : reasonText(p.reason, tr),
      reason_code: p.reason?.code ?? null,
      limited_by: p.limited_by,
      aggregate_remaining: p.aggregate_remaining_minor === null ? 'unlimited' : fmt(p.aggregate_remaining_minor),
      reinstatement_premium: fmt(p.reinstatement_premium_minor),
      insurer_net: fmt(p.insurer_net_minor),
      reinsurance: p.reinsurance.map((r) => ({ id: r.reinsurance_id, reinsurer: r.reinsurer, share: fmt(r.amount_minor) })),
      allocation: {
        wallets: p.allocation.by_wallet.map((w) => ({ wallet_id: w.wallet_id, amount: fmt(w.amount_minor) })),
        assets: p.allocation.by_asset.map((a) => ({ asset: a.asset, amount: fmt(a.amount_minor) })),
        customers: p.allocation.by_customer?.map((c) => ({ account_id: c.account_id, amount: fmt(c.amount_minor) })) ?? null,
      },
    })),
    notes: claim.programme === null ? [tr.t('insurance.no_policies')] : [],
  };
}

/** A reason in words, in the translator's language. */
export function reasonText(reason: Reason, tr: Translator): string {
  return tr.t(reason.code, reason.params);
}

function money(minor: bigint, claim: Pick<ClaimResult, 'base_currency' | 'base_decimals'>): string {
  return displayMoney(minor, claim.base_decimals, claim.base_currency);
}

/** Wallets listed in the text before "…": the JSON has them all. */
const TEXT_WALLETS_MAX = 10;

export function renderClaimText(claim: ClaimResult, tr: Translator, occurred_at: string): string {
  const m = (minor: bigint) => money(minor, claim);
  const out: string[] = [];
  out.push(tr.t('insurance.text.title', { incident: claim.incident_id, peril: claim.event.peril, occurred_at }));
  out.push(tr.t('insurance.text.gross', { amount: m(claim.result.gross_loss_minor), rounding: tr.t('valuation.rounded_down_loss') }));
  out.push(tr.t('insurance.text.total', { amount: m(claim.result.recovery_minor) }));
  if (claim.programme === null) out.push(tr.t('insurance.no_policies'));
  for (const p of claim.result.policies) {
    const policy = claim.programme!.policies.find((x) => x.id === p.policy_id)!;
    out.push('');
    out.push(tr.t('insurance.text.policy', { id: p.policy_id, insurer: policy.insurer }));
    out.push(tr.t('insurance.text.amounts', { covered: m(p.covered_loss_minor), deductible: m(p.deductible_minor), coinsurance: m(p.coinsurance_minor), recovery: m(p.recovery_minor) }));
    if (p.reason !== null) out.push(tr.t('insurance.text.reason', { reason: reasonText(p.reason, tr) }));
    if (p.recovery_minor === 0n) continue;
    const remaining = p.aggregate_remaining_minor === null ? tr.t('insurance.text.unlimited') : m(p.aggregate_remaining_minor);
    out.push(tr.t('insurance.text.aggregate', { remaining, premium: m(p.reinstatement_premium_minor) }));
    const wallets = p.allocation.by_wallet.slice(0, TEXT_WALLETS_MAX).map((w) => `${w.wallet_id} ${m(w.amount_minor)}`);
    if (p.allocation.by_wallet.length > TEXT_WALLETS_MAX) wallets.push('…');
    out.push(tr.t('insurance.text.allocation', { wallets: wallets.join(', ') }));
    for (const r of p.reinsurance) out.push(tr.t('insurance.text.reinsurance', { id: r.reinsurance_id, reinsurer: r.reinsurer, amount: m(r.amount_minor) }));
    if (p.reinsurance.length > 0) out.push(tr.t('insurance.text.insurer_net', { amount: m(p.insurer_net_minor) }));
  }
  return out.join('\n') + '\n';
}
