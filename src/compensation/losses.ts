// The incident checked against the snapshot, and what it leaves: per asset, what the customers
// lost net of recoveries, and the guarantee crypto still held. Losses from `own` and `guarantee`
// wallets are the exchange's, not the customers'; a loss from a guarantee wallet shrinks the
// guarantee crypto that can restore customers in kind.

import { IssueCollector } from '../errors.ts';
import { formatAmount } from '../money/index.ts';
import { customerNetLoss } from '../incident/stated-losses.ts';
import { INCIDENT_FILE_NAME, type Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';

export interface LostAsset {
  asset: string;
  decimals: number;
  /** Taken from customer wallets. */
  customer_lost_minor: bigint;
  /** Taken from guarantee and own wallets. */
  exchange_lost_minor: bigint;
  recovered_minor: bigint;
  /** What the customers lost: recoveries reduce the customers' loss first. */
  customer_net_minor: bigint;
}

export interface IncidentFacts {
  /** Assets with a customer net loss, in the order of the snapshot's assets. */
  lost: LostAsset[];
  /** Guarantee crypto still held per asset after the incident. */
  guarantee_minor: ReadonlyMap<string, bigint>;
  /** The same per guarantee wallet (in wallets.json order): the lines it is valued on as money. */
  guarantee_wallets: ReadonlyArray<{ wallet_id: string; asset: string; amount_minor: bigint }>;
}


export function assessIncident(snapshot: Snapshot, incident: Incident, file: string = INCIDENT_FILE_NAME): IncidentFacts {
  const issues = new IssueCollector();
  const at = (path: string, field: string, code: string, params: Record<string, string>): void =>
    issues.add({ file, path, field, code, params });
  const wallets = new Map(snapshot.wallets.map((w) => [w.id, w]));
  const lost_by_wallet = new Map<string, bigint>();
  const customer_lost = new Map<string, bigint>();
  const exchange_lost = new Map<string, bigint>();
  const decimalsOf = (asset: string): number => snapshot.assets.get(asset)!.decimals;

  if (incident.losses.length === 0) at('losses', 'losses', 'compensation.no_losses', {});
  incident.losses.forEach((loss, i) => {
    const wallet = wallets.get(loss.wallet_id);
    if (wallet === undefined) return at(`losses[${i}].wallet_id`, 'wallet_id', 'compensation.unknown_wallet', { wallet: loss.wallet_id });
    if (!snapshot.assets.has(loss.asset)) return at(`losses[${i}].asset`, 'asset', 'snapshot.unknown_asset', { asset: loss.asset });
    if (loss.asset !== wallet.asset) {
      return at(`losses[${i}].asset`, 'asset', 'compensation.loss_asset_mismatch', { wallet: wallet.id, asset: loss.asset, wallet_asset: wallet.asset });
    }
    const taken = (lost_by_wallet.get(wallet.id) ?? 0n) + loss.amount_minor;
    lost_by_wallet.set(wallet.id, taken);
    if (taken > wallet.amount_minor) {
      const d = decimalsOf(wallet.asset);
      return at(`losses[${i}].amount`, 'amount', 'compensation.loss_exceeds_wallet', {
        wallet: wallet.id,
        asset: wallet.asset,
        lost: formatAmount(taken, d),
        held: formatAmount(wallet.amount_minor, d),
      });
    }
    const bucket = wallet.purpose === 'customer' ? customer_lost : exchange_lost;
    bucket.set(loss.asset, (bucket.get(loss.asset) ?? 0n) + loss.amount_minor);
  });

  const recovered = new Map<string, bigint>();
  incident.recovered.forEach((recovery, i) => {
    if (!snapshot.assets.has(recovery.asset)) return at(`recovered[${i}].asset`, 'asset', 'snapshot.unknown_asset', { asset: recovery.asset });
    const total = (recovered.get(recovery.asset) ?? 0n) + recovery.amount_minor;
    recovered.set(recovery.asset, total);
    const lost = (customer_lost.get(recovery.asset) ?? 0n) + (exchange_lost.get(recovery.asset) ?? 0n);
    if (total > lost) {
      const d = decimalsOf(recovery.asset);
      at(`recovered[${i}].amount`, 'amount', 'compensation.recovery_exceeds_loss', { asset: recovery.asset, recovered: formatAmount(total, d), lost: formatAmount(lost, d) });
    }
  });
  issues.throwIfAny();

  const lost: LostAsset[] = [];
  for (const spec of snapshot.manifest.assets) {
    const customer_lost_minor = customer_lost.get(spec.symbol) ?? 0n;
    const recovered_minor = recovered.get(spec.symbol) ?? 0n;
    const customer_net_minor = customerNetLoss(customer_lost_minor, recovered_minor);
    if (customer_net_minor === 0n) continue;
    lost.push({ asset: spec.symbol, decimals: spec.decimals, customer_lost_minor, exchange_lost_minor: exchange_lost.get(spec.symbol) ?? 0n, recovered_minor, customer_net_minor });
  }
  const guarantee_minor = new Map<string, bigint>();
  const guarantee_wallets: Array<{ wallet_id: string; asset: string; amount_minor: bigint }> = [];
  for (const wallet of snapshot.wallets) {
    if (wallet.purpose !== 'guarantee') continue;
    const left = wallet.amount_minor - (lost_by_wallet.get(wallet.id) ?? 0n);
    guarantee_minor.set(wallet.asset, (guarantee_minor.get(wallet.asset) ?? 0n) + left);
    guarantee_wallets.push({ wallet_id: wallet.id, asset: wallet.asset, amount_minor: left });
  }
  return { lost, guarantee_minor, guarantee_wallets };
}
