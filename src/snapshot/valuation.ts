// The valuation rule (src/money/valuation.ts) over a snapshot: an amount of an asset at the
// snapshot's price at an instant (as_of unless given), and a wallet's holding — the line every
// figure over wallets is the sum of.

import { valueFor, type ValuationPurpose } from '../money/valuation.ts';
import { snapshotPrice } from './prices.ts';
import type { Snapshot, Wallet } from './types.ts';

/** The value in base-currency minor units of an amount of `asset`, rounded for the purpose. */
export function valueInBase(
  snapshot: Pick<Snapshot, 'manifest' | 'assets' | 'prices'>,
  asset: string,
  amount_minor: bigint,
  purpose: ValuationPurpose,
  time_ms: number = snapshot.manifest.as_of_ms,
): bigint {
  const price = snapshotPrice(snapshot, asset, time_ms);
  if (price === null) throw new Error(`no price for ${asset} at ${new Date(time_ms).toISOString()}`);
  const spec = snapshot.assets.get(asset);
  const base = snapshot.assets.get(snapshot.manifest.base_currency);
  if (spec === undefined || base === undefined) throw new Error(`unknown asset ${asset}`);
  return valueFor(purpose, amount_minor, spec.decimals, price, base.decimals);
}

/** A wallet's coins valued as a holding (rounded down), at as_of unless a time is given. */
export function walletHoldingValue(snapshot: Pick<Snapshot, 'manifest' | 'assets' | 'prices'>, wallet: Pick<Wallet, 'asset' | 'amount_minor'>, time_ms?: number): bigint {
  return valueInBase(snapshot, wallet.asset, wallet.amount_minor, 'holding', time_ms);
}
