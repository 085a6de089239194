// The losses an account-takeover incident states per listed account (`affected.accounts[i].loss`),
// as the engines use them, what the customers lost of each asset (the rest of a loss is the
// exchange's), and the checks that need the snapshot: an account cannot have lost more of an
// asset than it held, the stated losses no more than the customers lost, and a loss left over
// after the stated ones must have someone to bear it. Shared by compensation (every scheme, fast
// and reference path) and the insurance claim's split over customers, so both charge each account
// the same and leave the same part to the exchange.

import type { InputIssue } from '../errors.ts';
import { formatAmount } from '../money/index.ts';
import type { Incident } from './types.ts';

/**
 * What the customers lost of an asset: the loss from customer wallets, recoveries reducing it
 * first. A loss from a guarantee or the exchange's own wallet is the exchange's, never a customer's.
 */
export function customerNetLoss(customer_lost_minor: bigint, recovered_minor: bigint): bigint {
  return customer_lost_minor > recovered_minor ? customer_lost_minor - recovered_minor : 0n;
}

/** Per asset, customerNetLoss over the incident's losses; `isCustomerWallet` tells a wallet's purpose. */
export function customerNetLosses(incident: Incident, isCustomerWallet: (wallet_id: string) => boolean): Map<string, bigint> {
  const lost = new Map<string, bigint>();
  for (const loss of incident.losses) if (isCustomerWallet(loss.wallet_id)) lost.set(loss.asset, (lost.get(loss.asset) ?? 0n) + loss.amount_minor);
  const recovered = new Map(incident.recovered.map((r) => [r.asset, r.amount_minor]));
  return new Map([...lost].map(([asset, minor]) => [asset, customerNetLoss(minor, recovered.get(asset) ?? 0n)]));
}

export interface StatedLosses {
  /** account → asset → stated loss (minor units); an account here lost nothing of assets it omits. */
  readonly by_account: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
  /** Σ stated losses per asset. */
  readonly total: ReadonlyMap<string, bigint>;
}

/** The incident's stated losses, or null when it states none (then every loss is shared by balance). */
export function statedLossesOf(incident: Incident): StatedLosses | null {
  const affected = incident.affected;
  if (affected.mode !== 'accounts' || affected.losses === undefined) return null;
  const by_account = new Map<string, Map<string, bigint>>();
  const total = new Map<string, bigint>();
  affected.losses.forEach((losses, i) => {
    if (losses === null) return;
    const of_account = new Map<string, bigint>();
    for (const { asset, amount_minor } of losses) {
      of_account.set(asset, amount_minor);
      total.set(asset, (total.get(asset) ?? 0n) + amount_minor);
    }
    by_account.set(affected.accounts[i]!, of_account);
  });
  return { by_account, total };
}

/** Where an entry's stated loss of an asset is written in the incident file. */
export function statedLossPath(index: number, asset: string): string {
  return `affected.accounts[${index}].loss.${asset}`;
}

/**
 * Each stated loss against what the account held of that asset in the snapshot (`heldOf` gives
 * undefined when the account has no row of it: not in balances.csv at all, or another asset only).
 */
export function statedLossBalanceIssues(
  incident: Incident,
  file: string,
  heldOf: (account_id: string, asset: string) => bigint | undefined,
  decimalsOf: (asset: string) => number,
): InputIssue[] {
  const affected = incident.affected;
  if (affected.mode !== 'accounts' || affected.losses === undefined) return [];
  const issues: InputIssue[] = [];
  affected.losses.forEach((losses, i) => {
    const account = affected.accounts[i]!;
    for (const { asset, amount_minor } of losses ?? []) {
      const held = heldOf(account, asset);
      const d = decimalsOf(asset);
      const at = { file, path: statedLossPath(i, asset), field: asset };
      if (held === undefined || held === 0n) issues.push({ ...at, code: 'incident.stated_loss_not_held', params: { account, asset, lost: formatAmount(amount_minor, d) } });
      else if (amount_minor > held) issues.push({ ...at, code: 'incident.stated_loss_exceeds_balance', params: { account, asset, lost: formatAmount(amount_minor, d), held: formatAmount(held, d) } });
    }
  });
  return issues;
}

/**
 * The stated losses of an asset can be no more than what the customers lost of it (`customerNetOf`):
 * the parser checked them against the incident's whole net loss, but a loss from a guarantee or own
 * wallet is the exchange's, so the customers' share can be less. Reported at the entry where the
 * running sum first exceeds it.
 */
export function statedWithinCustomerLossIssues(incident: Incident, stated: StatedLosses, file: string, customerNetOf: (asset: string) => bigint, decimalsOf: (asset: string) => number): InputIssue[] {
  const affected = incident.affected;
  if (affected.mode !== 'accounts' || affected.losses === undefined) return [];
  const issues: InputIssue[] = [];
  const running = new Map<string, bigint>();
  affected.losses.forEach((losses, i) => {
    for (const { asset, amount_minor } of losses ?? []) {
      const net = customerNetOf(asset);
      const before = running.get(asset) ?? 0n;
      running.set(asset, before + amount_minor);
      if (before <= net && before + amount_minor > net) {
        const d = decimalsOf(asset);
        issues.push({ file, path: statedLossPath(i, asset), field: asset, code: 'compensation.stated_losses_exceed_customer_loss', params: { asset, stated: formatAmount(stated.total.get(asset)!, d), net: formatAmount(net, d) } });
      }
    }
  });
  return issues;
}

/**
 * A loss of `asset` beyond the stated ones (`rest_minor` > 0) is shared by the listed accounts that
 * state no loss; when none of them holds the asset, no one would bear it: an error, at the list.
 */
export function unborneRestIssue(file: string, asset: string, stated_minor: bigint, net_minor: bigint, decimals: number): InputIssue {
  return {
    file,
    path: 'affected.accounts',
    field: 'accounts',
    code: 'incident.stated_losses_unborne',
    params: { asset, stated: formatAmount(stated_minor, decimals), net: formatAmount(net_minor, decimals), rest: formatAmount(net_minor - stated_minor, decimals) },
  };
}
